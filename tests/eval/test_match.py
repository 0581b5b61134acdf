from __future__ import annotations

import pytest

from eval.match import GoldMatcher
from knowledge.types import Clause


def test_clause_containing_the_quote(matcher: GoldMatcher) -> None:
    assert matcher.relevant("工作交接一般应在七个工作日内办结") == {"d1:c1"}


def test_partial_overlap_of_at_least_60_percent(matcher: GoldMatcher) -> None:
    # 21 normalised characters, 16 of them one run of d1:c1: 76% >= 60%
    assert matcher.relevant("工作交接一般应在7个工作日内办结完毕并备案") == {"d1:c1"}
    assert matcher.overlap("工作交接一般应在7个工作日内办结完毕并备案", "d1:c1") == pytest.approx(16 / 21)
    # 应以书面形式 is 6 of 12: below 60%
    assert matcher.relevant("应以书面形式提交个人说明") == set()


def test_quote_spanning_a_clause_boundary(matcher: GoldMatcher) -> None:
    # 必须严格实行5公开 (9) | 1是决策要公开 (7): neither clause holds 60%, together they hold it all
    quote = "必须严格实行“五公开”:一是决策要公开"
    assert matcher.overlap(quote, "d2:c4") == pytest.approx(9 / 16)
    assert matcher.relevant(quote) == {"d2:c4", "d2:c5"}


def test_a_span_never_crosses_documents() -> None:
    clauses = [Clause("a:1", "a", "A", (), "甲乙丙丁", 0, 4, 0), Clause("b:1", "b", "B", (), "戊己庚辛", 0, 4, 0)]
    assert GoldMatcher(clauses).relevant("丙丁戊己") == set()


def test_unknown_quote_and_clause(matcher: GoldMatcher) -> None:
    assert matcher.relevant("公务员退休金计算办法") == set()
    assert matcher.relevant("") == set()
    assert matcher.overlap("工作交接", "no-such-clause") == 0.0
