"""Files the page offers for download: written under `<data_dir>/exports/`, served only through gradio's copy.

    new_export_dir(settings) -> Path     clean_exports(settings) -> int
    blocked_paths(settings) -> list[str] FileGuard (ASGI middleware in front of gradio's file route)

A handler that returns a file (quiz, feedback export) writes it into a fresh directory under
`exports/`; gradio copies what a handler returns into its own temp dir and the browser downloads that
copy from `/gradio_api/file=<path>`. Exports older than an hour are deleted at start and at each new
export; gradio deletes its copies itself (`delete_cache` in web/ui.py).

What may be downloaded: only gradio's temp dir (its copies of uploads and of what handlers returned).
gradio serves a file only from there (and paths it is told to allow, none), and refuses whatever is in
`blocked_paths` first of all. The data dir holds the index, the uploads and the feedback, so every part
of it is blocked except gradio's temp dir: blocking the whole data dir (as before) also blocked gradio's
temp dir inside it, and every download got HTTP 403. `FileGuard` is the second lock: a request for any
other file is refused before gradio sees it, with a Chinese message that names no server path.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from knowledge.config import Settings

log = logging.getLogger("jiandu.web")

EXPORTS = "exports"
MAX_AGE_S = 3600  # an export is downloaded right after it is made; an hour later it is litter
FILE_ROUTE = "/gradio_api/file="
NOT_ALLOWED = "该文件不能下载(只能下载本页面刚生成的文件),请重新生成后再下载"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]


def exports_dir(settings: Settings) -> Path:
    return settings.data_dir / EXPORTS


def clean_exports(settings: Settings, max_age_s: float = MAX_AGE_S, now: float | None = None) -> int:
    """Delete export directories older than `max_age_s` (all of them with 0); returns how many went."""
    root = exports_dir(settings)
    if not root.is_dir():
        return 0
    now = time.time() if now is None else now
    gone = 0
    for entry in root.iterdir():
        try:
            old = now - entry.stat().st_mtime >= max_age_s
        except FileNotFoundError:  # another request cleaned it meanwhile
            continue
        if not old:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        gone += 1
    return gone


def new_export_dir(settings: Settings, prefix: str) -> Path:
    """A fresh directory for one export (so two users' files of the same name never meet); old ones go first."""
    clean_exports(settings)
    root = exports_dir(settings)
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=root))


def served_roots(settings: Settings) -> tuple[Path, ...]:
    """The only directory a download may come from: gradio's temp dir (exports reach it as copies).

    Asked of gradio itself, which reads GRADIO_TEMP_DIR (set by app.py to `gradio_tmp(settings)`) or
    falls back to its own default when a test or another launcher leaves the variable unset.
    """
    from gradio.utils import get_upload_folder

    return (Path(get_upload_folder()).resolve(),)


def blocked_paths(settings: Settings) -> list[str]:
    """For gradio's `blocked_paths`: the data dir except the directory downloads come from.

    Each entry of the data dir that neither is nor holds a served directory is blocked, and so are the
    names the app writes later (index, uploads, feedback), so they stay blocked after they appear.
    """
    data = settings.data_dir.resolve()
    roots = served_roots(settings)
    names = {"index", "uploads", "feedback.jsonl", "catalog.toml", "ingest.lock", EXPORTS}
    if data.is_dir():
        names |= {p.name for p in data.iterdir()}
    out = []
    for name in sorted(names):
        path = data / name
        if any(r == path or path in r.parents or r in path.parents for r in roots):
            continue
        out.append(str(path))
    if not any(data in r.parents for r in roots):  # gradio's temp dir elsewhere: the whole data dir is blocked
        out = [str(data)]
    return out


def is_served(settings: Settings, path: str) -> bool:
    """True when `path` names an existing file inside gradio's temp dir (after resolving links and ..).

    A file that is gone (cleaned after an hour) is refused here too, so the browser gets our Chinese
    message rather than gradio's English one with the server path in it."""
    if not path or "\x00" in path:
        return False
    try:
        target = Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    return target.is_file() and any(root in target.parents for root in served_roots(settings))


class FileGuard:
    """Refuses `/gradio_api/file=<x>` for anything but a file in gradio's temp dir."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope.get("type") == "http":
            path, root = scope.get("path", ""), scope.get("root_path", "")
            if root and path.startswith(root):
                path = path[len(root):]
            if path.startswith(FILE_ROUTE) and not is_served(self.settings, path[len(FILE_ROUTE):]):
                log.warning("refused a download outside gradio's temp dir: %r", path[:200])
                body = json.dumps({"error": NOT_ALLOWED, "detail": NOT_ALLOWED}, ensure_ascii=False).encode()
                await send({"type": "http.response.start", "status": 403,
                            "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
