"""Mechanisms changed in round 16 (after cadres22), each on the real corpus and worded unlike that set:
怎么处理 asked of a record asks what is done with it, not a sanction; a set counted in figures (25项工作)
is a named set when its items are asked; each thing counted (上报几次X、谈几次话) needs a count of times of
its own; how the doer is present (谁在场监交) is no act; a list asked of a thing no document names
(亲属包括哪些) is not answered by a list of other things."""

from __future__ import annotations

from assistant.analyze import analyze
from assistant.named_sets import names_in, set_number, set_size
from assistant.query import build_query
from assistant.service import Assistant
from tests.assistant.conftest import Ask, cited, refused_for, refused_naming


def test_handling_a_record_is_a_step_not_a_sanction(assistant: Assistant, ask: Ask) -> None:
    index = assistant.index()
    record = analyze(build_query("限期整改以后,整改的结果咋处理?", [], None, 500), index)
    assert not record.asks_consequence and "consequence" not in record.intents
    wrong = analyze(build_query("干部个人有关事项报告不如实怎么处理?", [], None, 500), index)
    assert wrong.asks_consequence and "consequence" in wrong.intents
    cited(ask, "限期整改以后,整改的结果咋处理?", "存档备用")


def test_a_set_counted_in_figures_is_named_when_its_items_are_asked(assistant: Assistant, ask: Ask) -> None:
    assert set_size("25项工作") == 25 and set_number("25项工作") == "25" and set_number("五个必谈") == "五"
    corpus = assistant.index().fulltext
    assert "25项工作" in names_in("对照《意见》开展回头看的那25项工作,是哪25项?", corpus)
    assert names_in("那25项工作开展回头看了吗?", corpus) == []  # no items asked
    refused_naming(ask, "对照《意见》开展回头看的那25项工作,是哪25项?", "named_set_items_missing", "没有列出这25项")
    # a count in figures the documents list in part keeps its own refusal
    refused_for(ask, "资阳市联席会议的20个部门具体是哪些?", "listed_in_part")


def test_each_thing_counted_needs_its_own_count_of_times(ask: Ask) -> None:
    """The 风险分级 sentence names 履职事项上报次数 and 谈话次数 without figures; the 三次专项巡察 beside them
    counts inspections, and 14个 counts departments, not times."""
    refused_naming(ask, "b级部门一年要上报几次履职事项、谈几次话?", "counted_thing_unstated", "履职事项")
    # the thing counted is in the sentence with its count: answered
    cited(ask, "驻在部门党组开过几次专项巡察?", "三次专项巡察")


def test_how_the_doer_is_present_is_no_act(ask: Ask) -> None:
    refused_naming(ask, "干部辞职交接工作时,谁到场监交?", "asked_thing_absent", "监交")
    # 谁头上 asks who answers for it; no presence word, no act asked: answered as before
    cited(ask, "以党组织名义推荐的干部出了事,首推责任算谁头上?", "首推责任人")


def test_a_list_of_a_thing_no_document_names_is_not_answered_by_other_things(ask: Ask) -> None:
    refused_naming(ask, "要回避的亲属都包括哪些?", "list_head_unnamed", "亲属")
    # a thing the documents name: its list is quoted
    cited(ask, "干部监督信息档案都包括哪些材料?", "经济责任审计结果报告")
