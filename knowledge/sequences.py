"""Sequence likeness shared by the answerer (a set described in other words) and the evaluation metrics."""

from __future__ import annotations

from collections.abc import Sequence


def common_subsequence(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence (in order, not necessarily contiguous), O(len(a)*len(b))."""
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]
