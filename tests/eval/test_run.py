"""Scoring and summarising, on hand-made answers whose metrics are worked out by hand."""

from __future__ import annotations

import pytest

from eval.run import QuestionResult, summarise, summarise_block

from .conftest import Q_TIME, answer


def test_score_answerable(three_results: list[QuestionResult]) -> None:
    r = three_results[0]
    assert r.relevant_clause_ids == ("d1:c1",)
    assert r.metrics["rank"] == 2
    assert (r.metrics["hit@1"], r.metrics["hit@3"], r.metrics["hit@5"]) == (False, True, True)
    assert r.metrics["rr"] == 0.5
    assert r.metrics["recall@5"] == 1.0
    assert r.metrics["cite_precision"] == 0.5  # d1:c1 holds the quote, d2:c3 does not
    assert r.metrics["cite_hit"] is True
    assert (r.metrics["facts_met"], r.metrics["facts_total"], r.metrics["facts_all"]) == (1, 2, False)
    assert r.metrics["cited_retrieved"] is True and r.metrics["quotes_verbatim"] is True
    assert [c["relevant"] for c in r.citations] == [True, False]
    assert not r.passed and r.reasons == ("缺少要点: 「书面」",)
    # reference 应在7个工作日内办结 (10 tokens) vs answer 交接应在7个工作日内办结另见 (14): run of 10,
    # P = 10/14, R = 1 -> F1 = 20/24
    assert r.metrics["char_f1"] == pytest.approx(20 / 24, abs=1e-4)


def test_score_false_refusal_and_correct_refusal(three_results: list[QuestionResult]) -> None:
    false_refusal, refusal = three_results[1], three_results[2]
    assert not false_refusal.passed
    assert false_refusal.reasons[0].startswith("误拒答")
    assert "不在检索结果中" in false_refusal.reasons[1]
    assert refusal.passed and refusal.reasons == () and refusal.metrics["refusal_correct"] is True


def test_integrity_problems_fail_the_question(matcher, fake_index) -> None:  # type: ignore[no-untyped-def]
    from eval.run import score_question

    ans = answer("书面[1]七个工作日[2]", ["d1:c2", "d1:c1"], ["d1:c1"], quotes={"d1:c2": "不是原文"})
    r = score_question(Q_TIME, ans, matcher, fake_index)
    assert r.metrics["cited_retrieved"] is False and r.metrics["quotes_verbatim"] is False
    assert "引用的条款不在检索结果中: [1]" in r.reasons
    assert "引文不是条款原文: [1]" in r.reasons


def test_an_error_is_a_failure(matcher, fake_index) -> None:  # type: ignore[no-untyped-def]
    from eval.run import score_question

    r = score_question(Q_TIME, None, matcher, fake_index, error="问题过长")
    assert not r.passed and r.reasons == ("提问出错: 问题过长",) and r.error == "问题过长"
    assert summarise_block([r])["errors"] == 1


def test_summarise(three_results: list[QuestionResult]) -> None:
    s = summarise(three_results)
    o = s["overall"]
    assert (o["n"], o["n_answerable"], o["n_unanswerable"]) == (3, 2, 1)
    assert o["pass_rate"] == pytest.approx(1 / 3)
    assert o["citation_recall"] == 0.5  # t1 cites the quote, t2 refused
    assert o["citation_precision"] == 0.5  # 1 relevant of 2 citations in all
    assert o["facts_all"] == 0.0
    assert o["facts_coverage"] == 0.25  # (1/2 + 0/1) / 2
    assert o["hit@1"] == 0.0 and o["hit@3"] == 0.5 and o["mrr"] == 0.25
    assert o["refusal_accuracy"] == 1.0
    assert o["false_refusal_rate"] == 0.5
    assert list(s["by_tag"]) == ["unanswerable", "时限", "是非"]  # by count, then name
    assert s["by_tag"]["unanswerable"]["citation_recall"] is None
    assert s["by_tag"]["时限"]["citation_recall"] == 1.0
    # retrieve timings: 40, 20, 20 ms (10 per retrieved clause + 10)
    assert s["latency_ms"]["retrieve"]["p50"] == 20.0
    assert s["latency_ms"]["retrieve"]["p95"] == pytest.approx(38.0)


def test_result_round_trips_through_json(three_results: list[QuestionResult]) -> None:
    import json

    for r in three_results:
        assert QuestionResult.from_dict(json.loads(json.dumps(r.to_dict(), ensure_ascii=False))) == r
