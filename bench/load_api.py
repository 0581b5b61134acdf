"""Load test of POST /api/ask: N concurrent sessions for T seconds, on loopback only.

    python bench/load_api.py                      # starts `app.py` on a free 127.0.0.1 port, 20 sessions, 60 s
    python bench/load_api.py --sessions 5 --duration 10 --url http://127.0.0.1:7860

Each session is a thread with its own HTTP client that asks the gold-set questions in a shuffled
order, sending its previous turn as history (as the chat does). Prints the request count, errors,
throughput and latency percentiles, then one JSON line; exits 1 on any error.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import math
import os
import random
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "data" / "gold.jsonl"


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)

    def fail(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_questions(path: Path) -> list[str]:
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            questions.append(json.loads(line)["question"])
    if not questions:
        raise SystemExit(f"{path} 中没有问题")
    return questions


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def session(url: str, questions: list[str], deadline: float, seed: int, tally: Tally,
            auth: tuple[str, str] | None, timeout: float) -> None:
    rng = random.Random(seed)
    order = questions[:]
    rng.shuffle(order)
    history: list[dict[str, str]] = []
    with httpx.Client(base_url=url, timeout=timeout, auth=auth) as client:
        i = 0
        while time.monotonic() < deadline:
            q = order[i % len(order)]
            i += 1
            t0 = time.perf_counter()
            try:
                r = client.post("/api/ask", json={"question": q, "history": history[-2:]})
            except httpx.HTTPError as exc:
                tally.fail(f"{type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - t0
            if r.status_code != 200:
                tally.fail(f"HTTP {r.status_code}: {r.text[:200]}")
                continue
            body = r.json()
            if "answer" not in body or not isinstance(body.get("citations"), list):
                tally.fail(f"bad body: {r.text[:200]}")
                continue
            tally.ok(elapsed)
            history = [{"role": "user", "content": q}, {"role": "assistant", "content": body["answer"]}]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(startup_timeout: float) -> tuple[subprocess.Popen[bytes], str]:
    """`python app.py` on a free loopback port (settings otherwise from the environment, as `make run`)."""
    port = free_port()
    env = {**os.environ, "JIANDU_HOST": "127.0.0.1", "JIANDU_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False",
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + startup_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
            raise SystemExit(f"服务启动失败:\n{err[-2000:]}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit(f"服务在 {startup_timeout:g} 秒内未就绪")


def run(url: str, sessions: int, duration: float, questions: list[str], auth: tuple[str, str] | None,
        timeout: float) -> dict[str, float | int]:
    tally = Tally()
    # one warm-up request so the first measured one does not pay for loading the embedder
    httpx.post(f"{url}/api/ask", json={"question": questions[0]}, timeout=timeout, auth=auth)
    started = time.monotonic()
    deadline = started + duration
    threads = [threading.Thread(target=session, args=(url, questions, deadline, seed, tally, auth, timeout))
               for seed in range(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    lat = tally.latencies
    result: dict[str, float | int] = {
        "sessions": sessions, "duration_s": round(wall, 1), "requests": len(lat) + len(tally.errors),
        "ok": len(lat), "errors": len(tally.errors), "rps": round(len(lat) / wall, 1) if wall else 0.0,
    }
    if lat:
        result.update({f"p{q}_ms": round(percentile(lat, q) * 1000, 1) for q in (50, 95, 99)})
        result["max_ms"] = round(max(lat) * 1000, 1)
    for e in sorted(set(tally.errors))[:10]:
        print(f"错误: {e}", file=sys.stderr)
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", help="an already running server (loopback only); default: start app.py")
    p.add_argument("--sessions", type=int, default=20)
    p.add_argument("--duration", type=float, default=60.0, help="seconds")
    p.add_argument("--questions", type=Path, default=GOLD)
    p.add_argument("--user", help="user:password for a server with JIANDU_AUTH")
    p.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    p.add_argument("--startup-timeout", type=float, default=300.0)
    args = p.parse_args(argv)
    if not 1 <= args.sessions <= 200 or not 0 < args.duration <= 3600:
        p.error("--sessions 应在 1..200 之间,--duration 应在 0..3600 秒之间")
    if args.url and not is_loopback(args.url):
        p.error(f"只对本机回环地址施压: {args.url} 不是 127.0.0.1/localhost/::1")
    auth = tuple(args.user.split(":", 1)) if args.user else None
    questions = load_questions(args.questions)
    proc = None
    url = args.url.rstrip("/") if args.url else ""
    if not url:
        proc, url = start_server(args.startup_timeout)
    try:
        result = run(url, args.sessions, args.duration, questions, auth, args.timeout)  # type: ignore[arg-type]
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(f"{result['sessions']} 个会话 × {result['duration_s']} 秒: {result['requests']} 次请求, "
          f"{result['errors']} 次错误, {result['rps']} 次/秒")
    if result["ok"]:
        print(f"延迟 p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, "
              f"最大 {result['max_ms']} ms")
    print(json.dumps(result, ensure_ascii=False))
    return 1 if result["errors"] or not result["ok"] else 0


if __name__ == "__main__":
    sys.exit(main())
