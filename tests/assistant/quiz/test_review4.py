"""The fourth independent review (40-item paper, round 4: 26 usable, 8 need edit, 6 unusable), fixed as
mechanisms: practice is a named place's practice (no unsigned 范文, no slogan list of a news report), no two items
of a paper give each other away (a key family twice, a key set of one kind twice, one item's wrong options holding
another's keys, a wrong value or a swapped element used twice, a key offered wrong elsewhere), no distractor cut
from two keys or covered by the key, no umbrella key asked as a single choice, no common-sense false statement;
and the printed paper: whole marks for a short multiple choice, Word gaps for 7 characters, sources without ">",
no guessed authors, a serif PDF font when one is installed, no early line break."""

from __future__ import annotations

import io
import itertools
import re

import pytest

from assistant.quiz import QuizItem, QuizOptions, QuizResult, build_quiz, export_quiz
from assistant.quiz import distractors as dis
from assistant.quiz.check import _detail_change
from assistant.quiz.export import GAP_SPACES, NBSP, PDF_FONTS, SERIF_FONTS, _lone_tail, display, instructions, source
from assistant.quiz.generate import (
    changed_from,
    key_families,
    key_offered_wrong,
    keyed_set,
    reused_wrong,
    said_key,
    same_key,
    wrong_cover,
    wrong_texts,
)
from assistant.quiz.rules import rules_of
from assistant.quiz.text import source_label
from knowledge.catalog import issuer_shown

SEEDS = (0, 1, 2, 3)


@pytest.fixture(scope="module")
def papers(corpus_index, practice40: QuizResult, paper40: QuizResult) -> list[tuple[QuizItem, ...]]:  # type: ignore[no-untyped-def]
    others = [build_quiz(corpus_index, QuizOptions(count=40, seed=s, include_practice=True)).items for s in SEEDS[1:]]
    return [practice40.items, paper40.items, *others]


def _pairs(items: tuple[QuizItem, ...]):  # type: ignore[no-untyped-def]
    return itertools.combinations(items, 2)


# ---------------------------------------------------------------- practice

def test_an_unsigned_model_text_is_no_practice(corpus_index, bank: QuizResult) -> None:  # type: ignore[no-untyped-def]
    """Review items 13, 14, 40: 000 and 004 are unsigned 范文; what they say is an author's design, not a place's
    做法 ("应将名单提交纪委征求意见", "每年要进行一次民主评议")."""
    practice = [r for r in rules_of(corpus_index, corpus_index.clauses, include_practice=True) if not r.binding]
    assert practice and all("未署名" not in r.doc.issuer for r in practice)
    assert not [it.stem for it in bank.items if not it.binding and "范文" in it.stem]


def test_practice_asks_no_slogan_list_of_a_news_report(bank: QuizResult) -> None:
    """Review items 22 and 39: the names of 资阳市's "五联" and its "5方面信息" are a news item's trivia."""
    practice = [it for it in bank.items if not it.binding]
    assert not [it.stem for it in practice if it.fact in ("名称集合", "列举", "数量")]
    assert not [it.stem for it in bank.items if "“五联”" in it.stem]


# ---------------------------------------------------------------- what a paper may not repeat

def test_no_key_family_twice(papers: list[tuple[QuizItem, ...]]) -> None:
    """Review items 11/12 (调整优化, 调整), 13/14 (纪检监察组, 纪委), 16/18 (纪检 + 组织 twice)."""
    assert same_key("调整", "调整优化") and same_key("纪委", "纪检监察组") and not same_key("每年", "每月")
    assert key_families(frozenset({"县纪委监委", "县委组织部"})) == key_families(frozenset({"纪检监察机构", "组织人事部门"}))
    for items in papers:
        for a, b in _pairs(items):
            assert not same_key(said_key(a), said_key(b)), (a.stem, b.stem)
            if keyed_set(a) and keyed_set(b):
                assert key_families(keyed_set(a)) != key_families(keyed_set(b)), (a.stem, b.stem)


def test_no_item_offers_anothers_keys_or_wrong_values_again(papers: list[tuple[QuizItem, ...]]) -> None:
    """Review: item 12's wrong options 函询, 诫勉谈话, 提醒纠正 were item 21's keys; 任期考核 wrong in 15 and 17;
    每季度 put into 39 and 40; 县委组织部 swapped out of 31 and 33."""
    for items in papers:
        for a, b in _pairs(items):
            assert not (wrong_cover(a, b) or wrong_cover(b, a)), (a.stem, b.stem)
            assert not reused_wrong(a, b), (a.stem, b.stem, wrong_texts(a), wrong_texts(b))
            assert not (key_offered_wrong(a, b) or key_offered_wrong(b, a)), (a.stem, b.stem)
            assert not changed_from(a) or changed_from(a) != changed_from(b), (a.stem, b.stem)


# ---------------------------------------------------------------- distractors and false statements

def test_no_wrong_option_is_cut_from_two_keys(bank: QuizResult) -> None:
    """Review items 19 and 22: 年纪小但利益大 (年纪小但欲望大 + 工程小但利益大), 监督信息联查."""
    assert dis.spliced("年纪小但利益大", ["工程小但利益大", "年纪小但欲望大"])
    assert not dis.spliced("资历浅但架子大", ["工程小但利益大", "年纪小但欲望大"])
    for it in bank.items:
        if it.type in ("single", "multiple", "judge") and "“四小四大”" in it.stem + it.explanation:
            four = ["工程小但利益大", "职务小但权力大", "干部小但胆子大", "年纪小但欲望大"]
            shown = list(it.options) if it.type != "judge" else [it.stem]
            assert not [w for w in shown if dis.spliced(w, four)], it.stem


def test_no_wrong_option_the_key_covers(bank: QuizResult) -> None:
    """Review items 20 (走访 is a form of 信访) and 10 (严肃处理 covers 诫勉谈话 and 通报批评)."""
    for it in bank.items:
        if it.type in ("single", "multiple"):
            assert not [w for w in wrong_texts(it) if dis.covered(w, it.answer_texts)], (it.stem, it.options)
    assert not [it.stem for it in bank.items if it.type == "single" and "严肃处理" in it.answer_texts]


def test_a_change_common_sense_finds_is_refused() -> None:
    """Review item 28: 书面形式 -> 口头形式 is judged false without knowing the rule."""
    why = _detail_change("干部离开工作岗位时,应以口头形式办理工作交接", "干部离开工作岗位时,应以书面形式办理工作交接")
    assert why and "常识" in why
    assert _detail_change("工作交接一般应在5个工作日内办结", "工作交接一般应在7个工作日内办结") is None


def test_a_short_paper_says_why(practice40: QuizResult) -> None:
    """Fewer than 40 items when the binding text supports fewer without repeats: the tool says so."""
    if len(practice40.items) < 40:
        assert any("只生成了" in n for n in practice40.notes)


# ---------------------------------------------------------------- the printed paper

def test_a_short_multiple_choice_earns_whole_marks(practice40: QuizResult) -> None:
    text = "".join(instructions(practice40.items))
    assert "一半分" not in text and ".5" not in text
    assert "少选且所选各项均正确的得" in text


def test_word_gaps_hold_seven_characters(quiz40: list[QuizItem]) -> None:
    from docx import Document

    assert GAP_SPACES / 2 >= 8  # no-break spaces are half an em
    doc = Document(io.BytesIO(export_quiz(tuple(quiz40), "docx")))
    gaps = [r.text for p in doc.paragraphs for r in p.runs if r.underline and set(r.text) == {NBSP}]
    assert gaps and all(len(g) == GAP_SPACES for g in gaps)


def test_sources_use_chinese_marks_and_name_no_guessed_author(quiz40: list[QuizItem]) -> None:
    label = source_label("关于落实《干部任用条例》的通知", ("第一部分", "二是严格执行"))
    assert ">" not in label and "<" not in label and "〈干部任用条例〉" in label and "第一部分—严格执行" in label
    assert issuer_shown("某局党组、派驻纪检监察组等(范文汇编,作者未署名)", "范文") == "范文(作者未署名)"
    assert issuer_shown("泾县县委组织部", "实施意见") == "泾县县委组织部"
    assert not [source(it) for it in quiz40 if ">" in source(it) or re.search("[<>]", display(it.explanation))]
    assert display("执行《关于落实<中共中央关于…的意见>若干措施》") == "执行《关于落实〈中共中央关于…的意见〉若干措施》"


def test_pdf_prefers_a_serif_font_and_breaks_only_before_a_lone_mark() -> None:
    assert PDF_FONTS[:len(SERIF_FONTS)] == SERIF_FONTS
    assert _lone_tail("。（2分）") and _lone_tail("度。（　）") and not _lone_tail("组织处理。")
