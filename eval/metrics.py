"""Pure scoring functions. Text arguments are raw; each function normalises what it compares.

Retrieval metrics take ranks (1-based position of the first relevant clause, None when absent)
or id lists; answer metrics follow the CMRC 2018 evaluation script (mixed segmentation,
punctuation removed, F1 over the longest common substring) and ROUGE-L over characters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from eval.normalize import normalize
from knowledge.sequences import common_subsequence

# --- strings ------------------------------------------------------------------------------


def longest_common_substring(a: str, b: str) -> int:
    """Length of the longest contiguous string found in both `a` and `b`.

    A common substring of length n implies one of every length below n, so the length is found by
    binary search, each step a handful of C-speed `in` tests: fast on clause-sized strings.
    """
    if len(a) > len(b):
        a, b = b, a
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if any(a[i : i + mid] in b for i in range(len(a) - mid + 1)):
            lo = mid
        else:
            hi = mid - 1
    return lo


def quote_overlap(quote: str, text: str) -> float:
    """Share of the normalised quote covered by its longest common substring with the normalised text."""
    q, t = normalize(quote), normalize(text)
    if not q:
        return 0.0
    return 1.0 if q in t else longest_common_substring(q, t) / len(q)


def _lcs_contiguous(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common contiguous run of tokens (CMRC's `find_lcs`)."""
    best = 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b):
            if x == y:
                cur[j + 1] = prev[j] + 1
                best = max(best, cur[j + 1])
        prev = cur
    return best


_SEGMENT = re.compile(r"[a-z0-9%.]+|\S")


def mixed_segmentation(text: str) -> list[str]:
    """CMRC segmentation of normalised text: each Chinese character a token, a run of Latin letters or
    digits one token ("7个工作日" -> ["7", "个", "工", "作", "日"])."""
    return _SEGMENT.findall(normalize(text))


def _f(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def char_f1(prediction: str, reference: str) -> float:
    """CMRC 2018 F1: precision and recall of the longest common token run."""
    pred, ref = mixed_segmentation(prediction), mixed_segmentation(reference)
    if not pred or not ref:
        return float(pred == ref)
    common = _lcs_contiguous(pred, ref)
    return _f(common / len(pred), common / len(ref))


def rouge_l_char(prediction: str, reference: str) -> float:
    """ROUGE-L F1 (beta = 1) over the characters of the normalised texts."""
    pred, ref = normalize(prediction), normalize(reference)
    if not pred or not ref:
        return float(pred == ref)
    common = common_subsequence(pred, ref)
    return _f(common / len(pred), common / len(ref))


# --- key facts ----------------------------------------------------------------------------


def must_include_met(answer: str, groups: Sequence[Sequence[str]]) -> list[bool]:
    """For each group, does the normalised answer contain any of its strings?"""
    text = normalize(answer)
    return [any(normalize(s) in text for s in group if normalize(s)) for group in groups]


# --- retrieval and citations --------------------------------------------------------------


def first_relevant_rank(ranked_ids: Sequence[str], relevant: Iterable[str]) -> int | None:
    """1-based rank of the first relevant id, None when no relevant id is in the list."""
    wanted = set(relevant)
    return next((i for i, cid in enumerate(ranked_ids, 1) if cid in wanted), None)


def hit_at_k(rank: int | None, k: int) -> bool:
    return rank is not None and rank <= k


def reciprocal_rank(rank: int | None) -> float:
    return 0.0 if rank is None else 1.0 / rank


def recall_at_k(ranked_ids: Sequence[str], relevant: Iterable[str], k: int) -> float | None:
    """Share of the relevant ids found in the first k; None when nothing is relevant."""
    wanted = set(relevant)
    if not wanted:
        return None
    return len(wanted & set(ranked_ids[:k])) / len(wanted)


def citation_precision(cited_ids: Sequence[str], relevant: Iterable[str]) -> float | None:
    """Share of the citations that point at a relevant clause; None when nothing is cited."""
    if not cited_ids:
        return None
    wanted = set(relevant)
    return sum(cid in wanted for cid in cited_ids) / len(cited_ids)


def citation_recall(cited_ids: Sequence[str], relevant: Iterable[str]) -> bool:
    """Per question: is a clause holding the gold quote among the citations? (Averaged = recall.)"""
    return bool(set(cited_ids) & set(relevant))


# --- aggregation --------------------------------------------------------------------------


def mean(values: Iterable[float | bool | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    vals = [float(v) for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)
