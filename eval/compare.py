"""Compare two runs: per-metric deltas, questions that flipped, and whether B regressed on A."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.dataset import DatasetError

# metric -> +1 when higher is better, -1 when lower is better. Latency is reported, never gated.
GATED = {
    "pass_rate": 1, "citation_recall": 1, "citation_precision": 1, "facts_all": 1, "facts_coverage": 1,
    "refusal_accuracy": 1, "false_refusal_rate": -1, "hit@1": 1, "hit@3": 1, "hit@5": 1, "mrr": 1,
    "recall@5": 1, "char_f1": 1, "rouge_l": 1, "cited_retrieved": 1, "quotes_verbatim": 1,
}
TOLERANCE = 0.01


@dataclass(frozen=True)
class MetricDelta:
    metric: str
    a: float | None
    b: float | None
    delta: float | None  # b - a
    regressed: bool  # worse by more than the tolerance


@dataclass(frozen=True)
class Comparison:
    deltas: tuple[MetricDelta, ...]
    latency: tuple[MetricDelta, ...]  # p50/p95 per stage, never gated
    pass_to_fail: tuple[str, ...]
    fail_to_pass: tuple[str, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    same_dataset: bool
    tolerance: float

    @property
    def regressions(self) -> tuple[MetricDelta, ...]:
        return tuple(d for d in self.deltas if d.regressed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tolerance": self.tolerance, "same_dataset": self.same_dataset,
            "metrics": [d.__dict__ for d in self.deltas], "latency_ms": [d.__dict__ for d in self.latency],
            "pass_to_fail": list(self.pass_to_fail), "fail_to_pass": list(self.fail_to_pass),
            "only_a": list(self.only_a), "only_b": list(self.only_b),
            "regressions": [d.metric for d in self.regressions],
        }


def load_run(path: Path) -> tuple[dict[str, Any], dict[str, bool]]:
    """report.json and {question id: passed} of a run directory (or of its report.json)."""
    run_dir = path.parent if path.name == "report.json" else path
    try:
        report = json.loads((run_dir / "report.json").read_text(encoding="utf-8"))
        passed = {}
        with open(run_dir / "results.jsonl", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    passed[str(row["id"])] = bool(row["passed"])
    except FileNotFoundError as exc:
        raise DatasetError(f"{run_dir} 不是评测结果目录(缺少 {Path(exc.filename or '').name})") from exc
    except (ValueError, KeyError) as exc:
        raise DatasetError(f"{run_dir} 中的评测结果已损坏: {exc}") from exc
    return report, passed


def _delta(metric: str, a: Any, b: Any, sign: int, tolerance: float | None) -> MetricDelta:
    if not isinstance(a, int | float) or not isinstance(b, int | float):
        return MetricDelta(metric, a, b, None, False)
    delta = round(b - a, 6)
    return MetricDelta(metric, a, b, delta, tolerance is not None and sign * delta < -tolerance - 1e-12)


def compare_runs(a: Path, b: Path, tolerance: float = TOLERANCE) -> Comparison:
    """B against A: a gated metric that got worse by more than `tolerance` (absolute) is a regression."""
    report_a, passed_a = load_run(a)
    report_b, passed_b = load_run(b)
    oa, ob = report_a.get("overall", {}), report_b.get("overall", {})
    deltas = tuple(_delta(k, oa.get(k), ob.get(k), sign, tolerance) for k, sign in GATED.items()
                   if k in oa or k in ob)
    la, lb = report_a.get("latency_ms", {}), report_b.get("latency_ms", {})
    latency = tuple(_delta(f"{stage}.{q}", la.get(stage, {}).get(q), lb.get(stage, {}).get(q), -1, None)
                    for stage in dict.fromkeys([*la, *lb]) for q in ("p50", "p95"))
    common = [q for q in passed_a if q in passed_b]
    return Comparison(
        deltas=deltas, latency=latency,
        pass_to_fail=tuple(q for q in common if passed_a[q] and not passed_b[q]),
        fail_to_pass=tuple(q for q in common if not passed_a[q] and passed_b[q]),
        only_a=tuple(q for q in passed_a if q not in passed_b), only_b=tuple(q for q in passed_b if q not in passed_a),
        same_dataset=report_a.get("meta", {}).get("dataset_sha256") == report_b.get("meta", {}).get("dataset_sha256"),
        tolerance=tolerance,
    )
