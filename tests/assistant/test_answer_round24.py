"""Mechanisms changed in round 24 (after cadres30), each on the real corpus and worded unlike that set (the
binding-lead refinement, which one set question shows, is held by cadres30's baseline): a one-word cue of
why must stand as a word (任用意见 is no 用意); a vague kind with the asker's verb glued on is no thing the
documents lack; the documents' spelling of a word without the function character of a locative stands for
it (八小时外); a consequence the question already tells does not answer what else follows; 不及格 tells a
failing; a 不能 on another matter gives no yes or no."""

from __future__ import annotations

from assistant.analyze import asks_why, shorter_spellings, vague_kind
from knowledge.index import Index
from tests.assistant.conftest import Ask, cited, quotes_of, refused_for


def test_a_cue_of_why_must_stand_as_a_word() -> None:
    assert not asks_why("把任用意见报给纪委时要附上拟任岗位吗?")
    assert asks_why("征求纪委意见的用意是什么?")


def test_a_question_with_a_word_holding_a_why_cue_across_two_words_is_answered(ask: Ask) -> None:
    answer = ask("就干部任用意见征求纪委的时候,拟任岗位也要一起提供吗?")
    assert not answer.refused, answer.answer
    assert "不提供具体的拟任岗位" in answer.answer, answer.answer


def test_a_vague_kind_with_a_verb_glued_on_is_no_missing_thing(ask: Ask) -> None:
    assert vague_kind("活儿干") and vague_kind("事情")
    assert not vague_kind("程序")
    answer = ask("一线考核重点看干部在哪些活儿干得好不好?")
    assert not answer.refused, answer.answer
    assert "征收征迁" in answer.answer, answer.answer


def test_the_documents_shorter_spelling_stands_for_the_word(corpus_index: Index) -> None:
    assert shorter_spellings(corpus_index, "八小时以外") == ("八小时外",)
    assert shorter_spellings(corpus_index, "干部监督") == ()  # the documents write it whole


def test_a_told_consequence_does_not_answer_what_else_follows(ask: Ask) -> None:
    refused_for(ask, "综合考核排倒数被约谈过了,年底还扣不扣绩效奖金?", "point_unaddressed")


def test_a_failed_exam_told_as_bu_jige_asks_what_follows(ask: Ask) -> None:
    refused_for(ask, "在职领导干部的年度理论考试没及格,接下来会咋样?", "failing_unaddressed")
    cited(ask, "任职资格认证考试不及格的,还能干干部监督工作吗?", "不合格者不得从事")


def test_a_no_on_another_matter_gives_no_lead(ask: Ask) -> None:
    """差异化设置监督措施……,不能大事小事一把抓 says 不能 of something else: it answers no "要监督吗"."""
    answer = ask("永顺张辉的文章里,一把手八小时以外的时间组织上还要监督吗?")
    assert not answer.answer.startswith("不可以"), answer.answer
    assert "八小时外" in quotes_of(answer), answer.answer
