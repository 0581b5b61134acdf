"""Citation checking: markers are parsed, never trusted; quotes must be verbatim in their clause."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from knowledge.types import Citation, Clause

MARKER = re.compile(r"\[(\d{1,2})\]")
SENTENCE = re.compile(r"[^。!?！？\n]+[。!?！？]?(?:\[\d{1,2}\])*")
# Sentences that state nothing checkable need no marker: headings, lead-ins, notes about sources.
_NON_FACTUAL = re.compile(r"^(?:根据|据|出自|以下|综上|可能相关|注|说明|提示|如下|具体如下|文件|知识库|您|请|抱歉|-)")


@dataclass(frozen=True)
class Verification:
    ok: bool
    problems: tuple[str, ...]
    kept: tuple[Citation, ...]  # citations whose quote checked out


def markers(text: str) -> list[int]:
    return [int(m) for m in MARKER.findall(text)]


def verify(answer: str, citations: Sequence[Citation], clauses: Mapping[str, Clause],
           require_markers: bool = True) -> Verification:
    problems: list[str] = []
    kept: list[Citation] = []
    numbers = {c.n for c in citations}
    for n in sorted(set(markers(answer))):
        if n not in numbers:
            problems.append(f"引用标记 [{n}] 没有对应的条款")
    for c in citations:
        clause = clauses.get(c.clause_id)
        if clause is None:
            problems.append(f"[{c.n}] 引用的条款 {c.clause_id} 不在检索结果中")
        elif not c.quote or c.quote not in clause.text:
            problems.append(f"[{c.n}] 的引文不是条款原文")
        else:
            kept.append(c)
    if require_markers:
        quotes = [c.quote for c in kept]
        # A 「quote」 may hold its own sentence ends; it is checked as a quote, not split as sentences.
        masked = re.sub(r"「[^」]*」", "「引文」", answer)
        for sentence in SENTENCE.findall(masked):
            s = sentence.strip()
            if len(s) < 12 or MARKER.search(s) or _NON_FACTUAL.match(s) or s.endswith((":", ":")):
                continue
            if any(s.strip("“”「」…").rstrip("。!！?？;；") in q for q in quotes):
                continue  # verbatim text of a cited clause (a lead line ends with its own 。), its marker follows
            problems.append(f"这句话没有引用出处: “{s[:30]}”")
    return Verification(not problems, tuple(problems), tuple(kept))
