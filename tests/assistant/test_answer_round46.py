"""Mechanisms changed in round 46 after cadres53's run, on the real corpus and worded unlike the sets: 得不得 is
a modal's A-not-A, asking whether, not about 得到; a place no document is from, told in a clause that asks
nothing while a document's place is named, is where the asker stands; 多少项 is answered by ……项44个; 来自哪
said of a body asks no source; a one-character verb with its direction (拉进来) is no thing the documents
lack; a part set apart from a later case keeps a sentence on both only when it names its own case more."""

from __future__ import annotations

from assistant.analyze import absent_asked
from assistant.lexicon import lexicon
from assistant.service import Assistant
from tests.assistant.conftest import Ask, cited, led


def test_de_bu_de_is_a_modal_asking_whether(ask: Ask) -> None:
    assert lexicon().modal_point.match("得到场") and lexicon().a_not_a.search("得不得去")
    answer = cited(ask, "四方会审那天,被巡察单位的一把手得不得亲自去?", "四方会审")
    assert answer.refusal_reason == "", answer.answer  # not refused over a point "得亲自去"


def test_a_place_told_by_the_asker_is_not_the_one_asked(ask: Ask) -> None:
    cited(ask, "我是湘西那边的,永顺那篇文章讲的三对关系是啥?", "“紧”与“松”")


def test_a_count_in_a_measure_word_is_answered_by_the_noun_ending_in_it(ask: Ask) -> None:
    led(ask, "驻在部门总共报了多少项重大事项请纪检组监督?", "44个")


def test_where_a_body_comes_from_asks_no_source() -> None:
    asks = lexicon().asks_source
    assert asks.search("那个派驻纪检组来自哪个单位?") is None
    assert asks.search("这段话来自哪篇文章?") is not None


def test_a_verb_with_its_direction_is_no_thing_lacking(assistant: Assistant, ask: Ask) -> None:
    assert absent_asked("要把哪些部门的力量都拉进来?", assistant.index(), {"拉进来"}) == ""
    answer = ask("永顺那篇说一把手选任履职全过程监督,要把哪些方面的力量拉进来?")
    assert not answer.refused and "公安" in answer.answer, answer.answer


def test_a_sentence_on_the_other_case_leaves_the_part(ask: Ask) -> None:
    led(ask, "本人以个人名义给组织推荐过一个同志,要是出了差错谁担?单位党组织推的呢?", "推荐者个人为首推责任人")
