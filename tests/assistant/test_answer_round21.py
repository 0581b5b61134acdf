"""Mechanisms changed in round 21 (after cadres27), each on the real corpus and worded unlike that set: a
count in levels (三级) answers 分几级; a vague kind (哪几样东西) is the items, never a thing the documents lack;
追究X责任 names who answers for it; a letter's 怎么处理 asks what is done with it; a spoken long time
(很长时间) asks a period; the asker himself is an alternative; a place named names the text whose author is
asked; a cited rule named by most of its title in order; a count right after a whether is what it asks; a
rank asked wants a rank; items named by the kind's own head (工作圈、生活圈) list that kind; a place's silence
is named only when another place states the amount."""

from __future__ import annotations

from assistant.answer import lists_kind
from tests.assistant.conftest import Ask, cited, led, refused_for, refused_naming


def test_a_count_in_levels_answers_how_many_levels(ask: Ask) -> None:
    led(ask, "驻市市场监管局纪检监察组的谈心谈话分几级?组长跟谁谈?", "三级")


def test_a_vague_kind_is_the_items(ask: Ask) -> None:
    answer = ask("“五公开”具体要公开哪几样东西?")
    assert not answer.refused and "“五公开”共5项" in answer.answer, answer.answer


def test_holding_someone_to_account_names_who(ask: Ask) -> None:
    cited(ask, "个人推荐的干部出了问题,要追究谁的责任?", "追究推荐人责任")


def test_what_is_done_with_a_letter_is_no_sanction(ask: Ask) -> None:
    answer = ask("收到反映领导干部问题的信,一般怎么处理?")
    assert not answer.refused, answer.answer


def test_a_spoken_long_time_asks_a_period(ask: Ask) -> None:
    refused_for(ask, "受了处分,是不是要过很长时间才能提拔?", "amount_missing")
    # a count right after the whether is what it asks (几个月内), not the situation told
    refused_for(ask, "被问责了,是不是几个月内都不能评优?", "amount_missing")


def test_the_asker_himself_is_an_alternative(ask: Ask) -> None:
    refused_naming(ask, "出国证件是交单位统一管还是本人保管?", "choice_unaddressed", "单位还是本人")


def test_a_place_named_names_the_text_asked_of(ask: Ask) -> None:
    led(ask, "永顺那篇讲怎么监督一把手的文章,作者是谁?", "是中共永顺县委组织部(张辉)")


def test_a_cited_rule_named_by_most_of_its_title(ask: Ask) -> None:
    refused_naming(ask, "资阳的巡察整改问责办法是哪个部门出的?", "cited_source_unstated", "资阳市巡察整改工作问责办法")


def test_a_rank_asked_wants_a_rank(ask: Ask) -> None:
    refused_naming(ask, "纪检监察组副组长是什么级别的?", "rank_missing", "职级")


def test_items_named_by_the_kinds_head_list_that_kind(ask: Ask) -> None:
    assert lists_kind("把“一把手”工作圈、生活圈、社交圈纳入监督范围", "圈子")
    assert not lists_kind("把“关键少数”管住用好", "圈子")
    cited(ask, "永顺那篇文章,监督一把手要管住他哪几个圈子?", "工作圈、生活圈、社交圈")


def test_a_places_silence_is_named_only_against_another_places_amount(ask: Ask) -> None:
    """永顺 asks for 定期 analysis and no document sets a period: say so, not that 永顺 alone is silent."""
    refused_naming(ask, "永顺说的对一把手定期分析评价,隔多久搞一次?", "amount_missing", "只要求“定期”进行")
