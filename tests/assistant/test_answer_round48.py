"""Mechanisms changed in round 48 after cadres55's run, on the real corpus and worded unlike the sets: how
often, asked as a period (多久……一次), is answered only by a rhythm, not by a lead time; whether one thing
alone will do (光……行不行) is answered by what else is needed (不够,还要……), quoting the whole run of
不仅……还……; pieces."""

from __future__ import annotations

from assistant.lexicon import lexicon
from tests.assistant.conftest import Ask, led, quotes_of, refused_naming


def test_how_often_is_not_answered_by_a_lead_time(ask: Ask) -> None:
    assert lexicon().asks_period.search("隔多长时间开一回?") and not lexicon().asks_period.search("要提前多长时间报?")
    refused_naming(ask, "纪检监察组的三级谈心谈话,支部书记跟关键岗位上的人隔多久要谈一回?", "amount_missing", "时限")
    led(ask, "资阳那个专题会议隔多长时间开一回?", "每季度")


def test_whether_one_thing_will_do_is_answered_by_what_else(ask: Ask) -> None:
    answer = led(ask, "选一把手搞考察,只到他眼下所在单位了解了解够不够?", "不够,还要到他过去过的单位")
    assert "执纪执法和信访部门" in quotes_of(answer), answer.answer  # the whole run of 不仅……还……
