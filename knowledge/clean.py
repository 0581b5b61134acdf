"""Cleaning of scraped regulation pages: each step a small pure function.

The text is otherwise kept verbatim, because answers quote it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc

# --- web boilerplate ----------------------------------------------------------------

_BOILERPLATE_LINE = re.compile(
    r"""^\s*(?:
        首页\s*>.*                                  # breadcrumbs
      | 当前位置\s*[:：].*
      | 格式\s*[:：]\s*DOC.*上传日期.*
      | 时间\s*[:：].*小编\s*[:：].*
      | .*小编(?:为大家|为你|给大家).*
      | 前言\s*[:：]\s*本站.*
      | 【?本文地址\s*[:：].*
      | 全文阅读已结束.*
      | 下载此文档
      | 原文链接\s*[:：].*
      | \[?免责声明\]?.*本文来源.*
      | 责任编辑\s*[:：].*
      | Baidu
      | map
      | -\s.{2,40}\d{2}-\d{2}-\d{2}          # related links with dates, "- 标题...24-11-24"
    )\s*$""",
    re.VERBOSE,
)


def strip_boilerplate(text: str) -> tuple[str, list[str]]:
    """Drop web boilerplate lines and repeats of the title line; return the text and what was dropped."""
    lines = text.split("\n")
    title = next((ln.strip() for ln in lines if ln.strip() and not _BOILERPLATE_LINE.match(ln.strip())), "")
    kept: list[str] = []
    dropped: list[str] = []
    seen_title = False
    for line in lines:
        stripped = line.strip()
        if _BOILERPLATE_LINE.match(stripped):
            dropped.append(stripped)
            continue
        if stripped and stripped == title:
            if seen_title:  # scraped pages repeat the title two or three times
                dropped.append(stripped)
                continue
            seen_title = True
        kept.append(line)
    return "\n".join(kept), dropped


# --- pinyin annotations: 監(jiān)督 -> 監督 -------------------------------------------------

# One or more notes in a row: "字(a)(b)" loses both, so cleaning twice changes nothing more.
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])(?:\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7})\))+")


def strip_pinyin(text: str) -> str:
    return _PINYIN.sub("", text)


# --- garbled GBK byte-shift runs --------------------------------------------------------
# Some pages were decoded from GBK one byte off: every character of a run is the tail byte of
# one character and the lead byte of the next (`?!耙话咽帧笔屈h` is `。“一把手”是黨` shifted).
# A lost lead byte shows as "?"; the run ends where an ASCII byte resynchronises the decoder.

_SHIFT_RUN = re.compile(r"\?([!\u0080-\uffff]{2,40}?)([a-zA-Z])")
# A pinyin note inserted between the two bytes of one GBK character: `?zhèn)€` is 個.
_SPLIT_CHAR = re.compile(r"\?[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)€")
_LEAD_BYTES = range(0x81, 0xFF)
MAX_REPAIRS = 40


def _gbk(text: str) -> bytes | None:
    out = bytearray()
    for ch in text:
        if ch == "!":  # the corpus folded the full-width ！(A3A1) to ASCII
            ch = "！"
        try:
            out += ch.encode("gbk")
        except UnicodeEncodeError:
            return None
    return bytes(out)


@cache
def _word_freq() -> dict[str, int]:
    from knowledge.tokenize import word_frequencies

    return word_frequencies()


def _plausibility(candidate: str, before: str, after: str) -> float:
    """Score a repaired text by the dictionary words (2 to 4 characters) it forms with its neighbours."""
    freq = _word_freq()
    simp = to_simplified(before[-2:] + candidate + after[:2])
    score = 0.0
    for size in (2, 3, 4):
        for i in range(len(simp) - size + 1):
            score += math.log1p(freq.get(simp[i : i + size], 0))
    if candidate[:2] == "。“":
        score += 5.0  # a run often starts at a sentence boundary before a quote
    return score


_REPAIRED_CHARS = re.compile("[\u3400-\u9fff。，、；：“”！？（）]*")  # what a repaired run may contain


def _decode_candidate(raw: bytes) -> str | None:
    try:
        fixed = raw.decode("gbk")
    except UnicodeDecodeError:
        return None
    if not _REPAIRED_CHARS.fullmatch(fixed):
        return None
    return fixed.replace("，", ",").replace("；", ";").replace("：", ":").replace("！", "!")


def _ends_in_word(fixed: str, after: str) -> bool:
    return _forms_word(fixed[-2:] + after[:1])


@lru_cache(maxsize=1 << 16)
def _forms_word(window: str) -> bool:
    """Whether two neighbouring characters of `window` (simplified) make a dictionary word. The repair asks
    this for tens of thousands of candidates whose last characters mostly repeat: memoised."""
    freq = _word_freq()
    simp = to_simplified(window)
    return any(freq.get(simp[i : i + 2], 0) > 0 for i in range(len(simp) - 1))


def _repair_shift(run: str, tail: str, before: str, after: str) -> str | None:
    """Try every lost lead byte; where the end still reads wrong, also one or two bytes lost before the tail."""
    run_bytes, tail_bytes = _gbk(run), _gbk(tail)
    if run_bytes is None or tail_bytes is None:
        return None
    scored: list[tuple[float, int, str]] = []
    for lead in _LEAD_BYTES:
        fixed = _decode_candidate(bytes([lead]) + run_bytes + tail_bytes)
        if fixed is not None:
            scored.append((_plausibility(fixed, before, after), lead, fixed))
    if not scored:
        return None
    best = max(scored)
    if _ends_in_word(best[2], after):
        return best[2]
    gaps = [bytes([x]) for x in _LEAD_BYTES] + [bytes([x, y]) for x in _LEAD_BYTES for y in _LEAD_BYTES]
    widened: list[tuple[float, int, str]] = []
    for _, lead, _ in sorted(scored, reverse=True)[:3]:
        head = bytes([lead]) + run_bytes
        for gap in gaps:
            fixed = _decode_candidate(head + gap + tail_bytes)
            if fixed is not None and _ends_in_word(fixed, after):
                widened.append((_plausibility(fixed, before, after), -len(gap), fixed))
    return max(widened)[2] if widened else best[2]


def _repair_split_char(before: str, after: str) -> str | None:
    best: tuple[float, str] | None = None
    for lead in _LEAD_BYTES:
        try:
            ch = bytes([lead, 0x80]).decode("gbk")
        except UnicodeDecodeError:
            continue
        if not "\u3400" <= ch <= "\u9fff":
            continue
        score = _plausibility(ch, before, after)
        if best is None or score > best[0]:
            best = (score, ch)
    return best[1] if best and best[0] > 0 else None


def repair_garbled(text: str) -> tuple[str, list[str]]:
    """Repair GBK byte-shift runs where the bytes allow; return the text and repair notes."""
    notes: list[str] = []

    def shift(m: re.Match[str]) -> str:
        before, after = text[max(0, m.start() - 4) : m.start()], text[m.end() : m.end() + 4]
        fixed = _repair_shift(m.group(1), m.group(2), before, after)
        if fixed is None:
            return m.group(0)
        notes.append(f"修复乱码: {m.group(0)} -> {fixed}")
        return fixed

    def split(m: re.Match[str]) -> str:
        before, after = text[max(0, m.start() - 4) : m.start()], text[m.end() : m.end() + 4]
        fixed = _repair_split_char(before, after)
        if fixed is None:
            return m.group(0)
        notes.append(f"修复乱码: {m.group(0)} -> {fixed}")
        return fixed

    if len(_SHIFT_RUN.findall(text)) + len(_SPLIT_CHAR.findall(text)) > MAX_REPAIRS:
        return text, [f"乱码片段超过 {MAX_REPAIRS} 处,未自动修复"]  # repair is costly: a crafted file must not stall
    text = _SHIFT_RUN.sub(shift, text)
    text = _SPLIT_CHAR.sub(split, text)
    return text, notes


_GARBLE_SIGNS = re.compile(r"\ufffd|\?[\u3400-\u9fff!]|€|锟斤拷|Ã|Â")


def find_garbled(text: str) -> list[str]:
    """Snippets that still look garbled after repair, for the ingest report."""
    return [text[max(0, m.start() - 6) : m.end() + 6] for m in _GARBLE_SIGNS.finditer(text)]


# --- traditional -> simplified ------------------------------------------------------------


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def fold_width_and_script(text: str) -> str:
    """NFKC (full width to half width), then traditional to simplified: the first step of every
    comparison of a user's text with the documents' (question normalisation, the eval harness)."""
    return to_simplified(unicodedata.normalize("NFKC", text))


# --- whitespace ---------------------------------------------------------------------------


def normalize_whitespace(text: str) -> str:
    """Unify line ends, drop zero-width and control characters, trim lines, collapse blank runs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf"))
    lines = [ln.strip() for ln in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@dataclass(frozen=True)
class Cleaned:
    text: str
    warnings: tuple[str, ...]
    dropped: tuple[str, ...]


def clean_document(raw: str) -> Cleaned:
    """The full cleaning chain, in an order where each step sees what it expects."""
    text = normalize_whitespace(raw)
    text, repairs = repair_garbled(text)  # needs the original characters, before t2s
    text = strip_pinyin(text)
    text = to_simplified(text)
    text, dropped = strip_boilerplate(text)
    text = normalize_whitespace(text)
    warnings = [f"仍疑似乱码: “{s}”" for s in find_garbled(text)]
    return Cleaned(text=text, warnings=tuple(warnings), dropped=tuple(dropped))
