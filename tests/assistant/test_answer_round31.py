"""Mechanisms changed in round 31 (after cadres37), each on the real corpus and worded unlike that set: 主要负责人
(the formal 一把手) asks no sanction though it holds 要负责; a sanction not reached (不够党纪政纪处分) names
the case asked of, no failing; a count of times is of no particle (几回啊)."""

from __future__ import annotations

from tests.assistant.conftest import Ask, cited


def test_the_formal_name_of_the_top_leader_asks_no_sanction(ask: Ask) -> None:
    cited(ask, "集体领导中,主要负责人能不能凌驾于班子之上?", "不能凌驾于集体领导之上")
    cited(ask, "资阳对反映主要负责人问题的举报,采用哪些办理方式?", "联合办理")


def test_a_sanction_not_reached_names_the_case(ask: Ask) -> None:
    cited(ask, "领导干部的问题尚不够党纪政纪处分的,采取哪些措施?", "谈话提醒")


def test_a_count_of_times_is_of_no_particle(ask: Ask) -> None:
    answer = ask("民主评议党员领导干部一年搞几回啊")
    assert not answer.refused, answer.answer
