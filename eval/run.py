"""Run a gold set through the assistant and score every answer; summarise and write the run.

A run directory holds `report.json` (meta, overall and per-tag metrics, latency, thresholds),
`results.jsonl` (one scored question a line) and `report.html` (the same, for people).
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from eval import metrics as m
from eval.dataset import GoldQuestion
from eval.match import GoldMatcher
from knowledge.config import Mode
from knowledge.errors import JianduError
from knowledge.index import Index
from knowledge.types import Answer

if TYPE_CHECKING:
    import numpy as np

    from assistant.service import Assistant

Metric = float | int | bool | None
K_VALUES = (1, 3, 5)
RECALL_K = 5
STAGES = ("embed", "retrieve", "answer", "total")


@dataclass(frozen=True)
class QuestionResult:
    """One scored question: what the assistant said, the gold it was held against, and the verdict."""

    id: str
    question: str
    tags: tuple[str, ...]
    answerable: bool
    passed: bool
    reasons: tuple[str, ...]  # why it failed, in Chinese; empty when it passed
    answer: str
    refused: bool
    citations: tuple[dict[str, Any], ...]  # the ask-JSON citation plus `relevant` and `overlap`
    retrieved: tuple[dict[str, Any], ...]  # clause_id, score, relevant
    gold: dict[str, Any]
    relevant_clause_ids: tuple[str, ...]
    metrics: dict[str, Metric]
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = ""  # extractive | llm
    warnings: tuple[str, ...] = ()
    error: str = ""
    judge: dict[str, Any] | None = None  # LLM judge scores, only when an LLM judged the run

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("tags", "reasons", "citations", "retrieved", "relevant_clause_ids", "warnings"):
            d[key] = list(d[key])
        return d

    @staticmethod
    def from_dict(d: dict[str, Any]) -> QuestionResult:
        d = dict(d)
        for key in ("tags", "reasons", "citations", "retrieved", "relevant_clause_ids", "warnings"):
            d[key] = tuple(d.get(key, ()))
        known = set(QuestionResult.__dataclass_fields__)
        return QuestionResult(**{k: v for k, v in d.items() if k in known})


# --- scoring one question -----------------------------------------------------------------


def _fmt_group(group: Sequence[str]) -> str:
    return "「" + "/".join(group) + "」"


def score_question(q: GoldQuestion, answer: Answer | None, matcher: GoldMatcher, index: Index,
                   error: str = "", embed_ms: float | None = None) -> QuestionResult:
    """Hold one answer against its gold. Deterministic: no model is consulted."""
    relevant = matcher.relevant(q.source_quote) if q.answerable else frozenset()
    timings = {k: round(v, 1) for k, v in (answer.timings_ms if answer else {}).items()}
    if embed_ms is not None:
        timings["embed"] = round(embed_ms, 2)
    if answer is None:
        return QuestionResult(
            id=q.id, question=q.question, tags=q.tags, answerable=q.answerable, passed=False,
            reasons=(f"提问出错: {error}",), answer="", refused=False, citations=(), retrieved=(), gold=q.gold(),
            relevant_clause_ids=tuple(sorted(relevant)), metrics={"refused": False}, timings_ms=timings,
            error=error,
        )
    cited_ids = [c.clause_id for c in answer.citations]
    retrieved_ids = [h.clause.id for h in answer.retrieved]
    citations = tuple({**c.to_dict(), "relevant": c.clause_id in relevant,
                       "overlap": round(matcher.overlap(q.source_quote, c.clause_id), 3) if q.answerable else None}
                      for c in answer.citations)
    retrieved = tuple({"clause_id": h.clause.id, "score": round(h.score, 4), "relevant": h.clause.id in relevant}
                      for h in answer.retrieved)
    not_retrieved = [c for c in answer.citations if c.clause_id not in set(retrieved_ids)]
    not_verbatim = [c for c in answer.citations
                    if c.clause_id not in index.by_id or not c.quote or c.quote not in index.by_id[c.clause_id].text]
    metrics: dict[str, Metric] = {"refused": answer.refused, "citations": len(cited_ids)}
    if cited_ids:
        metrics["cited_retrieved"] = not not_retrieved
        metrics["quotes_verbatim"] = not not_verbatim
    reasons: list[str] = []
    if q.answerable:
        rank = m.first_relevant_rank(retrieved_ids, relevant)
        metrics["rank"] = rank
        for k in K_VALUES:
            metrics[f"hit@{k}"] = m.hit_at_k(rank, k)
        metrics["rr"] = m.reciprocal_rank(rank)
        metrics[f"recall@{RECALL_K}"] = m.recall_at_k(retrieved_ids, relevant, RECALL_K)
        metrics["cited_relevant"] = sum(cid in relevant for cid in cited_ids)
        metrics["cite_precision"] = m.citation_precision(cited_ids, relevant)
        metrics["cite_hit"] = m.citation_recall(cited_ids, relevant)
        # the cadre reads the first citation first: is it the clause that answers?
        metrics["first_cite_hit"] = bool(cited_ids) and cited_ids[0] in relevant
        metrics["answer_chars"] = len(answer.answer)
        met = m.must_include_met(answer.answer, q.must_include)
        metrics["facts_met"] = sum(met)
        metrics["facts_total"] = len(met)
        metrics["facts_coverage"] = sum(met) / len(met) if met else 1.0
        metrics["facts_all"] = all(met)
        if q.reference:
            metrics["char_f1"] = round(m.char_f1(answer.answer, q.reference), 4)
            metrics["rouge_l"] = round(m.rouge_l_char(answer.answer, q.reference), 4)
        if answer.refused:
            reasons.append("误拒答: 知识库有相关规定,却回答未找到")
        elif not cited_ids:
            reasons.append("回答没有引用任何条款")
        if not metrics["cite_hit"]:
            if not relevant:
                reasons.append("金标引文在知识库中找不到,无法判定引用(请核对 source_quote,或重新入库)")
            elif cited_ids:
                where = f"它在检索结果第 {rank} 位" if rank else "它不在检索结果中"
                reasons.append(f"未引用含金标原文的条款({where})")
            else:
                reasons.append("含金标原文的条款" + (f"在检索结果第 {rank} 位" if rank else "不在检索结果中"))
        missing = [_fmt_group(g) for g, ok in zip(q.must_include, met, strict=True) if not ok]
        if missing and not answer.refused:
            reasons.append("缺少要点: " + "、".join(missing))
    else:
        metrics["refusal_correct"] = answer.refused
        if not answer.refused:
            reasons.append(f"应拒答却作答(引用了 {len(cited_ids)} 个条款)")
    if not_retrieved:
        reasons.append("引用的条款不在检索结果中: " + "、".join(f"[{c.n}]" for c in not_retrieved))
    if not_verbatim:
        reasons.append("引文不是条款原文: " + "、".join(f"[{c.n}]" for c in not_verbatim))
    return QuestionResult(
        id=q.id, question=q.question, tags=q.tags, answerable=q.answerable, passed=not reasons,
        reasons=tuple(reasons), answer=answer.answer, refused=answer.refused, citations=citations,
        retrieved=retrieved, gold=q.gold(), relevant_clause_ids=tuple(sorted(relevant)), metrics=metrics,
        timings_ms=timings, mode=answer.mode, warnings=answer.warnings,
    )


# --- running ------------------------------------------------------------------------------


def embed_questions(assistant: Assistant, questions: Sequence[GoldQuestion],
                    mode: str) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """Query vectors for the questions without history, in batches; and the per-question share of the
    batch time. The text embedded is the retrieval query `ask` would build, so results are the same."""
    if mode == "bm25":
        return {}, {}
    embedded = assistant.query_vectors([q.question for q in questions if not q.history])  # follow-ups: ask()
    vectors: dict[str, np.ndarray] = {}
    shares: dict[str, float] = {}
    for q in questions:
        if not q.history and q.question in embedded:
            vectors[q.id], shares[q.id] = embedded[q.question]
    return vectors, shares


def run_eval(assistant: Assistant, questions: Sequence[GoldQuestion], mode: Mode = "hybrid",
             progress: bool = False) -> list[QuestionResult]:
    """Ask every question (mode: hybrid | bm25 | dense) and score the answers, in dataset order."""
    index = assistant.index()
    matcher = GoldMatcher(index.clauses)
    vectors, shares = embed_questions(assistant, questions, mode)
    if questions:  # warm-up, untimed: lazy loads (jieba dictionary, Chroma) are not per-question latency
        try:
            assistant.ask(questions[0].question, mode=mode, qvec=vectors.get(questions[0].id))
        except JianduError:
            pass
    results = []
    for q in tqdm(questions, desc="评测", unit="题", file=sys.stderr, disable=not progress, leave=False):
        try:
            answer = assistant.ask(q.question, doc_ids=list(q.doc_ids) or None, history=list(q.history),
                                   mode=mode, qvec=vectors.get(q.id))
        except JianduError as exc:  # a bad question, an LLM that failed: score it, go on
            results.append(score_question(q, None, matcher, index, error=str(exc)))
            continue
        results.append(score_question(q, answer, matcher, index, embed_ms=shares.get(q.id)))
    return results


# --- summarising --------------------------------------------------------------------------


def _rate(results: Sequence[QuestionResult], key: str) -> float | None:
    return m.mean(r.metrics.get(key) for r in results)


def summarise_block(results: Sequence[QuestionResult]) -> dict[str, Metric]:
    """The metrics of a set of results; a metric with nothing to average over is None."""
    ans = [r for r in results if r.answerable]
    una = [r for r in results if not r.answerable]
    n_cites = sum(int(r.metrics.get("citations") or 0) for r in ans)
    n_relevant = sum(int(r.metrics.get("cited_relevant") or 0) for r in ans)
    block: dict[str, Metric] = {
        "n": len(results), "n_answerable": len(ans), "n_unanswerable": len(una),
        "pass_rate": m.mean(r.passed for r in results),
        "citation_recall": _rate(ans, "cite_hit"),
        "first_citation": _rate([r for r in ans if not r.refused], "first_cite_hit"),
        "answer_chars_p50": m.percentile([float(r.metrics["answer_chars"]) for r in ans  # type: ignore[arg-type]
                                          if not r.refused and "answer_chars" in r.metrics], 50) if ans else None,
        "citation_precision": n_relevant / n_cites if n_cites else None,
        "facts_all": _rate(ans, "facts_all"),
        "facts_coverage": _rate(ans, "facts_coverage"),
        "refusal_accuracy": _rate(una, "refusal_correct"),
        "false_refusal_rate": _rate(ans, "refused"),
    }
    for k in K_VALUES:
        block[f"hit@{k}"] = _rate(ans, f"hit@{k}")
    block["mrr"] = _rate(ans, "rr")
    block[f"recall@{RECALL_K}"] = _rate(ans, f"recall@{RECALL_K}")
    block["char_f1"] = _rate(ans, "char_f1")
    block["rouge_l"] = _rate(ans, "rouge_l")
    block["cited_retrieved"] = _rate(results, "cited_retrieved")
    block["quotes_verbatim"] = _rate(results, "quotes_verbatim")
    block["errors"] = sum(bool(r.error) for r in results)
    return {k: round(v, 6) if isinstance(v, float) else v for k, v in block.items()}


def latency(results: Sequence[QuestionResult]) -> dict[str, dict[str, float | None]]:
    """p50 / p95 / mean / max in milliseconds for each stage that was timed."""
    out: dict[str, dict[str, float | None]] = {}
    for stage in STAGES:
        values = [r.timings_ms[stage] for r in results if stage in r.timings_ms]
        if values:
            out[stage] = {"p50": m.percentile(values, 50), "p95": m.percentile(values, 95),
                          "mean": sum(values) / len(values), "max": max(values), "n": len(values)}
            out[stage] = {k: round(v, 2) if isinstance(v, float) else v for k, v in out[stage].items()}
    return out


def summarise(results: Sequence[QuestionResult]) -> dict[str, Any]:
    """Overall and per-tag metrics plus latency: the body of report.json."""
    tags: dict[str, list[QuestionResult]] = {}
    for r in results:
        for t in r.tags:
            tags.setdefault(t, []).append(r)
    order = sorted(tags, key=lambda t: (-len(tags[t]), t))
    return {"overall": summarise_block(results), "by_tag": {t: summarise_block(tags[t]) for t in order},
            "latency_ms": latency(results)}


# --- writing ------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_meta(assistant: Assistant, dataset: Path, mode: str, started: float, finished: float) -> dict[str, Any]:
    """Everything needed to tell two runs apart: data, configuration, index, software."""
    from importlib.metadata import PackageNotFoundError, version

    from knowledge.embed import embedder_label

    s = assistant.settings
    index = assistant.index()
    try:
        jiandu_version = version("jiandu")
    except PackageNotFoundError:
        jiandu_version = "unknown"
    return {
        "dataset": str(dataset), "dataset_sha256": file_sha256(dataset),
        "started_at": datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
        "seconds": round(finished - started, 2),
        "mode": mode, "fusion": s.fusion, "top_k": s.top_k, "candidates": s.candidates,
        "refusal_threshold": s.refusal_threshold, "embedder": embedder_label(s),
        "llm": f"{s.llm_provider}:{s.llm_model}" if s.llm_enabled else "none", "rerank_model": s.rerank_model,
        "index_generation": index.generation, "clauses": len(index.clauses), "docs": len(index.docs),
        "jiandu": jiandu_version, "python": platform.python_version(),
    }


def build_report(results: Sequence[QuestionResult], meta: dict[str, Any],
                 thresholds: dict[str, dict[str, float]] | None = None) -> dict[str, Any]:
    """report.json: meta, the summary, and the thresholds with the ones missed."""
    from eval.thresholds import check_thresholds, load_thresholds

    thresholds = thresholds or load_thresholds()
    report: dict[str, Any] = {"meta": meta, **summarise(results)}
    report["thresholds"] = {**thresholds, "failures": check_thresholds(report, thresholds)}
    return report


def read_results(path: Path) -> list[QuestionResult]:
    with open(path, encoding="utf-8") as fh:
        return [QuestionResult.from_dict(json.loads(line)) for line in fh if line.strip()]
