"""Mechanisms changed in round 30 (after cadres36), each on the real corpus and worded unlike that set: an idiom
or an adverb the documents never use is no named thing they lack; the thing whose amount is offered to
confirm must be one the documents know; a heavy sanction asked of by name must be imposed by the rule quoted;
whose practice is asked is told by its report, though a rule it cites has no issuer."""

from __future__ import annotations

from assistant.analyze import term_of_art
from tests.assistant.conftest import Ask, cited, refused_for


def test_an_idiom_or_an_adverb_is_no_named_thing(ask: Ask) -> None:
    assert not term_of_art("一竿子") and not term_of_art("照常")
    assert term_of_art("亲属关系")  # a set phrase may name a thing
    assert term_of_art("正处")  # a rank, though the tagger reads 正处 as the adverb of 正处于
    cited(ask, "纪委说正在核查、建议暂缓,那这个人选还能照常提交会议吗", "调整出预案")


def test_the_thing_whose_amount_is_confirmed_must_be_known(ask: Ask) -> None:
    refused_for(ask, "新任干部的试用期是一年吧", "asked_thing_absent")


def test_a_heavy_sanction_asked_must_be_imposed(ask: Ask) -> None:
    refused_for(ask, "蜗牛杯连拿两年,一把手会不会被撤职", "sanction_unimposed")


def test_whose_practice_is_told_by_its_report(ask: Ask) -> None:
    answer = ask("廉政风险分级管理那个经验,是哪个单位的纪检组搞出来的")
    assert not answer.refused, answer.answer
