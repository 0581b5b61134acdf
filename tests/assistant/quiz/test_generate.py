"""Generation over the real corpus: coverage, provenance, keys that follow from their clauses."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from assistant.quiz import TYPES, QuizError, QuizItem, QuizOptions, check_item, generate_quiz
from assistant.quiz.text import BLANK, PAREN, strip_lead
from knowledge.config import PROJECT_ROOT

SCHEMA_KEYS = {"id", "type", "stem", "options", "answer", "explanation", "citation"}
CITATION_KEYS = {"doc_id", "doc_title", "clause_id", "path", "quote"}


def test_fifty_items_cover_all_four_types(quiz50: list[QuizItem]) -> None:
    assert len(quiz50) == 50
    counts = Counter(it.type for it in quiz50)
    assert set(counts) == set(TYPES)
    assert min(counts.values()) >= 10, counts


def test_every_key_checks_out_against_its_clause(quiz50: list[QuizItem], corpus_index) -> None:  # type: ignore[no-untyped-def]
    problems = {it.id: check_item(it, corpus_index) for it in quiz50}
    assert not {k: v for k, v in problems.items() if v}


def test_quotes_are_verbatim_and_explained(quiz50: list[QuizItem], corpus_index) -> None:  # type: ignore[no-untyped-def]
    for it in quiz50:
        clause = corpus_index.by_id[it.citation.clause_id]
        assert it.citation.quote and it.citation.quote in clause.text, it.id
        assert it.citation.doc_id == clause.doc_id and it.citation.doc_title == clause.doc_title
        assert tuple(it.citation.path) == tuple(clause.path)
        assert f"原文:“{it.citation.quote}”" in it.explanation, it.id


def test_items_follow_the_design_schema(quiz50: list[QuizItem]) -> None:
    for it in quiz50:
        d = json.loads(json.dumps(it.to_dict(), ensure_ascii=False))
        assert SCHEMA_KEYS <= set(d) and set(d["citation"]) == CITATION_KEYS
        assert d["type"] in TYPES
        assert QuizItem.from_dict(d) == it
    assert len({it.id for it in quiz50}) == 50


def test_no_duplicate_or_near_duplicate_stems(quiz50: list[QuizItem]) -> None:
    bodies = [re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", strip_lead(it.stem).replace(BLANK, "").replace(PAREN, ""))
              for it in quiz50]
    assert len(set(it.stem for it in quiz50)) == 50
    for i, a in enumerate(bodies):
        for j in range(i + 1, len(bodies)):
            ratio = difflib.SequenceMatcher(None, a, bodies[j]).ratio()
            assert ratio < 0.8, (quiz50[i].stem, quiz50[j].stem)


def test_stems_name_their_source_and_mark_the_gap(quiz50: list[QuizItem]) -> None:
    for it in quiz50:
        assert it.stem.startswith("根据《"), it.stem
        if it.type == "cloze":
            assert it.stem.count(BLANK) == 1 and PAREN not in it.stem
            assert not it.options
        elif it.type in ("single", "multiple"):
            assert it.stem.count(PAREN) == 1 and BLANK not in it.stem
        else:
            assert it.options == ("A 正确", "B 错误") and it.answer in ("A", "B")


def test_cloze_answer_fills_back_into_the_clause(quiz50: list[QuizItem], corpus_index) -> None:  # type: ignore[no-untyped-def]
    for it in (i for i in quiz50 if i.type == "cloze"):
        filled = strip_lead(it.stem).replace(BLANK, it.answer).rstrip("。")
        assert filled in corpus_index.by_id[it.citation.clause_id].text, it.stem


def test_distractors_are_wrong_and_differ_from_the_key(quiz50: list[QuizItem], corpus_index) -> None:  # type: ignore[no-untyped-def]
    for it in quiz50:
        if it.type not in ("single", "multiple"):
            continue
        clause = corpus_index.by_id[it.citation.clause_id]
        right = set(it.answer_texts)
        wrong = [o[2:] for o in it.options if o[0] not in it.answer]
        assert wrong and not right & set(wrong), it.id
        if it.type == "multiple":
            assert 2 <= len(it.answer) < len(it.options)
            for w in wrong:  # a wrong option that the clause also lists would be a second correct answer
                assert w not in clause.text, (it.id, w)
            for r in right:
                assert r in it.citation.quote, (it.id, r)
        elif "不属于" not in it.stem:
            body = strip_lead(it.stem)
            for w in wrong:
                assert body.replace(PAREN, w).rstrip("。") not in clause.text, (it.id, w)


def test_false_judge_items_change_one_fact(quiz50: list[QuizItem], corpus_index) -> None:  # type: ignore[no-untyped-def]
    judges = [it for it in quiz50 if it.type == "judge"]
    false = [it for it in judges if it.answer == "B"]
    true = [it for it in judges if it.answer == "A"]
    assert false and true
    for it in false:
        statement = strip_lead(it.stem).rstrip("。")
        assert statement not in corpus_index.by_id[it.citation.clause_id].text
        assert it.explanation.startswith("错误。")
        # the explanation names the original fact, which the quote holds, and the changed one, which the stem holds
        m = re.search(r"原文为“([^”]+)”,题干改成了“([^”]+)”", it.explanation)
        if m:
            original, changed = m.groups()
            assert original in it.citation.quote and changed in statement and changed != original
        else:  # a named set with one foreign item: “五联”模式包括…,其中没有“X”
            m = re.search(r"其中没有“([^”]+)”", it.explanation)
            assert m and m.group(1) in statement and m.group(1) not in it.citation.quote
    for it in true:
        statement = strip_lead(it.stem).rstrip("。")
        if "包括" in statement and statement not in it.citation.quote:  # “五联”模式包括A、B…
            continue
        assert statement in it.citation.quote, it.stem


def test_no_essay_filler_or_reported_numbers(quiz50: list[QuizItem]) -> None:
    for it in quiz50:
        assert not re.search(r"人的记忆力|小编|范文|\d{4}年|余次", it.stem), it.stem


def test_same_seed_same_items_other_seed_other_items(corpus_index, quiz50: list[QuizItem]) -> None:  # type: ignore[no-untyped-def]
    again = generate_quiz(corpus_index, QuizOptions(count=50, seed=0))
    assert [it.to_dict() for it in again] == [it.to_dict() for it in quiz50]
    other = generate_quiz(corpus_index, QuizOptions(count=50, seed=1))
    assert [it.to_dict() for it in other] != [it.to_dict() for it in quiz50]


def test_reproducible_across_processes(corpus_settings) -> None:  # type: ignore[no-untyped-def]
    """String hashing differs between processes; the quiz must not."""
    code = (
        "import json,sys\n"
        "from knowledge.config import load_settings\n"
        "from knowledge.index import load_index\n"
        "from assistant.quiz import QuizOptions, generate_quiz\n"
        "ix = load_index(load_settings(), check_embedder=False)\n"
        "items = generate_quiz(ix, QuizOptions(count=30, seed=5, difficulty='hard'))\n"
        "sys.stdout.write(json.dumps([i.to_dict() for i in items], ensure_ascii=False))\n"
    )
    outs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "JIANDU_DATA_DIR": str(corpus_settings.data_dir),
               "HF_HUB_OFFLINE": "1"}
        done = subprocess.run([sys.executable, "-c", code], env=env, cwd=PROJECT_ROOT, capture_output=True,
                              text=True, timeout=300, check=True)
        outs.append(json.loads(done.stdout))
    assert outs[0] == outs[1] and len(outs[0]) == 30


def test_doc_and_heading_filters(corpus_index) -> None:  # type: ignore[no-untyped-def]
    doc = "001_ad443106805678c7"
    items = generate_quiz(corpus_index, QuizOptions(count=10, doc_ids=(doc,), seed=2))
    assert items and all(it.citation.doc_id == doc for it in items)
    items = generate_quiz(corpus_index, QuizOptions(count=5, headings=("严格日常监督",)))
    assert items and all(any("严格日常监督" in p for p in it.citation.path) for it in items)


def test_types_filter_and_short_supply(corpus_index) -> None:  # type: ignore[no-untyped-def]
    items = generate_quiz(corpus_index, QuizOptions(count=8, types=("cloze", "judge")))
    assert len(items) == 8 and {it.type for it in items} == {"cloze", "judge"}
    few = generate_quiz(corpus_index, QuizOptions(count=200, doc_ids=("003_9a4cdc55fac0c220",)))
    assert 0 < len(few) < 200  # a small document runs out; no padding with weak items


def test_difficulty_shapes_the_items(corpus_index) -> None:  # type: ignore[no-untyped-def]
    easy = generate_quiz(corpus_index, QuizOptions(count=40, difficulty="easy"))
    hard = generate_quiz(corpus_index, QuizOptions(count=40, difficulty="hard"))
    assert all(len(it.options) <= 4 for it in easy if it.type == "multiple")
    assert max(len(it.options) for it in hard if it.type == "multiple") > 4
    assert {it.difficulty for it in easy} == {"easy"} and {it.difficulty for it in hard} == {"hard"}
    for items in (easy, hard):
        assert all(not check_item(it, corpus_index) for it in items)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"count": 0}, "题目数量 0 超出范围"),
        ({"count": 501}, "题目数量 501 超出范围"),
        ({"types": ()}, "至少选择一种题型"),
        ({"types": ("cloze", "essay")}, "不支持的题型: essay"),
        ({"types": ("cloze", "cloze")}, "题型重复"),
        ({"difficulty": "extreme"}, "难度 “extreme” 不受支持"),
    ],
)
def test_bad_options_are_refused(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(QuizError, match=match):
        QuizOptions(**kwargs)  # type: ignore[arg-type]


def test_unknown_document_is_refused(corpus_index) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QuizError, match="索引中没有文档 999_nope;可选: 000_"):
        generate_quiz(corpus_index, QuizOptions(doc_ids=("999_nope",)))


def test_unknown_heading_is_refused(corpus_index) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QuizError, match="没有条款位于标题 “不存在的标题”"):
        generate_quiz(corpus_index, QuizOptions(headings=("不存在的标题",)))
