"""Sentence boundaries in Chinese regulation text, shared by the splitter and the answerer."""

from __future__ import annotations

import re

# A sentence runs to its end mark, taking any closing quotes or brackets with it.
_SENTENCE = re.compile(r"[^。!?！？;；\n]*(?:[。!?！？;；]+[”’」』)）]*|\n|$)")


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without leading and trailing whitespace (empty when it is all whitespace)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans (absolute offsets) of the sentences in text[start:end], whitespace trimmed, none empty."""
    end = len(text) if end is None else end
    spans = []
    for m in _SENTENCE.finditer(text, start, end):
        s, e = trim_span(text, m.start(), m.end())
        if e > s:
            spans.append((s, e))
    return spans


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]
