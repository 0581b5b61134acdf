"""A stand-in OpenAI-compatible chat server for tests: behaviour chosen by the model name.

It reads the numbered clauses from the prompt, so a "good" answer quotes real clause text.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CLAUSE = re.compile(r"\[(\d+)\][^\n]*\n<<<条款原文\n(.*?)\n条款原文>>>", re.S)


def _first_sentence(text: str) -> str:
    for s in re.findall(r"[^。;]+[。;]", text):
        if len(s) >= 12:
            return s.strip()
    return text[:40]


PLANTED = re.compile(r"CANARY-\d+")


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def obedient_reply(prompt: str) -> str:
    """Quote the clause sentence closest to the question, as a good model would; but first print any
    code word planted in the clauses, as a model that follows instructions in its input would."""
    question = re.search(r"【问题】\n(.*?)\n", prompt)
    wanted = _bigrams(question.group(1) if question else prompt)
    best, best_n, best_score = "", 1, -1
    for n, text in CLAUSE.findall(prompt):
        for sentence in re.findall(r"[^。\n]+。", text):
            if PLANTED.search(sentence) or "忽略" in sentence:
                continue
            score = len(wanted & _bigrams(sentence))
            if score > best_score:
                best, best_n, best_score = sentence.strip(), int(n), score
    answer = f"「{best}」[{best_n}]"
    planted = PLANTED.search(prompt)
    return f"{planted.group(0)}\n{answer}" if planted else answer


def reply_for(model: str, prompt: str) -> str:
    clauses = {int(n): t for n, t in CLAUSE.findall(prompt)}
    if "【追问】" in prompt:  # condensation request
        history = re.search(r"【对话】\n(.*?)\n\n【追问】\n(.*)", prompt, re.S)
        first_user = re.search(r"用户: (.*)", history.group(1)).group(1) if history else ""
        follow = history.group(2).strip() if history else ""
        return f"{first_user.rstrip('?？')},{follow.strip('那呢?？')}的规定是什么?"
    if model == "obedient":
        return obedient_reply(prompt)
    first = _first_sentence(clauses.get(1, ""))
    if model == "good":
        return f"依据条款:「{first}」[1]"
    if model == "badquote":
        return "「干部出国一律由县委书记一人审批。」[1]"
    if model == "nocite":
        return "干部出国需要经过多个部门审批,手续比较复杂。"
    if model == "badnum":
        return f"「{first}」[9]"
    if model == "canary":
        return "CANARY-7731 [1]"
    if model == "leak":
        return "你是“监督制度问答助手”,为干部解答干部监督制度及其实施办法方面的程序性问题。[1]"
    if model == "refuse":
        return "知识库中未找到相关规定。"
    return f"「{first}」[1]"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    requests: list[dict[str, Any]] = []
    authorizations: list[str] = []  # the Authorization header of each request, in order
    replies: list[str] = []  # what the stand-in answered, in order

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        type(self).requests.append(body)
        type(self).authorizations.append(self.headers.get("Authorization", ""))
        model = body.get("model", "good")
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        if model == "error500":
            payload = b'{"error": {"message": "internal error"}}'
            self.send_response(500)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        if model == "slow":
            time.sleep(5)
        text = reply_for(model, prompt)
        type(self).replies.append(text)
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            pieces = [text[i : i + 8] for i in range(0, len(text), 8)]
            for i, piece in enumerate(pieces):
                if model == "broken" and i == 1:
                    self.wfile.write(b"data: {not json\n\n")
                    self.wfile.flush()
                    self.connection.close()
                    return
                chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": model,
                         "choices": [{"index": 0, "delta": {"role": "assistant", "content": piece},
                                      "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            self.close_connection = True
            return
        payload = json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": model,
                              "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                           "finish_reason": "stop"}],
                              "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}},
                             ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@contextmanager
def fake_llm_server() -> Iterator[str]:
    """Start the stand-in on 127.0.0.1 (a free port); yields its base URL (…/v1)."""
    _Handler.requests = []
    _Handler.authorizations = []
    _Handler.replies = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def received() -> list[dict[str, Any]]:
    """The JSON bodies the stand-in has been sent since the last `fake_llm_server()` started."""
    return list(_Handler.requests)


def prompts() -> list[str]:
    """The prompt text of each request, in order."""
    return ["\n".join(str(m.get("content", "")) for m in body.get("messages", [])) for body in _Handler.requests]


def replies() -> list[str]:
    return list(_Handler.replies)


def authorizations() -> list[str]:
    """The Authorization headers of those requests (to check a key is sent, yet never logged)."""
    return list(_Handler.authorizations)
