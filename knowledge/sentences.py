"""Sentence boundaries in Chinese regulation text, shared by the splitter and the answerer."""

from __future__ import annotations

import re

# A sentence runs to its end mark, taking any closing quotes or brackets with it.
_SENTENCE = re.compile(r"[^。!?！？;；\n]*(?:[。!?！？;；]+[”’」』)）]*|\n|$)")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans (absolute offsets) of the sentences in text[start:end], whitespace trimmed, none empty."""
    end = len(text) if end is None else end
    spans = []
    for m in _SENTENCE.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]
