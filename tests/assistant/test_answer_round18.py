"""Mechanisms changed in round 18 (after cadres24), each on the real corpus and worded unlike that set: an
age asked wants an age; a set asked whether of as a whole is not listed; other places than the documents'
(其他省份) have no rule here; an either-or between times of the year is refused when neither is said; a time
after the event is not one set before it (提前两个工作日); a report's handling (举报信怎么分类处理) is a
procedure; 冲着啥来的 asks what for."""

from __future__ import annotations

from assistant.analyze import analyze
from assistant.query import build_query
from assistant.service import Assistant
from tests.assistant.conftest import Ask, cited, led, refused_for, refused_naming


def test_an_age_asked_wants_an_age(ask: Ask) -> None:
    refused_naming(ask, "泾县年轻干部是指多少岁以下?", "amount_missing", "年龄")


def test_a_set_asked_whether_of_as_a_whole_is_not_listed(ask: Ask) -> None:
    answer = ask("“五联”模式是不是资阳首创的?")
    assert "共5项" not in answer.answer, answer.answer
    # asked whether one of its items is in it, the listing answers
    cited(ask, "五个必谈里有没有提拔的时候必谈?", "提拔使用时必谈")


def test_other_places_than_the_documents_have_no_rule_here(ask: Ask) -> None:
    refused_naming(ask, "资阳的五联模式,其他省份有没有学?", "other_jurisdiction", "其他省份")
    # 外地 is where a cadre goes, not whose rule is asked
    cited(ask, "去外地办点私事,出了县要不要请假?", "请销假审批手续")


def test_an_either_or_between_times_neither_said_is_refused(ask: Ask) -> None:
    refused_naming(ask, "证件集中保管检查是年中搞还是年末搞?", "choice_unaddressed", "年中还是年末")


def test_a_time_after_the_event_is_not_one_set_before_it(ask: Ask) -> None:
    answer = refused_for(ask, "三重一大事项会后多久要补报?", "amount_missing")
    assert "两个工作日" not in answer.answer.split("可能相关")[0], answer.answer
    led(ask, "三重一大事项要提前几天报纪检监察组备案?", "两个工作日")


def test_how_a_report_is_dealt_with_is_a_procedure(assistant: Assistant, ask: Ask) -> None:
    analysis = analyze(build_query("资阳那边收到举报信以后怎么分类处理?", [], None, 500), assistant.index())
    assert not analysis.asks_consequence and "method" in analysis.intents
    cited(ask, "资阳那边收到举报信以后怎么分类处理?", "直接办理")


def test_what_it_is_aimed_at_asks_what_for(assistant: Assistant, ask: Ask) -> None:
    assert analyze(build_query("资阳推五联模式是冲着啥来的?", [], None, 500), assistant.index()).asks_reason
    cited(ask, "资阳推五联模式是冲着啥来的?", "监督力量薄弱")
