"""Mechanisms changed after the blind set cadres15, each on the real corpus and worded unlike that set: a verb no
document uses is no term of art; a yes/no on accountability is answered by the consequence a clause imposes,
a lenient one included; a named place whose sentence shares a stray word is silent; a rate or a sum of money
is answered only in its own measure; the chosen first sentence leads, not a binding one that shares a word."""

from __future__ import annotations

from assistant.analyze import term_of_art
from assistant.refuse import amount_pattern
from knowledge.types import Answer
from tests.assistant.conftest import Ask, cited, quotes_of


def test_a_plain_verb_is_no_term_of_art() -> None:
    """绩效奖金 names a thing a rule on it would name; 调下来 says what is done, which documents say otherwise
    (予以调整)."""
    assert term_of_art("绩效奖金")
    assert not term_of_art("调下来")
    assert not term_of_art("作废")


def test_a_verb_the_documents_never_use_is_no_reason_to_refuse(ask: Ask) -> None:
    cited(ask, "考核时不称职票一直比较多的领导干部,会不会被调下来?", "调整")


def test_held_to_account_is_answered_by_the_consequence_imposed(ask: Ask) -> None:
    cited(ask, "常委明知道拟任人选有大问题还替他说好话,人带病提拔了,这个常委要担责吗?", "追究相关成员责任")


def test_a_lenient_outcome_answers_whether_one_is_held_to_account(ask: Ask) -> None:
    answer = ask("探索新办法的时候出了失误,会不会被追责?")
    assert not answer.refused, answer.answer
    assert "宽容失败" in answer.answer.split("\n", 1)[0] or "允许试错" in answer.answer.split("\n", 1)[0], answer.answer


def test_a_named_place_sharing_a_stray_word_is_silent(ask: Ask) -> None:
    """永顺's article shares 同时 with the question; 泾县's rule is on 请假外出: 永顺 says nothing of it."""
    answer = ask("永顺那边对乡镇党政正职同时请假外出是怎么规定的?")
    assert answer.refused and answer.refusal_reason == "named_place_off_topic", answer.answer
    assert "永顺" in answer.answer
    # a named place whose sentence shares the topic answers, though another document words it closer
    assert not ask("资阳对一把手监督有哪些措施?").refused


def test_a_rate_or_a_sum_is_answered_in_its_own_measure(ask: Ask) -> None:
    rate = amount_pattern("候选人得票率要达到多少才能列为考察对象?")
    assert not rate.search("按照不低于1:2的比例") and rate.search("超过三分之二") and rate.search("得票过半数")
    money = amount_pattern("多少金额以上算大额资金?")
    assert not money.search("五个不直接分管") and money.search("50万元以上")
    assert ask("候选人得票率要达到多少才能列为考察对象?").refused
    assert ask("“三重一大”里大额资金使用,多少金额以上才算大额?").refused


def test_the_chosen_sentence_leads_not_a_binding_one_sharing_a_word(ask: Ask) -> None:
    """"五个必谈" answers when the organisation must talk with a cadre; 泾县's rule on talks with young cadres
    only shares 谈话. 工作圈、生活圈、社交圈 answers whether after-hours life is watched; 泾县's 关键岗位 sentence
    does not. Each was quoted after the binding sentence, which led for being binding."""
    talk = ask("组织上在哪些情况下必须找干部谈话?")
    assert "五个必谈" in talk.citations[0].quote, talk.answer
    after_hours = ask("一把手下班后的社交活动归不归组织管?")
    assert "社交圈" in after_hours.citations[0].quote, after_hours.answer


def test_a_word_inside_a_longer_word_asks_nothing() -> None:
    """工作者 holds 作者: a question on 监督工作者 does not ask who wrote a document."""
    from assistant.lexicon import lexicon

    assert lexicon().asks_source.search("这篇文章的作者是谁?")
    assert not lexicon().asks_source.search("干部监督工作者干得好,能得到什么奖励?")


def test_what_a_set_is_for_is_not_its_items(ask: Ask) -> None:
    """"目的是什么", "为了解决哪些问题" ask the purpose of “五联”; "“五联”是什么" asks its items."""
    purpose = ask("资阳搞“五联”的目的是什么?")
    assert "监督力量薄弱" in quotes_of(purpose), purpose.answer
    assert "(1)" not in purpose.answer
    assert "(1)巡察整改联督" in ask("“五联”是什么?").answer


def _first_line(answer: Answer) -> str:
    return answer.answer.split("\n", 1)[0]


def test_who_is_answered_in_the_first_line(ask: Ask) -> None:
    """The first line names who, in the quote's words; of two in one sentence (个人…;单位党组织…), the one the
    question is about."""
    unit = ask("单位党组织往上推荐干部人选,首推责任人是谁?")
    assert _first_line(unit).startswith("党组织的主要领导为首推责任人"), unit.answer
    person = ask("个人推荐的干部出了问题,谁是首推责任人?")
    assert _first_line(person).startswith("推荐者个人为首推责任人"), person.answer
    talk = ask("泾县考核排在最后几位的班子由谁约谈?")
    assert "由县纪委监委、县委组织部负责同志进行约谈" in _first_line(talk), talk.answer


def test_can_we_both_is_asking_permission(ask: Ask) -> None:
    """"能同时请吗" asks whether it is allowed: the rule says 原则上不得."""
    answer = ask("镇里书记和镇长下周能同时请假出县吗?")
    assert _first_line(answer) == "原则上不可以。", answer.answer
