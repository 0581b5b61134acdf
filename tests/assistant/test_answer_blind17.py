"""Mechanisms changed after the blind set cadres17, each on the real corpus and worded unlike that set: an
unsigned text names nobody, and not twice; a second quote must hold a question word as a word; a year is no
period; the time a question states is no answer to it; a body asked with 有没有 is judged against a partial
list; 几名/几位 ask a head count (第几名 a rank); "还有一对呢" asks a named set's items; the bodies
asked, and a purpose asked, lead the answer in the quote's words."""

from __future__ import annotations

from assistant.lexicon import lexicon
from assistant.query import held_as_word
from assistant.refuse import amount_pattern, told_anew
from tests.assistant.conftest import Ask, cited, led, quotes_of, refused_for


def test_an_unsigned_text_names_nobody_and_the_kind_is_said_once(ask: Ask) -> None:
    """The first line says 出自范文; a line "范文(发文单位未署名):" under it said it again, and the 篇 collection
    showed authors guessed from its content (某局党组、派驻纪检监察组等)."""
    answer = cited(ask, "民主评议多久搞一次?", "每年要对党员领导干部进行一次民主评议")
    first, second = answer.answer.split("\n")[:2]
    assert first == "每年。出自范文,不是规范性文件。", answer.answer
    assert second.startswith("每年要对党员领导干部"), answer.answer
    staff = cited(ask, "派驻组人手有几位?", "3-5人")
    assert "某局党组" not in staff.answer and "未署名" not in staff.answer.split("\n")[1], staff.answer


def test_a_word_across_two_words_is_not_held() -> None:
    assert not held_as_word("能否在民主生活会上代表上级纪委进行点评", "会上")  # 民主生活会|上
    assert held_as_word("不得以传阅、会签等形式代替集体议事", "传")  # the start of 传阅
    assert held_as_word("对排名后3位的县管领导班子进行约谈", "班子")  # the head of 领导班子


def test_a_second_quote_adds_only_words_it_holds_as_words(ask: Ask) -> None:
    """The rule answers; an essay sentence on 民主生活会上 点评 shares only the characters 会上 with the
    question and was quoted second."""
    for question in ("干部任免没过纪委这一关,能拿到会上研究吗?", "人选还没经纪委审查,能不能先在会上研究?"):
        answer = cited(ask, question, "凡未经纪委审查不得提交会议研究")
        assert len(answer.citations) == 1 and "民主生活会" not in answer.answer, answer.answer


def test_a_year_is_no_period() -> None:
    period = amount_pattern("被诫勉以后多长时间内不能提拔?")
    assert period.search("2021年同驻在单位班子成员沟通30余次") is None
    assert period.search("要在1个月内将行政、工资、组织关系等转入")
    assert period.search("一把手在一地一岗不宜超过5年")


def test_the_time_a_question_states_is_no_answer_to_it() -> None:
    every = lexicon().intent("time").answer
    said = "领导干部每年要向各级党组织汇报思想情况"
    assert told_anew(every, said, "个人事项每年最晚得什么时候报?") is None
    # a time offered for comparison in another part is no frame: 泾县's 每月 answers 多久
    assert told_anew(every, "各成员单位每月向县委组织部通报", "泾县多久通报一次?是不是也是每月15号前?")
    # 定期 told of how something is done asks no time: it frames nothing (cadres18 t1824 was refused so)
    assert told_anew(lexicon().intent("freq").answer, "主要负责人要定期与本单位年轻干部开展谈心谈话",
                     "一把手定期找年轻人谈心,图的是了解啥?")


def test_a_body_asked_with_you_mei_you_is_judged_against_the_partial_list(ask: Ask) -> None:
    answer = refused_for(ask, "资阳联席会议的成员单位里有没有财政局?", "member_unlisted")
    assert "包括财政局" in answer.answer, answer.answer


def test_a_head_count_is_asked_in_ming_and_wei_and_a_rank_is_not(ask: Ask) -> None:
    staff = cited(ask, "派驻组人手有几位?", "3-5人")
    assert staff.answer.startswith("3-5人。"), staff.answer
    rank = cited(ask, "综合考核排第几名以后要被约谈?", "后3位")
    assert not rank.refused, rank.answer


def test_the_rest_of_a_named_set_asks_its_items(ask: Ask) -> None:
    for question in ("三对关系我只记得上与下,还有一对呢?", "三对关系除了紧与松,另一对叫啥?"):
        answer = ask(question)
        assert "“三对关系”共3项" in answer.answer and "合”与“分" in answer.answer, answer.answer


def test_the_bodies_asked_lead_the_answer_in_the_quotes_words(ask: Ask) -> None:
    """哪几家 / 由谁 / 移交给哪里 / 向谁: the first line names the bodies as the quote does, the ones that act,
    or those a thing is sent to when that is asked."""
    leads = {
        "泾县的效能明察暗访由哪几家负责?": "县纪检监察机关、县委组织部、县直机关工委等。",
        "资阳对一把手的实名举报由哪几个部门一起查核?": "纪检监察机关、组织部门、人社部门等。",
        "新入党的年轻干部廉政教育由谁开展?": "县纪委监委、县委组织部。",
        "干部违法了移交给哪里?": "纪检监察机关和司法机关。",
        "资阳审计对象的建议人选向谁提出?": "市委审计委员会。",
        # of two runs in one quote, the one whose phrase says what is asked (登记备案……机制), not the first
        "资阳的县级领导干部登记备案管理专项工作机制是哪两个部门建的?": "组织、公安两部门。",
    }
    for question, lead in leads.items():
        led(ask, question, lead)


def test_a_purpose_asked_leads_with_the_quotes_purpose(ask: Ask) -> None:
    """为什么 / 目的是什么: the first line is the quote's phrase of purpose (避免……, 保证……, 为……)."""
    led(ask, "干部任免为什么不用举手表决而要无记名投票?", "避免许多利益瓜葛。")
    led(ask, "离任审计为什么要提前跟审计机关沟通?", "保证足够时间全面审计一把手任职期间的经济责任。")


def test_whether_required_is_answered_first(ask: Ask) -> None:
    """是不是还得 / 是不是必须 ask whether it is required; 要以普通党员身份参加 requires it as 应以 does."""
    for question in ("我当了乡长,是不是还得回支部当普通党员过组织生活?", "一把手是不是必须每年写学习体会文章?"):
        led(ask, question, "需要。")


def test_a_failing_not_addressed_names_the_requirement(ask: Ask) -> None:
    """The refusal tells the cadre the rule they must still meet, in the document's words."""
    answer = ask("一把手一年脱产进修没满20天,还能评优吗?")
    assert answer.refusal_reason == "failing_unaddressed", answer.answer
    assert "文件只规定了“每年进修时间不得少于20天”,没有规定未达到要求时会怎样" in answer.answer, answer.answer


def test_a_step_not_taken_asks_what_follows(ask: Ask) -> None:
    """没提前报备 tells a failing: what was done about it leads, not the requirement's 及时通报."""
    answer = led(ask, "三重一大的事没提前两个工作日报备,会怎样?", "进行了提醒谈话或批评教育。")
    quotes = quotes_of(answer)  # the sentence on the failing is quoted first, the requirement (if at all) after
    assert "没有按照规定报备" in quotes, answer.answer
    assert "提前两个工作日" not in quotes or quotes.index("没有按照规定报备") < quotes.index("提前两个工作日"), answer.answer
