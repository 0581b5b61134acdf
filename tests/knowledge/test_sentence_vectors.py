"""knowledge.sentence_vectors: every clause of several sentences gets one vector per sentence at ingest,
reused while the clause is unchanged; an index made before them is given them by the next ingest."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from knowledge import sentence_vectors
from knowledge.config import Settings
from knowledge.embed import Embedder, get_embedder
from knowledge.index import current_generation, index_root, load_index
from knowledge.ingest import ingest
from tests.knowledge.conftest import ADDED_SENTENCES, TinyIndex, write_regulation


class Counting:
    """The real embedder, counting the passages it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.passages: list[str] = []

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages.extend(texts)
        return self.inner.embed_passages(texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed_queries(texts)


def _expected(settings: Settings) -> dict[str, list[str]]:
    index = load_index(settings)
    return {c.id: parts for c in index.clauses if (parts := sentence_vectors.clause_sentences(c))}


def test_ingest_stores_one_vector_per_sentence_of_each_long_clause(tiny_index: TinyIndex) -> None:
    index = load_index(tiny_index.settings)
    expected = _expected(tiny_index.settings)
    assert expected, "the tiny corpus has clauses of several sentences"
    assert index.sentences is not None
    assert len(index.sentences.rows) == sum(len(v) for v in expected.values())
    assert {index.clauses[r].id for r in index.sentences.rows} == set(expected)
    # the stored vector is the embedder's vector of that sentence
    embedder = get_embedder(tiny_index.settings)
    cid, parts = next(iter(expected.items()))
    first = int(np.flatnonzero(index.sentences.rows == index.row_of[cid])[0])
    assert float(index.sentences.vectors[first] @ embedder.embed_passages([parts[0]])[0]) > 0.999


def test_adding_a_document_embeds_only_its_sentences(tiny_index: TinyIndex) -> None:
    settings = tiny_index.settings
    before = load_index(settings).sentences
    write_regulation(tiny_index.source, ADDED_SENTENCES, name="added.md")
    counting = Counting(get_embedder(settings))
    report = ingest(settings, [tiny_index.source], embedder=counting)
    index = load_index(settings)
    added = [c for c in index.clauses if c.doc_id == "added"]
    new_sentences = [s for c in added for s in sentence_vectors.clause_sentences(c)]
    assert report.added == ("added",) and new_sentences
    assert sorted(counting.passages) == sorted([*(p for p in _passages(added)), *new_sentences])
    assert index.sentences is not None and before is not None
    assert len(index.sentences.rows) == len(before.rows) + len(new_sentences)


def _passages(clauses: Sequence) -> list[str]:  # type: ignore[type-arg]
    from knowledge.parse import passage_text

    return [passage_text(c) for c in clauses]


def test_an_index_without_sentence_vectors_is_upgraded_by_the_next_ingest(tiny_index: TinyIndex) -> None:
    settings = tiny_index.settings
    old = current_generation(settings)
    (index_root(settings) / str(old) / sentence_vectors.SENTENCES).unlink()
    assert load_index(settings).sentences is None  # still answers, from clause vectors alone

    counting = Counting(get_embedder(settings))
    report = ingest(settings, [tiny_index.source], embedder=counting)
    assert report.changed and report.embedded == 0  # clause vectors are reused
    assert current_generation(settings) != old
    expected = _expected(settings)
    assert sorted(counting.passages) == sorted(s for parts in expected.values() for s in parts)
    index = load_index(settings)
    assert index.sentences is not None and len(index.sentences.rows) == sum(len(v) for v in expected.values())


def test_sentence_vectors_naming_unknown_clauses_are_not_used(tiny_index: TinyIndex) -> None:
    settings = tiny_index.settings
    gen_dir = index_root(settings) / str(current_generation(settings))
    with np.load(gen_dir / sentence_vectors.SENTENCES) as data:
        ids, vectors = data["ids"].copy(), data["vectors"].copy()
    ids[0] = "no-such-clause"
    np.savez(gen_dir / sentence_vectors.SENTENCES, ids=ids, vectors=vectors)
    assert load_index(settings).sentences is None


def test_best_is_the_best_sentence_per_clause_and_nan_without_sentences() -> None:
    vectors = np.eye(3, dtype=np.float32)
    best = sentence_vectors.SentenceVectors(np.array([0, 0, 2]), vectors).best(np.array([0.0, 1.0, 0.0]), 4)
    assert best[0] == 1.0 and best[2] == 0.0 and np.isnan(best[1]) and np.isnan(best[3])
