"""What the chat shows while an answer is made: (text so far, final answer or None) events.

`Assistant.stream` yields events; whichever shape they have (a `(text_so_far, answer)` pair, an object
with `text`, or one with a `delta` to append), `answer_events` turns them into pairs, so the chat works
with a stream that yields only the final answer as well as with one that streams an LLM's real tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from knowledge.types import Answer


def answer_events(stream: Iterable[Any]) -> Iterator[tuple[str, Answer | None]]:
    """(text so far, None) while the answer grows, then (final text, the Answer)."""
    text = ""
    for event in stream:
        if isinstance(event, tuple):
            so_far, final = event
        else:
            final = getattr(event, "answer", None)
            so_far = getattr(event, "text", None)
            if so_far is None:
                so_far = text + (getattr(event, "delta", "") or "")
        text = str(so_far or "")
        if isinstance(final, Answer):
            yield final.answer, final
            return
        yield text, None
