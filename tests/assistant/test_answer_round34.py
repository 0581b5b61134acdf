"""Mechanisms changed in round 34 after cadres41's blind run, on the real corpus and worded unlike the sets:
a figure the asker only guesses (是每月一次吗) is no topic word; a length of time asked of a thing no document
names (有效期多长) is absent; a threshold (超过几天就得批) is not answered by a deadline (7个工作日内办结);
a rhythm told to confirm (是不是每年审计一次) is an amount asked; whom a named set applies to is not its items;
a sentence that goes on from the one before it (而……可以避免……) gives that one's reason; a spoken noun with a
suffix (圈子) reaches the kinds the documents list (工作圈、生活圈、社交圈)."""

from __future__ import annotations

from assistant.analyze import suffixed_heads
from assistant.service import Assistant
from tests.assistant.conftest import Ask, cited, led, quotes_of, refused_for, refused_naming


def test_a_guessed_rhythm_is_no_topic_word(ask: Ask) -> None:
    # 每季度 of 资阳's 专题会议 shares the guess, not the topic: the rule on 谈心谈话 says only 定期
    # since round 48 a rhythm asked of a named thing is refused naming it (没有规定“谈心”的频次)
    refused_naming(ask, "单位领导多久找年轻同志谈一次心,每个季度一次吗?", "counted_thing_unstated", "谈心")
    # a frame in the clause that asks (每年……几天) stays a topic word
    led(ask, "领导干部每年脱产进修最少几天?", "不得少于20天")  # its bound leads with it (round 44)


def test_a_length_asked_of_a_thing_no_document_names(ask: Ask) -> None:
    refused_naming(ask, "监督员的资格证书有效期多长?", "asked_thing_absent", "有效期")
    # 县里 before 多久 says who acts, not what lasts: the 证件 check is answered
    led(ask, "出国证件集中保管以后,县里多久查一回?", "每年")


def test_a_threshold_is_not_answered_by_a_deadline(ask: Ask) -> None:
    refused_for(ask, "干部离开本地超过几天必须找县委书记签字?", "amount_missing")
    led(ask, "一把手在同一个岗位上干满几年就该交流了?", "不宜超过5年")


def test_a_rhythm_told_to_confirm_is_asked(ask: Ask) -> None:
    refused_for(ask, "资阳对B类单位的一把手是不是每年审计一回?", "amount_missing")
    led(ask, "泾县的出国证件是不是每年检查一次?", "每年")


def test_whom_a_named_set_applies_to_is_not_its_items(ask: Ask) -> None:
    answer = cited(ask, "五个不直接分管约束的是哪类人?", "主要负责人")
    assert not answer.refused


def test_a_sentence_going_on_from_the_one_before_gives_its_reason(ask: Ask) -> None:
    answer = ask("常委会定人选,为啥要搞票决不用举手表决?")
    assert not answer.refused, answer.answer
    assert "利益瓜葛" in quotes_of(answer)


def test_a_spoken_noun_reaches_the_kinds_the_documents_list(ask: Ask, assistant: Assistant) -> None:
    index = assistant.index()
    assert set(suffixed_heads(index, "圈子")) == {"工作圈", "生活圈", "社交圈"}
    assert suffixed_heads(index, "活儿") == ()  # 生活, 灵活 merely end in the character
    cited(ask, "一把手的哪些圈子要纳进监督?", "社交圈")


def test_a_figure_for_all_is_not_the_figure_for_those_set_apart(ask: Ask) -> None:
    # 一地一岗不宜超过5年, and 重要部门的“一把手”更要加速交流: no figure of their own
    answer = refused_for(ask, "政法系统的一把手在一个位子上最多能待几年?", "amount_set_apart")
    assert "更要加速" in answer.answer
    led(ask, "一把手在一个地方一个岗位上最多能干多少年?", "不宜超过5年")


def test_an_either_or_between_sanctions_asks_the_consequence(ask: Ask) -> None:
    # 进修不少于20天 is the requirement; nothing says what follows when it is not met
    refused_for(ask, "一把手一年脱产学习没够20天,是扣考核分还是取消评先资格?", "consequence_missing")
    cited(ask, "年度考核排在最后三名的领导班子,是约谈还是通报?", "进行约谈")


def test_the_clause_that_holds_more_of_the_question_leads(ask: Ask) -> None:
    # the 五联 opening names 监督信息联享 only; the clause that names it too says whom it covers
    answer = ask("资阳的监督信息联享,重点关注对象扩大到哪一级了?")
    assert answer.citations and "正科级以上" in answer.citations[0].quote, answer.answer


def test_the_sentence_on_the_case_asked_leads(ask: Ask) -> None:
    # "够不上处分" is the case 构不成党纪、政纪处分的问题 of the 诫勉 rule; 提醒谈话 of 年轻干部 is another matter
    led(ask, "干部有点小毛病够不上处分的,组织上一般咋处理?", "采取谈话提醒、诫勉")
