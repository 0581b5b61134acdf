"""No server file can be read through gradio's queue API: every function that takes a file accepts only
files that gradio's upload route received, in every path spelling, with and without login.

The attack: `POST /gradio_api/queue/join` naming `{"path": "/some/server/file"}` for the knowledge tab's
upload function ingested that file, and `GET /api/docs/{id}` served its text (gradio checks such paths
only under `launch()`; we are mounted on FastAPI).
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from knowledge.config import PROJECT_ROOT, Settings
from tests.web.conftest import Live, copy_data, live_server
from web.upload_guard import file_refs, take_upload

CANARY = f"机密测试内容-QF-{uuid.uuid4().hex[:8]}"  # per run: /tmp/gradio is shared with other runs
AUTH = ("admin", "s3cret-pass")


@pytest.fixture(scope="module", params=["open", "login"])
def server(request: pytest.FixtureRequest, corpus_settings: Settings,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Live, dict[str, str]]]:
    root = tmp_path_factory.mktemp(f"queue-files-{request.param}")
    settings = copy_data(corpus_settings, root / "data")
    headers: dict[str, str] = {}
    if request.param == "login":
        settings = settings.with_(auth=f"{AUTH[0]}:{AUTH[1]}", admins=AUTH[0])
        headers = {"Authorization": "Basic " + base64.b64encode(f"{AUTH[0]}:{AUTH[1]}".encode()).decode()}
    with live_server(settings) as live:
        yield live, headers


def _login(client: httpx.Client, headers: dict[str, str]) -> None:
    if headers:  # gradio's own login (cookie) for its routes; Basic covers ours
        r = client.post("/login", data={"username": AUTH[0], "password": AUTH[1]})
        assert r.status_code in (200, 302, 303), r.text


def _file_functions(config: dict[str, Any]) -> list[tuple[int, list[int], set[int]]]:
    """(fn id, its input ids, the ids of its file inputs) for every event that takes a file."""
    files = {c["id"] for c in config["components"] if c.get("type") in ("file", "uploadbutton", "image")}
    out = []
    for dep in config["dependencies"]:
        inputs = list(dep.get("inputs", []))
        if files & set(inputs):
            out.append((int(dep["id"]), inputs, files & set(inputs)))
    return out


def _payload(fn: int, inputs: list[int], file_inputs: set[int], ref: dict[str, Any]) -> dict[str, Any]:
    data = [[ref] if i in file_inputs else None for i in inputs]
    return {"data": data, "fn_index": fn, "session_hash": uuid.uuid4().hex[:10], "trigger_id": None,
            "event_data": None}


def _spellings(secret: Path, gradio_dir: Path, live_url: str) -> list[dict[str, Any]]:
    meta = {"_type": "gradio.FileData"}
    rel = os.path.relpath(secret, Path.cwd())
    link = gradio_dir / "linkdir" / "secret.txt"
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():  # left by an earlier run (dangling once its tmp dir went)
        link.unlink()
    link.symlink_to(secret)
    paths = [
        str(secret), str(secret).replace("/", "//"), str(secret.parent / "." / secret.name), rel,
        str(gradio_dir / ".." / ".." / os.path.relpath(secret, gradio_dir.parent.parent)),
        f"{gradio_dir}/../{os.path.relpath(secret, gradio_dir.parent)}", str(link), f"file://{secret}",
        str(secret).replace("/", "%2F"), str(secret) + "\x00.txt", str(PROJECT_ROOT / "README.md"),
        "/etc/passwd", "/proc/self/environ", f"{live_url}/api/docs", "http://127.0.0.1:9/x.txt",
    ]
    refs: list[dict[str, Any]] = [{"path": p, "orig_name": "x.txt", "meta": meta} for p in paths]
    refs.append({"path": str(secret)})  # no meta: gradio's preprocess still reads the path
    refs.append({"url": f"file://{secret}", "meta": meta})
    refs.append({"path": [str(secret)], "meta": meta})
    return refs


def test_guard_finds_file_objects_anywhere() -> None:
    payload = {"data": [None, [{"path": "/a", "meta": {}}], {"x": [{"url": "http://h/b"}]}], "fn_index": 1}
    assert sorted(file_refs(payload)) == ["/a", "http://h/b"]
    uploaded = {"/tmp/gradio/abc/ok.txt"}
    assert not take_upload(uploaded, "/tmp/gradio/abc/../abc/ok.txt")  # to the letter, not resolved
    assert take_upload(uploaded, "/tmp/gradio/abc/ok.txt")
    assert not take_upload(uploaded, "/tmp/gradio/abc/ok.txt")  # once: consumed by the request that sent it


def test_no_path_spelling_reaches_a_file_handler(server: tuple[Live, dict[str, str]], tmp_path: Path) -> None:
    live, headers = server
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"第一条 {CANARY}。本文件在数据目录之外。\n", encoding="utf-8")
    with live.client(headers=headers) as client:
        _login(client, headers)
        config = client.get("/config").json()
        functions = _file_functions(config)
        assert functions, "the knowledge tab's upload function takes a file"
        docs_before = client.get("/api/docs").json()
        from web import gradio_tmp

        gradio_dir = Path(os.environ.get("GRADIO_TEMP_DIR") or "/tmp/gradio")
        assert gradio_tmp(live.settings).name  # the face knows where gradio keeps uploads
        tried = 0
        for fn, inputs, file_inputs in functions:
            for ref in _spellings(secret, gradio_dir, live.url):
                r = client.post("/gradio_api/queue/join", json=_payload(fn, inputs, file_inputs, ref))
                tried += 1
                assert r.status_code == 400, (ref, r.status_code, r.text[:200])
                assert r.json() == {"error": "只能处理通过本页面上传的文件"}
        assert tried == 18 * len(functions)
        assert client.get("/api/docs").json() == docs_before
    for root in (live.settings.data_dir, gradio_dir):
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                assert CANARY.encode() not in path.read_bytes(), path


def _events(client: httpx.Client, session: str) -> Iterator[dict[str, Any]]:
    with client.stream("GET", f"/gradio_api/queue/data?session_hash={session}") as r:
        for line in r.iter_lines():
            if line.startswith("data:"):
                yield json.loads(line[5:])


def test_a_real_upload_is_accepted_once(server: tuple[Live, dict[str, str]]) -> None:
    """The lock is not shut for everyone: a file sent through the upload route is ingested; naming the
    same path again in a second event is refused (it was consumed by the request that uploaded it)."""
    live, headers = server
    text = f"第一条 上传测试{uuid.uuid4().hex[:6]}:借调干部须在五个工作日内报到。\n".encode()
    name = f"queue_ok_{uuid.uuid4().hex[:6]}.txt"
    with live.client(headers=headers) as client:
        _login(client, headers)
        fn, inputs, file_inputs = _file_functions(client.get("/config").json())[0]
        up = client.post("/gradio_api/upload", files={"files": (name, text, "text/plain")})
        assert up.status_code == 200, up.text
        path = up.json()[0]
        ref = {"path": path, "orig_name": name, "meta": {"_type": "gradio.FileData"}}
        payload = _payload(fn, inputs, file_inputs, ref)
        r = client.post("/gradio_api/queue/join", json=payload)
        assert r.status_code == 200, r.text
        for event in _events(client, payload["session_hash"]):
            if event.get("msg") == "process_completed":
                assert event.get("success"), event
                break
        ids = {d["doc_id"] for d in client.get("/api/docs").json()["docs"]}
        assert Path(name).stem in ids
        again = client.post("/gradio_api/queue/join", json=_payload(fn, inputs, file_inputs, ref))
        assert again.status_code == 400
