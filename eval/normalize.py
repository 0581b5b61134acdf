"""Text normalisation shared by every comparison the harness makes.

`normalize` = NFKC (full width to half width) -> traditional to simplified -> citation markers
dropped -> Chinese numerals to digits -> lower case -> punctuation and whitespace folded away.
Both sides of a comparison (answer and key fact, clause and quote, answer and reference) go through
the same function, so odd conversions ("一把手" -> "1把手") cancel out.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.cite import MARKER
from knowledge.clean import fold_width_and_script
from knowledge.numerals import DIGIT_VALUES

# a year's 〇 and the banker's digits too: an answer may write either
_DIGITS = {**DIGIT_VALUES, "〇": 0, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_NUMERAL_RUN = re.compile(f"[{''.join(_DIGITS)}{''.join(_UNITS)}{''.join(_BIG)}]+")
_KEEP = frozenset("%")  # punctuation that carries meaning


def _parse_numeral(run: str) -> str:
    """One run of Chinese numeral characters as digits; an irregular run ("一二百") is left as it is."""
    if not any(c in _UNITS or c in _BIG for c in run):
        if all(c in _DIGITS for c in run):
            return "".join(str(_DIGITS[c]) for c in run)  # 二〇二四 -> 2024, 一 -> 1
        return run
    total, section = 0, 0
    digit: int | None = None
    for c in run:
        if c in _DIGITS:
            if _DIGITS[c] == 0:  # 一百零五: zero is a placeholder
                if digit is not None:
                    return run
                continue
            if digit is not None:
                return run
            digit = _DIGITS[c]
        elif c in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[c]
            digit = None
        elif c == "万":
            total += (section + (digit or 0) or 1) * _BIG[c]
            section, digit = 0, None
        else:  # 亿 multiplies everything before it
            total = (total + section + (digit or 0) or 1) * _BIG[c]
            section, digit = 0, None
    return str(total + section + (digit or 0))


def numerals_to_digits(text: str) -> str:
    """七 -> 7, 十五 -> 15, 一百 -> 100, 二〇二四 -> 2024; 半年 stays 半年."""
    return _NUMERAL_RUN.sub(lambda m: _parse_numeral(m.group(0)), text)


def strip_markers(text: str) -> str:
    """Drop the `[n]` citation markers of an answer."""
    return MARKER.sub("", text)


def fold_punctuation(text: str) -> str:
    """Remove punctuation (Unicode category P*, except %) and all whitespace."""
    return "".join(c for c in text if c in _KEEP or not (c.isspace() or unicodedata.category(c).startswith("P")))


def normalize(text: str) -> str:
    text = strip_markers(fold_width_and_script(text))
    text = numerals_to_digits(text)
    return fold_punctuation(text.lower())
