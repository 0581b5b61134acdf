"""Hybrid retrieval: BM25 over jieba tokens + dense similarity from the index's embedder, fused.

Fusion is reciprocal-rank (default) or normalised-score; both are measured on the gold set
(see README). Each hit also carries `coverage`, the share of the question's content words found
in the clause, which together with the dense similarity decides whether the knowledge base
supports an answer at all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.query import Query, question_tokens, synonym_table
from knowledge.embed import Embedder
from knowledge.index import Index
from knowledge.parse import passage_text
from knowledge.tokenize import tokenize_for_search
from knowledge.types import Hit

RRF_K = 60
EXPANSION_WEIGHT = 0.5  # measured on the gold set: 0.3-0.7 all beat 1.0 (README)
SINGLE_CHAR_WEIGHT = 0.3  # a lone character left by jieba ("最", "没", "给") is rarely the topic


class Reranker(Protocol):
    def rerank(self, query: str, hits: Sequence[Hit]) -> list[Hit]: ...


@dataclass(frozen=True)
class Retrieval:
    hits: tuple[Hit, ...]  # best first, at most top_k
    candidates: tuple[Hit, ...]  # the fused list before the cut, for "可能相关" and neighbours
    supported: bool  # does the best hit pass the refusal threshold?
    support: float


def _lexical(index: Index, query: Query, n: int, rows: np.ndarray | None) -> dict[str, float]:
    if index.bm25 is None:
        return {}
    vocab = index.bm25.vocab_dict
    tokens = [t for t in tokenize_for_search(query.text) if t in vocab]
    added = [t for t in tokenize_for_search(" ".join(query.expansions)) if t in vocab and t not in tokens]
    if not tokens and not added:
        return {}
    scores = index.bm25.get_scores(tokens) if tokens else np.zeros(len(index.clauses), dtype=np.float32)
    if added:  # the synonym file's terms help recall but must not outvote the question's own words
        scores = scores + EXPANSION_WEIGHT * index.bm25.get_scores(added)
    if rows is not None:
        masked = np.full_like(scores, -1.0)
        masked[rows] = scores[rows]
        scores = masked
    n = min(n, len(scores))
    top = np.argpartition(-scores, n - 1)[:n]
    top = top[np.argsort(-scores[top])]
    return {index.clauses[i].id: float(scores[i]) for i in top if scores[i] > 0}


def _dense(index: Index, qvec: np.ndarray, n: int, doc_ids: Sequence[str] | None) -> dict[str, float]:
    where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids else None
    count = len(index.clauses) if not doc_ids else sum(len(index.doc_rows.get(d, ())) for d in doc_ids)
    if count == 0:
        return {}
    res = index.collection.query(query_embeddings=[qvec.tolist()], n_results=min(n, count), where=where,
                                 include=["distances"])
    return {cid: 1.0 - float(dist) for cid, dist in zip(res["ids"][0], res["distances"][0], strict=True)}


def term_weights(index: Index, tokens: Sequence[str]) -> dict[str, float]:
    """IDF of each question word in the index: generic words (监督, 工作) weigh little, and a word the
    documents never use weighs most, so a question about something absent scores low."""
    n = max(len(index.clauses), 1)
    vocab = index.bm25.vocab_dict if index.bm25 is not None else {}
    indptr = index.bm25.scores["indptr"] if index.bm25 is not None else None
    weights = {}
    for t in tokens:
        tid = vocab.get(t)
        df = int(indptr[tid + 1] - indptr[tid]) if tid is not None and indptr is not None else 0
        weights[t] = math.log(1 + (n - df + 0.5) / (df + 0.5))
        if len(t) == 1 and not t.isdigit():
            weights[t] *= SINGLE_CHAR_WEIGHT
    return weights


def alternatives(token: str) -> tuple[str, ...]:
    """The token and the regulation terms a colloquial word stands for (from synonyms.toml)."""
    alts = [token]
    for key, terms in synonym_table().items():
        if len(token) >= 2 and (key in token or token in key):
            alts.extend(terms)
    return tuple(alts)


def coverage(weights: dict[str, float], text: str) -> float:
    """IDF-weighted share of the question's words (or their synonyms) found in `text`."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    found = sum(w for t, w in weights.items() if any(a in text for a in alternatives(t)))
    return found / total


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
    fusion: str = "rrf",
    threshold: float = 0.5,
    doc_ids: Sequence[str] | None = None,
    mode: str = "hybrid",
    qvec: np.ndarray | None = None,
    reranker: Reranker | None = None,
) -> Retrieval:
    """Top clauses for a query. `mode` is hybrid | bm25 | dense (the latter two for evaluation)."""
    doc_ids = [d for d in (doc_ids or []) if d in index.doc_rows] or None
    rows = np.concatenate([index.doc_rows[d] for d in doc_ids]) if doc_ids else None
    lexical = _lexical(index, query, candidates, rows) if mode in ("hybrid", "bm25") else {}
    dense: dict[str, float] = {}
    if mode in ("hybrid", "dense") and embedder is not None:
        if qvec is None:
            qvec = embedder.embed_queries([query.text])[0]
        dense = _dense(index, qvec, candidates, doc_ids)
    if mode == "bm25":
        fused = lexical
    elif mode == "dense":
        fused = dense
    else:
        fused = _rrf([lexical, dense]) if fusion == "rrf" else _score_fusion(lexical, dense)
    weights = term_weights(index, question_tokens(query.text))
    hits = []
    for cid in sorted(fused, key=lambda c: -fused[c]):
        clause = index.by_id[cid]
        cov = coverage(weights, passage_text(clause))
        hits.append(Hit(clause, fused[cid], dense.get(cid, 0.0), lexical.get(cid, 0.0), cov))
    if reranker is not None and hits:
        hits = reranker.rerank(query.text, hits[: max(top_k * 3, 15)]) + hits[max(top_k * 3, 15):]
    support = max((support_score(h.dense, h.coverage) for h in hits[:top_k]), default=0.0)
    if mode == "bm25":  # no dense score: judge by coverage alone
        support = max((h.coverage for h in hits[:top_k]), default=0.0)
    return Retrieval(tuple(hits[:top_k]), tuple(hits), support >= threshold, support)


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
