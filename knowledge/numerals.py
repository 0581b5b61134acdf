"""Chinese numerals and ordinals as the documents write them: one home for the patterns that the
splitter, the answerer and the refusal rules use (一是, (一), 1、, 第一条)."""

from __future__ import annotations

import re

CN_DIGITS = "一二三四五六七八九十"
# An ordinal that opens a heading or an item: (一) / 一是 / 一、 / 1、 / 1. / 第一条
ORDINAL = re.compile(rf"^(?:[(（]?[{CN_DIGITS}\d]+[)）、.]|[{CN_DIGITS}]+是|第[{CN_DIGITS}]+条)\s*")


def strip_ordinal(text: str) -> str:
    """A heading or item without its opening ordinal and its closing punctuation."""
    return ORDINAL.sub("", text.strip()).strip(" 。;；:：")
