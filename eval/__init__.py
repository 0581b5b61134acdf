"""Evaluation harness: run a gold question set through the assistant, score it, report and compare runs.

`jiandu eval run --dataset eval/data/gold.jsonl` and `jiandu eval compare RUN_A RUN_B` (see command.py).
Everything here is deterministic; the optional LLM judge (judge.py) is marked as such wherever it appears.
"""
