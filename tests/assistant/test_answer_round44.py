"""Mechanisms changed in round 44 after cadres51's run, on the real corpus and worded unlike the sets: the recall
particle 来着 asks nothing; a ratio of people to places (1:2) tells how many people; an amount leads with its
bound (不宜超过5年); a rule requiring one way (书面) answers whether its opposite (口头) will do; a question that
tells a set's count (好像有五种) asks its items, and 一定要 is the 必 of a set's name; 介绍……的是哪位 asks a
speaker; a heading that opens a run of 一是…四是 is answered by the run; a part followed by 要是……的呢 does not
carry that case's words; 单子 stands for the documents' ……清单 listed side by side."""

from __future__ import annotations

from assistant.analyze import suffixed_heads
from assistant.lexicon import lexicon
from assistant.query import normalize
from assistant.service import Assistant
from tests.assistant.conftest import Ask, cited, led, quotes_of


def test_the_recall_particle_asks_nothing(ask: Ask) -> None:
    assert normalize("专题会议多久开一回来着?") == "专题会议多久开一回?"
    assert normalize("他来着急了") == "他来着急了"  # 来着 inside a phrase is no particle
    answer = cited(ask, "资阳那边的联席会议一年开几次来着?", "每年至少召开1次联席会议")
    assert answer.answer.startswith("1次") or "1次" in answer.answer.split("\n")[0], answer.answer


def test_a_ratio_tells_how_many_people_for_a_place(ask: Ask) -> None:
    led(ask, "提拔前考察,每个职位起码要考察几名人选?", "不低于1:2")


def test_an_amount_leads_with_its_bound(ask: Ask) -> None:
    led(ask, "一把手在同一个位置上最长能待几年?", "不宜超过5年")
    led(ask, "领导干部一年脱产进修起码多少天?", "不得少于20天")


def test_a_rule_requiring_one_way_answers_whether_the_other_will_do(ask: Ask) -> None:
    assert lexicon().opposites["书面"] == ("口头",)
    led(ask, "离开岗位交接工作,口头说清楚行吗?", "不可以,应以书面形式")


def test_a_told_count_asks_for_the_set_and_must_is_its_bi(ask: Ask) -> None:
    answer = ask("组织上什么时候一定要找干部谈话?好像有五种吧")
    quoted = quotes_of(answer) + answer.answer
    assert all(item in quoted for item in ("重大困难时必谈", "提拔使用时必谈", "有错误苗头和错误倾向时必谈")), answer.answer


def test_who_introduced_it_asks_a_speaker(ask: Ask) -> None:
    answer = ask("资阳对巡察整改搞四方会审,介绍这个做法的是哪位?")
    assert "周茂林" in answer.answer.split("\n")[0], answer.answer


def test_a_heading_that_opens_a_run_is_answered_by_the_run(ask: Ask) -> None:
    answer = cited(ask, "文章在谁来监督这个问题上,讲了哪几个方面?", "二是加强领导班子成员内部监督")
    quoted = quotes_of(answer)
    assert "一是加强上级对下级" in quoted and "三是发挥纪检监察机关" in quoted and "四是注重发挥" in quoted, answer.answer
    # an item chosen for itself is its own answer, without its siblings
    item = cited(ask, "下级党组织和党员领导干部要发挥哪些监督作用?", "四是注重发挥")
    assert "二是加强领导班子成员内部监督" not in quotes_of(item), item.answer


def test_a_part_followed_by_another_case_does_not_carry_its_words(ask: Ask) -> None:
    answer = ask("我自己出面推荐了干部,出了事谁担着?要是单位党组织推荐的呢?")
    first = answer.answer.split("\n")[0]
    assert first.startswith("推荐者个人为首推责任人"), answer.answer


def test_a_spoken_suffix_noun_stands_for_words_listed_side_by_side(assistant: Assistant, ask: Ask) -> None:
    index = assistant.index()
    assert suffixed_heads(index, "单子") == ("权力清单", "负面清单", "责任清单")
    assert set(suffixed_heads(index, "圈子")) == {"工作圈", "生活圈", "社交圈"}  # two characters before the stem first
    cited(ask, "管住权力运行,要全面推开哪几张单子?", "权力清单、负面清单和责任清单")
