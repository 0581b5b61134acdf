"""Who is asking, from where, and how often they failed to log in.

    basic_user(header, pairs) -> user | None      HTTP Basic (API clients that send the header themselves)
    same_origin(headers, scheme, allowed) -> bool  a state-changing request comes from our own page
    LoginThrottle                                  slows down repeated failed logins per client

A browser attaches cookies and cached Basic credentials to a form another site posts to us; what it
cannot forge is the `Origin` (or `Sec-Fetch-Site`, `Referer`) header, so every request that changes
something must come from a page of ours or from a client that sends no such header (curl, scripts).
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from collections import OrderedDict
from urllib.parse import urlsplit

CROSS_SITE = "跨站请求已拒绝:只接受本站页面或 API 客户端提交的操作"
ADMIN_ONLY = "只有管理员可以上传、删除、说明文档或停止入库(由 JIANDU_ADMINS 指定)"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def basic_user(header: str, pairs: list[tuple[str, str]]) -> str | None:
    """The user an `Authorization: Basic ...` header names when its password matches (constant-time compare)."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic" or not token:
        return None
    try:
        user, _, password = base64.b64decode(token.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    found: str | None = None
    for u, p in pairs:  # compare with every pair: no early exit that tells which user exists
        if secrets.compare_digest(u.encode(), user.encode()) & secrets.compare_digest(p.encode(), password.encode()):
            found = u
    return found


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    default = 443 if parts.scheme == "https" else 80
    try:
        port = parts.port or default
    except ValueError:
        return None
    return f"{parts.scheme}://{parts.hostname.lower()}:{port}"


def same_origin(headers: dict[str, str], scheme: str, allowed: frozenset[str] = frozenset()) -> bool:
    """True when the request was sent by a page of this server (or one of `allowed`), or by a client that is
    not a browser page at all (no Origin, Referer or Sec-Fetch-Site: curl, scripts, API clients)."""
    host = headers.get("host", "")
    own = {o for o in (_origin_of(f"{s}://{host}") for s in ("http", "https", scheme)) if o}
    permitted = own | {o for o in (_origin_of(a) for a in allowed) if o}
    site = headers.get("sec-fetch-site", "").lower()
    if site in ("cross-site", "same-site"):  # same-site: another port or subdomain, another app
        origin = headers.get("origin")
        return origin is not None and _origin_of(origin) in permitted and _origin_of(origin) not in own
    origin = headers.get("origin")
    if origin is not None:
        return _origin_of(origin) in permitted  # "null" (a sandboxed page, a file) is never ours
    referer = headers.get("referer")
    if referer:
        return _origin_of(referer) in permitted
    return True


class LoginThrottle:
    """Failed logins per client: after `free` failures each further attempt must wait, doubling from 1 s
    up to `max_wait_s`; a success clears the count. Bounded memory: the oldest clients are forgotten."""

    def __init__(self, free: int = 5, max_wait_s: float = 60.0, window_s: float = 900.0,
                 max_clients: int = 10_000) -> None:
        self.free, self.max_wait_s, self.window_s, self.max_clients = free, max_wait_s, window_s, max_clients
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # client -> (count, last failure)

    def wait_s(self, client: str, now: float | None = None) -> float:
        """Seconds `client` must still wait before its next attempt is even checked (0: go ahead)."""
        now = time.monotonic() if now is None else now
        count, last = self._failures.get(client, (0, 0.0))
        if count <= self.free or now - last > self.window_s:
            return 0.0
        delay = min(self.max_wait_s, 2.0 ** (count - self.free - 1))
        return max(0.0, last + delay - now)

    def failed(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        count, last = self._failures.pop(client, (0, 0.0))
        self._failures[client] = (1 if now - last > self.window_s else count + 1, now)
        while len(self._failures) > self.max_clients:
            self._failures.popitem(last=False)

    def succeeded(self, client: str) -> None:
        self._failures.pop(client, None)


def too_many(wait: float) -> str:
    return f"登录失败次数过多,请 {int(wait) + 1} 秒后再试"
