"""Paths with control characters (`%00` …) and URLs gradio cannot parse end in a Chinese error, never in an
English 500 or a traceback (before: `/gradio_api/proxy=%00` -> 500 "Internal Server Error", httpx.InvalidURL
traceback in the log)."""

from __future__ import annotations

import logging
import socket

import pytest

from tests.web.conftest import Live

PATHS = ["/gradio_api/proxy=%00", "/gradio_api/proxy=http://x%00/", "/gradio_api/proxy=http%3A%2F%2F127.0.0.1%00",
         "/gradio_api/file=%00", "/gradio_api/file=/etc/passwd%00.txt", "/%00", "/api/docs/%00", "/api/%01x",
         "/gradio_api/proxy=%0d%0aX:1", "/config%7f"]


def raw_get(live: Live, path: str) -> bytes:
    """The path exactly as written (an HTTP client would refuse or re-encode it)."""
    port = int(live.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data


@pytest.mark.parametrize("path", PATHS)
def test_control_characters_in_a_path_get_a_chinese_error(live: Live, path: str,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        answer = raw_get(live, path)
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    assert 400 <= status < 500, answer[:300]
    text = body.decode("utf-8", "replace")
    assert "非法字符" in text, text[:200]
    assert "Traceback" not in text and "Internal Server Error" not in text
    assert not any(r.exc_info for r in caplog.records)  # no traceback in the log either


def test_the_server_still_answers(live: Live) -> None:
    with live.client() as c:
        assert c.get("/api/health").status_code == 200


def test_an_error_gradio_does_not_handle_is_a_chinese_500(live: Live, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        answer = raw_get(live, "/gradio_api/proxy=http://[::1")  # httpx.InvalidURL inside gradio's proxy route
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 500")
    assert body.decode("utf-8") == '{"error":"系统内部错误,请稍后再试"}'
    assert not any(r.exc_info for r in caplog.records)
