"""Mechanisms changed in round 22 (after cadres28), each on the real corpus and worded unlike that set: a source
asked with a purpose is answered by the sentence naming both; a directional complement (报过去) is no point
asked; a binding rule leads a yes/no answer only if it speaks of what the first quote does; approximate
numbers (30余次) are amounts; a part's amount may be stated by any of its own sentences; 没凑够 states a
failing; 哪几 asks for a set's items; class letters in order are listed (ABCD → A、B、C、D); a letter's
怎么处理 with a place between; a contracted verb (报备) is held when the rule writes it apart; a list asked
of a word no document uses; 啥门槛 asks a criterion; 几桌 counts."""

from __future__ import annotations

from assistant.analyze import asked_intents
from assistant.query import normalize
from assistant.refuse import _direction, _split_held, amount_pattern
from assistant.service import Assistant
from tests.assistant.conftest import Ask, led, refused_for, refused_naming


def test_a_source_asked_with_a_purpose_gets_the_purpose(ask: Ask) -> None:
    led(ask, "泾县那个实施意见是哪个部门出的,出台是为了啥?", "为切实加强干部管理监督")


def test_a_directional_complement_is_no_point_and_an_unrelated_rule_does_not_lead(ask: Ask) -> None:
    assert _direction("要一起报过去", "过去") and not _direction("看他的过去", "过去")
    answer = ask("征求纪委意见时,拟任岗位要不要一起报过去?")
    assert not answer.refused and "不提供具体的拟任岗位" in answer.citations[0].quote, answer.answer


def test_an_approximate_number_is_an_amount(ask: Ask) -> None:
    assert amount_pattern("沟通了多少次?").search("2021年同驻在单位班子成员沟通30余次")
    answer = ask("驻市市场监管局纪检监察组2021年通报了几起问题?诫勉了几个?")
    assert not answer.refused and "1名处级干部" in answer.answer, answer.answer


def test_not_enough_days_is_a_failing(assistant: Assistant, ask: Ask) -> None:
    refused_for(ask, "进修今年没凑够20天,会怎么样?", "failing_unaddressed")


def test_which_of_a_set_asks_for_its_items(ask: Ask) -> None:
    refused_naming(ask, "“三重一大”具体是哪几样?", "named_set_items_missing", "没有列出")


def test_class_letters_in_order_are_listed() -> None:
    assert normalize("资阳的ABCD四类单位") == "资阳的A、B、C、D四类单位"
    assert normalize("GDP和CPI") == "GDP和CPI"


def test_a_letter_handled_with_a_place_between(ask: Ask) -> None:
    answer = ask("收到的举报信件,资阳那边一般怎么处理?")
    assert not answer.refused and "分类处置" in answer.answer, answer.answer


def test_a_contracted_verb_is_held_when_written_apart(ask: Ask) -> None:
    assert _split_held("报备", "并按干部管理权限及时报组织人事部门备案")
    assert not _split_held("报备", "及时报告。做好备案")
    led(ask, "工作调动后关系转完了,要不要报备?", "需要")


def test_a_list_of_an_unknown_thing_and_a_threshold_asked(ask: Ask) -> None:
    refused_naming(ask, "提拔股级干部,对党龄有啥门槛?", "list_head_unnamed", "党龄")


def test_things_counted_in_their_own_measure_word(assistant: Assistant) -> None:
    assert "count" in asked_intents("公务接待最多能摆几桌?")
    assert "count" not in asked_intents("公务接待有哪几桌?")
