"""Re-measure the attacks of issue 17 against `python app.py` (a child process on 127.0.0.1, login on).

    python bench/security.py            # prints one JSON object; figures go to notes/README-security.md

1. six 50 MB request headers at once: the server's memory (VmRSS) and a health check meanwhile;
2. 1,100 half-sent request heads: how long the server holds them, a health check meanwhile;
3. 300 wrong passwords as fast as one client can send them: how many were even checked;
4. an ingest with nothing changed after a failed upload (was 22.6 s: the failed file was parsed again).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
       "GRADIO_ANALYTICS_ENABLED": "False", "TQDM_DISABLE": "1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def health_ms(url: str) -> float:
    started = time.perf_counter()
    try:
        httpx.get(f"{url}/api/health", timeout=60)
    except httpx.HTTPError:
        return float("nan")
    return (time.perf_counter() - started) * 1000


def big_headers(port: int, n: int = 6, mb: int = 50) -> None:
    def one() -> None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
                s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (mb << 20) + b"\r\n\r\n")
                s.recv(100)
        except OSError:
            pass  # refused mid-send: what we want

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main() -> None:
    from knowledge.config import Settings
    from knowledge.ingest import ingest
    from knowledge.manage import add_documents

    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
    out: dict[str, Any] = {}
    root = Path(tempfile.mkdtemp(prefix="jiandu-sec-"))
    data = root / "data"
    settings = Settings(data_dir=data)
    ingest(settings)

    # 4. a failed upload, then an ingest with nothing changed
    add_documents(settings, [("损坏.pdf", b"%PDF-1.7\nnot a whole pdf\n")])
    started = time.perf_counter()
    report = ingest(settings)
    out["ingest_after_failed_upload_s"] = round(time.perf_counter() - started, 2)
    out["ingest_after_failed_upload_failed"] = len(report.failed)

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANDU_")}
    env.update(ENV, JIANDU_DATA_DIR=str(data), JIANDU_PORT=str(port), JIANDU_AUTH="admin:pw-admin",
               JIANDU_ADMINS="admin", PYTHONPATH=str(ROOT))
    log = open(root / "app.log", "wb")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        for _ in range(3):
            health_ms(url)
        out["rss_idle_mb"] = round(rss_mb(proc.pid), 1)
        out["health_idle_ms"] = round(min(health_ms(url) for _ in range(5)), 1)

        # 1. six 50 MB headers
        peak = [0.0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], rss_mb(proc.pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        sender = threading.Thread(target=big_headers, args=(port,))
        started = time.perf_counter()
        sender.start()
        time.sleep(0.3)
        out["health_during_big_headers_ms"] = round(health_ms(url), 1)
        sender.join()
        out["big_headers_done_s"] = round(time.perf_counter() - started, 2)
        stop.set()
        sampler.join()
        out["rss_peak_big_headers_mb"] = round(peak[0], 1)

        # 2. 1,100 half-sent heads
        conns = []
        for _ in range(1100):
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=60)
                s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n")
                conns.append(s)
            except OSError:
                break
        opened = time.perf_counter()
        out["half_open_opened"] = len(conns)
        out["health_during_half_open_ms"] = round(health_ms(url), 1)
        held, still_open = [], 0
        patience = opened + 30  # the bench waits 30 s at most
        for s in conns:
            s.settimeout(max(0.01, patience - time.perf_counter()))
            try:
                s.recv(100)
                held.append(time.perf_counter() - opened)
            except TimeoutError:
                still_open += 1
            except OSError:
                held.append(time.perf_counter() - opened)
            s.close()
        out["half_open_closed_by_server"] = len(held)
        out["half_open_still_open_after_30s"] = still_open
        out["half_open_last_closed_after_s"] = round(max(held), 2) if held else None

        # 3. 300 wrong passwords (an empty one first, before the client is slowed down)
        codes: dict[int, int] = {}
        with httpx.Client(base_url=url, timeout=30) as c:
            empty = c.post("/login", data={"username": "admin", "password": ""})
            out["empty_password"] = [empty.status_code, empty.text[:80]]
            started = time.perf_counter()
            for i in range(300):
                r = c.get("/api/docs", auth=("admin", f"wrong{i}"))
                codes[r.status_code] = codes.get(r.status_code, 0) + 1
            out["wrong_passwords_s"] = round(time.perf_counter() - started, 2)
            out["wrong_password_statuses"] = codes
            right = c.get("/api/docs", auth=("admin", "pw-admin"))
            out["right_password_after_flood"] = [right.status_code, right.headers.get("retry-after")]
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
