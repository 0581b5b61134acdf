"""report.html: one self-contained page (inline CSS and SVG, no scripts or external assets).

Everything from the run is escaped by Jinja's autoescape, so an answer holding `<script>` is shown,
not executed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from eval.metrics import must_include_met, percentile
from eval.run import STAGES, QuestionResult
from eval.thresholds import LABELS

TEMPLATE = "report.html.j2"
STAGE_LABELS = {"embed": "查询嵌入(批量均摊)", "retrieve": "检索", "answer": "作答", "total": "合计"}
SECTIONS = (
    ("检索", ("hit@1", "hit@3", "hit@5", "mrr", "recall@5")),
    ("引用", ("citation_recall", "citation_precision", "cited_retrieved", "quotes_verbatim")),
    ("回答", ("facts_all", "facts_coverage", "char_f1", "rouge_l")),
    ("拒答", ("refusal_accuracy", "false_refusal_rate")),
    ("总体", ("pass_rate",)),
)
TAG_COLUMNS = ("pass_rate", "citation_recall", "citation_precision", "facts_all", "hit@5", "mrr",
               "false_refusal_rate", "refusal_accuracy")


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    w50: float
    w95: float
    p50: float
    p95: float


@dataclass(frozen=True)
class Bin:
    x: float
    y: float
    w: float
    h: float
    lo: float
    hi: float
    count: int


def fmt(value: Any, metric: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if metric in ("mrr", "char_f1", "rouge_l"):
        return f"{value:.3f}"
    return f"{value:.1%}"


def status(metric: str, value: Any, thresholds: dict[str, dict[str, float]]) -> str:
    """'ok' | 'bad' against a threshold, '' when the metric has none or no value."""
    if value is None:
        return ""
    if metric in thresholds.get("min", {}):
        return "ok" if value >= thresholds["min"][metric] - 1e-9 else "bad"
    if metric in thresholds.get("max", {}):
        return "ok" if value <= thresholds["max"][metric] + 1e-9 else "bad"
    return ""


def stage_bars(latency: dict[str, dict[str, Any]], width: float = 420, row: float = 34) -> list[Bar]:
    stages = [s for s in STAGES if s in latency]
    top = max((latency[s]["p95"] or 0 for s in stages), default=0) or 1
    return [Bar(STAGE_LABELS.get(s, s), 10 + i * row, width * (latency[s]["p50"] or 0) / top,
                width * (latency[s]["p95"] or 0) / top, latency[s]["p50"] or 0, latency[s]["p95"] or 0)
            for i, s in enumerate(stages)]


def histogram(values: Sequence[float], bins: int = 24, width: float = 640, height: float = 140) -> list[Bin]:
    if not values:
        return []
    lo, hi = min(values), percentile(values, 99) or 0.0  # one slow outlier must not squash the rest
    step = (hi - lo) / bins or 1.0
    counts = [0] * bins
    for v in values:
        counts[min(int((v - lo) / step), bins - 1)] += 1
    peak = max(counts)
    w = width / bins
    return [Bin(i * w, height - height * c / peak, w - 1, height * c / peak, lo + i * step, lo + (i + 1) * step, c)
            for i, c in enumerate(counts)]


def _question_view(r: QuestionResult) -> dict[str, Any]:
    groups = [tuple(g) for g in r.gold.get("must_include", [])]
    met = must_include_met(r.answer, groups) if groups else []
    return {"r": r, "facts": list(zip(["/".join(g) for g in groups], met, strict=True)),
            "rank": r.metrics.get("rank")}


def render_html(report: dict[str, Any], results: Sequence[QuestionResult]) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["fmt"] = fmt
    thresholds = report.get("thresholds", {})
    overall = report["overall"]
    totals = [r.timings_ms["total"] for r in results if "total" in r.timings_ms]
    failing = [_question_view(r) for r in results if not r.passed]
    passing = [_question_view(r) for r in results if r.passed]
    sections = [(title, [(k, LABELS.get(k, k), overall.get(k), status(k, overall.get(k), thresholds))
                         for k in keys if k in overall]) for title, keys in SECTIONS]
    headline = [(k, LABELS.get(k, k), overall.get(k), status(k, overall.get(k), thresholds),
                 ("≥ " + fmt(thresholds["min"][k])) if k in thresholds.get("min", {})
                 else ("≤ " + fmt(thresholds["max"][k])) if k in thresholds.get("max", {}) else "")
                for k in ("citation_recall", "facts_all", "refusal_accuracy", "false_refusal_rate", "pass_rate")]
    return env.get_template(TEMPLATE).render(
        meta=report.get("meta", {}), overall=overall, by_tag=report.get("by_tag", {}), headline=headline,
        sections=sections, tag_columns=[(k, LABELS.get(k, k)) for k in TAG_COLUMNS],
        thresholds=thresholds, failures=thresholds.get("failures", []), status=status,
        latency=report.get("latency_ms", {}), bars=stage_bars(report.get("latency_ms", {})),
        stage_labels=STAGE_LABELS, bins=histogram(totals), judge=report.get("judge"),
        failing=failing, passing=passing,
    )


def write_run(out_dir: Path, report: dict[str, Any], results: Sequence[QuestionResult]) -> Path:
    """Write report.json, results.jsonl and report.html into `out_dir` (created if needed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with open(out_dir / "results.jsonl", "w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
    (out_dir / "report.html").write_text(render_html(report, results), encoding="utf-8")
    return out_dir
