"""Mechanisms changed in round 26 (after cadres32), each on the real corpus and worded unlike that set: a
purpose asked as what a measure targets (针对……哪些弊端); a rate asked is a share, not a ratio of counts; a
heading the asker quotes ("谁来监督") asks nothing; the bound asked (最少, 最多) must be the bound stated; a
day of the month is no number of days; a term's span told as 有效几年 is asked even before a whether."""

from __future__ import annotations

from assistant.analyze import asking_text
from assistant.refuse import amount_pattern
from tests.assistant.conftest import Ask, cited, refused_for


def test_what_a_measure_targets_asks_its_purpose(ask: Ask) -> None:
    cited(ask, "资阳搞“五联”,主要针对一把手监督里的哪些弊端?", "监督力量薄弱")


def test_a_rate_asked_is_a_share_not_a_ratio_of_counts(ask: Ask) -> None:
    refused_for(ask, "民主测评满意率低于多少比例要被调整?", "amount_missing")


def test_a_quoted_heading_asks_nothing(ask: Ask) -> None:
    cited(ask, "在“谁来监督”这一点上,那篇范文说哪种监督最管用?", "上级对下级的监督是最管用")


def test_the_bound_asked_must_be_the_bound_stated(ask: Ask) -> None:
    refused_for(ask, "一把手在一地一岗最少要干满几年才交流?", "amount_missing")  # 不宜超过5年 is a most
    refused_for(ask, "每年脱产进修最多多少天?", "amount_missing")  # 不得少于20天 is a least
    cited(ask, "领导干部每年脱产进修起码多少天?", "不得少于20天")


def test_a_day_of_the_month_is_no_number_of_days() -> None:
    days = amount_pattern("交接要几天?")
    assert days.search("每月15日前各成员单位通报") is None
    assert days.search("工作交接一般应在7个工作日内办结") is not None


def test_a_terms_span_is_asked_before_a_whether() -> None:
    assert "几" in asking_text("那个资格证有效几年,过期了要不要重考")
