"""The optional LLM judge, with a stand-in chat model and with a local OpenAI-compatible server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest

from eval.judge import judge_results, make_chat, parse_verdict, summarise_judge
from eval.run import QuestionResult
from knowledge.config import Settings

VERDICT = '好的。{"faithfulness": 5, "correctness": 3, "reason": "缺少“书面”要点"}'


class FakeChat:
    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.prompts: list[str] = []

    def invoke(self, input: Any) -> SimpleNamespace:
        self.prompts.append(input)
        return SimpleNamespace(content=self.reply)


def test_parse_verdict_maps_1_to_5_onto_0_to_1() -> None:
    v = parse_verdict(VERDICT)
    assert (v["faithfulness"], v["correctness"], v["correctness_raw"]) == (1.0, 0.5, 3)
    assert v["reason"] == "缺少“书面”要点"


@pytest.mark.parametrize(("reply", "match"), [
    ("我觉得不错", "评判结果不是 JSON"),
    ('{"faithfulness": 9, "correctness": 3}', "faithfulness 应为 1 到 5 的分数"),
    ('{"faithfulness": 4}', "correctness 应为 1 到 5 的分数"),
])
def test_parse_verdict_rejects(reply: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        parse_verdict(reply)


def test_only_answered_answerable_questions_are_judged(three_results: list[QuestionResult]) -> None:
    chat = FakeChat(VERDICT)
    judged = judge_results(chat, three_results)
    assert len(chat.prompts) == 1
    assert "交接多久办结?" in chat.prompts[0] and "工作交接一般应在7个工作日内办结" in chat.prompts[0]
    assert judged[0].judge is not None and judged[0].judge["llm_judge"] is True
    assert judged[1].judge is None and judged[2].judge is None
    summary = summarise_judge(judged, "fake:model")
    assert summary["llm_judge"] is True and "非确定性" in summary["note"]
    assert (summary["faithfulness"], summary["correctness"], summary["n"], summary["errors"]) == (1.0, 0.5, 1, 0)


def test_a_failing_judge_is_recorded_not_fatal(three_results: list[QuestionResult]) -> None:
    judged = judge_results(FakeChat("not json"), three_results)
    assert judged[0].judge is not None and judged[0].judge["error"].startswith("ValueError")
    assert summarise_judge(judged, "m")["errors"] == 1


@pytest.fixture
def openai_server() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A local OpenAI-compatible chat endpoint that always returns VERDICT."""
    seen: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            seen.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            body = json.dumps({
                "id": "c1", "object": "chat.completion", "created": 0, "model": "judge",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": VERDICT}}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", seen
    server.shutdown()
    thread.join()


def test_make_chat_talks_to_an_openai_compatible_server(openai_server, three_results) -> None:  # type: ignore[no-untyped-def]
    url, seen = openai_server
    settings = Settings(llm_provider="openai", llm_base_url=url, llm_model="judge", llm_timeout=10)
    judged = judge_results(make_chat(settings), three_results)
    assert judged[0].judge is not None and judged[0].judge["correctness"] == 0.5
    assert seen[0]["model"] == "judge" and seen[0]["temperature"] == 0
    assert "交接多久办结?" in seen[0]["messages"][0]["content"]
