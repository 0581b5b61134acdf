"""Mechanisms changed in round 39 after cadres46's run, on the real corpus and worded unlike the sets: who
issued a cited rule is asked with how they did it too (哪家单位牵头印发的); an either-or between two sanctions
(诫勉还是党纪处分) is answered only by a sentence naming one of them."""

from __future__ import annotations

from tests.assistant.conftest import Ask, refused_for, refused_naming


def test_who_led_the_issuing_of_a_cited_rule_is_not_told(ask: Ask) -> None:
    # the news report cites 《资阳市巡察整改工作问责办法(试行)》 without saying who issued it
    refused_for(ask, "资阳那个巡察整改工作问责办法,是哪家单位牵头印发的?", "cited_source_unstated")


def test_an_either_or_between_sanctions_needs_one_named(ask: Ask) -> None:
    # the rule lists 13 cases for 问责 of the 书记 and names no sanction
    refused_naming(ask, "巡察整改不力,资阳对书记是诫勉还是给党纪处分?", "choice_unaddressed", "诫勉还是")
