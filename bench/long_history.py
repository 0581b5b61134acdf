"""How much a long conversation history costs: a normal question against a follow-up after history turns
of 20,000 characters (the web API's per-turn limit), in one process on the bundled index.

    .venv/bin/python bench/long_history.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def main() -> None:
    from assistant.service import Assistant
    from knowledge.config import load_settings

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    assistant = Assistant(load_settings())
    assistant.ask("预热")  # index, embedder and jieba load once, untimed
    long_turn = "干部调动时工作交接要在几天内办完?" + "补充说明" * 4990
    history = [{"role": r, "content": long_turn[:20_000]} for r in ("user", "assistant") * 20]
    cases = {"normal question": ("干部调动后工资关系多久转到新单位?", []),
             "follow-up after 40 turns of 20,000 chars": ("那工资和组织关系呢?", history)}
    for name, (question, turns) in cases.items():
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            assistant.ask(question, history=turns)
            times.append((time.perf_counter() - t0) * 1000)
        print(f"{name}: p50 {statistics.median(times):.1f} ms, max {max(times):.1f} ms ({args.repeat} runs)")


if __name__ == "__main__":
    main()
