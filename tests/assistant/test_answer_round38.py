"""Mechanisms changed in round 38 after cadres45's run, on the real corpus and worded unlike the sets: an act
counted by the count right after it (上报几次) is the thing counted, so a count of another act (检查20多次)
does not answer it; the thing an A-not-A question asks of is the head after the last 的 (下了班的[圈子]
管不管), not the words that only say which."""

from __future__ import annotations

from assistant.analyze import asked_point
from tests.assistant.conftest import Ask, cited, refused_naming


def test_an_act_counted_needs_a_count_of_its_own(ask: Ask) -> None:
    # 在履职事项上报次数、谈话次数、检查次数等方面加以区分 names the measures without figures; 检查20多次 is the
    # year's inspections, not a count of 上报
    refused_naming(ask, "廉政风险高的a级部门,每年上报几次、接受检查几次?", "counted_thing_unstated", "上报")
    cited(ask, "驻市场监管局的纪检组去年一共检查了多少次?", "检查20多次")  # the act the count is of


def test_the_thing_asked_of_is_the_head_after_de() -> None:
    assert asked_point("下了班的圈子管不管") == "管圈子"
    assert asked_point("单位的年终绩效奖还扣不扣") == "扣年终绩效奖"
