"""Mechanisms changed in round 43 after cadres50's run, on the real corpus and worded unlike the sets: 如何处理 said
of what a body does with a case (干部部门如何处理) asks a step of its procedure, not a sanction; a part that puts
another case and asks again with 又 (要是党组织推荐的又算谁?) asks what the part before asked, of its own case."""

from __future__ import annotations

from assistant.analyze import handling_plain
from assistant.lexicon import lexicon
from tests.assistant.conftest import Ask, cited


def test_how_a_body_handles_a_case_is_no_sanction_asked() -> None:
    asks = lexicon().asks_consequence
    assert asks.search(handling_plain("对纪委建议暂缓任职的人选,组织部门该如何处理?")) is None
    assert asks.search(handling_plain("隐瞒个人事项的干部会怎么处理?")) is not None  # a person's wrong: a sanction


def test_a_part_asking_again_with_you_is_set_apart(ask: Ask) -> None:
    answer = cited(ask, "我个人出面推荐了一个人选,出了岔子算谁的?要是党组织推荐的又算谁?", "推荐者个人为首推责任人")
    assert "党组织的主要领导" in answer.answer, answer.answer
