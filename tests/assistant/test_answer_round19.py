"""Mechanisms changed in round 19 (after cadres25), each on the real corpus and worded unlike that set: 几回 is
几次 and a verb after a count is no thing counted, so neither makes a word "absent"; 这关没过
states a failing; a person described (接班的人) is an alternative as a body is; bodies listed by their cores
(组织、公安两部门) are side by side; 采取/采用 lead into an alternative; 找哪儿 asks a body; 啥老大难问题
asks what for; who issued a rule the documents only cite is not the citing report's issuer; each part of
several must have its own body."""

from __future__ import annotations

from assistant.analyze import Analysis, analyze
from assistant.query import build_query
from assistant.refuse import _alternative, _body_core
from assistant.service import Assistant
from tests.assistant.conftest import Ask, cited, led, refused_for, refused_naming


def _analysis(assistant: Assistant, question: str) -> Analysis:
    return analyze(build_query(question, [], None, 500), assistant.index())


def test_counting_words_make_no_word_absent(assistant: Assistant) -> None:
    for question in ("出国证件一年查几回收得咋样?", "督导检查排在最后的几个会咋样?"):
        assert _analysis(assistant, question).absent_asked == "", question
    assert _analysis(assistant, "证件保管要缴纳多少押金?").absent_asked == "押金"


def test_a_pass_not_made_is_a_failing(assistant: Assistant) -> None:
    assert _analysis(assistant, "政治这关没过,别的干得再好还能提拔不?").states_failing
    assert not _analysis(assistant, "政治考察都考些啥?").states_failing


def test_either_or_alternatives_read_as_bodies(ask: Ask) -> None:
    assert _alternative("交给接班的人") == "接班的人"
    assert _alternative("是采取抽审") == "抽审"
    assert _body_core("组织部") == "组织" and _body_core("公安局") == "公安" and _body_core("纪委") == "纪委"
    # 组织、公安两部门 names both, side by side: neither is said to keep the passports
    refused_naming(ask, "护照交组织部保管还是交公安局保管?", "choice_unaddressed", "组织部还是公安局")
    refused_naming(ask, "B类单位一把手审计是采取抽审还是内审?", "choice_unaddressed", "抽审还是内审")


def test_where_to_go_asks_a_body(assistant: Assistant) -> None:
    assert "body" in _analysis(assistant, "受了诫勉以后想申诉,该找哪儿?").intents


def test_the_old_trouble_it_meant_to_solve_asks_what_for(assistant: Assistant, ask: Ask) -> None:
    assert _analysis(assistant, "资阳分类审计是想解决啥老大难问题?").asks_reason
    cited(ask, "资阳分类审计是想解决啥老大难问题?", "选择困难")


def test_who_issued_a_rule_only_cited_is_not_said(ask: Ask) -> None:
    refused_naming(ask, "泾县县管干部政治表现考察办法是哪家单位印发的?", "cited_source_unstated", "考察办法")
    # a rule whose issuer a sentence names (泾县县委组织部出台《……》) is answered as before
    led(ask, "关于构建从严管理监督干部体系的实施意见是哪个部门出台的?", "是泾县县委组织部")


def test_each_part_of_several_needs_its_own_body(ask: Ask) -> None:
    """泾县 says the 证件 check is yearly, not who carries it out."""
    refused_for(ask, "出国证件集中保管情况每年检查几次?由哪个部门来查?", "body_missing")
    led(ask, "干部调动交接要几天?交给谁备案?", "7个工作日内")
