"""Acceptance thresholds (eval/thresholds.toml) and the check CI gates on."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from eval.dataset import DatasetError

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"
EPSILON = 1e-9

LABELS = {
    "pass_rate": "通过率",
    "citation_recall": "引用召回率",
    "citation_precision": "引用精确率",
    "first_citation": "首条引用即答案",
    "answer_chars_p50": "回答字数中位数",
    "facts_all": "要点齐全率",
    "facts_coverage": "要点覆盖率",
    "refusal_accuracy": "拒答准确率",
    "false_refusal_rate": "误拒率",
    "hit@1": "命中@1",
    "hit@3": "命中@3",
    "hit@5": "命中@5",
    "mrr": "MRR",
    "recall@5": "召回@5",
    "char_f1": "字符 F1",
    "rouge_l": "字符 ROUGE-L",
    "cited_retrieved": "引用条款均已检索",
    "quotes_verbatim": "引文均为原文",
}


def load_thresholds(path: Path | None = None) -> dict[str, dict[str, float]]:
    """`{"min": {metric: value}, "max": {metric: value}}` from the TOML file."""
    path = path or THRESHOLDS
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DatasetError(f"阈值文件 {path} 无法读取: {exc}") from exc
    unknown = set(data) - {"min", "max"}
    if unknown:
        raise DatasetError(f"阈值文件 {path} 只能有 [min] 和 [max] 两节,多出: {', '.join(sorted(unknown))}")
    return {"min": {k: float(v) for k, v in data.get("min", {}).items()},
            "max": {k: float(v) for k, v in data.get("max", {}).items()}}


def check_thresholds(report: dict[str, Any], thresholds: dict[str, dict[str, float]] | None = None) -> list[str]:
    """Messages for each threshold the report's overall metrics miss; empty when all are met.

    `report` is report.json (or the output of `summarise`). A metric the dataset cannot measure
    (None, e.g. refusal accuracy of a set without unanswerable questions) is not held against it.
    """
    thresholds = thresholds or load_thresholds()
    overall = report.get("overall", report)
    failures = []
    for bound, limits in (("min", thresholds.get("min", {})), ("max", thresholds.get("max", {}))):
        for metric, limit in limits.items():
            if metric not in overall:
                failures.append(f"阈值文件中的指标 {metric} 不存在;可用指标: {', '.join(sorted(LABELS))}")
                continue
            value = overall[metric]
            if value is None:
                continue
            label = f"{LABELS.get(metric, metric)}({metric})"
            if bound == "min" and value < limit - EPSILON:
                failures.append(f"{label} {value:.1%} 低于阈值 {limit:.1%}")
            if bound == "max" and value > limit + EPSILON:
                failures.append(f"{label} {value:.1%} 高于上限 {limit:.1%}")
    return failures
