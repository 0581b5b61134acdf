"""Each metric against values worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eval import metrics as m


def test_char_f1_cmrc() -> None:
    # pred 8 tokens (7 个 工 作 日 内 办 结), ref 10 (应 在 7 ...), common run 8: P=1, R=0.8, F1=8/9
    assert m.char_f1("7个工作日内办结", "应在七个工作日内办结。") == pytest.approx(8 / 9)


def test_char_f1_uses_the_longest_contiguous_run_and_rouge_the_subsequence() -> None:
    # no two adjacent characters shared: the longest run is 1 of 4 -> F1 0.25; LCS 甲乙丁 is 3 of 4 -> 0.75
    assert m.char_f1("甲乙丙丁", "甲丙乙丁") == pytest.approx(0.25)
    assert m.rouge_l_char("甲乙丙丁", "甲丙乙丁") == pytest.approx(0.75)


def test_char_f1_latin_and_digit_runs_are_one_token() -> None:
    assert m.mixed_segmentation("共20个,AB类[1]") == ["共", "20", "个", "ab", "类"]
    # pred 共 20 个 (3), ref 20 个 (2): run 2 -> P 2/3, R 1 -> F1 0.8
    assert m.char_f1("共20个", "二十个") == pytest.approx(0.8)


def test_char_f1_empty() -> None:
    assert m.char_f1("", "") == 1.0
    assert m.char_f1("。。", "有") == 0.0


def test_rouge_l_char() -> None:
    # 干部应以书面形式交接 vs 应以书面形式办理交接: LCS 应以书面形式交接 = 8 of 10 each side
    assert m.rouge_l_char("干部应以书面形式交接", "应以书面形式办理交接") == pytest.approx(0.8)
    assert m.rouge_l_char("完全无关", "应以书面") == 0.0


def test_must_include_met_normalises_both_sides() -> None:
    groups = [["7个工作日"], ["书面"], ["十五日", "办结"]]
    assert m.must_include_met("交接应在七个工作日内办结[1]", groups) == [True, False, True]
    assert m.must_include_met("任何回答", []) == []


def test_longest_common_substring() -> None:
    assert m.longest_common_substring("abcdef", "zcdez") == 3
    assert m.longest_common_substring("", "abc") == 0
    assert m.longest_common_substring("工作交接", "交接工作") == 2


@given(st.text("abc", max_size=12), st.text("abc", max_size=12))
def test_longest_common_substring_matches_brute_force(a: str, b: str) -> None:
    brute = max((j - i for i in range(len(a) + 1) for j in range(i, len(a) + 1) if a[i:j] in b), default=0)
    assert m.longest_common_substring(a, b) == brute


def test_quote_overlap() -> None:
    assert m.quote_overlap("一般应在7个工作日内办结", "工作交接一般应在七个工作日内办结。") == 1.0
    # quote 必须严格实行5公开1是决策 (6 + 3 + 4 = 13 chars); the text holds 必须严格实行5公开 (9)
    assert m.quote_overlap("必须严格实行“五公开”:一是决策", "必须严格实行“五公开”:") == pytest.approx(9 / 13)
    assert m.quote_overlap("", "x") == 0.0


def test_ranks_hits_and_mrr() -> None:
    assert m.first_relevant_rank(["a", "b", "c"], {"c", "x"}) == 3
    assert m.first_relevant_rank(["a", "b"], {"x"}) is None
    assert [m.hit_at_k(3, k) for k in (1, 3, 5)] == [False, True, True]
    assert m.hit_at_k(None, 5) is False
    assert m.reciprocal_rank(4) == 0.25
    assert m.reciprocal_rank(None) == 0.0


def test_recall_at_k() -> None:
    ranked = ["a", "b", "c", "d"]
    assert m.recall_at_k(ranked, {"b", "d", "x"}, 3) == pytest.approx(1 / 3)
    assert m.recall_at_k(ranked, {"b", "d", "x"}, 4) == pytest.approx(2 / 3)
    assert m.recall_at_k(ranked, set(), 5) is None


def test_citation_precision_and_recall() -> None:
    assert m.citation_precision(["a", "b", "c", "a"], {"a"}) == 0.5
    assert m.citation_precision([], {"a"}) is None
    assert m.citation_recall(["b", "a"], {"a"}) is True
    assert m.citation_recall(["b"], {"a"}) is False
    assert m.citation_recall([], set()) is False


def test_mean_skips_none() -> None:
    assert m.mean([1, None, True, 0]) == pytest.approx(2 / 3)
    assert m.mean([None]) is None


def test_percentile() -> None:
    assert m.percentile([4, 1, 3, 2], 50) == 2.5
    assert m.percentile([1, 2, 3, 4], 95) == pytest.approx(3.85)  # pos 2.85: 3 + 0.85 * (4 - 3)
    assert m.percentile([5.0], 95) == 5.0
    assert m.percentile([], 50) is None


@given(st.lists(st.floats(0, 1e4), min_size=1, max_size=30), st.sampled_from([5, 50, 95, 99]))
def test_percentile_matches_numpy(values: list[float], q: int) -> None:
    assert m.percentile(values, q) == pytest.approx(float(np.percentile(values, q)), abs=1e-6)
