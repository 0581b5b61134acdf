"""Mechanisms changed in round 23 (after cadres29), each on the real corpus and worded unlike that set: an age
told and whether it counts asks an age; after a whether, only a period or a rhythm (几年必审一次) is asked,
not "几个部门" (several); a name the documents quote is a set's name unquoted too (五公开); where a set
comes from is asked, not its items; an idiom after 哪些 describes the kind, it is no kind itself; of rival
amounts, the one after the act counted leads; a bare count does not pick a sentence stating a number on
another matter."""

from __future__ import annotations

from assistant.analyze import asked_kind
from tests.assistant.conftest import Ask, led, refused_for, refused_naming


def test_an_age_told_and_whether_it_counts_asks_an_age(ask: Ask) -> None:
    refused_naming(ask, "我都36了,还算泾县说的年轻干部吗?", "amount_missing", "年龄界限")


def test_after_a_whether_only_a_period_or_a_rhythm_is_asked(ask: Ask) -> None:
    refused_naming(ask, "资阳的A类单位是不是审得最勤、几年必审一次?", "amount_missing", "时限或数量")
    answer = ask("资阳是不是几个部门一起查实名举报?")  # 几个 is "several": whether, not how many
    assert not answer.refused, answer.answer


def test_a_quoted_name_unquoted_names_the_set(ask: Ask) -> None:
    answer = ask("一把手的五公开,都有哪几样?")
    assert "“五公开”共5项" in answer.answer, answer.answer


def test_where_a_set_comes_from_is_not_its_items(ask: Ask) -> None:
    answer = led(ask, "“四小四大”是哪个县提出来的?", "泾县")
    assert "共4项" not in answer.answer, answer.answer


def test_an_idiom_is_no_kind_of_thing() -> None:
    assert asked_kind("重点看干部在哪些急难险重的活儿里的表现?") == ""
    assert asked_kind("推荐干部要经过哪些程序?") == "程序"


def test_of_rival_amounts_the_one_after_the_act_counted_leads(ask: Ask) -> None:
    led(ask, "那个纪检监察组2021年跟班子成员沟通了多少次?", "30余次")
    led(ask, "那个纪检监察组督促分管领导约谈下级多少次?", "15次")


def test_a_bare_count_does_not_take_a_number_on_another_matter(ask: Ask) -> None:
    refused_for(ask, "俺们乡镇的股级干部最多能配几个?泾县规定了个数没有?", "amount_missing")


def test_a_rule_on_a_weightier_word_of_the_question_still_leads(ask: Ask) -> None:
    """Round 22 kept a binding 不得 from leading when it lacked the first quote's heaviest word (研究); a rule
    holding a weightier one (集体, 传阅、会签) speaks of the matter asked and leads again."""
    led(ask, "事情急,材料在班子里传一圈、大家签个字,能不能算集体研究过了?", "不可以")
