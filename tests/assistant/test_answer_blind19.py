"""Mechanisms changed after the blind sets cadres19 and cadres20, each on the real corpus and worded unlike those
sets. After cadres19: a
count asked of a named thing is a count of that thing; an either-or between bodies reads the body out of
the asker's own verbs (组织部统一锁着, 本单位自己存放); a sentence that names the measure asked (检查次数)
without a figure lends its topic to no figure beside it; a bottom rank and what it gets (后三名通报批评) is a
stated failing; the documents' word that is the asker's but a character (生活圈 for 生活圈子) stands for it;
the issuer named after the place (永顺县组织部那篇) points at the document, and its byline is no answer.
After cadres20: a body is named where the clause speaks of the act; 篇 is a unit; one class counted wants
its own count; 德和才谁 asks which of two; 没认证过 states a failing; a quote takes in the rule after whom it
is for."""

from __future__ import annotations

from assistant.analyze import BRIDGE_WEIGHT, analyze, asked_intents
from assistant.query import build_query
from assistant.refuse import _alternative, amount_pattern
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


# --- after the blind set cadres20 ---------------------------------------------------------------------


def test_a_body_must_be_named_where_the_clause_speaks_of_the_act(ask: Ask) -> None:
    """泾县's clause names 证件的集中保管 in a sentence without a body; the 主要负责同志 of its 请假 sentence do
    not keep passports."""
    refused_for(ask, "泾县要求干部的因私护照交哪个部门保管?", "body_missing")
    # a clause that never names the act may say it in its own words: 约谈 for 找我们谈话
    led(ask, "泾县排名后3位的班子,谁来找我们谈话?", "由县纪委监委、县委组织部负责同志进行约谈。")


def test_an_either_or_drops_the_verbs_before_the_bodies() -> None:
    assert _alternative("应报送县委组织部") == "县委组织部"
    assert _alternative("要上报县纪委监委") == "县纪委监委"


def test_a_share_asked_with_zhan_duoshao_wants_a_share() -> None:
    shape = amount_pattern("不称职票要占到多少才算较多?")
    assert shape.search("一方面,要建立淘汰机制") is None
    assert shape.search("不称职票超过三分之一")


def test_a_count_of_articles_and_a_class_counted(ask: Ask) -> None:
    led(ask, "一把手每年得交几篇党建学习体会?", "一篇。")
    # one class of a graded scheme: its own amount, not the number of classes (A、B、C、D四个类别)
    refused_for(ask, "资阳划进B类审计的一把手有几个?", "amount_missing")
    cited(ask, "市场监管局的a级部门有多少个?", "a级部门14个")


def test_which_of_two_is_no_body_asked() -> None:
    assert "body" not in asked_intents("选一把手时德与才谁放在前面?")
    assert "body" in asked_intents("证件由谁保管?")


def test_not_having_done_a_step_is_a_stated_failing(ask: Ask) -> None:
    """没参加过认证 states the failing: 不合格者不得从事 answers, and a 泾县 sentence that only shares 参加 is no
    contrary rule."""
    answer = led(ask, "没参加过任职资格认证的,能做干部监督工作吗?", "不可以。")
    assert "不得从事干部监督工作" in quotes_of(answer) and "说法不一致" not in answer.answer, answer.answer


def test_the_items_of_a_set_given_by_its_size(ask: Ask) -> None:
    refused_for(ask, "资阳问书记责的13种情形分别是什么?", "listed_in_part")


def test_a_quote_takes_in_the_rule_after_whom_it_is_for(ask: Ask) -> None:
    """"对那些……的领导干部;" only names whom the rule is for; "都应及时予以调整" follows; "涉及……的举报," is
    followed by how they are handled."""
    led(ask, "篇三说考核不称职票连续两年偏多的领导干部咋办?", "及时予以调整。")
    cited(ask, "资阳对实名举报一把手、线索又具体的,怎么查?", "联合查核")  # after 涉及……的举报,


# --- after the blind set cadres21 ---------------------------------------------------------------------


def test_asked_to_whom_the_body_must_be_one_it_goes_to(ask: Ask) -> None:
    """书记……每半年报告1次 names who reports; nothing says to whom."""
    refused_for(ask, "泾县要求书记报告的本单位干部日常管理监督情况,报给哪个部门?", "body_missing")
    led(ask, "资阳审计对象建议名单最后报给谁?", "市委审计委员会。")


def test_a_verb_of_who_acts_asks_nothing_alone(ask: Ask) -> None:
    assert "body" not in asked_intents("书记牵头搞改革没搞成,会被追责吗?")
    assert "body" in asked_intents("这项工作谁牵头?") and "body" in asked_intents("是哪几家一块儿把关?")
    answer = ask("书记牵头搞改革没搞成,永顺县委组织部那篇说会不会被一棍子打死?")
    assert not answer.refused and "说法不一致" not in answer.answer, answer.answer
