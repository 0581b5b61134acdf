"""Hybrid retrieval: BM25 over jieba tokens + dense similarity from the index's embedder, fused.

Fusion is normalised-score or reciprocal-rank (the default is knowledge.config.DEFAULT_FUSION; both are
measured on the gold set, see README). Each hit also carries `coverage`, the share of the question's
known words found in the clause (assistant/analyze.py). Whether the knowledge base supports an answer
at all is decided by the dense similarity together with `Analysis.topicality` (the share of what a clause
could match: a word the documents never use is no evidence against it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeAlias

import numpy as np

from assistant.analyze import Analysis, analyze
from assistant.query import Query
from knowledge.config import DEFAULT_FUSION, FUSIONS, MODES, Fusion, Mode, check_choice
from knowledge.embed import Embedder
from knowledge.index import Index
from knowledge.parse import passage_text
from knowledge.tokenize import tokenize_for_search
from knowledge.types import Hit

# a query's vector, or the wait for one whose embedding has started (knowledge.embed.start_query)
QueryVector: TypeAlias = np.ndarray | Callable[[], np.ndarray]

RRF_K = 60
COVERAGE_WEIGHT = 1.0  # the coverage vote, as a share of the best fused score (measured on the gold set)
EXPANSION_WEIGHT = 0.5  # measured on the gold set: 0.3-0.7 all beat 1.0 (README)
SENTENCE_WEIGHT = 0.5  # a clause's best sentence's share of its dense score (0.3 and 0.7 measured worse, README)


class Reranker(Protocol):
    def rerank(self, query: str, hits: Sequence[Hit]) -> list[Hit]: ...


@dataclass(frozen=True)
class Retrieval:
    hits: tuple[Hit, ...]  # best first, at most top_k
    candidates: tuple[Hit, ...]  # the fused list before the cut, for "可能相关" and neighbours
    supported: bool  # does the best hit pass the refusal threshold?
    support: float
    query_vector: np.ndarray | None = None  # the question's embedding (unit length), when dense ran


def _lexical(index: Index, query: Query, analysis: Analysis, n: int, rows: np.ndarray | None) -> dict[str, float]:
    if index.bm25 is None:
        return {}
    vocab = index.bm25.vocab_dict
    tokens = [t for t in tokenize_for_search(query.text) if t in vocab]
    bridged = " ".join((*query.expansions, *(b for t in analysis.terms for b in (*t.bridges, *t.thesaurus, *t.near_whole))))
    added = list(dict.fromkeys(t for t in tokenize_for_search(bridged) if t in vocab and t not in tokens))
    if not tokens and not added:
        return {}
    scores = index.bm25.get_scores(tokens) if tokens else np.zeros(len(index.clauses), dtype=np.float32)
    if added:  # bridged terms help recall but must not outvote the question's own words
        scores = scores + EXPANSION_WEIGHT * index.bm25.get_scores(added)
    scores = scores + _phrase_scores(index, query, analysis, vocab)
    if rows is not None:
        masked = np.full_like(scores, -1.0)
        masked[rows] = scores[rows]
        scores = masked
    n = min(n, len(scores))
    top = np.argpartition(-scores, n - 1)[:n]
    top = top[np.argsort(-scores[top])]
    return {index.clauses[i].id: float(scores[i]) for i in top if scores[i] > 0}


def _phrase_scores(index: Index, query: Query, analysis: Analysis, vocab: dict[str, int]) -> np.ndarray:
    """A question word the documents use only inside other words ("包揽" in "总揽不包揽", which jieba cut
    as 不包/揽) is no BM25 token: match it as a phrase, scored like a rare token."""
    scores = np.zeros(len(index.clauses), dtype=np.float32)
    words = [t for t in analysis.terms if t.word not in vocab and len(t.word) >= 2 and t.word in index.fulltext]
    for term in words:
        for i, clause in enumerate(index.clauses):
            if term.word in clause.text:
                scores[i] += term.weight
    return scores


def _dense(index: Index, qvec: np.ndarray, unit: np.ndarray, n: int, doc_ids: Sequence[str] | None,
           rows: np.ndarray | None) -> dict[str, float]:
    """Dense similarity of the best clauses: each clause's own vector and its best sentence's, averaged
    (knowledge/sentence_vectors.py: one rule among five in a long clause barely moves the clause's vector).
    `unit` is `qvec` at unit length, for the sentence vectors."""
    where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids else None
    count = len(index.clauses) if not doc_ids else sum(len(index.doc_rows.get(d, ())) for d in doc_ids)
    if count == 0:
        return {}
    res = index.collection.query(query_embeddings=[qvec.tolist()], n_results=min(n, count), where=where,
                                 include=["distances"])
    own = {cid: 1.0 - float(dist) for cid, dist in zip(res["ids"][0], res["distances"][0], strict=True)}
    if index.sentences is None or not own:
        return own
    best = index.sentences.best(unit, len(index.clauses))
    if rows is not None:  # the documents asked for only
        allowed = np.zeros(len(best), dtype=bool)
        allowed[rows] = True
        best[~allowed] = np.nan
    ranked = np.argsort(-np.nan_to_num(best, nan=-np.inf))
    sentence_top = [index.clauses[i].id for i in ranked[: min(n, count)] if not np.isnan(best[i])]
    floor = min(own.values())  # a clause the store did not return is at most this similar by its own vector
    scores: dict[str, float] = {}
    for cid in dict.fromkeys([*own, *sentence_top]):
        whole = own.get(cid, floor)
        sentence = float(best[index.row_of[cid]])
        scores[cid] = whole if np.isnan(sentence) else (1 - SENTENCE_WEIGHT) * whole + SENTENCE_WEIGHT * sentence
    return dict(sorted(scores.items(), key=lambda kv: -kv[1])[: min(n, count)])


def _rrf(rankings: Sequence[dict[str, float]]) -> dict[str, float]:
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(sorted(ranking, key=lambda c: -ranking[c])):
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
    return fused


def _minmax(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    return {k: (v - lo) / (hi - lo) if hi > lo else 1.0 for k, v in scores.items()}


def _score_fusion(lexical: dict[str, float], dense: dict[str, float]) -> dict[str, float]:
    lex, den = _minmax(lexical), _minmax(dense)
    return {cid: 0.5 * lex.get(cid, 0.0) + 0.5 * den.get(cid, 0.0) for cid in set(lex) | set(den)}


def support_score(dense: float, cover: float) -> float:
    """How well a clause supports answering: e5 similarities sit in a narrow band (~0.75-0.92),
    so they are rescaled before being averaged with the word coverage."""
    dense_scaled = min(max((dense - 0.78) / 0.12, 0.0), 1.0)
    return 0.5 * dense_scaled + 0.5 * cover


def retrieve(
    index: Index,
    embedder: Embedder | None,
    query: Query,
    top_k: int = 5,
    candidates: int = 30,
    fusion: Fusion = DEFAULT_FUSION,
    threshold: float = 0.5,
    doc_ids: Sequence[str] | None = None,
    mode: Mode = "hybrid",
    qvec: QueryVector | None = None,
    reranker: Reranker | None = None,
    analysis: Analysis | None = None,
) -> Retrieval:
    """Top clauses for a query. `mode` is hybrid | bm25 | dense (the latter two for evaluation);
    `doc_ids` must name documents of this index (the callers check them against it and say which not)."""
    check_choice("mode", mode, MODES)
    check_choice("fusion", fusion, FUSIONS)
    analysis = analysis or analyze(query, index)
    rows = np.concatenate([index.doc_rows[d] for d in doc_ids if d in index.doc_rows]) if doc_ids else None
    lexical = _lexical(index, query, analysis, candidates, rows) if mode in ("hybrid", "bm25") else {}
    dense: dict[str, float] = {}
    unit: np.ndarray | None = None
    if mode in ("hybrid", "dense") and embedder is not None:
        if qvec is None:
            vector = embedder.embed_queries([query.text])[0]
        elif callable(qvec):
            vector = qvec()  # an embedding started before the word analysis (knowledge.embed.start_query)
        else:
            vector = qvec
        unit = np.asarray(vector, dtype=np.float32)
        unit = unit / max(float(np.linalg.norm(unit)), 1e-12)
        dense = _dense(index, vector, unit, candidates, doc_ids, rows)
    if mode == "bm25":
        fused = lexical
    elif mode == "dense":
        fused = dense
    else:
        fused = _rrf([lexical, dense]) if fusion == "rrf" else _score_fusion(lexical, dense)
    # Both retrievers miss what the other sees; the question's IDF-weighted words found in a clause
    # (rare words count most, bridged words less) are a third vote: a rare word the user typed should
    # lift its clause over ones that only share the common words.
    texts = {cid: passage_text(index.by_id[cid]) for cid in fused}
    cover = {cid: analysis.coverage(texts[cid]) for cid in fused}
    if mode == "hybrid" and cover:
        scale = max(fused.values(), default=0.0) or 1.0
        fused = {cid: fused[cid] + COVERAGE_WEIGHT * scale * cover[cid] for cid in fused}
    hits = []
    # equal scores keep the documents' order, so the same index gives the same ranking in every process
    for cid in sorted(fused, key=lambda c: (-fused[c], index.by_id[c].doc_id, index.by_id[c].ordinal)):
        hits.append(Hit(index.by_id[cid], fused[cid], dense.get(cid, 0.0), lexical.get(cid, 0.0), cover[cid]))
    if reranker is not None and hits:
        hits = reranker.rerank(query.text, hits[: max(top_k * 3, 15)]) + hits[max(top_k * 3, 15):]
    if mode == "bm25":  # no dense score: judge by coverage alone
        support = max((h.coverage for h in hits[:top_k]), default=0.0)
    else:
        support = max((support_score(h.dense, analysis.topicality(texts[h.clause.id])) for h in hits[:top_k]),
                      default=0.0)
    return Retrieval(tuple(hits[:top_k]), tuple(hits), support >= threshold, support, unit)


class CrossEncoderReranker:
    """Optional second stage with a sentence-transformers CrossEncoder (a local model directory)."""

    def __init__(self, model: str) -> None:
        from sentence_transformers import CrossEncoder

        self._model = CrossEncoder(model, device="cpu")

    def rerank(self, query: str, hits: Sequence[Hit]) -> list[Hit]:
        scores = self._model.predict([(query, passage_text(h.clause)) for h in hits])
        order = np.argsort(-np.asarray(scores))
        return [Hit(hits[i].clause, float(scores[i]), hits[i].dense, hits[i].lexical, hits[i].coverage)
                for i in order]
