from __future__ import annotations

from pathlib import Path

import pytest

from eval.dataset import DatasetError
from eval.thresholds import check_thresholds, load_thresholds

PASSING = {"citation_recall": 0.96, "facts_all": 0.9, "refusal_accuracy": 1.0, "false_refusal_rate": 0.05}


def test_shipped_thresholds_are_those_of_the_answering_issue() -> None:
    assert load_thresholds() == {
        "min": {"citation_recall": 0.95, "facts_all": 0.90, "refusal_accuracy": 1.0},
        "max": {"false_refusal_rate": 0.05},
    }


def test_met_exactly_at_the_limits() -> None:
    assert check_thresholds({"overall": PASSING}) == []
    assert check_thresholds(PASSING) == []  # a summary works as well as a report


def test_each_miss_is_named() -> None:
    failures = check_thresholds({"overall": {**PASSING, "citation_recall": 0.93, "false_refusal_rate": 0.06}})
    assert failures == ["引用召回率(citation_recall) 93.0% 低于阈值 95.0%",
                        "误拒率(false_refusal_rate) 6.0% 高于上限 5.0%"]


def test_one_missed_refusal_fails() -> None:
    failures = check_thresholds({**PASSING, "refusal_accuracy": 15 / 16})
    assert failures == ["拒答准确率(refusal_accuracy) 93.8% 低于阈值 100.0%"]


def test_a_metric_the_dataset_cannot_measure_is_skipped() -> None:
    assert check_thresholds({**PASSING, "refusal_accuracy": None}) == []


def test_unknown_metric_in_thresholds() -> None:
    assert check_thresholds(PASSING, {"min": {"citaton_recall": 0.9}, "max": {}})[0].startswith(
        "阈值文件中的指标 citaton_recall 不存在")


def test_bad_thresholds_file(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text("[minimum]\nx = 1\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="只能有 \\[min\\] 和 \\[max\\] 两节"):
        load_thresholds(path)
