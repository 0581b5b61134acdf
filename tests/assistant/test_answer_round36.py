"""Mechanisms changed in round 36 after cadres43's run, on the real corpus and worded unlike the sets: a
disciplinary grade asked by name (记大过) is answered only by a rule imposing it; an amount that ends the
question, or a majority, is offered to confirm; a time asked in the clause after 以后/之后 is a time after
the event; how often a thing is done (谈一次心) is answered only by a sentence that names it; a count of
words is asked in 字; a generic acting verb (负责组织) names no act a clause must hold; the kind asked in
哪个部门 is no topic word."""

from __future__ import annotations

from tests.assistant.conftest import Ask, led, quotes_of, refused_for, refused_naming


def test_a_disciplinary_grade_asked_by_name_needs_a_rule_imposing_it(ask: Ask) -> None:
    # the rule only says 追究推荐人责任 / 首推责任人; no grade of sanction is set
    refused_naming(ask, "推荐的人出了事,推荐者会不会被记大过?", "sanction_unimposed", "记大过")


def test_an_amount_ending_the_question_is_offered_to_confirm(ask: Ask) -> None:
    refused_naming(ask, "县里提拔股级干部,年龄得在30岁以下?", "amount_missing", "30岁")
    led(ask, "干部调动,工作交接是不是7个工作日以内?", "7个工作日内")  # stated: confirmed


def test_a_majority_is_a_share_offered_to_confirm(ask: Ask) -> None:
    refused_naming(ask, "民主推荐,得票要过半数才能进考察人选吗?", "amount_missing", "过半数")


def test_a_time_asked_after_the_event_across_a_comma(ask: Ask) -> None:
    # 提前两个工作日报纪检监察组备案 is a limit before the meeting, not a time to answer after filing
    refused_for(ask, "报纪检监察组备案之后,对方多少天内得反馈?", "amount_missing")


def test_how_often_a_thing_is_done_needs_a_sentence_naming_it(ask: Ask) -> None:
    refused_naming(ask, "驻在部门一把手和纪检组长多长时间要谈一次心?", "counted_thing_unstated", "谈心")
    answer = ask("资阳那个联席会议多久开一次会?")  # 每年至少召开1次联席会议 names the meeting
    assert not answer.refused and "每年至少召开1次联席会议" in quotes_of(answer), answer.answer


def test_a_count_asked_in_a_merged_quote_is_found_in_its_own_sentence(ask: Ask) -> None:
    # the two sentences of one clause are quoted as one; the second states the count of meetings
    answer = ask("资阳选拔任用监督联席会议有几个成员单位?一年最少开几次会?")
    assert not answer.refused and "1次" in answer.answer, answer.answer


def test_a_count_of_words_is_asked_in_characters(ask: Ask) -> None:
    refused_for(ask, "那篇学习体会文章至少写多少字?", "amount_missing")


def test_a_generic_acting_verb_names_no_act(ask: Ask) -> None:
    # the clause's 主要负责同志 speaks of 请假外出, not of who organises the check of passports
    refused_for(ask, "泾县证件集中保管的检查,由哪个部门负责组织?", "body_missing")


def test_the_kind_asked_is_no_topic_word(ask: Ask) -> None:
    # 行业部门 in a sentence on pooling information is not about who certifies 容错免责 (cadres43's own
    # wording: reworded, the sentence scores too low to be judged, so only this one shows the change)
    refused_for(ask, "永顺那边一把手想容错免责,要哪个部门出认定意见?", "body_missing")
