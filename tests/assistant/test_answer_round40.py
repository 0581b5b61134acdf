"""Mechanisms changed in round 40 after cadres47's run, on the real corpus and worded unlike the sets: a list
question's kind is read after a measure word (哪几步程序), and one naming no kind (哪些东西) wants the stretch
that announces the items (内容包括……); a place told of in a clause that asks nothing is held up for
comparison when the asking turns to another place or to 这边; a part of several whose ask the sentence
chosen for another part does not show takes a near sentence that shows it."""

from __future__ import annotations

from assistant.analyze import asked_kind
from tests.assistant.conftest import Ask, cited, refused_for


def test_the_kind_follows_a_measure_word() -> None:
    assert asked_kind("举报件要过哪几步程序") == "程序"
    assert asked_kind("要经过哪几道手续") == "手续"


def test_a_list_of_steps_quotes_the_steps(ask: Ask) -> None:
    # the sentence names 直接办理、联合办理…等方式 too; the steps are the enumeration closed by 等程序
    cited(ask, "资阳收到信访举报,办理上要经过哪几道程序?", "拟办审批")


def test_a_list_naming_no_kind_quotes_the_items_announced(ask: Ask) -> None:
    # the long 离任交接 sentence opens on 调动、免职、辞职 (who hands over); the things handed over follow 内容包括
    cited(ask, "离任交接需要交接哪些东西?", "经济事项")


def test_a_place_told_of_is_held_up_when_another_is_asked(ask: Ask) -> None:
    # 资阳 holds its 联席会议 at least once a year; 泾县's text names the meeting but no rhythm for it
    refused_for(ask, "资阳那边联席会议每年至少开一次,泾县隔多久开一次联席会议?", "model_unmatched")
    cited(ask, "资阳的联席会议一年最少开几次?", "每年至少召开1次联席会议")  # asked of 资阳 itself


def test_a_place_told_of_is_held_up_when_here_is_asked(ask: Ask) -> None:
    # 资阳's four audit classes are told; the 廉政风险 tiers asked of 这边 are the 驻市市场监管局's three
    cited(ask, "资阳一把手审计分了四类,驻市场监管局纪检组这边的廉政风险分几级?", "低中高三级")


def test_a_part_takes_the_sentence_that_shows_what_it_asks(ask: Ask) -> None:
    # both parts' best is the 暂缓任职 sentence; whether it may go to the meeting is said by 不得提交会议研究
    cited(ask, "纪委说这个人选正在查、建议先别任,干部部门咋办?没经过纪委审查能上会不?", "未经纪委审查不得提交会议研究")
