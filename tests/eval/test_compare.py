from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from eval.command import eval_group

OVERALL = {"pass_rate": 0.8, "citation_recall": 0.95, "citation_precision": 0.7, "facts_all": 0.9,
           "refusal_accuracy": 1.0, "false_refusal_rate": 0.02, "hit@1": 0.8, "mrr": 0.85}


def fake_run(root: Path, name: str, passed: dict[str, bool], **overall: Any) -> Path:
    run = root / name
    run.mkdir()
    report = {"meta": {"dataset_sha256": "abc"}, "overall": {**OVERALL, **overall},
              "latency_ms": {"total": {"p50": 10.0, "p95": 20.0}}}
    (run / "report.json").write_text(json.dumps(report), encoding="utf-8")
    (run / "results.jsonl").write_text("".join(json.dumps({"id": q, "passed": p}) + "\n" for q, p in passed.items()),
                                       encoding="utf-8")
    return run


def compare(*args: str) -> Any:
    return CliRunner().invoke(eval_group, ["compare", *args])


def test_improvement_exits_zero_and_lists_flips(tmp_path: Path) -> None:
    a = fake_run(tmp_path, "a", {"q1": True, "q2": False, "q3": False})
    b = fake_run(tmp_path, "b", {"q1": True, "q2": True, "q3": False}, pass_rate=0.9)
    result = compare(str(a), str(b))
    assert result.exit_code == 0, result.output
    assert "未通过→通过(1): q2" in result.output
    assert "通过→未通过" not in result.output
    assert "+10.0pp" in result.output


def test_a_drop_beyond_tolerance_fails(tmp_path: Path) -> None:
    a = fake_run(tmp_path, "a", {"q1": True, "q2": True})
    b = fake_run(tmp_path, "b", {"q1": True, "q2": False}, citation_recall=0.90)
    result = compare(str(a), str(b))
    assert result.exit_code == 1
    assert "通过→未通过(1): q2" in result.output
    assert "退步: 引用召回率 变差超过容差 1.0%" in result.output


def test_a_drop_within_tolerance_passes(tmp_path: Path) -> None:
    a = fake_run(tmp_path, "a", {"q1": True})
    b = fake_run(tmp_path, "b", {"q1": True}, citation_recall=0.945, mrr=0.845)
    assert compare(str(a), str(b)).exit_code == 0
    assert compare(str(a), str(b), "--tolerance", "0.001").exit_code == 1


def test_lower_is_better_for_false_refusals(tmp_path: Path) -> None:
    a = fake_run(tmp_path, "a", {"q1": True})
    worse = fake_run(tmp_path, "worse", {"q1": True}, false_refusal_rate=0.08)
    better = fake_run(tmp_path, "better", {"q1": True}, false_refusal_rate=0.0)
    assert compare(str(a), str(worse)).exit_code == 1
    assert compare(str(a), str(better)).exit_code == 0


def test_json_output_and_report_path(tmp_path: Path) -> None:
    a = fake_run(tmp_path, "a", {"q1": True, "q9": True})
    b = fake_run(tmp_path, "b", {"q1": False, "q5": True}, facts_all=0.5)
    result = compare(str(a / "report.json"), str(b), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output.splitlines()[0])
    assert data["pass_to_fail"] == ["q1"] and data["only_a"] == ["q9"] and data["only_b"] == ["q5"]
    assert data["regressions"] == ["facts_all"]
    assert {"metric": "facts_all", "a": 0.9, "b": 0.5, "delta": -0.4, "regressed": True} in data["metrics"]


def test_not_a_run_directory(tmp_path: Path) -> None:
    a = fake_run(tmp_path, "a", {"q1": True})
    (tmp_path / "empty").mkdir()
    result = compare(str(a), str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert "不是评测结果目录(缺少 report.json)" in result.output
