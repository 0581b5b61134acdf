"""Clause splitting that follows how Chinese regulations and reports are structured.

Structures: 篇, 第X章/第X节/第X条, 一、, (一), 1、/1., ①, "一是…二是…" inside a paragraph,
run-in headings ("加强政治监督,提升政治能力。" at a paragraph start, "级级带动。" inside one),
and plain paragraphs. Every clause is a contiguous span of the cleaned text (`text[start:end]`),
and the clauses of a document cover all of its non-blank text in order, so nothing is lost.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from knowledge.numerals import CN_DIGITS, CN_NUMERAL
from knowledge.sentences import sentence_spans, trim_span
from knowledge.types import Clause

MAX_CHARS = 320  # longer clauses are split at sentence ends (e5 reads ~512 tokens)
MIN_CHARS = 40  # shorter fragments merge into a neighbour
HEADING_MAX = 40

_CN = CN_NUMERAL  # heading numbers run to 第一百零五条
_ARTICLE = re.compile(rf"^第[{_CN}\d]+条")
_LEVELS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(rf"^.{{0,40}}篇[{_CN}]+$")),
    (1, re.compile(rf"^第[{_CN}\d]+章")),
    (2, re.compile(rf"^第[{_CN}\d]+节")),
    (3, _ARTICLE),
    (4, re.compile(rf"^[{_CN}]+[、.．]")),
    (5, re.compile(rf"^[(（][{_CN}]+[)）]")),
    (6, re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))")),
    (7, re.compile(r"^[(（]\d{1,2}[)）]")),
    (8, re.compile(r"^[①-⑳]")),
]
_ENUM_MARK = re.compile(rf"(?:(?<=^)|(?<=[。;；:：!?！？]))\s*([{CN_DIGITS}]是)")
_INLINE_HEAD = re.compile(r"(?<=[。;；])([\u4e00-\u9fff]{2,6})。")
_SENTENCE_END = "。;；!?！？:："


@dataclass(frozen=True)
class _Seg:
    start: int
    end: int
    path: tuple[str, ...]


def _level(line: str) -> int | None:
    for level, pattern in _LEVELS:
        if pattern.match(line):
            return level
    return None


def _article_number(line: str) -> str:
    m = _ARTICLE.match(line)
    return m.group(0) if m else ""


def _label(sentence: str) -> str:
    """A heading as it should appear in a path: without its end mark, at most HEADING_MAX chars."""
    label = sentence.strip().rstrip("。;；:：,，")
    return label if len(label) <= HEADING_MAX else label[: HEADING_MAX - 1] + "…"


def _is_heading_only(line: str, level: int | None, next_level: int | None = None) -> bool:
    if len(line) > HEADING_MAX:
        return False
    if level == 0:
        return True
    if level is None:
        return False
    if level == 3:
        return line == _article_number(line)  # "第三条 …" is an article with text, not a heading
    if line.endswith("。") and next_level is not None and next_level <= level:
        return False  # "(二)…。" followed by "(三)…" or "第四条…" is a list item, not a heading
    body = line.rstrip("。")
    return not any(ch in body for ch in _SENTENCE_END)


def _run_in_heading(text: str, start: int, end: int, numbered: bool) -> tuple[int, int] | None:
    """Span of a paragraph's leading heading sentence, if it reads as one."""
    spans = sentence_spans(text, start, end)
    if len(spans) < 2:
        return None
    s, e = spans[0]
    first = text[s:e]
    if not first.endswith("。") or len(first) > (HEADING_MAX if numbered else 24):
        return None
    if _ENUM_MARK.match(first):
        return None  # "一是…" opens an enumeration, it does not head the paragraph
    if not numbered and (";" in first or re.search(r"\d", first) or not _inner_markers(text, e, end)):
        return None  # an unnumbered run-in heading must head a divided paragraph (001, 002)
    return s, e


def _inner_markers(text: str, start: int, end: int) -> list[int]:
    """Offsets where "一是/二是…" or inline run-in headings divide a paragraph."""
    body = text[start:end]
    marks = [m.start(1) + start for m in _ENUM_MARK.finditer(body)]
    if len(marks) >= 2 and body[marks[0] - start] == "一":
        return marks
    heads = [m.start(1) + start for m in _INLINE_HEAD.finditer(body)]
    if len(heads) >= 2:
        return heads
    return []


def _paragraph_segments(text: str, start: int, end: int, path: tuple[str, ...], numbered: bool) -> list[_Seg]:
    head = _run_in_heading(text, start, end, numbered)
    if head is not None:
        path = path + (_label(text[head[0] : head[1]]),)
    marks = _inner_markers(text, start, end)
    if not marks:
        return [_Seg(start, end, path)]
    segs: list[_Seg] = []
    if marks[0] > start:
        segs.append(_Seg(start, marks[0], path))  # intro text before "一是", merged later if tiny
    bounds = marks + [end]
    for a, b in zip(bounds, bounds[1:], strict=False):
        first = sentence_spans(text, a, b)[0]
        segs.append(_Seg(a, b, path + (_label(text[first[0] : first[1]]),)))
    return segs


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        s, e = trim_span(text, pos, pos + len(line))
        pos += len(line) + 1
        if e > s:
            spans.append((s, e))
    return spans


def _structure(text: str) -> list[_Seg]:
    stack: list[tuple[int, str]] = []
    segs: list[_Seg] = []
    pending: int | None = None  # start of heading lines waiting to join the next clause
    lines = _lines(text)
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        level = _level(line)
        is_title = i == 0 and level is None and len(line) <= HEADING_MAX and line[-1] not in _SENTENCE_END
        next_level = _level(text[lines[i + 1][0] : lines[i + 1][1]]) if i + 1 < len(lines) else None
        if is_title or _is_heading_only(line, level, next_level):
            if level is not None:
                stack = [x for x in stack if x[0] < level] + [(level, _label(line))]
            pending = s if pending is None else pending
            continue
        path = tuple(label for _, label in stack)
        if level is not None:
            stack = [x for x in stack if x[0] < level]
            path = tuple(label for _, label in stack)
        if level == 3 and _run_in_heading(text, s, e, numbered=True) is None:
            # An article without a heading sentence is known by its number, which also heads its items.
            number = _article_number(line)
            path += (number,)
            stack.append((level, number))
        paragraph = _paragraph_segments(text, s, e, path, numbered=level is not None)
        if level is not None and paragraph:
            # A numbered paragraph's run-in heading also heads what follows it at deeper levels.
            head_path = paragraph[0].path[len(path) : len(path) + 1]
            if head_path:
                stack.append((level, head_path[0]))
        if pending is not None:
            paragraph[0] = _Seg(pending, paragraph[0].end, paragraph[0].path)
            pending = None
        segs.extend(paragraph)
    if pending is not None:
        if segs:
            last = segs[-1]
            segs[-1] = _Seg(last.start, lines[-1][1], last.path)
        else:
            segs.append(_Seg(pending, lines[-1][1], ()))
    return segs


def _shared(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _siblings(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two articles or top-level items under the same heading (第二条 and 第三条, 一、 and 二、); the
    (一)/1、/① items inside an article stay together with it."""
    return (bool(a) and len(a) == len(b) and a[:-1] == b[:-1] and a[-1] != b[-1]
            and _level(a[-1]) in (3, 4) and _level(b[-1]) in (3, 4))


def _merge_small(segs: list[_Seg]) -> list[_Seg]:
    """Tiny fragments join the next segment (keeping its path), the last one joins the previous.

    A fragment that shares more headings with the previous segment than with the next joins the
    previous one: the last short item of an article must not move under the next article.
    """
    out: list[_Seg] = []
    carry: int | None = None
    for i, seg in enumerate(segs):
        start = carry if carry is not None else seg.start
        carry = None
        if seg.end - start < MIN_CHARS:
            following = segs[i + 1].path if i + 1 < len(segs) else ()
            before = out[-1].path if out else ()
            starts_item = seg.path != before  # not the tail of the article before it
            if starts_item and (_siblings(seg.path, following) or (i + 1 == len(segs) and _siblings(seg.path, before))):
                # A short article or item ("第二条 公务用车实行集中管理。") is a unit of its own: merged
                # into its sibling it would be cited under the sibling's number.
                out.append(_Seg(start, seg.end, seg.path))
                continue
            if start == seg.start and out and _shared(seg.path, out[-1].path) > _shared(seg.path, following):
                out[-1] = _Seg(out[-1].start, seg.end, out[-1].path)
            else:
                carry = start
            continue
        out.append(_Seg(start, seg.end, seg.path))
    if carry is not None:
        if out:
            out[-1] = _Seg(out[-1].start, segs[-1].end, out[-1].path)
        else:
            out.append(_Seg(carry, segs[-1].end, segs[-1].path))
    return out


def _split_long(text: str, seg: _Seg) -> list[_Seg]:
    if seg.end - seg.start <= MAX_CHARS:
        return [seg]
    out: list[_Seg] = []
    chunk_start = seg.start
    last_end = seg.start
    for s, e in sentence_spans(text, seg.start, seg.end):
        if e - chunk_start > MAX_CHARS and last_end > chunk_start:
            out.append(_Seg(chunk_start, last_end, seg.path))
            chunk_start = s
        last_end = e
    out.append(_Seg(chunk_start, seg.end, seg.path))
    if len(out) > 1 and out[-1].end - out[-1].start < MIN_CHARS:
        tail = out.pop()
        out[-1] = _Seg(out[-1].start, tail.end, seg.path)
    return out


def clause_id(doc_id: str, path: tuple[str, ...], text: str) -> str:
    """Stable across re-ingestion: depends only on the document, the heading path and the text."""
    digest = hashlib.sha1("\x1f".join((doc_id, "/".join(path), text)).encode("utf-8")).hexdigest()
    return f"{doc_id}:{digest[:12]}"


def split_clauses(text: str, doc_id: str, doc_title: str) -> list[Clause]:
    """Clauses of a cleaned document, in order."""
    if not text.strip():
        return []
    segs = [piece for seg in _merge_small(_structure(text)) for piece in _split_long(text, seg)]
    clauses: list[Clause] = []
    seen: dict[str, int] = {}
    for n, seg in enumerate(segs):
        body = text[seg.start : seg.end]
        cid = clause_id(doc_id, seg.path, body)
        if cid in seen:  # the same text twice under the same headings: keep ids distinct, still stable
            seen[cid] += 1
            cid = f"{cid}-{seen[cid]}"
        else:
            seen[cid] = 0
        clauses.append(Clause(cid, doc_id, doc_title, seg.path, body, seg.start, seg.end, n))
    return clauses
