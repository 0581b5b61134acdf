"""With JIANDU_AUTH set, every route needs a login; only /api/health stays open."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.routing import APIRoute
from starlette.routing import Mount

from knowledge.config import Settings
from tests.web.conftest import Live, copy_data, live_server
from web.server import ApiGuard

USERS = "alice:s3cret,bob:密码123"
# Only what gradio's login page needs is served before login (ApiGuard.LOGIN_PAGE); gradio itself
# answers /config and /login_check there with 401, and the page with the login form.
SECRETS_OF_THE_APP = ("jd-chat", "监督制度问答助手 依据", "000_af95b41f5e0ea097", "请假")


@pytest.fixture(scope="module")
def secured(corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    settings = copy_data(corpus_settings, tmp_path_factory.mktemp("auth") / "data").with_(auth=USERS)
    with live_server(settings) as srv:
        yield srv


def walk(routes: list, prefix: str = "", mounted: bool = False) -> Iterator[tuple[str, object, bool]]:
    """Every route of the app, including those of mounted apps and included routers: (full path, route, mounted)."""
    for r in routes:
        if isinstance(r, Mount):
            yield from walk(list(r.routes), prefix + r.path.rstrip("/"), True)
        elif hasattr(r, "original_router"):  # fastapi's included router
            yield from walk(list(r.original_router.routes), prefix + r.include_context.prefix, mounted)
        else:
            yield prefix + str(getattr(r, "path", "")), r, mounted


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x", path)


def test_every_route_requires_auth_except_health(secured: Live) -> None:
    checked: list[str] = []
    with secured.client() as c:
        for full, route, mounted in walk(secured.app.routes):
            path = concrete(full)
            methods = sorted((getattr(route, "methods", None) or set()) - {"HEAD", "OPTIONS"})
            for method in methods:
                with c.stream(method, path, timeout=10) as r:
                    body = r.read().decode("utf-8", "replace")
                checked.append(f"{method} {path} {r.status_code}")
                if path == "/api/health":
                    assert r.status_code == 200
                elif isinstance(route, APIRoute) and not mounted:  # our own routes: HTTP Basic
                    assert r.status_code == 401, (method, path, r.status_code)
                    assert json.loads(body) == {"error": "需要登录:请提供用户名和密码(HTTP Basic),或先在页面登录"}
                    assert r.headers["www-authenticate"].startswith("Basic")
                elif path in ApiGuard.LOGIN_PAGE or path.startswith(ApiGuard.LOGIN_PAGE_PREFIXES):
                    assert not any(s in body for s in SECRETS_OF_THE_APP), (method, path, body[:200])
                else:  # gradio's routes: its own login
                    assert r.status_code == 401, (method, path, r.status_code)
    assert "POST /api/ask 401" in checked and "GET /api/health 200" in checked
    assert "POST /gradio_api/queue/join 401" in checked and "GET /config 401" in checked
    assert "GET /gradio_api/file=x 401" in checked and "POST /gradio_api/upload 401" in checked
    assert "GET /gradio_api/heartbeat/x 401" in checked and "POST /gradio_api/cancel 401" in checked
    assert len(checked) > 40


def test_the_page_shows_only_the_login_form_without_login(secured: Live) -> None:
    with secured.client() as c:
        page = c.get("/")
        config = c.get("/config")
        join = c.post("/gradio_api/queue/join", json={})
    assert page.status_code == 200 and "监督制度问答助手" in page.text
    assert "请输入账号和密码" in config.text or config.status_code == 401
    assert config.status_code == 401 and join.status_code == 401


@pytest.mark.parametrize("user,password", [("alice", "s3cret"), ("bob", "密码123")])
def test_basic_credentials_open_the_api(secured: Live, user: str, password: str) -> None:
    with secured.client(auth=httpx.BasicAuth(user, password)) as c:
        ask = c.post("/api/ask", json={"question": "“五个必谈”是指哪五种情况?"})
        docs = c.get("/api/docs")
    assert ask.status_code == 200 and ask.json()["citations"]
    assert docs.status_code == 200 and docs.json()["docs"]


@pytest.mark.parametrize("header", [
    "Basic " + "YWxpY2U6d3Jvbmc=",  # alice:wrong
    "Basic !!notbase64",
    "Bearer s3cret",
    "Basic " + "Ym9iOnMzY3JldA==",  # bob with alice's password
])
def test_wrong_credentials_are_refused(secured: Live, header: str) -> None:
    with secured.client() as c:
        r = c.get("/api/docs", headers={"authorization": header})
    assert r.status_code == 401


def test_gradio_login_opens_the_ui_and_the_api(secured: Live) -> None:
    with secured.client() as c:
        bad = c.post("/login", data={"username": "alice", "password": "nope"})
        assert bad.status_code == 400 and c.get("/gradio_api/app_id").status_code == 401
        good = c.post("/login", data={"username": "bob", "password": "密码123"})
        assert good.status_code == 200
        assert c.get("/config").status_code == 200 and c.get("/gradio_api/app_id").status_code == 200
        assert c.get("/api/docs").status_code == 200  # the page session opens the API too (roles: test_cross_site)


def test_bad_auth_setting_fails_fast(tmp_path: Path) -> None:
    from knowledge.errors import ConfigError

    with pytest.raises(ConfigError, match="JIANDU_AUTH 格式错误"):
        Settings(data_dir=tmp_path).with_(auth="alice")
