"""store.ExactSearch: the in-memory dense search of embedded mode returns what Chroma's own query returns."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge import store
from knowledge.config import Settings
from knowledge.embed import get_embedder
from knowledge.index import EXACT_SEARCH_MAX, Index, load_index
from tests.scale.conftest import gold_questions


def test_embedded_index_uses_exact_search(corpus_index: Index) -> None:
    assert len(corpus_index.clauses) <= EXACT_SEARCH_MAX
    assert isinstance(corpus_index.collection, store.ExactSearch)
    assert corpus_index.collection.vectors.shape == (len(corpus_index.clauses), 384)
    # everything but `query` is Chroma's: the store of record
    assert corpus_index.collection.count() == len(corpus_index.clauses)
    first = corpus_index.clauses[0]
    got = corpus_index.collection.get(ids=[first.id], include=["metadatas"])
    assert got["metadatas"][0]["doc_id"] == first.doc_id


@pytest.mark.parametrize("limit_docs", [0, 1, 2])
def test_exact_search_matches_chroma(corpus_settings: Settings, corpus_index: Index, limit_docs: int) -> None:
    exact = corpus_index.collection
    chroma = exact._collection
    where = {"doc_id": {"$in": sorted(corpus_index.docs)[:limit_docs]}} if limit_docs else None
    vectors = get_embedder(corpus_settings).embed_queries(gold_questions(20))
    for v in vectors:
        a = exact.query(query_embeddings=[v.tolist()], n_results=30, where=where, include=["distances"])
        b = chroma.query(query_embeddings=[v.tolist()], n_results=30, where=where, include=["distances"])
        assert a["ids"] == b["ids"]
        np.testing.assert_allclose(a["distances"], b["distances"], atol=1e-5)


def test_exact_search_filters_and_falls_back(corpus_index: Index) -> None:
    exact = corpus_index.collection
    v = exact.vectors[0]
    doc_id = corpus_index.clauses[0].doc_id
    one = exact.query(query_embeddings=[v.tolist()], n_results=500, where={"doc_id": doc_id})
    assert one["ids"][0][0] == corpus_index.clauses[0].id and one["distances"][0][0] == pytest.approx(0, abs=1e-5)
    assert set(one["ids"][0]) == {c.id for c in corpus_index.doc_clauses(doc_id)}
    assert exact.query(query_embeddings=[v.tolist()], n_results=5, where={"doc_id": {"$in": ["nope"]}})["ids"] == [[]]
    # a filter it does not answer goes to Chroma unchanged
    other = exact.query(query_embeddings=[v.tolist()], n_results=3, where={"ordinal": 0}, include=["distances"])
    assert len(other["ids"][0]) == min(3, sum(c.ordinal == 0 for c in corpus_index.clauses))


def test_server_mode_and_large_indexes_keep_chroma(corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    import knowledge.index as index_mod

    monkeypatch.setattr(index_mod, "EXACT_SEARCH_MAX", 10)
    assert not isinstance(load_index(corpus_settings).collection, store.ExactSearch)
