"""No question that passed stops passing unnoticed: eval/baselines/<set>.json records, per question of every
shipped set, whether the shipped run passed it. A question that passed there and fails now fails CI,
unless the same commit updates the baseline (`python -m eval.baseline`) and says why in its message."""

from __future__ import annotations

import json

from eval.baseline import BASELINES, baseline_of
from eval.run import QuestionResult


def test_no_question_that_passed_now_fails(shipped_results: dict[str, list[QuestionResult]]) -> None:
    regressions = []
    for name, results in shipped_results.items():
        path = BASELINES / f"{name}.json"
        assert path.is_file(), f"{path} 缺失:运行 python -m eval.baseline 生成基线"
        before = json.loads(path.read_text(encoding="utf-8"))
        now = baseline_of(results)
        regressions += [f"{name}/{qid}: {'; '.join(r.reasons)}" for r in results
                        if (qid := r.id) in before and before[qid] and not now[qid]]
    assert not regressions, "这些问题在基线中通过、现在未通过(如属有意改变,请在同一提交中更新基线并说明原因):\n" + "\n".join(regressions)


def test_the_baseline_covers_every_question(shipped_results: dict[str, list[QuestionResult]]) -> None:
    for name, results in shipped_results.items():
        before = json.loads((BASELINES / f"{name}.json").read_text(encoding="utf-8"))
        assert set(before) == {r.id for r in results}, f"{name}: 基线与问题集不一致,请运行 python -m eval.baseline"
