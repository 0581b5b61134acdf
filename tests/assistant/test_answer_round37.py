"""Mechanisms changed in round 37 after cadres44's run, on the real corpus and worded unlike the sets: how a
thing counts (反对票咋算) is asked of that thing; a part ending on 呢 asks what the part before it asked, of
its own case, and two such parts that chose one sentence are set apart; a lead said for one part is not said
again."""

from __future__ import annotations

from tests.assistant.conftest import Ask, led, quotes_of, refused_naming


def test_how_a_thing_counts_is_asked_of_that_thing(ask: Ask) -> None:
    # the documents speak of 票决制 but never of 反对票: no rule says how it counts
    refused_naming(ask, "常委会票决干部,反对票咋算?", "asked_thing_absent", "反对票")
    refused_naming(ask, "党委票决的时候,废票怎么算?", "asked_thing_absent", "废票")


def test_a_part_ending_on_ne_asks_the_same_of_its_own_case(ask: Ask) -> None:
    # 单位党组织推荐 gets the 主要领导; 个人推荐 gets 推荐者个人: each part its own case, both in the first line
    answer = ask("我以个人身份推荐了一名干部,首推责任人是谁?那要是单位党组织推荐的呢?")
    assert not answer.refused, answer.answer
    first = answer.answer.splitlines()[0]
    assert "推荐者个人" in first and "党组织的主要领导" in first, answer.answer


def test_a_part_ending_on_ne_keeps_the_amount_asked_in_any_unit(ask: Ask) -> None:
    # 专题会议 is held 每季度: asked after 一年开几次, it is still an amount, though not a count of times
    answer = ask("资阳那个监督联席会议一年开几次?专题会议呢?")
    assert not answer.refused and "每季度视情召开专题会议" in quotes_of(answer), answer.answer


def test_a_lead_is_said_once(ask: Ask) -> None:
    answer = ask("干部调走了交接得几天办完?辞职的呢?")
    first = answer.answer.splitlines()[0]
    assert first.startswith("7个工作日内") and "7个;" not in first and not first.endswith("7个。"), answer.answer


def test_a_whole_question_in_full_width_marks_tells_its_case_by_all_its_words(ask: Ask) -> None:
    # full-width marks make the question differ from its normalised text; it is still one question, whose
    # 单位党组织 tells its case (the part-of-several reading once led it with 推荐者个人)
    led(ask, "以单位党组织的名义推荐干部人选，首推责任人是谁？", "党组织的主要领导")
