"""The web server: FastAPI routes under /api and the gradio UI at /, one `Assistant` shared by both.

    create_app(settings, assistant=None) -> FastAPI    serve(settings=None)

Routes: POST /api/ask (the `jiandu ask --json` object), GET /api/docs (with the quarantined uploads),
GET /api/docs/{doc_id}, POST /api/docs (upload), DELETE /api/docs/{doc_id} (a document or a quarantined
upload), GET /api/quarantine, POST /api/ingest/cancel, GET /api/feedback/export, GET /api/health.
With `JIANDU_AUTH` set, every route but /api/health needs it: HTTP Basic sent by the client or the
session of the page's login form; uploading, deleting and cancelling need an administrator (JIANDU_ADMINS).
A request that changes something must come from our own page or from a client that is no browser page.
Errors are JSON `{"error": "<Chinese message>"}` with a fitting status code.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import sys
from collections.abc import AsyncIterator, Callable
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Mount

from assistant.service import Assistant
from knowledge.config import (
    Settings,
    load_settings,
)
from knowledge.errors import (
    BusyError,
    CancelledError,
    DiskFullError,
    DocumentError,
    IndexDamagedError,
    IndexMismatchError,
    IndexMissingError,
    JianduError,
    LockedError,
    QuestionError,
    UnknownDocsError,
)
from web import gradio_tmp
from web.access import ADMIN_ONLY, CROSS_SITE, SAFE_METHODS, LoginThrottle, basic_user, same_origin, too_many
from web.downloads import FileGuard, blocked_paths, clean_exports
from web.limits import uvicorn_config
from web.upload_guard import UploadGuard

log = logging.getLogger("jiandu.web")

API_WAIT_S = 30.0  # how long an /api/ask request may wait for a free slot before 503
MAX_JSON_BYTES = 256 * 1024  # an ask request is small; anything bigger is refused with 413
MAX_HISTORY = 40  # messages of history accepted
BUSY = "系统繁忙,请稍后再试"
HTTP_MESSAGES = {400: "请求格式错误", 404: "没有这个接口或资源", 405: "不支持该请求方法"}


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class AskRequest(BaseModel):
    question: str = ""
    doc_ids: list[str] | None = None
    history: list[Turn] = Field(default_factory=list)


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


class Gate:
    """At most `limit` answers at once; up to `queue_size` more wait, each at most `wait_s`; the rest get 503."""

    def __init__(self, limit: int, queue_size: int, wait_s: float) -> None:
        self.limit, self.queue_size, self.wait_s = limit, queue_size, wait_s
        self._sem: asyncio.Semaphore | None = None
        self.waiting = 0

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self._sem is None:
            self._sem = asyncio.Semaphore(self.limit)
        sem = self._sem
        if sem.locked() and self.waiting >= self.queue_size:
            raise BusyError(BUSY)
        self.waiting += 1
        try:
            await asyncio.wait_for(sem.acquire(), self.wait_s)
        except TimeoutError as exc:
            raise BusyError(BUSY) from exc
        finally:
            self.waiting -= 1
        try:
            yield
        finally:
            sem.release()


def _status(exc: JianduError) -> int:
    if isinstance(exc, QuestionError):
        return 400
    if isinstance(exc, BusyError | IndexMissingError | IndexDamagedError | IndexMismatchError):
        return 503
    if isinstance(exc, LockedError | CancelledError):
        return 409
    if isinstance(exc, DiskFullError):
        return 507
    if isinstance(exc, DocumentError):
        return 413 if "过大" in str(exc) else 400
    return 500


def _route_path(scope: dict[str, Any]) -> str:
    path, root = scope.get("path", ""), scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root) else path


def check_basic(header: str, pairs: list[tuple[str, str]]) -> bool:
    """True when an `Authorization: Basic ...` header matches one of the pairs (constant-time compare)."""
    return basic_user(header, pairs) is not None


def _client(scope: dict[str, Any]) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "-"


class _TooLarge(Exception):
    pass


class ApiGuard:
    """ASGI middleware in front of everything: where a request comes from, who sends it, and its size.

    - A request that changes something (any method but GET/HEAD/OPTIONS, and websockets) must come from a
      page of this server or from a client that is no browser page (no Origin/Referer/Sec-Fetch-Site):
      a form another site posts with the browser's cookies or cached Basic login is refused (403).
    - With auth on, /api/ routes (all but /api/health) take HTTP Basic sent by the client, or the session
      cookie of gradio's login form; the gradio UI needs that login, and this guard also holds back every
      gradio route except what the login page itself needs, so no endpoint gradio adds is open by accident.
      A 401 to a browser carries no Basic challenge, so no browser shows a Basic dialog or caches a login.
    - Failed logins (Basic on /api, gradio's /login form) are slowed down per client (LoginThrottle).
    The user is put in `scope["state"]["jiandu_user"]` for the routes' role checks.
    A middleware rather than per-route dependencies: no route can be added without it, and a refused
    upload is refused before its body is read.
    """

    OPEN = frozenset({"/api/health"})
    # what gradio's login page loads before anyone has logged in
    LOGIN_PAGE = frozenset({"/", "/login", "/login/", "/logout", "/config", "/config/", "/favicon.ico",
                            "/theme.css", "/gradio_api/theme.css", "/robots.txt", "/manifest.json",
                            "/gradio_api/login_check", "/gradio_api/login_check/", "/gradio_api/user",
                            "/gradio_api/user/"})
    LOGIN_PAGE_PREFIXES = ("/assets/", "/static/", "/svelte/", "/gradio_api/assets/", "/gradio_api/static/",
                           "/gradio_api/svelte/")
    LOGIN_FORM = ("/login", "/login/")
    # where gradio answers a full (or stopped) queue with 503 and an English "Queue is full" detail
    QUEUE_JOIN = ("/gradio_api/queue/join", "/gradio_api/call/")

    def __init__(self, app: Any, pairs: list[tuple[str, str]], max_upload_mb: float,
                 ui_user: Callable[[dict[str, str]], str | None] | None = None,
                 origins: frozenset[str] = frozenset(), throttle: LoginThrottle | None = None) -> None:
        self.app, self.pairs, self.max_upload_mb, self.ui_user = app, pairs, max_upload_mb, ui_user
        self.origins = origins
        self.throttle = throttle or LoginThrottle()
        self.max_body = int(max_upload_mb * 1024 * 1024) + 1024 * 1024  # plus room for the multipart envelope

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = _route_path(scope)
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in path):  # %00 and friends: no route has them
            await self._deny(scope, send, 400, "请求路径含有非法字符")
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        changes = scope["type"] == "websocket" or scope.get("method", "GET") not in SAFE_METHODS
        if changes and not same_origin(headers, scope.get("scheme", "http"), self.origins):
            log.warning("refused a cross-site %s %s (origin %r)", scope.get("method", "WS"), path[:100],
                        headers.get("origin", headers.get("referer", ""))[:100])
            await self._deny(scope, send, 403, CROSS_SITE)
            return
        client = _client(scope)
        if path.startswith("/api/") and scope["type"] == "http":
            if path in self.OPEN:
                await self.app(scope, receive, send)
                return
            user = self._api_user(headers, client) if self.pairs else None
            if self.pairs and user is None:
                wait = self.throttle.wait_s(client)
                if wait > 0:
                    await self._reply(send, 429, too_many(wait), {"Retry-After": str(int(wait) + 1)})
                    return
                browser = "sec-fetch-mode" in headers or "text/html" in headers.get("accept", "")
                challenge = {} if browser else {"WWW-Authenticate": 'Basic realm="jiandu", charset="UTF-8"'}
                await self._reply(send, 401, "需要登录:请提供用户名和密码(HTTP Basic),或先在页面登录",
                                  challenge)
                return
            scope.setdefault("state", {})["jiandu_user"] = user
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_body:
                await self._reply(send, 413, self._too_large())
                return
            await self._bounded(scope, receive, send)
            return
        if self.pairs and scope["type"] == "http" and path in self.LOGIN_FORM and scope.get("method") == "POST":
            await self._login_form(scope, receive, send, client)
            return
        if self.pairs and not self._ui_allowed(path, scope):
            await self._deny(scope, send, 401, "需要登录,请刷新页面后输入账号和密码")
            return
        if self.pairs and self.ui_user is not None:
            from starlette.requests import HTTPConnection

            scope.setdefault("state", {})["jiandu_user"] = self.ui_user(dict(HTTPConnection(scope).cookies))
        if scope["type"] == "http" and path.startswith(self.QUEUE_JOIN):
            send = _busy_in_chinese(send)
        await self._no_traceback(scope, receive, send)

    async def _no_traceback(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """An error gradio's routes do not handle (a proxy URL it cannot parse …) ends as our Chinese 500,
        not as an English one, and the log gets one line, not a traceback."""
        started = False

        async def watching(message: Any) -> None:
            nonlocal started
            started = started or message["type"] in ("http.response.start", "websocket.accept")
            await send(message)

        try:
            await self.app(scope, receive, watching)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for routes that are not ours
            log.warning("unhandled error on %s: %s: %s", _route_path(scope)[:100], type(exc).__name__,
                        str(exc)[:200])
            if not started and scope["type"] == "http":
                await self._reply(send, 500, "系统内部错误,请稍后再试")

    def _api_user(self, headers: dict[str, str], client: str) -> str | None:
        """The API caller: HTTP Basic sent by the client, else the session of gradio's login form."""
        header = headers.get("authorization", "")
        if header:
            if self.throttle.wait_s(client) > 0:
                return None  # not even checked while the client has to wait
            user = basic_user(header, self.pairs)
            if user is None:
                self.throttle.failed(client)
            else:
                self.throttle.succeeded(client)
            return user
        if self.ui_user is None:
            return None
        from starlette.requests import HTTPConnection

        return self.ui_user(dict(HTTPConnection({"type": "http", "headers": [
            (b"cookie", headers.get("cookie", "").encode("latin-1"))]}).cookies))

    async def _login_form(self, scope: dict[str, Any], receive: Any, send: Any, client: str) -> None:
        """gradio's /login: throttled per client after failures; its English 422 (empty field) and 400 in Chinese."""
        wait = self.throttle.wait_s(client)
        if wait > 0:
            await self._reply(send, 429, too_many(wait), {"Retry-After": str(int(wait) + 1)})
            return
        status: list[int] = []

        async def watching(message: Any) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
                if message["status"] in (400, 422):
                    text = ("请输入用户名和密码" if message["status"] == 422 else "用户名或密码错误")
                    response = JSONResponse({"detail": text, "error": text}, status_code=400)
                    await send({"type": "http.response.start", "status": 400, "headers": response.raw_headers})
                    await send({"type": "http.response.body", "body": response.body})
                    return
            elif status and status[0] in (400, 422):
                return  # gradio's English body is dropped
            await send(message)

        await self.app(scope, receive, watching)
        if status and status[0] == 200:
            self.throttle.succeeded(client)
        elif status and status[0] in (400, 422):
            self.throttle.failed(client)

    async def _deny(self, scope: dict[str, Any], send: Any, status: int, message: str) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
        else:
            await self._reply(send, status, message)

    def _ui_allowed(self, path: str, scope: dict[str, Any]) -> bool:
        if path in self.LOGIN_PAGE or path.startswith(self.LOGIN_PAGE_PREFIXES):
            return True
        if self.ui_user is None:
            return False
        from starlette.requests import HTTPConnection

        return self.ui_user(dict(HTTPConnection(scope).cookies)) is not None

    def _too_large(self) -> str:
        return f"上传内容过大,上限 {self.max_upload_mb:g} MB"

    async def _bounded(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Count body bytes as they arrive (a chunked body has no Content-Length) and stop at the limit."""
        seen, started = 0, False

        async def counting_receive() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise _TooLarge
            return message

        async def watching_send(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _TooLarge:
            if not started:
                await self._reply(send, 413, self._too_large())

    @staticmethod
    async def _reply(send: Any, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        response = JSONResponse({"error": message}, status_code=status, headers=headers)
        await send({"type": "http.response.start", "status": status, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


def _busy_in_chinese(send: Any) -> Any:
    """Wrap `send` so that a 503 from gradio's queue carries our Chinese busy message, not gradio's English one."""
    replaced = False

    async def wrapped(message: Any) -> None:
        nonlocal replaced
        if message["type"] == "http.response.start" and message["status"] == 503:
            replaced = True
            response = JSONResponse({"detail": BUSY, "error": BUSY}, status_code=503)  # gradio clients read "detail"
            await send({"type": "http.response.start", "status": 503, "headers": response.raw_headers})
            await send({"type": "http.response.body", "body": response.body})
        elif not replaced:  # gradio's own 503 body is dropped
            await send(message)

    return wrapped


def health(assistant: Assistant) -> tuple[int, dict[str, Any]]:
    """Index status without raising: ok / missing / damaged (with the Chinese message)."""
    try:
        index = assistant.index()
    except IndexMissingError as exc:
        return 503, {"status": "missing", "message": str(exc)}
    except (IndexDamagedError, IndexMismatchError) as exc:
        return 503, {"status": "damaged", "message": str(exc)}
    except Exception as exc:  # health must answer whatever state the disk is in
        log.exception("health check failed")
        return 503, {"status": "damaged", "message": f"索引无法读取({type(exc).__name__}),请运行 jiandu ingest --rebuild"}
    return 200, {"status": "ok", "generation": index.generation, "docs": len(index.docs),
                 "clauses": len(index.clauses), "embedder": index.embedder_name}


def require_admin(settings: Settings, request: Request) -> None:
    """Uploading, deleting and cancelling are for administrators (JIANDU_ADMINS); ApiGuard names the user."""
    user = request.scope.get("state", {}).get("jiandu_user")
    if not settings.is_admin(user):
        log.warning("refused an admin action by %r: %s %s", user, request.method, request.url.path[:100])
        raise ApiError(403, ADMIN_ONLY)


def _api_routes(app: FastAPI, settings: Settings, assistant: Assistant, gate: Gate) -> None:
    upload_limit = settings.max_upload_bytes

    @app.get("/api/health")
    def get_health() -> JSONResponse:
        status, body = health(assistant)
        return JSONResponse(body, status_code=status)

    @app.post("/api/ask")
    async def ask(request: Request) -> JSONResponse:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_JSON_BYTES:
            raise ApiError(413, f"请求过大,上限 {MAX_JSON_BYTES // 1024} KB")
        body = await request.body()
        if len(body) > MAX_JSON_BYTES:
            raise ApiError(413, f"请求过大,上限 {MAX_JSON_BYTES // 1024} KB")
        try:
            req = AskRequest.model_validate_json(body or b"{}")
        except ValueError as exc:
            raise ApiError(400, "请求格式错误:应为 JSON 对象 {\"question\": ..., \"doc_ids\": [...], "
                                "\"history\": [{\"role\": \"user\", \"content\": ...}]}") from exc
        if len(req.history) > MAX_HISTORY:
            raise ApiError(413, f"对话历史过长({len(req.history)} 条),上限 {MAX_HISTORY} 条")
        history = [t.model_dump() for t in req.history]
        try:  # the question and the document filter are checked once, by the service (instantly)
            async with gate.slot():
                answer = await run_in_threadpool(assistant.ask, req.question, req.doc_ids or None, history)
        except UnknownDocsError as exc:
            raise ApiError(400, f"{exc};用 GET /api/docs 查看已入库文档") from exc
        except QuestionError as exc:
            raise ApiError(413 if len(req.question.strip()) > settings.max_question_chars else 400, str(exc)) from exc
        return JSONResponse(answer.to_dict())

    @app.get("/api/docs")
    def docs() -> dict[str, Any]:
        from knowledge.manage import list_quarantine

        return {"docs": [d.to_dict() for d in assistant.index().docs.values()],
                "quarantined": [q.to_dict() for q in list_quarantine(settings)]}

    @app.get("/api/quarantine")
    def quarantine() -> dict[str, Any]:
        """Uploads that failed, with the reason: never parsed again; DELETE /api/docs/{doc_id} removes one."""
        from knowledge.manage import list_quarantine

        return {"quarantined": [q.to_dict() for q in list_quarantine(settings)]}

    @app.post("/api/ingest/cancel")
    async def cancel(request: Request) -> dict[str, Any]:
        from knowledge.manage import cancel_ingest

        require_admin(settings, request)
        running = await run_in_threadpool(cancel_ingest, settings)
        return {"cancelled": running, "message": "已请求停止入库,当前批次完成后停止" if running else "当前没有正在进行的入库"}

    @app.get("/api/docs/{doc_id}")
    def doc(doc_id: str) -> dict[str, Any]:
        index = assistant.index()
        if doc_id not in index.docs:
            raise ApiError(404, f"没有编号为 {doc_id} 的文档;用 GET /api/docs 查看已入库文档")
        return {"doc": index.docs[doc_id].to_dict(), "clauses": [c.to_dict() for c in index.doc_clauses(doc_id)]}

    @app.post("/api/docs")
    async def upload(request: Request) -> dict[str, Any]:
        """multipart/form-data with one or more `files` parts (read here, so a body over the limit stops early)."""
        from knowledge.manage import add_documents

        require_admin(settings, request)
        try:
            form = await request.form(max_files=100)
        except (AssertionError, ValueError) as exc:  # not multipart, or malformed
            raise ApiError(400, "请以 multipart/form-data 上传,字段名为 files") from exc
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
        if not files:
            raise ApiError(400, "没有收到文件:请以 multipart/form-data 上传,字段名为 files")
        batch: list[tuple[str, bytes]] = []
        for f in files:
            data = await f.read(upload_limit + 1)
            if len(data) > upload_limit:
                raise ApiError(413, f"文件 {f.filename} 过大,上限 {settings.max_upload_mb:g} MB")
            batch.append((f.filename or "upload", data))
        report, refused = await run_in_threadpool(add_documents, settings, batch)
        return {"report": report.to_dict() if report else None,
                "refused": [{"name": n, "reason": r} for n, r in refused]}

    @app.delete("/api/docs/{doc_id}")
    async def remove(doc_id: str, request: Request) -> dict[str, Any]:
        from knowledge.manage import remove_document, remove_quarantined

        require_admin(settings, request)
        if doc_id not in (await run_in_threadpool(assistant.index)).docs:
            gone = await run_in_threadpool(remove_quarantined, settings, doc_id)
            if gone:
                return {"report": None, "quarantine_removed": gone}
            raise ApiError(404, f"没有编号为 {doc_id} 的文档")
        report = await run_in_threadpool(remove_document, settings, doc_id, None, (gradio_tmp(settings),))
        return {"report": report.to_dict()}

    @app.get("/api/feedback/export")
    def feedback_export() -> PlainTextResponse:
        from web.feedback import gold_jsonl, read_feedback

        return PlainTextResponse(gold_jsonl(read_feedback(settings)), media_type="application/x-ndjson; charset=utf-8")

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def no_such_route(rest: str) -> None:
        """Keeps /api/* out of the gradio app mounted at "/": an unknown API path is a JSON 404 (405: wrong method)."""
        path = "/api/" + rest
        known = any(isinstance(r, APIRoute) and r.endpoint is not no_such_route and r.path_regex.match(path)
                    for r in app.routes)
        raise ApiError(405, HTTP_MESSAGES[405]) if known else ApiError(404, HTTP_MESSAGES[404])


def _gradio_user(app: FastAPI, cookies: dict[str, str]) -> str | None:
    """Who is logged in to the mounted gradio app, from its session cookie (None: nobody)."""
    ui = getattr(app.state, "gradio_app", None)
    if ui is None:
        return None
    cookie_id = getattr(ui, "cookie_id", "")
    token = cookies.get(f"access-token-{cookie_id}") or cookies.get(f"access-token-unsecure-{cookie_id}")
    user = getattr(ui, "tokens", {}).get(token) if token else None
    return str(user) if user else None


def create_app(settings: Settings, assistant: Assistant | None = None, api_wait_s: float = API_WAIT_S) -> FastAPI:
    """The whole server as an ASGI app: our routes first, then gradio mounted at "/"."""
    import gradio as gr

    from web.ui import CSS, HEAD, TITLE, build_ui, theme

    assistant = assistant or Assistant(settings)
    gate = Gate(settings.concurrency, settings.queue_size, api_wait_s)
    app = FastAPI(title=TITLE, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.assistant = assistant
    app.state.settings = settings

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": exc.message}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(JianduError)
    async def domain_error(_: Request, exc: JianduError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=_status(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        return JSONResponse({"error": message}, status_code=exc.status_code, headers=exc.headers)

    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error: %s: %s", type(exc).__name__, str(exc)[:200])
        return JSONResponse({"error": "系统内部错误,请稍后再试"}, status_code=500)

    app.add_exception_handler(Exception, unexpected)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": "请求格式错误:缺少或无效的字段"}, status_code=400)

    _api_routes(app, settings, assistant, gate)

    pairs = settings.auth_pairs()
    app.add_middleware(FileGuard, settings=settings)  # downloads: gradio's temp dir only (inside the login)
    app.add_middleware(ApiGuard, pairs=pairs, max_upload_mb=settings.max_upload_mb,
                       ui_user=lambda cookies: _gradio_user(app, cookies), origins=settings.origins())
    blocks = build_ui(settings, assistant)
    blocks.queue(max_size=settings.queue_size, default_concurrency_limit=settings.concurrency)
    gr.mount_gradio_app(
        app, blocks, path="/", auth=pairs or None, auth_message=f"{TITLE}:请输入账号和密码登录",
        root_path=settings.root_path or None, footer_links=[], run_history=False, show_error=True,
        app_kwargs={"docs_url": None, "redoc_url": None, "openapi_url": None},
        max_file_size=f"{int(settings.max_upload_mb * 1024)}kb", blocked_paths=blocked_paths(settings),
        theme=theme(), css=CSS, head=HEAD, ssr_mode=False, mcp_server=False, enable_monitoring=False, pwa=False,
    )
    # gradio checks no file path in event payloads when mounted (only launch() does): we do (upload_guard.py)
    app.add_middleware(UploadGuard, uploaded=lambda: blocks.upload_file_set, root_path=settings.root_path)
    clean_exports(settings, max_age_s=0)  # nothing made before this start is still being downloaded
    app.state.gradio_app = next(r.app for r in app.routes if isinstance(r, Mount) and r.path in ("", "/"))
    # gradio's own last-resort handler answers an English "Internal Server Error": ours answers in Chinese
    app.state.gradio_app.add_exception_handler(Exception, unexpected)
    return app


def ensure_index(settings: Settings) -> None:
    """First start on a fresh clone: build the index of the bundled documents if there is none."""
    from knowledge.index import current_generation
    from knowledge.ingest import ingest

    if current_generation(settings) is not None:
        return
    print("尚未建立索引,正在为随附文档建立索引(首次启动需要一些时间)…", file=sys.stderr, flush=True)
    report = ingest(settings)
    print(f"索引已建立: {report.docs} 篇文档,{report.clauses} 个条款", file=sys.stderr, flush=True)
    for f in report.failed:
        print(f"  失败: {f.name}: {f.reason}", file=sys.stderr, flush=True)


def warm_up(assistant: Assistant) -> None:
    """Load the index and the embedder before the first question, so it is not the slow one."""
    try:
        assistant.index()
        assistant.embedder.embed_queries(["预热"])
    except JianduError as exc:
        print(f"警告: {exc}", file=sys.stderr, flush=True)


def serve(settings: Settings | None = None) -> None:
    import uvicorn

    from web.ui import TITLE

    try:
        settings = settings or load_settings()
        ensure_index(settings)
        assistant = Assistant(settings)
    except JianduError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc
    warm_up(assistant)
    app = create_app(settings, assistant)
    # Everything loaded so far (gradio, the index, the models) lives as long as the process: out of the
    # garbage collector's sight, each answer's collections no longer walk ~200,000 start-up objects
    # (bench/serve_speed.py: the server's answering went from ~1.33x to ~1.15x the floor).
    gc.freeze()
    shown = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    print(f"{TITLE} 已启动: http://{shown}:{settings.port}{settings.root_path or '/'}", file=sys.stderr,
          flush=True)
    uvicorn.Server(uvicorn_config(app, settings)).run()

