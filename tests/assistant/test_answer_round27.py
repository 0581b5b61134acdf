"""Mechanisms changed in round 27 (after cadres33), each on the real corpus and worded unlike that set: a count
of times is no amount asked to confirm (找我谈一次话吧: 一次 belongs to the act); which month asks a month of
a date, not a period."""

from __future__ import annotations

from assistant.refuse import amount_pattern
from tests.assistant.conftest import Ask, led


def test_a_count_of_times_is_no_amount_to_confirm(ask: Ask) -> None:
    answer = ask("我快提拔了,组织部门应该会先找我谈一次话吧")
    assert not answer.refused, answer.answer


def test_which_month_asks_a_month_of_a_date(ask: Ask) -> None:
    month = amount_pattern("那个办法是几月份印发的?")
    assert month.search("今年5月,《资阳市巡察整改工作问责办法(试行)》印发") is not None
    assert month.search("要在1个月内将行政、工资、组织关系等转入") is None
    led(ask, "资阳的巡察整改问责办法是哪个月出台的?", "5月")
