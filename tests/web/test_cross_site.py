"""No cross-site upload, and roles: only administrators upload and delete documents.

The attack: a page on another port posted a multipart form to `POST /api/docs`; the browser attached its
cached Basic login and the document was planted. Browsers send `Origin` (and `Sec-Fetch-Site`) with such
a post and a page cannot forge them, so the requests below carry exactly the headers chromium sends for a
form another site submits. alice is an administrator (JIANDU_ADMINS), bob is not.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from knowledge.config import Settings
from knowledge.errors import ConfigError
from tests.web.conftest import Live, copy_data, free_port, live_server

ALICE, BOB = ("alice", "s3cret-A"), ("bob", "s3cret-B")
EVIL = f"http://127.0.0.1:{free_port()}"  # the attacker's page, on another port of the same machine
CROSS = {"Origin": EVIL, "Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "navigate",
         "Referer": EVIL + "/attack.html"}


@pytest.fixture(scope="module")
def secured(corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    settings = copy_data(corpus_settings, tmp_path_factory.mktemp("xsite") / "data").with_(
        auth=f"{ALICE[0]}:{ALICE[1]},{BOB[0]}:{BOB[1]}", admins=ALICE[0])
    with live_server(settings) as srv:
        yield srv


@pytest.fixture(scope="module")
def open_server(corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(copy_data(corpus_settings, tmp_path_factory.mktemp("xsite-open") / "data")) as srv:
        yield srv


def _doc(tag: str) -> tuple[str, tuple[str, bytes, str]]:
    name = f"planted_{tag}_{uuid.uuid4().hex[:6]}.txt"
    return name, (name, f"第一条 {tag}:干部出国无需审批。\n".encode(), "text/plain")


def _ids(live: Live) -> set[str]:
    with live.client(auth=httpx.BasicAuth(*ALICE)) as c:
        return {d["doc_id"] for d in c.get("/api/docs").json()["docs"]}


@pytest.mark.parametrize("headers", [
    CROSS,
    {"Origin": EVIL},
    {"Origin": "null"},  # a sandboxed frame or a file:// page
    {"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"},
    {"Referer": EVIL + "/attack.html"},  # an old browser that sends no Origin
])
def test_a_form_posted_by_another_site_is_refused(secured: Live, headers: dict[str, str]) -> None:
    before = _ids(secured)
    name, part = _doc("跨站")
    with secured.client(auth=httpx.BasicAuth(*ALICE)) as c:  # the browser attaches the cached admin login
        r = c.post("/api/docs", files={"files": part}, headers=headers)
        d = c.delete("/api/docs/000_af95b41f5e0ea097", headers=headers)
    assert r.status_code == 403 and "跨站" in r.json()["error"]
    assert d.status_code == 403
    assert _ids(secured) == before


def test_cross_site_posts_to_gradio_routes_are_refused(secured: Live) -> None:
    with secured.client() as c:
        login = c.post("/login", data={"username": ALICE[0], "password": ALICE[1]}, headers=CROSS)
        assert login.status_code == 403  # no login planted by another site either
        assert c.post("/login", data={"username": ALICE[0], "password": ALICE[1]}).status_code == 200
        for path in ("/gradio_api/upload", "/gradio_api/queue/join", "/gradio_api/run/predict", "/gradio_api/cancel"):
            r = c.post(path, json={}, headers=CROSS)
            assert r.status_code == 403, (path, r.status_code)
        assert c.post("/gradio_api/upload", files={"files": _doc("g")[1]}, headers=CROSS).status_code == 403


def test_the_same_site_and_api_clients_still_work(secured: Live) -> None:
    name, part = _doc("本站")
    own = {"Origin": secured.url, "Sec-Fetch-Site": "same-origin"}
    with secured.client(auth=httpx.BasicAuth(*ALICE)) as c:
        r = c.post("/api/docs", files={"files": part}, headers=own)
        assert r.status_code == 200, r.text
        assert c.post("/api/ask", json={"question": "“五个必谈”是指哪五种情况?"}, headers=own).status_code == 200
    assert name.removesuffix(".txt") in _ids(secured)


def test_only_administrators_upload_and_delete(secured: Live) -> None:
    before = _ids(secured)
    with secured.client(auth=httpx.BasicAuth(*BOB)) as bob:
        up = bob.post("/api/docs", files={"files": _doc("普通用户")[1]})
        rm = bob.delete("/api/docs/000_af95b41f5e0ea097")
        ask = bob.post("/api/ask", json={"question": "“五个必谈”是指哪五种情况?"})
        docs = bob.get("/api/docs")
    assert up.status_code == 403 and "管理员" in up.json()["error"]
    assert rm.status_code == 403 and "管理员" in rm.json()["error"]
    assert ask.status_code == 200 and docs.status_code == 200  # everyone asks and reads
    assert _ids(secured) == before


def test_the_page_login_session_opens_the_api_with_its_role(secured: Live) -> None:
    """The UI's session (gradio's login form, a cookie) is accepted by our routes too; Basic is for clients
    that send it themselves. A 401 to a browser carries no Basic challenge (no dialog, no cached login)."""
    with secured.client() as c:
        first = c.get("/api/docs", headers={"Accept": "text/html", "Sec-Fetch-Mode": "navigate"})
        assert first.status_code == 401 and "www-authenticate" not in first.headers
        assert c.get("/api/docs").headers["www-authenticate"].startswith("Basic")  # an API client is told
        assert c.post("/login", data={"username": BOB[0], "password": BOB[1]}).status_code == 200
        assert c.get("/api/docs").status_code == 200
        assert c.post("/api/docs", files={"files": _doc("会话")[1]}).status_code == 403
    name, part = _doc("管理员会话")
    with secured.client() as c:
        assert c.post("/login", data={"username": ALICE[0], "password": ALICE[1]}).status_code == 200
        assert c.post("/api/docs", files={"files": part}).status_code == 200
    assert name.removesuffix(".txt") in _ids(secured)


def _file_fn(config: dict[str, Any], api_name: str = "upload") -> tuple[int, list[int], set[int]]:
    files = {c["id"] for c in config["components"] if c.get("type") == "file"}
    for dep in config["dependencies"]:
        if files & set(dep.get("inputs", [])):
            return int(dep["id"]), list(dep["inputs"]), files & set(dep["inputs"])
    raise AssertionError("no function takes a file")


def _run(c: httpx.Client, fn: int, inputs: list[int], values: dict[int, Any]) -> dict[str, Any]:
    session = uuid.uuid4().hex[:10]
    payload = {"data": [values.get(i) for i in inputs], "fn_index": fn, "session_hash": session,
               "trigger_id": None, "event_data": None}
    r = c.post("/gradio_api/queue/join", json=payload)
    assert r.status_code == 200, r.text
    with c.stream("GET", f"/gradio_api/queue/data?session_hash={session}") as events:
        for line in events.iter_lines():
            if line.startswith("data:"):
                event = json.loads(line[5:])
                if event.get("msg") == "process_completed":
                    return dict(event)
    raise AssertionError("no result")


def test_the_gradio_upload_handler_refuses_a_non_administrator(secured: Live) -> None:
    """The page hides the upload for bob, and the handler itself refuses him when called through the queue."""
    before = _ids(secured)
    name, (fname, data, mime) = _doc("队列")
    with secured.client() as c:
        assert c.post("/login", data={"username": BOB[0], "password": BOB[1]}).status_code == 200
        fn, inputs, file_inputs = _file_fn(c.get("/config").json())
        path = c.post("/gradio_api/upload", files={"files": (fname, data, mime)}).json()[0]
        ref = [{"path": path, "orig_name": fname, "meta": {"_type": "gradio.FileData"}}]
        event = _run(c, fn, inputs, {i: ref for i in file_inputs})
    assert "管理员" in json.dumps(event, ensure_ascii=False)
    assert _ids(secured) == before


def test_without_login_the_local_user_is_administrator(open_server: Live) -> None:
    name, part = _doc("本机")
    with open_server.client() as c:
        r = c.post("/api/docs", files={"files": part}, headers={"Origin": open_server.url})
        x = c.post("/api/docs", files={"files": _doc("跨站本机")[1]}, headers=CROSS)
    assert r.status_code == 200 and x.status_code == 403  # no login does not mean open to other sites


def test_admins_must_be_users() -> None:
    with pytest.raises(ConfigError, match="JIANDU_ADMINS 中的用户 carol 不在 JIANDU_AUTH 中"):
        Settings().with_(auth="alice:x", admins="carol")
    with pytest.raises(ConfigError, match="JIANDU_ALLOWED_ORIGINS"):
        Settings().with_(allowed_origins="evil.example")
    s = Settings().with_(auth="alice:x,bob:y", admins="alice")
    assert s.is_admin("alice") and not s.is_admin("bob") and not s.is_admin(None)
    assert Settings().is_admin(None)  # no login configured: the single local user
