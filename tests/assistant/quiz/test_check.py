"""check_item catches items whose key does not follow from the cited clause."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.quiz import QuizCitation, QuizItem, check_item
from assistant.quiz.text import BLANK, PAREN


def _first(items: list[QuizItem], type_: str, answer: str | None = None) -> QuizItem:
    return next(it for it in items if it.type == type_ and (answer is None or it.answer == answer))


def test_wrong_cloze_answer_is_caught(quiz50: list[QuizItem], corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(quiz50, "cloze")
    assert check_item(replace(it, answer=it.answer + "以上"), corpus_index)


def test_quote_not_in_clause_is_caught(quiz50: list[QuizItem], corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(quiz50, "single")
    bad = replace(it, citation=replace(it.citation, quote=it.citation.quote + "(增补)"))
    assert "引文不是条款原文" in check_item(bad, corpus_index)


def test_quote_missing_from_explanation_is_caught(quiz50: list[QuizItem], corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(quiz50, "single")
    assert "解析没有逐字引用原文" in check_item(replace(it, explanation="见原文。"), corpus_index)


def test_unknown_clause_is_caught(quiz50: list[QuizItem], corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(quiz50, "cloze")
    problems = check_item(replace(it, citation=replace(it.citation, clause_id="nope:000")), corpus_index)
    assert problems == ["引用的条款 nope:000 不在索引中"]


def test_single_with_the_wrong_letter_is_caught(quiz50: list[QuizItem], corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = next(i for i in quiz50 if i.type == "single" and "不属于" not in i.stem)
    other = next(o[0] for o in it.options if o[0] != it.answer)
    assert check_item(replace(it, answer=other), corpus_index)


def test_multiple_with_a_correct_option_marked_wrong_is_caught(quiz50: list[QuizItem], corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(quiz50, "multiple")
    assert check_item(replace(it, answer=it.answer[1:] + next(o[0] for o in it.options if o[0] not in it.answer)),
                      corpus_index)


@pytest.mark.parametrize("answer", ["A", "B"])
def test_judge_with_flipped_verdict_is_caught(quiz50: list[QuizItem], corpus_index, answer: str) -> None:  # type: ignore[no-untyped-def]
    it = _first(quiz50, "judge", answer)
    flipped = replace(it, answer="B" if answer == "A" else "A")
    assert check_item(flipped, corpus_index)


def test_judge_false_that_only_drops_words_is_not_a_contradiction(quiz50: list[QuizItem], corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(quiz50, "judge", "A")
    body = it.stem
    # delete a few characters in the middle: the statement is no longer verbatim, but nothing was contradicted
    cut = len(body) - 8
    dropped = replace(it, stem=body[:cut] + body[cut + 2:], answer="B")
    assert check_item(dropped, corpus_index)


def test_bad_option_format_is_caught(quiz50: list[QuizItem], corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(quiz50, "single")
    options = ("1 " + it.options[0][2:], *it.options[1:])
    assert any("格式应为" in p for p in check_item(replace(it, options=options), corpus_index))


def test_hand_made_items_are_checked(corpus_index) -> None:  # type: ignore[no-untyped-def]
    clause = next(c for c in corpus_index.clauses if "7个工作日内办结" in c.text)
    quote = next(s for s in clause.text.split("。") if "7个工作日" in s) + "。"
    cit = QuizCitation(clause.doc_id, clause.doc_title, clause.id, clause.path, quote)
    head = "根据《关于构建从严管理监督干部体系的实施意见》,"
    cloze = QuizItem("x1", "cloze", head + f"工作交接一般应在{BLANK}内办结。", (), "7个工作日",
                     f"原文:“{quote}”", cit)
    assert check_item(cloze, corpus_index) == []
    single = QuizItem("x2", "single", head + f"工作交接一般应在{PAREN}内办结。",
                      ("A 5个工作日", "B 7个工作日", "C 10个工作日", "D 7个工作日"), "B", f"原文:“{quote}”", cit)
    assert "选项重复" in check_item(single, corpus_index)  # D would be a second correct answer
    multiple = QuizItem("x4", "multiple", head + f"交接的内容包括{PAREN}以及其他需要交接的事项等。",
                        ("A 重要工作事项", "B 经济事项", "C 干部人事事项", "D 重大信访和社会稳定事项"), "ABC",
                        f"原文:“{quote}”", cit)
    assert any("出现在条款中" in p for p in check_item(multiple, corpus_index))  # D is listed too
    judge = QuizItem("x3", "judge", head + "工作交接一般应在七个工作日内办结。", ("A 正确", "B 错误"), "B",
                     f"原文:“{quote}”", cit)
    assert any("数值相同" in p for p in check_item(judge, corpus_index))  # 七 is 7: no contradiction
    judge_ok = replace(judge, stem=head + "工作交接一般应在5个工作日内办结。")
    assert check_item(judge_ok, corpus_index) == []
