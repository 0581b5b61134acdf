"""Only files that gradio received through its own upload route may reach a handler that takes a file.

gradio checks file paths in event payloads only when an app was started with `launch()`; mounted on
FastAPI (as we are) it checks nothing, so a queue call carrying `{"path": "/etc/passwd"}` (or a URL)
would be copied into its cache and handed to our upload handler. Two locks, each enough on its own:

- `UploadGuard`, an ASGI middleware in front of gradio's event routes, refuses a payload naming any
  file (an object with a "path", or a "url" and no path, anywhere in it) that is not one gradio's upload route returned;
- `take_upload`, called by every handler that takes a file, accepts a path only if it is such an
  upload, and consumes it, so a file is accepted once, by the request that uploaded it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from typing import Any

log = logging.getLogger("jiandu.web")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REFUSED = "只能处理通过本页面上传的文件"
# gradio's routes that run an event with a payload from the client
EVENT_ROUTES = ("/gradio_api/queue/join", "/gradio_api/run/", "/gradio_api/call/", "/gradio_api/api/")
MAX_EVENT_BYTES = 4 * 1024 * 1024  # a chat turn with its history is well below this


def file_refs(payload: Any) -> Iterator[str]:
    """What each file object in a JSON payload names, however deep: its "path", or its "url" when it has
    no path (gradio reads the path of an input; the url only matters behind a proxy, which we never set)."""
    stack = [payload]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("path", item.get("url"))
            if ref is not None:
                yield ref if isinstance(ref, str) else repr(ref)
            stack.extend(v for k, v in item.items() if k not in ("path", "url"))
        elif isinstance(item, list):
            stack.extend(item)


def take_upload(uploaded: set[str], path: str) -> bool:
    """True (once) when `path` is, to the letter, a file gradio's upload route stored for a client."""
    if path in uploaded:
        uploaded.discard(path)
        return True
    log.warning("refused a file that was not uploaded through the page: %r", path[:200])
    return False


class UploadGuard:
    """Refuses gradio event payloads that name files other than uploads (see the module docstring)."""

    def __init__(self, app: ASGIApp, uploaded: Callable[[], set[str]], root_path: str = "") -> None:
        self.app, self.uploaded, self.root_path = app, uploaded, root_path.rstrip("/")

    def _is_event(self, scope: Scope) -> bool:
        if scope.get("type") != "http" or scope.get("method") != "POST":
            return False
        path = scope.get("path", "")
        for root in (scope.get("root_path", "").rstrip("/"), self.root_path):
            if root and path.startswith(root):
                path = path[len(root):]
        return path.startswith(EVENT_ROUTES) or path in (r.rstrip("/") for r in EVENT_ROUTES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._is_event(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > MAX_EVENT_BYTES:
                await _refuse(send, 413, "请求过大")
                return
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        try:
            refs = list(file_refs(json.loads(body))) if body else []
        except (ValueError, RecursionError):
            refs = []  # not JSON: gradio answers that itself, and no file can be named in it
        uploaded = self.uploaded()
        strangers = [r for r in refs if r not in uploaded]
        if strangers:
            log.warning("refused an event naming %d file(s) not uploaded through the page: %r", len(strangers),
                        strangers[0][:200])
            await _refuse(send, 400, REFUSED)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
