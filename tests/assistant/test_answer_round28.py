"""Mechanisms changed in round 28 (after cadres34), each on the real corpus and worded unlike that set: a count
that ends its clause is asked before a yes or no; what is done to the things counted is no thing counted; 些啥
asks a named set's items; a rank from the bottom in the documents' words; an amount in a further item of a
clause is no amount of the item before; an amount offered to confirm is answered by a rule stating it; a
rhythm kept each month (月度) or on a day of each month (每月15日前) is told whole."""

from __future__ import annotations

from assistant.analyze import asking_text
from assistant.query import normalize
from tests.assistant.conftest import Ask, cited, led, refused_for


def test_a_count_ending_its_clause_is_asked_before_a_whether(ask: Ask) -> None:
    assert "几" in asking_text("督查员一届干几年,能不能连着干")
    assert "几" not in asking_text("国庆打算出去玩几天,书记镇长能一块走吗")  # what the asker intends
    refused_for(ask, "干部监督督查员一届干几年,到期能不能接着干?", "amount_missing")
    led(ask, "派驻的纪检组一共才几个人啊,够用不", "3-5人")


def test_what_is_done_to_the_things_counted_is_no_thing_counted(ask: Ask) -> None:
    cited(ask, "资阳那个选任监督联席会议到底拉了多少个部门进去", "20个部门")


def test_some_what_asks_a_named_sets_items(ask: Ask) -> None:
    cited(ask, "领导干部常说的五公开,都公开些什么", "决策要公开")


def test_a_rank_from_the_bottom_in_the_documents_words(ask: Ask) -> None:
    assert normalize("班子排倒数前两名") == "班子排名后两名"
    assert normalize("排倒数前三了") == "排名后三位了"
    assert normalize("倒数第三名") == "倒数第三名"  # one place
    led(ask, "泾县综合考核俺们班子排倒数三名的话咋办", "进行约谈")


def test_an_amount_in_a_further_item_is_no_amount_of_the_one_before(ask: Ask) -> None:
    # 逐一制定整改措施;另一方面……每年年初……: the yearly warning meetings set no time to put things right
    refused_for(ask, "督促整改那项制度,整改期限是多长时间", "amount_missing")


def test_an_amount_offered_to_confirm_is_answered_by_a_rule_stating_it(ask: Ask) -> None:
    led(ask, "一把手在同一个岗位顶多干几年就该换地方 5年吧", "不宜超过5年")  # the bound is part of the amount (round 44)


def test_a_rhythm_of_each_month_is_told_whole(ask: Ask) -> None:
    led(ask, "纪检组长跟一把手沟通的台账多久记一本", "每月")
    led(ask, "资阳成员单位向组织部通报干部监督信息是啥时候", "每月15日前")
