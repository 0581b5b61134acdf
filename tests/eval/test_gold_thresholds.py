"""CI gate: the shipped gold set, run through the harness on the real corpus, meets eval/thresholds.toml."""

from __future__ import annotations

from pathlib import Path

from eval.report import write_run
from eval.run import QuestionResult, build_report
from eval.thresholds import check_thresholds, load_thresholds

TARGETS = Path(__file__).resolve().parents[2] / "eval" / "thresholds.toml"


def test_gold_set_meets_the_answering_targets(gold_results: list[QuestionResult], tmp_path: Path) -> None:
    """CI fails when the default configuration falls below the answering issue's targets
    (eval/thresholds.toml: cites the gold clause ≥95%, key facts ≥90%, refuses every unanswerable
    question, false refusals ≤5%)."""
    report = build_report(gold_results, {"dataset": "eval/data/gold.jsonl"})
    write_run(tmp_path / "gold-run", report, gold_results)
    failures = check_thresholds(report, load_thresholds(TARGETS))
    o = report["overall"]
    figures = (f"引用召回 {o['citation_recall']:.1%}, 要点齐全 {o['facts_all']:.1%}, "
               f"拒答准确 {o['refusal_accuracy']:.1%}, 误拒 {o['false_refusal_rate']:.1%}")
    failed = [f"{r.id}: {'; '.join(r.reasons)}" for r in gold_results if not r.passed]
    assert not failures, "\n".join([*failures, figures, f"报告: {tmp_path / 'gold-run' / 'report.html'}", *failed])


def test_every_gold_quote_is_in_the_corpus(gold_results: list[QuestionResult]) -> None:
    missing = [r.id for r in gold_results if r.answerable and not r.relevant_clause_ids]
    assert not missing, f"这些问题的 source_quote 在知识库中找不到: {missing}"
