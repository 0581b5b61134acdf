"""Chinese numerals and ordinals as the documents write them: one home for the character classes, the
ordinal patterns and the number conversions that the splitter, the answerer, the refusal rules, the quiz
builder and the harness use (一是, (一), 1、, 第一条, 两个工作日, 一百一十三).

The classes nest, each adding what its users meet and the smaller ones must not match:
    CN_DIGITS   一 … 十                         ordinals: 一是, (三), 第十条, 篇二
    CN_COUNT    + 两                            counts and names of sets: 两个工作日, 两项机制
    CN_AMOUNT   + 百                            amounts: 一百一十三个单位
    CN_NUMBER   + 零                            a number read back to an int (一百零五)
    CN_NUMERAL  + 〇                            every numeral a heading number may use (第一百零五条)
"""

from __future__ import annotations

import re

CN_DIGITS = "一二三四五六七八九十"
CN_COUNT = CN_DIGITS + "两"
CN_AMOUNT = CN_COUNT + "百"
CN_NUMBER = CN_AMOUNT + "零"
CN_NUMERAL = CN_NUMBER + "〇"

# An ordinal that opens a heading or an item: (一) / 一是 / 一、 / 1、 / 1. / 第一条
ORDINAL = re.compile(rf"^(?:[(（]?[{CN_DIGITS}\d]+[)）、.]|[{CN_DIGITS}]+是|第[{CN_DIGITS}]+条)\s*")
# The mark that opens an enumerated item inside a clause, as a quiz stem drops it: 一是, / 二要 / (三) / 四、 /
# 5、 / 6． / ①. Unlike ORDINAL it takes 要 and circled digits, and leaves 第一条 (a quoted article) alone.
ITEM_MARK = re.compile(rf"^(?:[{CN_DIGITS}]+[是要][,,]?|[(（][{CN_DIGITS}\d]+[)）]|[{CN_DIGITS}]+、|\d+[、.．]|[①-⑩])")

# one Chinese digit -> its value (the harness adds 〇 and 壹贰叁 to its own copy)
DIGIT_VALUES = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DIGIT_CHARS = "零一二三四五六七八九"  # the digit n is _DIGIT_CHARS[n]: 二, never 两, inside a number (二十)


def strip_ordinal(text: str) -> str:
    """A heading or item without its opening ordinal and its closing punctuation."""
    return ORDINAL.sub("", text.strip()).strip(" 。;；:：")


def strip_item_mark(text: str) -> str:
    """"二是严格执行干部离任规定" -> "严格执行干部离任规定"."""
    return ITEM_MARK.sub("", text.strip(), count=1).strip()


def cn_to_int(s: str) -> int | None:
    """"7" -> 7, "十五" -> 15, "两" -> 2, "一百一十三" -> 113; None when not a number."""
    if s.isdigit():
        return int(s)
    if not s or any(ch not in DIGIT_VALUES and ch not in "十百" for ch in s):
        return None
    total, cur = 0, 0
    for ch in s:
        if ch == "百":
            total += (cur or 1) * 100
            cur = 0
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = DIGIT_VALUES[ch]
    return total + cur


def int_to_cn(n: int, before_measure: bool = True) -> str:
    """7 -> "七", 2 -> "两" (before a measure word), 15 -> "十五", 20 -> "二十"; 100 and more stay digits."""
    if n == 2 and before_measure:
        return "两"
    if n < 10:
        return _DIGIT_CHARS[n]
    if n < 20:
        return "十" + (_DIGIT_CHARS[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return _DIGIT_CHARS[tens] + "十" + (_DIGIT_CHARS[ones] if ones else "")
    return str(n)
