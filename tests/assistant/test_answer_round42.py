"""Mechanism changed in round 42 after cadres49's run (and cadres47's, cadres48's: the same kind of question in
each), on the real corpus and worded unlike the sets: at which meeting a thing was said or required is
answered by the sentence naming the meeting that said it, led with the meeting's name, also beside a part
that asks who wrote the text."""

from __future__ import annotations

from tests.assistant.conftest import Ask, cited, led


def test_the_meeting_that_said_it_is_quoted_and_led_with(ask: Ask) -> None:
    # (永顺) 全州组织部长会议强调,突出加强对“一把手”的监督: the essay's opening, which shares few question words
    answer = led(ask, "永顺县委组织部那篇讲一把手监督的评论,开头引的是哪次会议的精神?", "全州组织部长会议")
    assert "全州组织部长会议强调" in "".join(c.quote for c in answer.citations), answer.answer


def test_the_meeting_beside_the_author(ask: Ask) -> None:
    answer = cited(ask, "“三对关系”那篇评论谁写的?引的是哪次会议的要求?", "全州组织部长会议")
    assert "张辉" in answer.answer, answer.answer
