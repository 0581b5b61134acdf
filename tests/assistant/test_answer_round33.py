"""Mechanisms changed in round 33, on the real corpus and worded unlike the sets: after cadres39, a count with
its object after the unit (要请几天假,) tells the situation, though it ends its clause (round 28 read it as
asked); after cadres40's blind run, 何种/哪种职级 asks a rank."""

from __future__ import annotations

from assistant.analyze import asking_text
from tests.assistant.conftest import Ask, led, refused_for


def test_a_count_with_its_object_after_the_unit_tells_the_situation(ask: Ask) -> None:
    assert "几" not in asking_text("书记家里有事要请几天假,镇长也要请假,俩人能不能一起走")
    assert "几" in asking_text("资格证有效期几年,要不要复审")
    led(ask, "镇党委书记家里有事要请几天假,镇长这几天也要回老家,两个人能不能一块请假", "原则上不可以")


def test_which_grade_asks_a_rank(ask: Ask) -> None:
    # from cadres40, after its blind run: 何种职级 asks a rank as 什么职级 does
    refused_for(ask, "纪检组长进驻在部门党组,该按哪种职级来配?", "rank_missing")

