"""Which clauses of the index hold a gold quote.

A clause is relevant to a quote when, after normalisation, it
  - contains the whole quote, or
  - shares a contiguous run with it of at least `min_overlap` (60%) of the quote's length, or
  - is one of up to three consecutive clauses of a document whose joined text contains the quote
    (a quote that spans a clause boundary, e.g. a lead-in "实行“五公开”:" and its first item).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from eval.metrics import longest_common_substring
from eval.normalize import normalize
from knowledge.types import Clause

MIN_OVERLAP = 0.6
MAX_SPAN = 3


class GoldMatcher:
    """Built once per run from the index's clauses; answers `relevant(quote)` from a cache."""

    def __init__(self, clauses: Sequence[Clause], min_overlap: float = MIN_OVERLAP) -> None:
        self.min_overlap = min_overlap
        self.texts = {c.id: normalize(c.text) for c in clauses}
        self.doc_order: dict[str, list[str]] = {}
        for c in sorted(clauses, key=lambda c: (c.doc_id, c.ordinal, c.start)):
            self.doc_order.setdefault(c.doc_id, []).append(c.id)
        self.relevant = lru_cache(maxsize=4096)(self._relevant)

    def overlap(self, quote: str, clause_id: str) -> float:
        """Share of the normalised quote found as one run in the clause (0 for an unknown clause)."""
        q, text = normalize(quote), self.texts.get(clause_id)
        if not q or text is None:
            return 0.0
        return 1.0 if q in text else longest_common_substring(q, text) / len(q)

    def _relevant(self, quote: str) -> frozenset[str]:
        q = normalize(quote)
        if not q:
            return frozenset()
        found = {cid for cid, text in self.texts.items() if q in text}
        need = math.ceil(self.min_overlap * len(q))
        windows = {q[i : i + need] for i in range(len(q) - need + 1)}
        found |= {cid for cid, text in self.texts.items() if any(w in text for w in windows)}
        if not any(q in self.texts[cid] for cid in found):
            found |= self._spanning(q)
        return frozenset(found)

    def _spanning(self, q: str) -> set[str]:
        out: set[str] = set()
        for ids in self.doc_order.values():
            for i in range(len(ids) - 1):
                run = ids[i : i + MAX_SPAN]
                bounds, joined = [], ""
                for cid in run:
                    bounds.append((cid, len(joined), len(joined) + len(self.texts[cid])))
                    joined += self.texts[cid]
                pos = joined.find(q)
                if pos < 0:
                    continue
                # the clauses the occurrence actually passes through
                out.update(cid for cid, lo, hi in bounds if lo < pos + len(q) and pos < hi and hi > lo)
        return out
