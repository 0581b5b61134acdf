"""Mechanisms changed after the blind set cadres16, each on the real corpus and worded unlike that set: a
sub-section is read under its section's opening; a stated failing asks what follows from it; the words of an
A-not-A asker are no topic; a verb glued to a document word is no unknown thing; a time may be the event it
comes before; a purpose written as its own sentence answers why; 多长 and counts joined in one clause ask amounts."""

from __future__ import annotations

from assistant.analyze import asking_text
from assistant.lexicon import lexicon
from assistant.query import question_tokens
from tests.assistant.conftest import Ask, cited, quotes_of, refused_for


def test_a_sub_section_is_read_under_its_sections_opening(ask: Ask) -> None:
    """Only the opening of 篇二 names 驻市市场监管局纪检监察组; its (三) gives the risk grades, its (一) the two
    warning-education sessions, its problems part the staff (3-5人)."""
    cited(ask, "驻市市场监管局的纪检监察组一共才几个人?", "3-5人")
    cited(ask, "驻市市场监管局纪检监察组定的a级部门、b级部门各是多少个?", "14个")
    when = cited(ask, "驻市市场监管局纪检监察组的两项警示教育一年里分别放在什么时候?", "年初")
    assert "年中" in quotes_of(when), when.answer


def test_a_stated_failing_is_answered_only_by_what_follows_from_it(ask: Ask) -> None:
    """The rule restated (每年进修时间不得少于20天) says nothing of what happens when it is not met; a
    sentence about the failing itself (不合格者不得从事) does."""
    refused_for(ask, "一把手一年脱产进修没满20天,还能评优吗?", "failing_unaddressed")
    cited(ask, "干部监督工作人员资格认证不合格的,能不能继续干?", "不合格者不得从事")
    # a failing asked about, not told (能不能不按……来), is no stated failing
    asked = ask("党员领导干部过组织生活,能不能不按普通党员身份参加?")
    assert asked.refusal_reason != "failing_unaddressed" and not asked.refused, asked.answer


def test_an_a_not_a_asker_is_no_word_of_the_topic() -> None:
    assert "不能" not in question_tokens("乡长和书记能不能同时请假?")
    assert "不要" not in question_tokens("交接要不要写书面材料?")
    assert "不能" in question_tokens("哪些情况下不能提拔?")  # a 不能 that is the topic stays


def test_a_count_after_a_whether_asks_no_amount(ask: Ask) -> None:
    assert "几" not in asking_text("镇长和镇党委书记能不能同时请假出去几天?")
    answer = ask("镇长和镇党委书记能不能同时请假出去几天?")
    assert not answer.refused and answer.answer.startswith("原则上不可以"), answer.answer


def test_a_verb_glued_to_a_document_word_is_no_unknown_thing(ask: Ask) -> None:
    """按啥标准分的: the segmenter reads 标准分 (a test score); the documents' 标准 is asked."""
    cited(ask, "资阳给一把手划审计类别,依据啥标准分的?", "经济活动量")


def test_a_time_may_be_the_event_it_comes_before(ask: Ask) -> None:
    answer = ask("一把手离任审计,什么时候要跟审计机关沟通?")
    assert not answer.refused and "转任前" in answer.answer.split("\n", 1)[0], answer.answer


def test_when_asks_a_time_and_a_named_rule_asks_no_consequence(ask: Ask) -> None:
    """什么时候 asks no items; 问责办法 names a document, not a consequence asked: the date is not cut off."""
    cited(ask, "资阳的巡察整改问责办法是啥时候出台的?", "5月")


def test_a_purpose_written_as_its_own_sentence_answers_why(ask: Ask) -> None:
    cited(ask, "泾县组织部为什么要出台构建从严管理监督干部体系的实施意见?", "六不")


def test_how_long_and_counts_joined_in_one_clause_ask_amounts(ask: Ask) -> None:
    """多长 asks a period no rule sets here; 检查次数、谈话次数 are named as what differs between the risk grades,
    with no figure for either: each count asked in one clause needs its own."""
    for question in ("纪委出的廉洁自律审查意见管多长?", "驻市市场监管局纪检监察组对c级风险岗一年谈话几次、检查几次?"):
        refused_for(ask, question, "amount_missing")


def test_a_word_of_manner_is_no_point_a_rule_must_name(ask: Ask) -> None:
    """要不要一起查: 一起 says how; 同步……开展专项检查 answers it."""
    cited(ask, "县委巡察期间,选人用人这一块要不要一起查?", "同步")


def test_measures_on_a_small_failing_are_what_follows(ask: Ask) -> None:
    cited(ask, "年轻干部有点小毛病,单位一般怎么处理?", "提醒谈话")


def test_members_listed_in_part_tell_nothing_of_one_not_named(ask: Ask) -> None:
    unnamed = refused_for(ask, "资阳干部选拔任用监督联席会议,市财政局算不算成员单位?", "member_unlisted")
    assert "财政局" in unnamed.answer and "等20个" in unnamed.answer
    cited(ask, "资阳干部选拔任用监督联席会议,市委巡察办算不算成员单位?", "市委巡察办")


def test_a_rule_for_the_principal_is_none_for_deputies(ask: Ask) -> None:
    answer = refused_for(ask, "副局长在同一个单位最多能干几年?", "other_rank")
    assert "副局长" in answer.answer and "一把手" in answer.answer


def test_a_share_of_a_whole_is_no_ratio_of_two_counts(ask: Ask) -> None:
    """应占多大比例 asks a part of a whole; 不低于1:2的比例确定考察人选 is candidates to posts."""
    answer = refused_for(ask, "公开选拔领导干部,一把手职位要占多大比例?", "amount_missing")
    assert "1:2" not in answer.answer


def test_a_failing_named_only_as_a_record_is_no_answer_to_what_follows(ask: Ask) -> None:
    """违规违纪处理结论 归入档案 names a record; the sentence on those who did not report (对没有按照规定报备
    的……) says what was done to them, and leads."""
    answer = cited(ask, "有重大事项没按规定报派驻组监督,咋处理?", "提醒谈话")
    assert answer.citations[0].quote.find("没有按照规定报备") >= 0, answer.answer


def test_a_stated_failing_in_a_question_of_several_parts(ask: Ask) -> None:
    refused_for(ask, "一把手一年脱产进修不满20天会怎么样?影响提拔吗?", "failing_unaddressed")


def test_besides_one_where_else_asks_for_the_others_whole(ask: Ask) -> None:
    """除了……还得去哪 asks for the rest of an enumeration; its last member (不仅要通过……) was cut into the next
    clause by the splitter and is quoted from there."""
    answer = cited(ask, "考察一把手人选,除了到他所在单位,还要到哪些地方去了解?", "生活圈")
    assert "信访部门" in quotes_of(answer), answer.answer


def test_audit_as_an_activity_names_no_body() -> None:
    """经济责任审计 is what is done; 审计局, 市委审计委员会, 审计等部门 are who."""
    body = lexicon().intent("body").answer
    assert not body.search("把经济责任审计作为重要手段,建立审计对象联管机制。")
    for named in ("市审计局副局长", "向市委审计委员会提出", "供纪检监察、巡察、审计等部门使用"):
        assert body.search(named), named


def test_a_sentence_taking_up_the_word_before_it_belongs_to_the_quote(ask: Ask) -> None:
    """……必须进行任职资格认证。认证采取笔试和面试的方式进行: the second says how the first is done."""
    cited(ask, "搞干部监督工作的人上岗前要认证吗?", "笔试和面试")



def test_a_procedure_asked_is_named_in_the_first_line(ask: Ask) -> None:
    """The product's headline question: the first line says which procedure, before the quote."""
    answer = ask("我是镇长,这周末想出县回趟老家,要办什么手续?")
    assert answer.answer.split("\n", 1)[0] == "必须按照干部管理权限履行请销假审批手续。", answer.answer
