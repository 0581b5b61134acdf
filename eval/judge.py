"""Optional LLM judge: faithfulness and answer correctness, scored 1-5 by the configured chat model.

Not deterministic and not part of the thresholds; wherever its scores appear they are labelled as
an LLM's opinion. The prompt is prompts/judge.md (string.Template placeholders).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from string import Template
from typing import Any, Protocol

from tqdm import tqdm

from assistant.chat_models import build_chat_model
from eval.metrics import mean
from eval.run import QuestionResult
from knowledge.config import PROJECT_ROOT, Settings
from knowledge.errors import ConfigError

JUDGE_PROMPT = PROJECT_ROOT / "prompts" / "judge.md"
NOTE = "由大模型评判,非确定性,仅供参考,不计入验收阈值"
_JSON = re.compile(r"\{.*\}", re.S)


class Chat(Protocol):
    """What the judge needs of a langchain chat model."""

    def invoke(self, input: Any) -> Any: ...


def make_chat(settings: Settings) -> Chat:
    """A langchain chat model for the configured LLM (temperature 0), from the one provider table."""
    if not settings.llm_enabled:
        raise ConfigError("未配置大模型(JIANDU_LLM_PROVIDER),无法进行大模型评判")
    return build_chat_model(settings, temperature=0, max_retries=1)  # type: ignore[no-any-return]


def render_prompt(result: QuestionResult, template: str) -> str:
    cites = "\n".join(f"[{c['n']}] {c['quote']}" for c in result.citations) or "(无)"
    return Template(template).safe_substitute(
        question=result.question, source_quote=result.gold.get("source_quote") or "(无)",
        reference=result.gold.get("reference") or "(无)", answer=result.answer, citations=cites)


def parse_verdict(text: str) -> dict[str, Any]:
    """The judge's JSON reply as scores between 0 and 1 (1-5 mapped linearly); ValueError when malformed."""
    match = _JSON.search(text)
    if not match:
        raise ValueError(f"评判结果不是 JSON: {text[:80]}")
    data = json.loads(match.group(0))
    out: dict[str, Any] = {"reason": str(data.get("reason", ""))}
    for key in ("faithfulness", "correctness"):
        score = data.get(key)
        if isinstance(score, bool) or not isinstance(score, int | float) or not 1 <= score <= 5:
            raise ValueError(f"评判结果中 {key} 应为 1 到 5 的分数,实际为 {score!r}")
        out[f"{key}_raw"] = score
        out[key] = round((score - 1) / 4, 4)
    return out


def judge_results(chat: Chat, results: Sequence[QuestionResult], progress: bool = False,
                  prompt_path: Path = JUDGE_PROMPT) -> list[QuestionResult]:
    """Scores for the answered, answerable questions; the others are returned unchanged."""
    template = prompt_path.read_text(encoding="utf-8")
    out = []
    for r in tqdm(results, desc="大模型评判", unit="题", file=sys.stderr, disable=not progress, leave=False):
        if not r.answerable or r.refused or r.error:
            out.append(r)
            continue
        try:
            reply = chat.invoke(render_prompt(r, template))
            verdict = parse_verdict(str(getattr(reply, "content", reply)))
        except Exception as exc:  # noqa: BLE001 - any failure of the judge is recorded, never fatal
            verdict = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        out.append(replace(r, judge={**verdict, "llm_judge": True}))
    return out


def summarise_judge(results: Sequence[QuestionResult], model: str) -> dict[str, Any]:
    judged = [r.judge for r in results if r.judge]
    ok = [j for j in judged if "error" not in j]
    return {"llm_judge": True, "note": NOTE, "model": model, "n": len(ok), "errors": len(judged) - len(ok),
            "faithfulness": mean(j["faithfulness"] for j in ok), "correctness": mean(j["correctness"] for j in ok)}
