"""Helpers shared by bench/speed.py and bench/growth.py: timing, the query floor, memory, subprocesses."""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
GOLD = ROOT / "eval" / "data" / "gold.jsonl"
PYTHON = sys.executable
QUIET_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
             "GRADIO_ANALYTICS_ENABLED": "False", "TQDM_DISABLE": "1"}


class TimedEmbedder:
    """Wraps an embedder and adds up the time spent inside it, so a stage can be split from its embedding."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.passage_s = 0.0
        self.query_s = 0.0
        self.query_cpu_s = 0.0
        self.first_passage_at: float | None = None
        self.last_passage_end: float | None = None

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        t = time.perf_counter()
        self.first_passage_at = self.first_passage_at or t
        try:
            return self.inner.embed_passages(texts)
        finally:
            self.last_passage_end = time.perf_counter()
            self.passage_s += self.last_passage_end - t

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        t, c = time.perf_counter(), time.process_time()
        try:
            return self.inner.embed_queries(texts)
        finally:
            self.query_s += time.perf_counter() - t
            self.query_cpu_s += time.process_time() - c


def questions(limit: int | None = None, path: Path = GOLD) -> list[str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    qs = [r["question"] for r in rows]
    return qs[:limit] if limit else qs


def pct(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else float("nan")


def summary(values: Sequence[float]) -> dict[str, float]:
    return {"p50": round(pct(values, 50), 3), "p95": round(pct(values, 95), 3), "mean": round(float(np.mean(values)), 3)
            if len(values) else float("nan")}


def all_vectors(collection: Any, page: int = 5000) -> np.ndarray:
    """Every vector of a Chroma collection (the floor's matrix), read straight from Chroma."""
    inner = getattr(collection, "_collection", collection)  # under store.ExactSearch, Chroma itself
    blocks = []
    total = inner.count()
    for offset in range(0, total, page):
        got = inner.get(include=["embeddings"], limit=page, offset=offset)
        blocks.append(np.asarray(got["embeddings"], dtype=np.float32))
    return np.concatenate(blocks) if blocks else np.zeros((0, 384), dtype=np.float32)


def measure_queries(assistant: Any, embedder: TimedEmbedder, qs: Sequence[str], matrix: np.ndarray,
                    warmup: int = 3) -> dict[str, Any]:
    """Warm latency of `assistant.ask` per stage, each question interleaved with its floor:
    one bare query embedding plus a dot product over all clause vectors (same machine, same moment)."""
    for q in qs[:warmup]:
        assistant.ask(q)
    stages: dict[str, list[float]] = {k: [] for k in ("embed", "retrieve", "retrieve_excl_embed", "answer", "total",
                                                         "floor", "wall", "floor_cpu", "total_cpu", "work_cpu")}
    for q in qs:
        t0, c0 = time.perf_counter(), time.process_time()
        v = embedder.inner.embed_queries([q])[0]
        scores = matrix @ v
        np.argpartition(-scores, min(30, len(scores) - 1))
        stages["floor"].append((time.perf_counter() - t0) * 1000)
        stages["floor_cpu"].append((time.process_time() - c0) * 1000)
        before, before_cpu = embedder.query_s, embedder.query_cpu_s
        t1, c1 = time.perf_counter(), time.process_time()
        ans = assistant.ask(q)
        stages["wall"].append((time.perf_counter() - t1) * 1000)
        stages["total_cpu"].append((time.process_time() - c1) * 1000)
        stages["work_cpu"].append((time.process_time() - c1 - (embedder.query_cpu_s - before_cpu)) * 1000)
        embed_ms = (embedder.query_s - before) * 1000
        stages["embed"].append(embed_ms)
        stages["retrieve"].append(ans.timings_ms["retrieve"])
        stages["retrieve_excl_embed"].append(ans.timings_ms["retrieve"] - embed_ms)
        stages["answer"].append(ans.timings_ms["answer"])
        stages["total"].append(ans.timings_ms["total"])
    out: dict[str, Any] = {"questions": len(qs)}
    out.update({k: summary(v) for k, v in stages.items()})
    out["ratio_p50"] = round(out["total"]["p50"] / out["floor"]["p50"], 3)
    out["ratio_p95"] = round(out["total"]["p95"] / out["floor"]["p95"], 3)
    out["cpu_ratio_p50"] = round(out["total_cpu"]["p50"] / out["floor_cpu"]["p50"], 3)  # robust to a loaded machine
    return out


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def self_peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def proc_rss_mb(pid: int) -> dict[str, float]:
    """Current and peak resident memory of a live process, from /proc (no psutil)."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[{"VmRSS": "rss_mb", "VmHWM": "peak_rss_mb"}[key]] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        pass
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def child_env(**jiandu: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANDU_")}
    env.update(QUIET_ENV)
    env.update({f"JIANDU_{k.upper()}": v for k, v in jiandu.items()})
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def cli_cold_start(settings: Any, question: str) -> dict[str, Any]:
    """`jiandu ask --json` in a new process: the time to the first answered question, and its peak RSS."""
    import tempfile

    env = child_env(data_dir=str(settings.data_dir), docs_dir=str(settings.docs_dir), catalog=str(settings.catalog))
    cmd = [PYTHON, "-m", "assistant.cli", "ask", "--json", question]
    peak = 0.0
    with tempfile.TemporaryFile() as out_fh, tempfile.TemporaryFile() as err_fh:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out_fh, stderr=err_fh)
        # The child's VmHWM, polled: rusage's ru_maxrss of a child also counts the parent's memory at fork.
        while proc.poll() is None:
            peak = max(peak, proc_rss_mb(proc.pid).get("peak_rss_mb", 0.0))
            time.sleep(0.01)
        wall = time.perf_counter() - t0
        out_fh.seek(0)
        err_fh.seek(0)
        out = out_fh.read().decode("utf-8", "replace")
        err = err_fh.read().decode("utf-8", "replace")
    answered = False
    try:
        answered = "answer" in json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        pass
    return {"seconds": round(wall, 2), "peak_rss_mb": round(peak, 1), "ok": answered,
            "error": "" if answered else err[-500:]}


def web_cold_start(settings: Any, qs: Sequence[str], timeout: float = 300) -> dict[str, Any]:
    """`python app.py` in a new process: seconds to /api/health ok and to the first answer, then its
    peak RSS after answering `qs` over HTTP (VmHWM from /proc)."""
    import httpx

    port = free_port()
    env = child_env(data_dir=str(settings.data_dir), docs_dir=str(settings.docs_dir), catalog=str(settings.catalog),
                    port=str(port), host="127.0.0.1")
    log = OUT / f"app-{port}.log"
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with open(log, "wb") as fh:
        proc = subprocess.Popen([PYTHON, "app.py"], env=env, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    result: dict[str, Any] = {"ok": False}
    try:
        with httpx.Client(base_url=url, timeout=60, trust_env=False) as client:
            while True:
                if proc.poll() is not None:
                    result["error"] = log.read_text(encoding="utf-8", errors="replace")[-800:]
                    return result
                if time.perf_counter() - t0 > timeout:
                    result["error"] = "timeout waiting for /api/health"
                    return result
                try:
                    if client.get("/api/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
            result["health_s"] = round(time.perf_counter() - t0, 2)
            result["rss_at_health_mb"] = proc_rss_mb(proc.pid).get("rss_mb")
            lat = []
            for i, q in enumerate(qs):
                t = time.perf_counter()
                r = client.post("/api/ask", json={"question": q})
                r.raise_for_status()
                lat.append((time.perf_counter() - t) * 1000)
                if i == 0:
                    result["first_answer_s"] = round(time.perf_counter() - t0, 2)
            result["http_ask_ms"] = summary(lat)
            result.update(proc_rss_mb(proc.pid))
            result["ok"] = True
            return result
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if result.get("ok"):
            log.unlink(missing_ok=True)


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "loadavg_1m": round(os.getloadavg()[0], 2),
            "platform": platform.platform(), "date": time.strftime("%Y-%m-%dT%H:%M:%S")}


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
