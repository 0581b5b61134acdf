"""Mechanisms changed in round 29 (after cadres35), each on the real corpus and worded unlike that set: being
made answerable (追究考察者的责任) answers who bears it; a level of an organisation is no rank; 比例……多少
asks a share; a letter received asks what is done with it; a person's name must be stated; an A-not-A with
its object told first asks of that object; 咋整 is 咋办; 不能不说 forbids nothing."""

from __future__ import annotations

from assistant.analyze import asked_point
from assistant.answer import polarity
from tests.assistant.conftest import Ask, cited, refused_for


def test_being_made_answerable_answers_who_bears_it(ask: Ask) -> None:
    cited(ask, "考察时有人隐瞒真相,结果严重失真,由谁担责", "追究考察者的责任")


def test_a_level_of_an_organisation_is_no_rank(ask: Ask) -> None:
    cited(ask, "领导干部过组织生活,该以啥身份、去哪个层级的组织里过", "普通党员身份")


def test_a_share_asked_after_its_word(ask: Ask) -> None:
    refused_for(ask, "公开选拔时一把手职位占的比例具体多少", "amount_missing")  # 1:2 is no share


def test_a_letter_received_asks_what_is_done_with_it(ask: Ask) -> None:
    cited(ask, "资阳那边,涉及一把手的举报件接到以后咋处理", "直接办理")


def test_a_persons_name_must_be_stated(ask: Ask) -> None:
    refused_for(ask, "取消了评优资格的那位一把手姓啥", "name_unstated")
    cited(ask, "资阳介绍审计分类管理的那位审计局副局长叫啥名", "袁军")


def test_an_a_not_a_with_its_object_told_first(ask: Ask) -> None:
    assert asked_point("被约谈以后,年底奖金还发不发") == "发年底奖金"
    assert asked_point("干部被人诬告了,组织上管不管") == "管"  # who would act
    assert asked_point("招商引资算不算") == ""  # whether it counts
    refused_for(ask, "班子考核垫底被约谈以后,年底奖金还发不发", "point_unaddressed")


def test_zazheng_is_zaban(ask: Ask) -> None:
    refused_for(ask, "差额考察按1比2,可合适的人选不够咋整", "failing_unaddressed")


def test_cannot_but_say_forbids_nothing() -> None:
    assert polarity("在考察上对“德才兼备”原则把握不够,不能不说是一个重要原因。", permission=True) == 0
    assert polarity("原则上不能同时请假外出。", permission=True) == -1
