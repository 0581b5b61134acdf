"""Small text helpers shared by the generator and the checker: blanks, the source lead, context windows."""

from __future__ import annotations

import re

from knowledge.numerals import CN_DIGITS, CN_NUMBER, cn_to_int, strip_item_mark
from knowledge.sentences import sentence_spans
from knowledge.types import Clause

BLANK = "____"  # cloze: the missing words
PAREN = "（　）"  # choice items: where the chosen option goes (full-width, unlike the corpus' "(党组)")
SET_LISTING = "包括"  # judge items over a named set: "“五联”模式包括A、B、C、D、E。"

_TITLE_TAIL = re.compile(r"[(（]\d+篇[)）]$")
# The source lead of a stem: "泾县县委组织部《实施意见》规定," for a binding document, "资阳市的做法是:" or
# "中共永顺县委组织部(张辉)在评论文章中提出:" for one that binds nobody. The body after it is clause text.
LEAD = re.compile(r"^(?:[^,:《》]{0,40}《[^》]+》规定,|[^,:《》]{0,40}(?:的做法是|在评论文章中提出):|《[^》]+》\([^)]*\)中的做法是:)")
_END = "。;;!?！？"
_SOFT_END = ",,:：、"
_NARRATIVE = re.compile(r"\d{4}年|去年|今年|近年来|以来|余次|多次|[xX]月|[xX]{2}|同比|累计|截至|(?<![为除])了(?![解])")
_PREDICATE = re.compile(r"^(?:更要|更应|也要|还要|均要|都要|才能|要|应|须|必须|不得|均|都|由)")
# a piece that is only a prepositional phrase ("从各自职能职责方面," "以汇报、请示、总结等形式,")
# cannot end a window; "对…信息会商研判" has its own verb and can
_PREPOSITION = re.compile(r"^(?:从|对|在|以|通过|按照|根据|为|将|把|向|与)[^,,;;。]*"
                          r"(?:方面|形式|载体|方式|渠道|手段|措施|中|上|下|时|内|前|后|里|过程)[,,;;。]?$")
_CONNECTIVE = re.compile(r"^(?:同时|另外|此外|其次|再次|首先|比如|又如|再如|例如|如|因此|所以|从而|当前|目前|一方面|另一方面)[,,]?$")


def doc_title(title: str) -> str:
    return _TITLE_TAIL.sub("", title.strip())


def _inner_quotes(text: str) -> str:
    return text.replace("“", "‘").replace("”", "’")


def heading(clause: Clause) -> str:
    """The deepest short heading above the clause, without its ordinal ("严格执行干部离任规定"), or ""."""
    title = doc_title(clause.doc_title)
    for part in reversed(clause.path):
        h = strip_item_mark(part).rstrip("。")
        if not h or h.endswith("…") or len(h) > 24 or title in h or re.search(rf"篇[{CN_DIGITS}]$", h):
            continue
        return h
    return ""


def short_title(title: str, kind: str) -> str:
    """《关于构建从严管理监督干部体系的实施意见》 -> 《实施意见》 when the title ends in its kind; else the title."""
    title = doc_title(title)
    if title.startswith("关于") and kind and title.endswith(kind):
        return kind
    return title


def place_of(issuer: str) -> str:
    """The place an issuer belongs to: 泾县县委组织部 -> 泾县, 四川省资阳市纪委监委 -> 资阳市, else ""."""
    text = re.sub(r"^中共", "", issuer)
    text = re.sub(r"^[\u4e00-\u9fff]{2,3}省", "", text)
    m = re.match(r"([\u4e00-\u9fff]{1,5}?[市县区州])", text)
    return m.group(1) if m else ""


def lead_for(issuer: str, title: str, kind: str, binding: bool) -> str:
    """Who says it, so a trainee knows whose rule is asked; practice is worded as practice, never as a rule."""
    if binding:
        return f"{issuer or '发文单位'}《{short_title(title, kind)}》规定,"
    if kind == "评论文章":
        return f"{issuer or '作者'}在评论文章中提出:"
    place = place_of(issuer)
    if place:
        return f"{place}的做法是:"
    return f"《{doc_title(title)}》({kind or '未登记材料'})中的做法是:"


def strip_lead(stem: str) -> str:
    return LEAD.sub("", stem, count=1)


def source_label(title: str, path: tuple[str, ...] | list[str]) -> str:
    """《标题》 plus the short headings of the path, for citations shown to people."""
    parts = [strip_item_mark(p) for p in path if p and not p.endswith("…") and len(p) <= 30]
    where = "—".join(parts)  # a full-width dash between levels, never ">" (no mark of Chinese print)
    inner = doc_title(title).replace("《", "〈").replace("》", "〉")  # a title inside 《》 takes 〈〉, never <>
    return f"《{inner}》" + (f" {where}" if where else "")


def is_narrative(text: str) -> bool:
    """Reports of what happened (2021年…, 去年以来…, 沟通30余次) rather than rules."""
    return bool(_NARRATIVE.search(text))


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) of `text` that contain text[start:end]."""
    spans = sentence_spans(text)
    s = next((a for a, b in spans if a <= start < b), start)
    e = next((b for a, b in spans if a < end <= b), end)
    return s, max(e, end)


def segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma-level pieces of text[start:end], each keeping its trailing mark; quotes and brackets not split."""
    spans: list[tuple[int, int]] = []
    depth = 0
    s = start
    for i in range(start, end):
        ch = text[i]
        if ch in "“(（《‘":
            depth += 1
        elif ch in "”)）》’":
            depth = max(0, depth - 1)
        elif ch in _SOFT_END + _END and depth == 0 and ch != "、":
            spans.append((s, i + 1))
            s = i + 1
    if s < end:
        spans.append((s, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def window(text: str, sentence: tuple[int, int], key: tuple[int, int], budget: int) -> tuple[int, int]:
    """The comma-level pieces around `key` inside `sentence`, about `budget` characters, left context first.

    Pieces that are only a connective ("同时,") or that read as a report (2021年…) are not added."""
    segs = segments(text, *sentence)
    first = next(i for i, (a, b) in enumerate(segs) if a <= key[0] < b or (a >= key[0]))
    last = next((i for i, (a, b) in enumerate(segs) if a < key[1] <= b), len(segs) - 1)
    i, j = first, max(first, last)

    def size(a: int, b: int) -> int:
        return segs[b][1] - segs[a][0]

    while i > 0 and size(i - 1, j) <= budget:
        piece = text[segs[i - 1][0]:segs[i - 1][1]].strip()
        if _CONNECTIVE.match(piece) or is_narrative(piece):
            break
        i -= 1
    while j + 1 < len(segs) and size(i, j + 1) <= budget:
        if is_narrative(text[segs[j + 1][0]:segs[j + 1][1]]):
            break
        j += 1
    # too little to go on ("（　）视情召开专题会议。"): take more of the sentence, past the budget
    while size(i, j) - (key[1] - key[0]) < budget // 2:
        if j + 1 < len(segs) and not is_narrative(text[segs[j + 1][0]:segs[j + 1][1]]):
            j += 1
        elif i > 0 and not is_narrative(text[segs[i - 1][0]:segs[i - 1][1]]):
            i -= 1
        else:
            break
    # a piece that is the subject of the next one ("…重要部门的“一把手”," + "更要加速…") goes with it
    while j + 1 < len(segs) and _PREDICATE.match(text[segs[j + 1][0]:segs[j + 1][1]]):
        if size(i, j + 1) <= 2 * budget:
            j += 1
        elif j > last:
            j -= 1
        else:
            break
    # a window opening on a predicate ("必须按照…") takes its subject or condition along
    while i > 0 and _PREDICATE.match(text[segs[i][0]:segs[i][1]]) and size(i - 1, j) <= 2 * budget \
            and not is_narrative(text[segs[i - 1][0]:segs[i - 1][1]]):
        i -= 1
    while i < first and _CONNECTIVE.match(text[segs[i][0]:segs[i][1]].strip()):
        i += 1
    # nor can a piece opening with a preposition ("以汇报、请示、总结等形式,"): take what completes it
    grown = j
    while j + 1 < len(segs) and _PREPOSITION.match(text[segs[j][0]:segs[j][1]]) and size(i, j + 1) <= 2 * budget \
            and not is_narrative(text[segs[j + 1][0]:segs[j + 1][1]]):
        j += 1
    if _PREPOSITION.match(text[segs[j][0]:segs[j][1]]):
        j = grown
        while j > last and _PREPOSITION.match(text[segs[j][0]:segs[j][1]]):
            j -= 1
    # a short piece naming the regulation just before ("《…办法》印发,") tells what the rule belongs to
    if i > 0:
        prev = text[segs[i - 1][0]:segs[i - 1][1]]
        if "《" in prev and len(prev) <= 30 and not is_narrative(prev):
            i -= 1
    a, b = segs[i][0], segs[j][1]
    while a < key[0] and text[a].isspace():
        a += 1
    # start after a leading ordinal ("一是", "(二)") when it is not part of the key
    body = text[a:b]
    stripped = strip_item_mark(body)
    if stripped != body and a + (len(body) - len(stripped)) <= key[0]:
        a += len(body) - len(stripped)
    return a, b


def finish(body: str) -> str:
    """End a window with a full stop: "…内办结," -> "…内办结。"."""
    body = body.rstrip()
    if body and body[-1] in _SOFT_END + ";；":
        body = body[:-1]
    if body and body[-1] not in _END:
        body += "。"
    return body


_SCAFFOLD = re.compile(r"下列选项中,?|不?属于|的[有是]")


def norm(text: str) -> str:
    """Stem text reduced to its letters for near-duplicate detection (source lead and question words gone)."""
    text = strip_lead(text).replace(BLANK, "").replace(PAREN, "")
    text = _SCAFFOLD.sub("", text)
    return re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", text)


def similarity(a: str, b: str) -> float:
    """Containment of character bigrams: 1.0 when one stem's bigrams all occur in the other."""
    ga = {a[i:i + 2] for i in range(len(a) - 1)}
    gb = {b[i:i + 2] for i in range(len(b) - 1)}
    if not ga or not gb:
        return 1.0 if a == b else 0.0
    return len(ga & gb) / min(len(ga), len(gb))


def number_value(text: str) -> float | None:
    """The number a short key states ("7个工作日" -> 7, "一周" -> 1, "1:2" -> 0.5), or None."""
    m = re.match(r"(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$", text)
    if m:
        return float(m.group(1)) / float(m.group(2))
    m = re.match(rf"\d+(?:\.\d+)?|[{CN_NUMBER}]+", text)
    if not m:
        return None
    v = cn_to_int(m.group(0)) if not m.group(0)[0].isdigit() else float(m.group(0))
    return None if v is None else float(v)
