"""Mechanisms changed after the blind set cadres19, each on the real corpus and worded unlike that set: a
count asked of a named thing is a count of that thing; an either-or between bodies reads the body out of
the asker's own verbs (组织部统一锁着, 本单位自己存放); a sentence that names the measure asked (检查次数)
without a figure lends its topic to no figure beside it; a bottom rank and what it gets (后三名通报批评) is a
stated failing; the documents' word that is the asker's but a character (生活圈 for 生活圈子) stands for it;
the issuer named after the place (永顺县组织部那篇) points at the document, and its byline is no answer."""

from __future__ import annotations

from assistant.analyze import BRIDGE_WEIGHT, analyze
from assistant.query import build_query
from assistant.refuse import _alternative
from assistant.service import Assistant
from tests.assistant.conftest import Ask, cited, led, quotes_of, refused_for


def test_a_count_asked_of_a_named_thing_must_count_that_thing(ask: Ask) -> None:
    """泾县's only yearly count is of the 证件 check: it is no count of the 联席会议's meetings."""
    refused_for(ask, "泾县干部监督联席会议每年要召开几次成员大会?", "counted_thing_unstated")
    # the thing counted named in the sentence: answered as before
    led(ask, "出国证件集中保管的情况每年检查几次?", "1次。")


def test_an_either_or_reads_the_body_out_of_the_askers_verbs(ask: Ask) -> None:
    assert _alternative("组织部统一锁着") == "组织部"
    assert _alternative("本单位自己存放") == "本单位"
    assert _alternative("交公安局保管") == "公安局"
    answer = refused_for(ask, "泾县的出国护照由组织部集中收着还是本单位自己存放?", "choice_unaddressed")
    assert "组织部还是本单位" in answer.answer, answer.answer


def test_a_measure_named_without_a_figure_lends_no_topic_to_a_figure_beside_it(ask: Ask) -> None:
    """The 廉政风险分级 sentence says only that the levels differ in 谈话次数、检查次数; the 检查20多次 two
    sentences on, in the same clause, is a year's work on 巡察, not a level's quota."""
    for question in ("廉政风险等级是a级的部门,每年谈话几次?", "风险最高的那类科室一年得被查几回?"):
        answer = refused_for(ask, question, "amount_missing")
        assert "20多次" not in answer.answer, answer.answer


def test_a_bottom_rank_is_a_stated_failing_and_its_sanction_leads(ask: Ask) -> None:
    answer = led(ask, "督导检查排在后三名的单位怎么处理?", "通报批评。")
    assert "后三名通报批评" in quotes_of(answer), answer.answer


def test_the_documents_word_but_a_character_stands_for_the_askers(assistant: Assistant, ask: Ask) -> None:
    """社交圈子 is nowhere; 社交圈 is, in 永顺's sentence putting a leader's circles under supervision: it
    stands for the asker's word as a synonym would, not as a mere fragment (圈子 alone, in 圈子文化)."""
    analysis = analyze(build_query("一把手的社交圈子管不管?", [], None, 500), assistant.index())
    term = next(t for t in analysis.terms if t.word == "社交圈子")
    assert term.found_in("把工作圈、生活圈、社交圈纳入监督范围") == BRIDGE_WEIGHT
    assert term.found_in("坚决反对圈子文化") < BRIDGE_WEIGHT
    cited(ask, "永顺县组织部那篇文章里,一把手的生活圈子、社交圈子归不归组织上监督?", "社交圈纳入监督范围")


def test_a_byline_is_never_quoted(ask: Ask) -> None:
    for question in ("永顺县组织部那篇说一把手要咋管?", "永顺县组织部的文章对一把手监督提了啥要求?"):
        answer = ask(question)
        assert "(中共永顺县委组织部 张辉)" not in quotes_of(answer), answer.answer


def test_an_either_or_of_amounts_or_of_listed_items_is_no_answer(ask: Ask) -> None:
    """The documents push 票决制 but set no share of votes; 资阳 lists 直审、抽审、内审 side by side and
    does not say which category gets which."""
    answer = refused_for(ask, "常委会票决干部,赞成票过半数就行还是得三分之二?", "choice_unaddressed")
    assert "过半数还是三分之二" in answer.answer, answer.answer
    answer = refused_for(ask, "资阳D类单位的一把手,审计是抽审还是内审?", "choice_unaddressed")
    assert "抽审还是内审" in answer.answer, answer.answer


def test_a_body_must_be_named_in_the_sentence_of_the_act(ask: Ask) -> None:
    """督查员 are 聘请-ed, by whom the sentence does not say; 丰富领导工作经验 names no one who leads, and the
    党委 of the next sentence (查阅党委讨论干部的会议记录) is not who hires them."""
    refused_for(ask, "干部工作监督督查员归哪个部门聘请?", "body_missing")


def test_a_yes_no_answer_quotes_the_stretch_of_its_matter(ask: Ask) -> None:
    """不能腐 in the same sentence is a rule's polarity, but on another matter than the circles asked of."""
    answer = cited(ask, "永顺那篇里,一把手八小时以外交往的社交圈子,也要纳入监督吗?", "社交圈纳入监督范围")
    assert "不能腐" not in answer.answer.split("\n")[0], answer.answer
