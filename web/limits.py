"""Limits below the application: how big and how slow a request's head may be, how many connections.

uvicorn picks httptools when it is installed (it is: gradio pulls it in), and httptools buffers request
headers of any size (six 50 MB headers took the app from 249 to 780 MB) and neither parser has a time
limit for a request head (1,100 half-sent connections were held for 20 s and more). So the server runs
h11, whose `max_incomplete_event_size` bounds the head, on a protocol class that closes a connection
whose request line and headers have not all arrived within `header_timeout_s`.

    uvicorn_config(app, settings, **overrides) -> uvicorn.Config
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from knowledge.config import Settings

log = logging.getLogger("jiandu.web")


def bounded_h11(header_timeout_s: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a deadline for each request head (from the connection's start, or from
    the end of the previous response on a kept-alive connection)."""

    class BoundedH11Protocol(H11Protocol):
        _head_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            if not self.transport.is_closing():
                self._head_timer = self.loop.call_later(header_timeout_s, self._head_deadline)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_deadline(self) -> None:
            self._head_timer = None
            # IDLE: the request line and headers have not all arrived (a request being answered is not IDLE)
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                if self.conn.trailing_data[0]:  # something was sent: a slow or half-sent head
                    log.warning("closed a connection whose request head did not arrive in %.0f s", header_timeout_s)
                self.transport.close()

    return BoundedH11Protocol


def uvicorn_config(app: Any, settings: Settings, **overrides: Any) -> uvicorn.Config:
    """The server's uvicorn settings: h11 with a bounded request head, a head deadline, keep-alive and
    connection limits (see the module docstring)."""
    kwargs: dict[str, Any] = {
        "host": settings.host, "port": settings.port, "root_path": settings.root_path, "log_level": "info",
        "timeout_graceful_shutdown": 5,
        "http": bounded_h11(settings.header_timeout_s),
        "h11_max_incomplete_event_size": settings.max_header_kb * 1024,
        "timeout_keep_alive": 5,
        "limit_concurrency": settings.max_connections,
        "server_header": False,
    }
    kwargs.update(overrides)
    return uvicorn.Config(app, **kwargs)
