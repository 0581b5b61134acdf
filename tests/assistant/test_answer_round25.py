"""Mechanisms changed in round 25 (after cadres31), each on the real corpus and worded unlike that set: a
space between Chinese words is a pause; a clause asking whether one may (能不能) makes a count before it
tell the situation; a verb right after a count (几名算数) is no thing counted, and 名 counts as 位 does; a
purpose asked with any verb (为了破除哪些难题); 吧 at the end asks to confirm, and an amount told there is
what is asked."""

from __future__ import annotations

from assistant.analyze import asking_text
from assistant.query import normalize
from tests.assistant.conftest import Ask, cited, led, refused_for


def test_a_space_between_chinese_words_is_a_pause(ask: Ask) -> None:
    assert normalize("下周想出去几天 书记能请假吗") == "下周想出去几天,书记能请假吗"
    assert normalize("审计 A类单位") == "审计 A类单位"  # a letter is no Chinese word
    cited(ask, "下个月想回老家待几天 乡长和书记能不能同时请假", "不得同时请假外出")


def test_a_whether_clause_makes_an_earlier_count_tell() -> None:
    assert "几" not in asking_text("国庆想出去几天,书记能不能请假")
    assert "几" in asking_text("一年得学几天,有没有个下限")  # 有没有 asks of that amount


def test_a_verb_after_a_count_is_no_thing_counted(ask: Ask) -> None:
    led(ask, "年度综合考核排名靠后的班子要被约谈,排后面几名算数?", "3位")


def test_a_purpose_asked_with_any_verb(ask: Ask) -> None:
    cited(ask, "资阳弄“五联”,为了破除哪些监督上的难题?", "监督力量薄弱")


def test_ba_asks_to_confirm_the_amount_told(ask: Ask) -> None:
    led(ask, "离任交接10个工作日内办完就行吧?", "7个工作日内")
    led(ask, "离任交接一般一个月内办完吧", "7个工作日内")  # a time told wrong in its unit too
    answer = refused_for(ask, "任前公示得公示满7天吧", "amount_missing")
    assert "“7天”" in answer.answer, answer.answer  # the refusal names the amount the documents do not set
