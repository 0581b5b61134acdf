"""Mechanisms changed in round 35 after cadres42's run, on the real corpus and worded unlike the sets: a
sentence telling how things were (以往……举手表决) is quoted with the one that turns from it (而票决制……); a
time asked after an event said with 开完/办完 (会开完了几天内) is not answered by a limit set before it."""

from __future__ import annotations

from tests.assistant.conftest import Ask, quotes_of, refused_for


def test_how_things_were_is_quoted_with_what_turns_from_it(ask: Ask) -> None:
    answer = ask("党委研究干部任免,以前那种举手表决的办法现在还用吗?")
    assert not answer.refused, answer.answer
    assert "举手表决" in quotes_of(answer) and "而票决制" in quotes_of(answer), answer.answer


def test_a_time_after_the_event_is_not_a_limit_before_it(ask: Ask) -> None:
    # 提前两个工作日报纪检监察组备案 is before the meeting; after it the documents set no days
    refused_for(ask, "急事先上会研究了,会开完了几天内要把材料补给纪检组?", "amount_missing")
