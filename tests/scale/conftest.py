"""A real Chroma server (`chroma run`) started and stopped by the tests, and an index of the corpus in it.

The server index is built by a real `ingest` with `chroma_url` set; its embedder hands back the session
index's vectors for the same passage texts (and embeds queries for real), so the corpus is not embedded a
second time and the two stores hold identical vectors.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
import pytest

from knowledge.config import PROJECT_ROOT, Settings

CHROMA = Path(sys.executable).parent / "chroma"
GOLD = PROJECT_ROOT / "eval" / "data" / "gold.jsonl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def child_env(**jiandu: str) -> dict[str, str]:
    """The environment of a child process: ours without JIANDU_* variables, plus the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANDU_")}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                "GRADIO_ANALYTICS_ENABLED": "False", "TQDM_DISABLE": "1"})
    env.update({f"JIANDU_{k.upper()}": v for k, v in jiandu.items()})
    return env


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def gold_questions(n: int = 10) -> list[str]:
    """`n` gold questions spread over the set (answerable and not)."""
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    step = max(1, len(rows) // n)
    return [r["question"] for r in rows[::step]][:n]


@dataclass(frozen=True)
class ChromaServer:
    url: str
    path: Path
    proc: subprocess.Popen[bytes]


def wait_for_heartbeat(proc: subprocess.Popen[bytes], url: str, log: Path, seconds: float) -> None:
    """Until a Chroma server started by a test answers its heartbeat; fail with its log if it exits."""
    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            pytest.fail(f"chroma server exited ({proc.returncode}): {log.read_text()[-800:]}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"chroma server did not answer its heartbeat within {seconds:g} s")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    root = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = open(root / "server.log", "wb")  # closed in the finally below
    proc = subprocess.Popen([str(CHROMA), "run", "--path", str(root / "db"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=child_env())
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_heartbeat(proc, url, root / "server.log", 60)
        yield ChromaServer(url, root / "db", proc)
    finally:
        stop(proc)
        log.close()


class ReplayEmbedder:
    """Passage vectors looked up by text from an existing index; queries embedded by the real embedder."""

    def __init__(self, real: object, vectors: dict[str, np.ndarray]) -> None:
        self.real = real
        self.name: str = real.name  # type: ignore[attr-defined]
        self.dim: int = real.dim  # type: ignore[attr-defined]
        self.vectors = vectors

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self.vectors[t] for t in texts])

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.real.embed_queries(texts)  # type: ignore[attr-defined, no-any-return]


def replay_vectors(corpus_settings: Settings) -> dict[str, np.ndarray]:
    """The corpus index's passage and sentence vectors by text, for a ReplayEmbedder."""
    from knowledge import sentence_vectors, store
    from knowledge.index import load_index
    from knowledge.ingest import passage_text

    embedded = load_index(corpus_settings)
    by_id = store.get_vectors(store.open_collection("", embedded_gen_dir(corpus_settings), embedded.generation),
                              [c.id for c in embedded.clauses])
    vectors = {passage_text(c): by_id[c.id] for c in embedded.clauses}
    stored = sentence_vectors.stored(embedded_gen_dir(corpus_settings))
    vectors.update({t: v for c in embedded.clauses if c.id in stored
                    for t, v in zip(sentence_vectors.clause_sentences(c), stored[c.id], strict=True)})
    return vectors


@pytest.fixture(scope="session")
def server_settings(corpus_settings: Settings, chroma_server: ChromaServer,
                    tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A fresh data dir whose index lives in the Chroma server (the CURRENT pointer and BM25 stay on disk)."""
    from knowledge.embed import get_embedder
    from knowledge.index import load_index
    from knowledge.ingest import ingest

    vectors = replay_vectors(corpus_settings)
    embedded = load_index(corpus_settings)
    settings = corpus_settings.with_(data_dir=tmp_path_factory.mktemp("server-data"), chroma_url=chroma_server.url)
    report = ingest(settings, embedder=ReplayEmbedder(get_embedder(settings), vectors))
    assert report.changed and not report.failed and report.clauses == len(embedded.clauses), report.to_dict()
    return settings


def embedded_gen_dir(settings: Settings) -> Path:
    from knowledge.index import current_generation, index_root

    generation = current_generation(settings)
    assert generation is not None
    return index_root(settings) / generation
