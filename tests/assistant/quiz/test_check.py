"""check_item catches items whose key does not follow from the cited clause, or whose wrong options are right."""

from __future__ import annotations

from dataclasses import replace

from assistant.quiz import QuizItem, QuizResult, check_item
from assistant.quiz.text import PAREN
from assistant.quiz.types import FALSE, TRUE


def _first(items: tuple[QuizItem, ...], type_: str, pred=lambda it: True) -> QuizItem:  # type: ignore[no-untyped-def]
    return next(it for it in items if it.type == type_ and pred(it))


def test_the_bank_checks_clean(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    assert all(not check_item(it, corpus_index) for it in bank.items)


def test_wrong_cloze_answer_is_caught(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(bank.items, "cloze")
    assert check_item(replace(it, answer=(it.fills[0] + "以上",)), corpus_index)
    assert "填空题的答案应为可接受填法的列表" in check_item(replace(it, answer=it.fills[0]), corpus_index)


def test_quote_not_in_clause_is_caught(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(bank.items, "single")
    bad = replace(it, citation=replace(it.citation, quote=it.citation.quote + "(增补)"))
    assert "引文不是条款原文" in check_item(bad, corpus_index)


def test_quote_missing_from_explanation_is_caught(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(bank.items, "single")
    assert "解析没有逐字引用原文" in check_item(replace(it, explanation="见原文。"), corpus_index)


def test_unknown_clause_is_caught(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(bank.items, "cloze")
    problems = check_item(replace(it, citation=replace(it.citation, clause_id="nope:000")), corpus_index)
    assert problems == ["引用的条款 nope:000 不在索引中"]


def test_lettered_options_are_caught(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(bank.items, "single")
    lettered = tuple(f"{'ABCD'[i]} {o}" for i, o in enumerate(it.options))
    assert any("不应带字母" in p for p in check_item(replace(it, options=lettered), corpus_index))


def test_a_distractor_that_is_right_in_the_knowledge_base_is_caught(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(bank.items, "single", lambda i: "7个工作日" in i.options and "下列" not in i.stem)
    # key an invented value and leave the text's own value among the wrong options
    options = tuple("99个工作日" if o == "7个工作日" else o for o in it.options)
    options = tuple("7个工作日" if i == (options.index("99个工作日") + 1) % 4 else o for i, o in enumerate(options))
    bad = replace(it, options=options, answer="ABCD"[options.index("99个工作日")])
    problems = check_item(bad, corpus_index)
    assert "干扰项 “7个工作日” 填回题干后在知识库中也成立" in problems, problems


def test_single_with_the_wrong_letter_is_caught(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(bank.items, "single", lambda i: "不属于" not in i.stem and "下列" not in i.stem)
    other = next("ABCD"[i] for i in range(4) if "ABCD"[i] != it.key)
    assert check_item(replace(it, answer=other), corpus_index)


def test_multiple_with_one_key_is_caught(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(bank.items, "multiple")
    assert "多选题应有至少两个正确选项" in check_item(replace(it, answer=it.key[0]), corpus_index)


def test_a_polarity_flip_is_no_false_judge_item(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(bank.items, "judge", lambda i: i.key == TRUE and "不得" in i.stem)
    flipped = replace(it, stem=it.stem.replace("不得", "可以", 1), answer=FALSE)
    problems = check_item(flipped, corpus_index)
    assert any("应改动细节而不是肯定与否定" in p for p in problems), problems


def test_a_true_judge_statement_that_is_not_the_text_is_caught(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    it = _first(bank.items, "judge", lambda i: i.key == FALSE and "原文为" in i.explanation)
    assert "判为正确的表述不是原文" in check_item(replace(it, answer=TRUE), corpus_index)


def test_a_statement_item_with_two_true_statements_is_caught(corpus_index) -> None:  # type: ignore[no-untyped-def]
    import re

    from assistant.quiz import QuizOptions, generate_quiz

    it = next(i for i in generate_quiz(corpus_index, QuizOptions(count=10, seed=0)) if "下列说法正确的是" in i.stem)
    assert PAREN in it.stem and not check_item(it, corpus_index)
    letter, original, changed = re.search(r"([A-D])项原文为“([^”]+)”而非“([^”]+)”", it.explanation).groups()
    i = "ABCD".index(letter)
    # the false statement put back as the text says it (at the changed place: "领导干部" may occur before it)
    option = it.options[i]
    quotes = [it.citation.quote, *(c.quote for c in it.also)]
    restored = next(r for k in range(len(option)) if option.startswith(changed, k)
                    for r in [option[:k] + original + option[k + len(changed):]]
                    if any(r.rstrip("。") in q for q in quotes))
    bad = replace(it, options=(*it.options[:i], restored, *it.options[i + 1:]))
    assert any("也是正确的" in p for p in check_item(bad, corpus_index))


def test_a_stem_that_shows_its_answer_is_caught(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    """"凡未经纪委审查…,由（　）牵头" keyed 纪委: the stem answers itself (gives_away). (The 范文 that said so is no
    practice any more, and a who-item keyed to the issuing body is not asked: a measure item shows the same check.)"""
    it = _first(bank.items, "single", lambda i: i.option_text(i.key) == "整顿")
    assert "整顿" not in it.stem.split("规定,", 1)[1]  # the generator left the telling piece out
    shown = replace(it, stem=it.stem.replace("规定,", "规定,整顿先行,", 1))
    assert "题干中已出现答案“整顿”" in check_item(shown, corpus_index)
