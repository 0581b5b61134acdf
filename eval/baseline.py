"""Per-question baseline of the shipped question sets: `python -m eval.baseline` runs every set in
eval/data/ with the default settings and writes eval/baselines/<set>.json ({question id: passed}).
tests/eval/test_baseline.py fails when a question that passed there fails now."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from eval.run import QuestionResult

BASELINES = Path(__file__).resolve().parent / "baselines"
DATA = Path(__file__).resolve().parent / "data"


def baseline_of(results: Sequence[QuestionResult]) -> dict[str, bool]:
    return {r.id: bool(r.passed) for r in results}


def main() -> None:
    from assistant.service import Assistant
    from eval.dataset import load_dataset
    from eval.run import run_eval
    from knowledge.config import load_settings

    assistant = Assistant(load_settings())
    BASELINES.mkdir(exist_ok=True)
    for path in sorted(DATA.glob("*.jsonl")):
        results = run_eval(assistant, load_dataset(path))
        line = baseline_of(results)
        (BASELINES / f"{path.stem}.json").write_text(json.dumps(line, ensure_ascii=False, indent=1) + "\n",
                                                    encoding="utf-8")
        print(f"{path.stem}: {sum(line.values())}/{len(line)} 通过")


if __name__ == "__main__":
    main()
