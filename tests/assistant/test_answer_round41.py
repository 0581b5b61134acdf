"""Mechanisms changed in round 41 after cadres48's run, on the real corpus and worded unlike the sets: 向哪个部门
asks whom a thing goes to; "the rest of them" (剩下的, 其余) asks for a set's items; 几月几号 wants a day, not a
year alone; a matter told by how it feels (啥烦心事) names no kind a document could lack; 回 leads into an
either-or's alternative (回支部); who said the words a report quotes is led with; a set named by its count and
the word that opens its items may list them phrase by phrase ("三不"); whether it has really happened to
someone is answered by the report that it did."""

from __future__ import annotations

from assistant.analyze import asked_kind
from tests.assistant.conftest import Ask, cited, led, refused_for


def test_to_which_body_asks_the_recipient(ask: Ask) -> None:
    # the 书记 reports 每半年 on his unit's cadres; to whom, the 泾县 text does not say
    refused_for(ask, "单位书记每半年报一次干部日常管理监督情况,要向哪个部门报?", "body_missing")


def test_the_rest_of_a_set_asks_for_its_items(ask: Ask) -> None:
    # 市纪委监委、市委宣传部、市委巡察办、市审计局等20个部门: four named, the other sixteen not
    refused_for(ask, "资阳联席会议有20个成员单位,文章点了纪委监委、宣传部几家,剩下的是谁?", "listed_in_part")


def test_a_day_asked_is_not_answered_by_a_year(ask: Ask) -> None:
    # the 城管局 report writes its meeting's date as 2021年x月xx日
    refused_for(ask, "城管局开局党组会专题学习《意见》,是几月几号?", "amount_missing")


def test_a_matter_told_by_feeling_is_no_kind() -> None:
    assert asked_kind("纪检组长兼党组成员有啥烦心事") == ""
    assert asked_kind("要经过哪些手续") == "手续"


def test_back_to_leads_into_an_alternative(ask: Ask) -> None:
    # 党员领导干部要以普通党员身份参加所在党支部(党小组)组织生活
    cited(ask, "领导干部过组织生活,是回支部还是自己另外过?", "普通党员身份")


def test_who_said_it_is_led_with(ask: Ask) -> None:
    led(ask, "资阳说四方会审解决了单兵作战的问题,这话是谁讲的?", "市纪委监委党风政风监督室主任周茂林")


def test_a_set_whose_items_end_its_phrases(ask: Ask) -> None:
    answer = cited(ask, "选一把手讲的“三不”具体指哪三个?", "不讨论")
    assert "不提名" in answer.answer and "不通过" in answer.answer, answer.answer


def test_whether_it_happened_is_answered_by_the_report(ask: Ask) -> None:
    # 去年以来,有1名“一把手”被取消年度考核评优资格: the case reported, not the scheme (五联) the question names
    answer = cited(ask, "资阳信息联享推开后,有没有一把手因此受到处理?", "有1名")
    assert answer.answer.startswith("有。"), answer.answer  # the first words answer whether
