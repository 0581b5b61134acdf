"""Mechanisms changed in round 20 (after cadres26), each on the real corpus and worded unlike that set: the why
of a reason question does not ask for a set's items; a sanction said not to be reached names the case, not
the consequence asked; another place's rule holding half the question makes the named place's stray
sentence no answer; 哪几对/哪几项 in a set's own measure word asks for its items, and so does the set's verb
with its name (实行……公开); a count of classes or grades (分几类, 分几档) is an amount, stated by the named place's
own sentence; an opinion still awaited states a failing; a whether the documents only raise is not settled."""

from __future__ import annotations

from assistant.analyze import Analysis, analyze
from assistant.named_sets import counted_names
from assistant.query import build_query
from assistant.service import Assistant
from tests.assistant.conftest import Ask, cited, clause_containing, led, quotes_of, refused_for, refused_naming


def _analysis(assistant: Assistant, question: str) -> Analysis:
    return analyze(build_query(question, [], None, 500), assistant.index())


def test_the_why_does_not_ask_for_the_items(ask: Ask) -> None:
    answer = ask("资阳搞“五联”,要治的是啥病?")
    assert "共5项" not in answer.answer and "监督力量薄弱" in quotes_of(answer), answer.answer
    # asked for its items, the set is listed as before
    led(ask, "“五联”具体是哪五联?", "出自新闻报道")
    assert "共5项" in ask("“五联”具体是哪五联?").answer


def test_a_sanction_not_reached_is_the_case_asked_of(ask: Ask) -> None:
    led(ask, "领导干部犯点小错,够不着处分,一般咋处理?", "采取谈话提醒、诫勉")
    # a sanction asked for is still the consequence asked: the leave rule names none
    refused_for(ask, "不按规定请销假会给什么处分?", "consequence_missing")


def test_another_places_rule_on_the_whole_question_silences_a_stray_sentence(ask: Ask) -> None:
    """泾县 forbids 乡镇党政正职 to be away on leave together; 资阳's report only shares 书记 with the question."""
    answer = refused_for(ask, "资阳那里,乡镇党委书记跟乡镇长可不可以同时请假外出?", "named_place_off_topic")
    assert "资阳" in answer.answer
    cited(ask, "泾县那里,乡镇党委书记跟乡镇长可不可以同时请假外出?", "不得同时请假外出")


def test_which_pairs_in_the_sets_own_measure_word_asks_for_its_items(assistant: Assistant, ask: Ask) -> None:
    index = assistant.index()
    pairs = clause_containing(index, "要著重把握好三对关系")
    assert counted_names("这篇文章要把握好哪几对关系?", [pairs]) == ["三对关系"]
    # 个 counts anything: 哪几个环节 of a selection is not the report's 紧盯三个环节
    rings = clause_containing(index, "紧盯三个环节")
    assert counted_names("选拔干部要看住哪几个环节?", [rings]) == []
    answer = ask("永顺那篇文章,监督一把手要把握好哪几对关系?")
    assert "“三对关系”共3项" in answer.answer and "“紧”与“松”" in answer.answer, answer.answer


def test_a_sets_verb_and_name_describe_it(ask: Ask) -> None:
    answer = ask("一把手的事情要在哪些方面实行公开?")
    assert "“五公开”共5项" in answer.answer and "个人情况要公开" in quotes_of(answer), answer.answer



def test_a_count_of_classes_is_an_amount_of_the_named_place(assistant: Assistant, ask: Ask) -> None:
    graded = _analysis(assistant, "资阳的审计对象分几类?")
    assert "count" in graded.intents and graded.asks_amount
    assert "count" not in _analysis(assistant, "资阳的审计对象分哪几类?").intents
    cited(ask, "资阳的审计对象分几类?", "四个经济责任审计类别")
    # 资阳's four classes do not tell how 泾县 grades its audits
    refused_for(ask, "泾县的一把手经济责任审计分几级来搞?", "amount_missing")
    refused_naming(ask, "泾县对一把手经济责任审计,是不是也分档次?分几档?", "amount_missing", "泾县县委组织部的文件没有规定")


def test_an_opinion_still_awaited_is_a_failing(assistant: Assistant) -> None:
    assert _analysis(assistant, "纪委的意见还没回来,能不能先开会定人?").states_failing
    assert not _analysis(assistant, "纪委的意见多久回来?").states_failing


def test_a_whether_the_documents_only_raise_is_not_settled(ask: Ask) -> None:
    refused_naming(ask, "纪检监察组组长可以审核驻在单位一把手的述廉述责材料吗?", "whether_left_open", "述廉述责材料")
    # a rule that settles it is answered as before
    led(ask, "没经过纪委审查的人选能提交会议研究吗?", "不可以")
