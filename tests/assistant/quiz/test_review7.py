"""The seventh independent review (33 items: 25 usable, 8 need an edit), fixed as mechanisms: a who-item is not
keyed to the body that issued the rule, nor does a false statement take that body out; a false statement puts in
only a word some other sentence of the knowledge base uses beside what precedes the change (never 移交人社部门,
never a 举报 channel 座谈); a word one item asks is not what another's false statement takes out (调整优化 and
调整); two statements of one sentence about the same thing (请销假, 不得同时请假外出) are not both asked."""

from __future__ import annotations

from dataclasses import replace

from assistant.quiz import QuizItem, QuizOptions, QuizResult, build_quiz
from assistant.quiz.facts import BODY, body_family
from assistant.quiz.generate import _SWAPPED, implausible_swap, said_key, same_key, swapped_word
from assistant.quiz.rules import rules_of
from assistant.quiz.types import FALSE


def _papers(corpus_index, practice40: QuizResult, paper40: QuizResult) -> list[tuple[QuizItem, ...]]:  # type: ignore[no-untyped-def]
    others = [build_quiz(corpus_index, QuizOptions(count=40, seed=s, include_practice=True)).items for s in (1, 2)]
    return [practice40.items, paper40.items, *others]


def test_no_who_item_is_keyed_to_the_issuing_body(bank: QuizResult) -> None:
    """Review 7, items 13, 17, 28: "（　）要建立…监督信息档案" keyed 县委组织部 in 县委组织部's own document."""
    binding = [it for it in bank.items if it.binding]
    assert any(it.fact == "责任主体" for it in binding)  # who does what is still asked, stated true or by another body
    for it in binding:
        if it.type in ("single", "multiple") and it.fact == "责任主体":
            assert not [k for k in it.answer_texts if BODY.search(k) and body_family(k) == "组织"], it.stem
        took = swapped_word(it)
        assert not (took and BODY.search(took) and body_family(took) == "组织"), it.stem


def test_a_false_statement_puts_in_only_what_the_documents_say_there(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    """Review 7, items 32 and 33: 座谈 as a 举报 channel, 移交人社部门: false by common sense."""
    judges = [it for it in bank.items if it.type == "judge" and it.key == FALSE]
    assert judges
    assert not [it.stem for it in judges if "移交人社部门" in it.stem or "座谈" in it.stem]
    # the check itself: the same item with the change that review found is refused
    it = next(i for i in bank.items if "及时移交" in i.citation.quote)
    rule = next(r for r in rules_of(corpus_index, [corpus_index.by_id[it.citation.clause_id]], False)
                if "及时移交" in r.text)
    made = replace(it, type="judge", answer=FALSE, stem=f"{rule.text.replace('纪检监察机关', '人社部门')}",
                   explanation="错误。原文为“纪检监察机关”,题干改成了“人社部门”。")
    assert _SWAPPED.search(made.explanation)
    assert implausible_swap(made, rule, corpus_index)
    number = replace(made, explanation="错误。原文为“纪检监察机关”,题干改成了“每季度”。")
    assert not implausible_swap(number, rule, corpus_index)  # a period or a number needs the rule to tell


def test_what_one_item_asks_no_false_statement_takes_out(corpus_index, practice40: QuizResult,  # type: ignore[no-untyped-def]
                                                        paper40: QuizResult) -> None:
    """Review 7, items 14 and 22: 调整优化 the answer of one, 调整 swapped out of the next."""
    for items in _papers(corpus_index, practice40, paper40):
        for a in items:
            took = swapped_word(a)
            if not took:
                continue
            assert not [b.stem for b in items if b is not a and same_key(said_key(b), took)], a.stem


def test_two_statements_of_one_sentence_on_one_thing_are_not_both_asked(corpus_index, practice40: QuizResult,  # type: ignore[no-untyped-def]
                                                                      paper40: QuizResult) -> None:
    """Review 7, items 23 and 25: 请销假审批手续 and 不得同时请假外出, both to judge, from one sentence. Since
    review 8 no sentence gives a paper two items at all (test_review8)."""
    for items in _papers(corpus_index, practice40, paper40):
        leave = [it for it in items if "请假" in it.stem]
        assert len(leave) <= 1, [it.stem for it in leave]
