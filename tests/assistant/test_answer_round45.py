"""Mechanisms changed in round 45 after cadres52's run, on the real corpus and worded unlike the sets: a saying
quoted from memory (single quotes too) names the text that holds a run of its words; 哪儿搞的 asks a place; a
failing with its verb inside (没考过关) or a body that never replied (一直没回复) asks what follows; 啥比例 asks
an amount."""

from __future__ import annotations

from assistant.lexicon import lexicon
from assistant.sources import QUOTED
from tests.assistant.conftest import Ask, cited, led, refused_for


def test_a_saying_quoted_from_memory_names_its_text(ask: Ask) -> None:
    assert QUOTED.findall("'不交马虎账'") == ["不交马虎账"]
    cited(ask, "‘离任的不交马虎账’这话是讲哪方面工作的?", "不交马虎账")


def test_where_it_was_done_asks_a_place(ask: Ask) -> None:
    assert lexicon().asks_place.search("这活动是哪儿搞的") is not None
    assert lexicon().asks_place.search("去哪里了解情况") is None  # where to go is no place asked of a rule
    led(ask, "三比三创三争这个活动是哪儿搞起来的?跟考核挂钩吗?", "泾县")


def test_a_failing_with_its_verb_inside_asks_what_follows(ask: Ask) -> None:
    refused_for(ask, "任职前的党风党纪考试没考过关,还能照常任职吗?", "failing_unaddressed")
    refused_for(ask, "提名预案报给纪委一周了,纪委一直没回复,能直接当作没问题吗?", "failing_unaddressed")


def test_what_ratio_asks_an_amount(ask: Ask) -> None:
    answer = ask("泾县股级干部职数按啥比例配?")
    assert answer.refused and answer.refusal_reason in ("amount_missing", "named_place_silent"), answer.answer
    led(ask, "差额考察时考察人选按什么比例定?", "不低于1:2")
