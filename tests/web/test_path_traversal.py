"""No file outside the data dir is served or written (issue #9), probed on a real server with raw requests.

Every route of the app that takes a path or an id (ours and gradio's, found by walking the routes, so
a route added later is probed too) gets /etc/passwd, a file of the project, a canary file in tmp and
a canary inside the data dir, each in many spellings: `../`, `%2e%2e`, `%2f`, `%5c`, double-encoded,
mixed case. Requests go out through http.client, which sends the path byte for byte (httpx would
normalise `..` away before the server ever saw it). Uploads with hostile file names must land in
the uploads dir (ours) or gradio's upload dir (gradio's), under a harmless name, and nowhere else.
"""

from __future__ import annotations

import base64
import http.client
import importlib.metadata
import json
import re
import time
import tomllib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from packaging.version import Version
from starlette.routing import Mount

from knowledge.config import PROJECT_ROOT, Settings
from tests.web.conftest import Live, copy_data, live_server

USER, PASSWORD = "alice", "s3cret"
PASSWD_MARK = "root:x:0:0"
PYPROJECT_MARK = '"gradio>=6.7'  # a line of pyproject.toml no answer or page of ours contains
HOPS = 8  # enough "../" to climb from any of our dirs to /
# Routes whose parameter is an opaque key of a long-lived stream, never a path: probing them opens
# an event stream that does not end (gradio's heartbeat), so they are left out on purpose.
STREAMING = ("/gradio_api/heartbeat/{session_hash}",)
# gradio's API-name and event-id routes: the parameter is a key, never a path. gradio answers an unknown
# key with 500 (KeyError) or a 307 slash redirect, and /call/{api}/{event} with a 200 event stream that
# breaks off; none of that reads a file, so here only "nothing leaks, no 2xx but an event stream" holds.
OPAQUE_KEYS = ("/gradio_api/call/", "/gradio_api/run/", "/gradio_api/api/")
# Routes that must be among the probed ones: if route discovery broke, the test must not pass vacuously.
MUST_PROBE = ("/gradio_api/file={path_or_url:path}", "/gradio_api/file/{path:path}", "/static/{path:path}",
              "/assets/{path:path}", "/svelte/{path:path}", "/gradio_api/proxy={url_path:path}",
              "/api/docs/{doc_id}", "/api/{rest:path}")


@dataclass
class Secrets:
    """The files a traversal might reach, and the text that would show it did."""

    canary_text: str
    outside: Path  # in tmp, outside the data dir
    inside: Path  # inside the data dir (gradio must not serve the data dir either)
    targets: list[str] = field(default_factory=list)

    def leaked(self, body: str) -> list[str]:
        marks = (PASSWD_MARK, self.canary_text, PYPROJECT_MARK)
        return [m for m in marks if m in body]


@dataclass
class Server:
    live: Live
    secrets: Secrets
    headers: dict[str, str]  # login: HTTP Basic for /api, gradio's session cookie for the rest


def variants(target: str) -> list[str]:
    """One absolute file path in the spellings a traversal tries."""
    rel = target.lstrip("/")
    enc = quote(rel, safe="")  # every "/" as %2F
    return [
        target,                                        # absolute
        target.upper(),                                # case variant (/ETC/PASSWD)
        "/" + target,                                  # doubled slash
        quote(target, safe=""),                        # %2Fetc%2Fpasswd
        "../" * HOPS + rel,
        "..%2f" * HOPS + enc.replace("%2F", "%2f"),
        "%2e%2e/" * HOPS + rel,
        "%2E%2E%2F" * HOPS + enc,
        "%2E%2e/" * HOPS + rel,                        # mixed case
        "..%5c" * HOPS + rel.replace("/", "%5c"),      # backslash
        "..\\" * HOPS + rel,
        "%252e%252e%252f" * HOPS + quote(enc, safe=""),  # double-encoded
        "....//" * HOPS + rel,                         # what a naive "../" filter leaves behind
        "..;/" * HOPS + rel,
    ]


def routes(app: Any, prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    """(full path template, methods) of every route, mounted gradio and included routers too."""
    for r in app.routes if hasattr(app, "routes") else app:
        if isinstance(r, Mount):
            yield from routes(list(r.routes), prefix + r.path.rstrip("/"))
        elif hasattr(r, "original_router"):  # fastapi's included router
            yield from routes(list(r.original_router.routes), prefix + r.include_context.prefix)
        elif getattr(r, "path", None) is not None:
            yield prefix + str(r.path), set(getattr(r, "methods", None) or {"GET"})


PARAM = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")


def probe_urls(template: str, payload: str) -> list[str]:
    """The template with the payload in each of its parameters in turn (the others get a plain value)."""
    names = PARAM.findall(template)
    urls = []
    for target in names:
        def fill(m: re.Match[str], target: str = target) -> str:
            name = m.group(1)
            if name == target:
                return payload
            return "client" if name == "environment" else "x"  # a value the route accepts, so the payload is reached

        url = PARAM.sub(fill, template)
        urls.append(url if url.startswith("/") else "/" + url)
    return urls


class Raw:
    """HTTP/1.1 requests with the path sent exactly as written (keep-alive, reconnect when closed)."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        parts = urlsplit(url)
        self.host, self.port, self.headers = parts.hostname or "127.0.0.1", parts.port or 80, headers
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=15)

    def send(self, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, str]:
        status, _, text = self.send_typed(method, path, body, headers)
        return status, text

    def send_typed(self, method: str, path: str, body: bytes | None = None,
                   headers: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, content type, body); a body the server broke off is returned as far as it came."""
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers={**self.headers, **(headers or {})})
                r = self.conn.getresponse()
                try:
                    data = r.read()
                except http.client.IncompleteRead as exc:
                    data = exc.partial
                    self.reset()
                if r.getheader("connection", "").lower() == "close":
                    self.reset()
                return r.status, r.getheader("content-type", ""), data.decode("utf-8", "replace")
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.reset()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def reset(self) -> None:
        self.conn.close()
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=15)

    def close(self) -> None:
        self.conn.close()


def login_headers(live: Live) -> dict[str, str]:
    """Log in to gradio (cookie) and carry HTTP Basic for /api, so the probes reach the routes themselves."""
    with live.client() as c:
        r = c.post("/login", data={"username": USER, "password": PASSWORD})
        assert r.status_code == 200, r.text
        cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
    basic = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    return {"Cookie": cookie, "Authorization": f"Basic {basic}"}


def make_secrets(root: Path, data_dir: Path) -> Secrets:
    text = f"JIANDU-CANARY-{uuid.uuid4().hex}"
    outside = root / "secret" / "canary.txt"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_text(text + "\n", encoding="utf-8")
    inside = data_dir / "canary-in-data.txt"
    inside.write_text(text + "\n", encoding="utf-8")
    targets = ["/etc/passwd", str(PROJECT_ROOT / "pyproject.toml"), str(outside), str(inside)]
    return Secrets(text, outside, inside, targets)


@pytest.fixture(scope="module", params=["open", "auth"])
def server(request: pytest.FixtureRequest, corpus_settings: Settings,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app without login (as `python app.py` serves it) and with JIANDU_AUTH, logged in."""
    root = tmp_path_factory.mktemp(f"traversal-{request.param}")
    settings = copy_data(corpus_settings, root / "data")
    if request.param == "auth":
        settings = settings.with_(auth=f"{USER}:{PASSWORD}", admins=USER)
    secrets = make_secrets(root, settings.data_dir)
    with live_server(settings) as live:
        headers = login_headers(live) if request.param == "auth" else {}
        yield Server(live, secrets, headers)


def test_gradio_is_pinned_to_a_version_with_the_file_access_fixes() -> None:
    installed = Version(importlib.metadata.version("gradio"))
    assert installed >= Version("6.7"), installed
    deps = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pin = next(d for d in deps if re.match(r"gradio\b", d))
    lower = re.search(r">=\s*([\d.]+)", pin)
    assert lower and Version(lower.group(1)) >= Version("6.7"), pin  # a fresh install cannot get an older one


def test_no_route_serves_a_file_outside_its_own(server: Server) -> None:
    probed: dict[str, int] = {}
    failures: list[str] = []
    templates = [(t, m) for t, m in routes(server.live.app) if PARAM.search(t) and t not in STREAMING]
    # paths that are no route at all, where a fallback or a mount might still resolve a file
    templates += [(p + "{p:path}", {"GET"}) for p in ("/", "/file=", "/api/", "/gradio_api/", "/api/feedback/export/")]
    raw = Raw(server.live.url, server.headers)
    try:
        for template, methods in templates:
            for method in sorted(methods & {"GET", "HEAD", "POST", "DELETE"}):
                body = b"{}" if method == "POST" else None
                extra = {"Content-Type": "application/json"} if body else None
                for target in server.secrets.targets:
                    for payload in variants(target):
                        for url in probe_urls(template, payload):
                            status, ctype, text = raw.send_typed(method, url, body, extra)
                            probed[template] = probed.get(template, 0) + 1
                            leaks = server.secrets.leaked(text)
                            if template.startswith(OPAQUE_KEYS):
                                refused = not 200 <= status < 300 or ctype.startswith("text/event-stream")
                            else:
                                refused = 400 <= status < 500
                            if not refused or leaks:
                                failures.append(f"{method} {url} -> {status} {leaks} {text[:120]!r}")
    finally:
        raw.close()
    assert not failures, f"{len(failures)} probes not refused:\n" + "\n".join(failures[:30])
    missing = [t for t in MUST_PROBE if not probed.get(t)]
    assert not missing, missing
    assert sum(probed.values()) > 1000, probed


def test_the_file_routes_still_serve_what_they_should(server: Server) -> None:
    """The refusals above come from the checks, not from broken routes: gradio's own asset is served."""
    raw = Raw(server.live.url, server.headers)
    try:
        status, text = raw.send("GET", "/static/img/logo.svg")
    finally:
        raw.close()
    assert status == 200 and "<svg" in text


def test_api_refuses_traversal_doc_ids(server: Server) -> None:
    raw = Raw(server.live.url, server.headers)
    try:
        for target in server.secrets.targets:
            for payload in variants(target)[:6]:
                body = json.dumps({"question": "干部离任时工作交接有什么时限要求?", "doc_ids": [payload]}).encode()
                status, text = raw.send("POST", "/api/ask", body, {"Content-Type": "application/json"})
                assert status == 400 and "没有这些文档编号" in text, (payload, status, text[:200])
                assert not server.secrets.leaked(text)
        # the feedback export takes no path: whatever is added to the query, it exports feedback only
        for target in server.secrets.targets:
            status, text = raw.send("GET", f"/api/feedback/export?path={quote(target)}&file=../../../../etc/passwd")
            assert status == 200 and not server.secrets.leaked(text), (status, text[:200])
    finally:
        raw.close()


HOSTILE_NAMES = ("../../evil-{tag}.txt", "..\\..\\winevil-{tag}.txt", "/tmp/abs-{tag}.txt", "a\x00b-{tag}.txt",
                 "%2e%2e%2fenc-{tag}.txt")


def multipart(field_name: str, files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart body written by hand, so the file names reach the server byte for byte (NUL included)."""
    boundary = f"jd{uuid.uuid4().hex}"
    parts = []
    for name, data in files:
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; filename="{name}"\r\n'
                "Content-Type: text/plain\r\n\r\n")
        parts.append(head.encode("utf-8") + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def harmless(name: str) -> bool:
    return name not in ("", ".", "..") and not re.search(r"[/\\\x00]", name)


def stray_files(tag: str, roots: list[Path], allowed: list[Path]) -> list[Path]:
    """Files with `tag` in their name under `roots` (recursively) that are not inside an allowed dir."""
    found = []
    for root in roots:
        if root.is_dir():
            found += [p for p in root.rglob(f"*{tag}*") if p.is_file()]
    return sorted({p for p in found if not any(p.resolve().is_relative_to(a.resolve()) for a in allowed)})


def escape_spots(tag: str, bases: list[Path]) -> list[Path]:
    """Where a traversal from the dir a file belongs in would put it: above that dir, /tmp, / and the project."""
    names = [re.sub(r".*[/\\\x00]", "", n.format(tag=tag)) for n in HOSTILE_NAMES]
    dirs = {Path("/"), Path("/tmp"), PROJECT_ROOT, Path.cwd()}
    for b in bases:
        dirs |= set(list(b.parents)[:3])
    return [d / n for d in dirs for n in names if (d / n).exists()]


def test_api_upload_with_traversal_names_writes_only_into_uploads(server: Server) -> None:
    tag = uuid.uuid4().hex[:10]
    files = [(n.format(tag=tag), f"第一条 上传路径测试{i}号文件,编号{tag}。\n".encode()) for i, n in enumerate(HOSTILE_NAMES)]
    body, ctype = multipart("files", files)
    data_dir = server.live.settings.data_dir
    raw = Raw(server.live.url, server.headers)
    try:
        status, text = raw.send("POST", "/api/docs", body, {"Content-Type": ctype})
    finally:
        raw.close()
    assert status == 200, text[:300]
    uploads = data_dir / "uploads"
    root = data_dir.parent
    assert not stray_files(tag, [root, root.parent], [uploads])
    assert not escape_spots(tag, [uploads])
    saved = sorted(p.name for p in uploads.iterdir()) if uploads.is_dir() else []
    assert len(saved) == len(files), (saved, text[:300])
    for name in saved:  # plain names: no separator, no NUL, not a dot entry
        assert harmless(name), name


def test_gradio_upload_with_traversal_names_writes_only_into_its_upload_dir(server: Server) -> None:
    tag = uuid.uuid4().hex[:10]
    files = [(n.format(tag=tag), f"gradio upload {i} {tag}".encode()) for i, n in enumerate(HOSTILE_NAMES)]
    body, ctype = multipart("files", files)
    gradio_app = server.live.app.state.gradio_app
    upload_dir = Path(gradio_app.uploaded_file_dir)
    raw = Raw(server.live.url, server.headers)
    try:
        status, text = raw.send("POST", "/gradio_api/upload", body, {"Content-Type": ctype})
        assert status == 200, text[:300]
        paths = [Path(p) for p in json.loads(text)]
        assert len(paths) == len(files)
        deadline = time.monotonic() + 10
        while not all(p.exists() for p in paths) and time.monotonic() < deadline:
            time.sleep(0.1)  # gradio moves uploads into place in a background task
        for p in paths:
            assert p.resolve().is_relative_to(upload_dir.resolve()), p
            assert harmless(p.name), p
        # gradio serves its own uploads (so the refusals elsewhere are real checks, not a dead route)
        status, served = raw.send("GET", "/gradio_api/file=" + quote(str(paths[0])))
        assert status == 200 and tag in served
    finally:
        raw.close()
    data_dir = server.live.settings.data_dir
    assert not stray_files(tag, [data_dir.parent, data_dir.parent.parent], [upload_dir])
    assert not escape_spots(tag, [p.parent for p in paths])
