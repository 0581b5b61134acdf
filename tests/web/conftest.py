"""A real server on 127.0.0.1 (uvicorn in a thread) over a copy of the session's corpus index."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from knowledge.config import PROJECT_ROOT, Settings
from web.limits import uvicorn_config

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"


@dataclass
class Live:
    url: str
    settings: Settings
    app: Any

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def copy_data(settings: Settings, target: Path) -> Settings:
    """A private copy of an ingested data dir, so uploads and removals do not touch the session index."""
    shutil.copytree(settings.data_dir, target, ignore=shutil.ignore_patterns("*.lock", "uploads", "feedback.jsonl"))
    return settings.with_(data_dir=target)


@contextmanager
def live_server(settings: Settings, assistant: Any = None, **kwargs: Any) -> Iterator[Live]:
    from web.server import create_app

    app = create_app(settings, assistant, **kwargs)
    port = free_port()
    # the server's own uvicorn settings (header limits, deadlines), as `python app.py` runs it
    server = uvicorn.Server(uvicorn_config(app, settings, host="127.0.0.1", port=port, log_level="warning",
                                           timeout_graceful_shutdown=2))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.05)
    try:
        yield Live(f"http://127.0.0.1:{port}", settings, app)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="session")
def live(corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The app as `python app.py` serves it (no login), on a copy of the corpus index."""
    settings = copy_data(corpus_settings, tmp_path_factory.mktemp("web") / "data")
    with live_server(settings) as server:
        yield server


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless chromium for the browser tests (Debian's, see tests/web/test_browser.py)."""
    from tests.web.test_browser import make_chromium

    driver = make_chromium()
    try:
        yield driver
    finally:
        driver.quit()
