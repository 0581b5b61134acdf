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


_FULL_STOPS = "。!?！？"


def full_sentence_span(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The sentence holding text[start:end] to its full stops: a ";" does not end it ("个人名义…;单位党组织…"
    is one sentence to a reader, two parts of one rule). The span runs to just after the closing 。."""
    end = start if end is None else end
    a = max(text.rfind(ch, 0, start) for ch in _FULL_STOPS) + 1
    b = min((i + 1 for i in (text.find(ch, end) for ch in _FULL_STOPS) if i >= 0), default=len(text))
    return a, b


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]
