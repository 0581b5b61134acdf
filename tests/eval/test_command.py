"""`jiandu eval run` in-process on the real corpus, with a dataset written by someone else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from eval.command import eval_group
from knowledge.config import Settings

FOREIGN = [
    {"id": "ext-a", "question": "干部离开工作岗位时,工作交接应在多长时间内办结?", "answerable": True,
     "must_include": [["7个工作日", "七个工作日"]], "source_doc": "001_ad443106805678c7",
     "source_quote": "工作交接一般应在7个工作日内办结", "tags": ["外部", "时限"], "difficulty": "easy"},
    {"id": "ext-b", "question": "那组织关系呢?", "answerable": True, "must_include": [["1个月", "一个月"]],
     "source_quote": "要在1个月内将行政、工资、组织关系等转入新任职单位", "tags": ["外部", "追问"],
     "history": [{"role": "user", "content": "干部调动后行政、工资关系要多久转过去?"},
                 {"role": "assistant", "content": "1个月内。"}]},
    {"id": "ext-c", "question": "公务员退休金怎么计算?", "answerable": False, "tags": ["外部"]},
]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def run(settings: Settings, *args: str) -> Result:
    runner = CliRunner(env={"JIANDU_DATA_DIR": str(settings.data_dir)})
    return runner.invoke(eval_group, ["run", "--no-progress", *args])


def test_a_foreign_dataset_runs_unchanged(corpus_settings: Settings, tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "theirs.jsonl", FOREIGN)
    out = tmp_path / "run"
    result = run(corpus_settings, "--dataset", str(dataset), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "评测完成: 3 题(可回答 2,不可回答 1)" in result.output
    assert f"结果目录: {out}" in result.output
    rows = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["ext-a", "ext-b", "ext-c"]
    assert all({"answer", "citations", "metrics", "passed", "reasons"} <= set(r) for r in rows)
    assert rows[0]["relevant_clause_ids"] and rows[1]["relevant_clause_ids"]  # both quotes found in the corpus
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["overall"]["n"] == 3 and report["by_tag"]["外部"]["n"] == 3 and report["by_tag"]["追问"]["n"] == 1
    assert report["meta"]["dataset"] == str(dataset) and report["meta"]["clauses"] > 0
    assert set(report["latency_ms"]) >= {"retrieve", "answer", "total"}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "ext-c" in html and "http://" not in html and "https://" not in html


def test_options_reach_the_run(corpus_settings: Settings, tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", FOREIGN)
    out = tmp_path / "run"
    result = run(corpus_settings, "--dataset", str(dataset), "--out", str(out), "--mode", "bm25",
                 "--fusion", "score", "--top-k", "3", "--threshold", "0.4", "--limit", "2")
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "report.json").read_text(encoding="utf-8"))["meta"]
    assert (meta["mode"], meta["fusion"], meta["top_k"], meta["refusal_threshold"]) == ("bm25", "score", 3, 0.4)
    rows = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2 and all(len(json.loads(r)["retrieved"]) <= 3 for r in rows)


@pytest.mark.parametrize(("thresholds", "code"), [("[max]\nfalse_refusal_rate = -1\n", 1),
                                                   ("[min]\ncitation_recall = 0\n", 0)])
def test_check_exit_code(corpus_settings: Settings, tmp_path: Path, thresholds: str, code: int) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", FOREIGN[:1])
    (tmp_path / "t.toml").write_text(thresholds, encoding="utf-8")
    args = ["--dataset", str(dataset), "--out", str(tmp_path / "run"), "--thresholds", str(tmp_path / "t.toml")]
    assert run(corpus_settings, *args).exit_code == 0  # without --check a miss is only reported
    result = run(corpus_settings, *args, "--check")
    assert result.exit_code == code, result.output
    if code:
        assert "未达阈值: 误拒率(false_refusal_rate)" in result.output


def test_a_bad_dataset_is_a_chinese_error(corpus_settings: Settings, tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", [{"id": "x", "question": "问", "answerable": "no"}])
    result = run(corpus_settings, "--dataset", str(dataset), "--out", str(tmp_path / "run"))
    assert result.exit_code == 1
    assert "错误: 数据集" in result.output and "第 1 行: 字段 answerable 应为 true/false" in result.output
    assert not (tmp_path / "run").exists()


def test_no_index_is_a_chinese_error(tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", FOREIGN)
    result = run(Settings(data_dir=tmp_path / "empty"), "--dataset", str(dataset), "--out", str(tmp_path / "run"))
    assert result.exit_code == 1 and "错误: 尚未建立索引" in result.output


def test_judge_without_an_llm_is_a_usage_error(corpus_settings: Settings, tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", FOREIGN)
    result = run(corpus_settings, "--dataset", str(dataset), "--judge")
    assert result.exit_code == 2 and "需要先配置大模型" in result.output


def test_batched_query_vectors_give_the_same_answers(gold_assistant, gold_results) -> None:  # type: ignore[no-untyped-def]
    for r in gold_results[::15]:
        alone = gold_assistant.ask(r.question)
        assert [h.clause.id for h in alone.retrieved] == [h["clause_id"] for h in r.retrieved], r.id
        assert alone.answer == r.answer, r.id
