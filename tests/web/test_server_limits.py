"""Limits below the application: an oversized request head is refused unread, a half-sent one is dropped after
the head deadline, repeated failed logins are slowed down per client, an empty password is answered in Chinese.

Before: uvicorn ran httptools, which buffers a head of any size (a 5 MB header was answered 200) and keeps a
half-sent head forever; 300 wrong passwords in 1 s met no delay; gradio's login form answered an empty
password with an English 422. The server here is the one `python app.py` runs (web.limits.uvicorn_config).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from knowledge.config import Settings
from tests.web.conftest import Live, copy_data, live_server
from web.limits import uvicorn_config

USER = ("alice", "right-pass")


@pytest.fixture(scope="module")
def limited(corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    settings = copy_data(corpus_settings, tmp_path_factory.mktemp("limits") / "data").with_(
        auth=f"{USER[0]}:{USER[1]}", admins=USER[0], header_timeout_s=1.0, max_header_kb=32)
    with live_server(settings) as srv:
        yield srv


def _port(live: Live) -> int:
    return int(live.url.rsplit(":", 1)[1])


def _health(live: Live) -> int:
    with live.client() as c:
        return c.get("/api/health").status_code


def test_an_oversized_request_head_is_refused_unread(limited: Live) -> None:
    for size in (1024 * 1024, 5 * 1024 * 1024):  # h11 checks once a read leaves the head incomplete
        with socket.create_connection(("127.0.0.1", _port(limited)), timeout=20) as s:
            try:
                s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * size + b"\r\n\r\n")
            except OSError:
                pass  # the server closed the connection while we were still sending: refused
            try:
                answer = s.recv(200)
            except OSError:
                answer = b""
        assert not answer.startswith(b"HTTP/1.1 200"), (size, answer[:80])
        assert answer == b"" or answer.startswith(b"HTTP/1.1 4"), answer[:80]
    assert _health(limited) == 200


def test_a_half_sent_request_head_is_dropped_after_the_deadline(limited: Live) -> None:
    conns = []
    for _ in range(50):
        s = socket.create_connection(("127.0.0.1", _port(limited)), timeout=15)
        s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n")  # never the blank line
        conns.append(s)
    assert _health(limited) == 200  # others are served meanwhile
    closed = 0
    for s in conns:
        try:
            closed += s.recv(100) == b""  # the server closes it (1 s deadline; 15 s is the test's patience)
        except TimeoutError:
            pass
        finally:
            s.close()
    assert closed == len(conns)
    # an idle connection that never sent anything goes the same way
    with socket.create_connection(("127.0.0.1", _port(limited)), timeout=15) as s:
        assert s.recv(100) == b""


def test_a_slow_request_that_completes_in_time_is_answered(limited: Live) -> None:
    with socket.create_connection(("127.0.0.1", _port(limited)), timeout=15) as s:
        s.sendall(b"GET /api/health HTTP/1.1\r\n")
        time.sleep(0.3)
        s.sendall(b"Host: x\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 200")


def test_repeated_failed_logins_are_slowed_down(limited: Live) -> None:
    with limited.client() as c:
        codes = [c.get("/api/docs", auth=("alice", f"wrong{i}")).status_code for i in range(12)]
        # the right password is not even checked while the client has to wait
        blocked = c.get("/api/docs", auth=USER)
    assert codes[:5] == [401] * 5 and 429 in codes[5:], codes
    assert blocked.status_code == 429 and "登录失败次数过多" in blocked.json()["error"]
    assert int(blocked.headers["retry-after"]) >= 1


def test_the_login_form_is_throttled_and_speaks_chinese(corpus_settings: Settings,
                                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    settings = copy_data(corpus_settings, tmp_path_factory.mktemp("login") / "data").with_(
        auth=f"{USER[0]}:{USER[1]}")
    with live_server(settings) as live, live.client() as c:
        empty = c.post("/login", data={"username": "alice", "password": ""})
        assert empty.status_code == 400 and empty.json()["detail"] == "请输入用户名和密码"
        wrong = c.post("/login", data={"username": "alice", "password": "nope"})
        assert wrong.status_code == 400 and wrong.json()["detail"] == "用户名或密码错误"
        codes = [c.post("/login", data={"username": "alice", "password": f"x{i}"}).status_code for i in range(10)]
        assert 429 in codes, codes
        late = c.post("/login", data={"username": "alice", "password": USER[1]})
        assert late.status_code == 429 and "登录失败次数过多" in late.json()["error"]


def test_throttle_arithmetic() -> None:
    from web.access import LoginThrottle

    t = LoginThrottle(free=3, max_wait_s=60)
    for _ in range(3):
        t.failed("a", now=0.0)
    assert t.wait_s("a", now=0.0) == 0.0  # three free tries
    t.failed("a", now=0.0)
    assert t.wait_s("a", now=0.0) == 1.0 and t.wait_s("a", now=1.0) == 0.0
    for _ in range(20):
        t.failed("a", now=1.0)
    assert t.wait_s("a", now=1.0) == 60.0  # capped
    assert t.wait_s("b", now=1.0) == 0.0  # per client
    t.succeeded("a")
    assert t.wait_s("a", now=1.0) == 0.0
    small = LoginThrottle(max_clients=2)
    for client in "xyz":
        small.failed(client, now=0.0)
    assert len(small._failures) == 2  # bounded memory


def test_settings_bound_the_limits() -> None:
    from knowledge.errors import ConfigError

    with pytest.raises(ConfigError, match="JIANDU_MAX_HEADER_KB"):
        Settings().with_(max_header_kb=1)
    cfg = uvicorn_config(object(), Settings())
    assert cfg.h11_max_incomplete_event_size == 64 * 1024 and cfg.limit_concurrency == 1000
    assert httpx  # the client library the other tests use
