"""Scale: a real Chroma server gives the same answers as the embedded store; two app processes share one
server; two ingests on one embedded data dir never write at once."""

from __future__ import annotations

import concurrent.futures
import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.service import Assistant
from knowledge import store
from knowledge.config import PROJECT_ROOT, Settings
from knowledge.errors import LockedError
from knowledge.index import current_generation, index_root, load_index
from knowledge.ingest import ingest
from tests.scale.conftest import ChromaServer, child_env, free_port, gold_questions, stop

SHORT_DOC = "003_9a4cdc55fac0c220"  # 6 clauses: the quickest real document to ingest


def essentials(answer: dict[str, Any]) -> dict[str, Any]:
    """What a user sees: the answer text, whether it refused, and each citation's clause and quote."""
    return {
        "answer": answer["answer"], "refused": answer["refused"],
        "citations": [(c["n"], c["clause_id"], c["quote"]) for c in answer["citations"]],
        "retrieved": [h["clause_id"] for h in answer["retrieved"]],
    }


def test_server_index_lives_in_the_server(server_settings: Settings, chroma_server: ChromaServer) -> None:
    generation = current_generation(server_settings)
    assert generation is not None
    gen_dir = index_root(server_settings) / generation
    assert not (gen_dir / "chroma").exists()  # no embedded store beside the generation
    assert (gen_dir / "bm25").is_dir() and (gen_dir / "clauses.jsonl").is_file()
    index = load_index(server_settings)
    assert type(index.collection).__name__ == "Collection"  # Chroma's own client, not the in-memory search
    assert index.collection.name == store.collection_name(generation)
    names = [c.name for c in store.client(chroma_server.url, gen_dir).list_collections()]
    assert store.collection_name(generation) in names
    assert index.collection.count() == len(index.clauses)


def test_server_gives_the_same_answers_as_embedded(corpus_settings: Settings, server_settings: Settings) -> None:
    embedded, served = Assistant(corpus_settings), Assistant(server_settings)
    questions = gold_questions(10)
    assert len(questions) == 10
    for q in questions:
        a, b = embedded.ask(q).to_dict(), served.ask(q).to_dict()
        assert essentials(b) == essentials(a), q
        assert [round(c["score"], 3) for c in b["citations"]] == [round(c["score"], 3) for c in a["citations"]]
    doc_ids = sorted(embedded.index().docs)[:2]  # a question limited to some documents: the `where` filter
    a = embedded.ask(questions[0], doc_ids=doc_ids).to_dict()
    b = served.ask(questions[0], doc_ids=doc_ids).to_dict()
    assert essentials(b) == essentials(a)
    assert {c["doc_id"] for c in b["citations"]} <= set(doc_ids)


def _wait_healthy(client: httpx.Client, proc: subprocess.Popen[bytes], log: Path, timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited with {proc.returncode}: {log.read_text(errors='replace')[-800:]}")
        try:
            r = client.get("/api/health")
            if r.status_code == 200:
                return dict(r.json())
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    pytest.fail(f"app.py did not report healthy within {timeout:.0f} s: {log.read_text(errors='replace')[-800:]}")


@pytest.mark.slow
def test_two_app_processes_share_one_chroma_server(server_settings: Settings, tmp_path: Path) -> None:
    """Two `python app.py` workers on one data dir and one Chroma server answer alike, concurrently."""
    procs: list[tuple[subprocess.Popen[bytes], httpx.Client, Path]] = []
    try:
        for i in range(2):
            port = free_port()
            log = tmp_path / f"app{i}.log"
            env = child_env(chroma_url=server_settings.chroma_url, data_dir=str(server_settings.data_dir),
                            port=str(port), host="127.0.0.1")
            with open(log, "wb") as fh:
                proc = subprocess.Popen([sys.executable, "app.py"], cwd=PROJECT_ROOT, env=env, stdout=fh,
                                        stderr=subprocess.STDOUT)
            procs.append((proc, httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120, trust_env=False),
                          log))
        generation = current_generation(server_settings)
        for proc, client, log in procs:
            health = _wait_healthy(client, proc, log)
            assert health["status"] == "ok" and health["generation"] == generation
        questions = gold_questions(6)
        expected = [essentials(a.to_dict()) for a in map(Assistant(server_settings).ask, questions)]

        def ask(job: tuple[int, str]) -> dict[str, Any]:
            worker, question = job
            r = procs[worker][1].post("/api/ask", json={"question": question})
            assert r.status_code == 200, r.text
            return essentials(r.json())

        jobs = [(w, q) for q in questions for w in (0, 1)]
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            got = list(pool.map(ask, jobs))
        for (worker, question), answer in zip(jobs, got, strict=True):
            assert answer == expected[questions.index(question)], (worker, question)
    finally:
        for proc, client, _ in procs:
            client.close()
            stop(proc)


# --- the writer lock on an embedded data dir ----------------------------------------------------------------


def _lock_held(path: Path) -> bool:
    """Is the ingest lock held by someone else? (flock probe; released at once when it was free)"""
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def test_two_ingests_on_one_data_dir_do_not_both_write(tmp_path: Path) -> None:
    """A CLI ingest holds the data dir: a second writer with a short timeout is refused in Chinese; one that
    waits gets the lock only after the first has switched generations, and finds nothing left to write."""
    source = tmp_path / "docs"
    source.mkdir()
    shutil.copy(PROJECT_ROOT / "knowledge" / "docs" / f"{SHORT_DOC}.txt", source)
    settings = Settings(data_dir=tmp_path / "data")
    log = tmp_path / "ingest.log"
    with open(log, "wb") as fh:
        first = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", "--source", str(source)],
                                 cwd=PROJECT_ROOT, env=child_env(data_dir=str(settings.data_dir)), stdout=fh,
                                 stderr=subprocess.STDOUT)
    try:
        lock = settings.data_dir / "ingest.lock"
        deadline = time.monotonic() + 120
        while not _lock_held(lock):
            assert first.poll() is None, f"the first ingest ended before it was seen holding the lock: {log.read_text()}"
            assert time.monotonic() < deadline, "the first ingest never took the lock"
            time.sleep(0.02)

        with pytest.raises(LockedError, match="另一个进程正在写入索引.*请稍后再试"):
            ingest(settings.with_(lock_timeout_s=0.2), [source])
        assert current_generation(settings) is None  # the refused writer wrote nothing

        report = ingest(settings.with_(lock_timeout_s=120), [source])  # waits for the first to finish
        assert first.wait(60) == 0, log.read_text()
    finally:
        stop(first)
    generation = current_generation(settings)
    assert generation is not None
    assert not report.changed and report.generation == generation  # the first one's work, not rewritten
    assert [p.name for p in index_root(settings).iterdir() if p.is_dir()] == [generation]
    assert len(load_index(settings).clauses) == report.clauses == 6


def test_a_query_caught_by_a_removal_retries_on_the_current_generation(
        corpus_settings: Settings, chroma_server: ChromaServer, tmp_path: Path) -> None:
    """A removal drops the previous generation's collection from the server at once; a request that took
    that generation just before answers from the new one instead of failing."""
    from assistant.query import build_query
    from knowledge.embed import get_embedder
    from knowledge.manage import add_documents, remove_document
    from tests.scale.conftest import ReplayEmbedder, replay_vectors

    settings = corpus_settings.with_(data_dir=tmp_path / "data", chroma_url=chroma_server.url)
    replay = ReplayEmbedder(get_embedder(settings), replay_vectors(corpus_settings))
    assert ingest(settings, embedder=replay).changed
    upload = "借调人员管理办法\n第一条 借调人员借调期满须在五个工作日内返回原单位。\n".encode()
    report, _ = add_documents(settings, [("借调.txt", upload)])  # the real embedder for its clauses
    assert report is not None and report.added == ("借调",)
    assistant = Assistant(settings, embedder=replay)
    stale = assistant.index()  # what a request in flight holds
    query = build_query("干部因私出国证件怎么管理?")

    assert remove_document(settings, "借调").removed == ("借调",)
    names = {c.name for c in store.client(chroma_server.url, tmp_path).list_collections()}
    assert store.collection_name(stale.generation) not in names  # dropped from the server
    with pytest.raises(Exception):  # noqa: B017 - whatever the server's client raises for a dropped collection
        assistant.retrieve(query, index=stale, mode="dense")
    index, _, retrieval = assistant.retrieve_current(query, None, None, "hybrid", None, stale)
    assert index.generation == current_generation(settings) != stale.generation
    assert retrieval.hits and "借调" not in {h.clause.doc_id for h in retrieval.candidates}
    assert assistant.ask("干部因私出国证件怎么管理?").citations  # and a whole answer from the new generation
