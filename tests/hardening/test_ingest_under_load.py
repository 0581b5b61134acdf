"""20 sessions ask through the HTTP API while an admin runs `jiandu ingest` in another process.

The app (a real uvicorn server on 127.0.0.1) serves a copy of the corpus index; a small new
document is dropped into its docs dir and `jiandu ingest` runs as a separate process, as an admin
would run it. During the whole ingest 20 threads, each with its own connection and chat history,
keep posting questions to /api/ask. Nothing may fail or hang, and no answer may come from a
half-written index: every cited clause must exist, whole and verbatim, in the generation before
or the generation after the ingest. After the ingest the app answers from the new document
without a restart (IndexHolder follows the CURRENT pointer).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from knowledge.config import Settings
from knowledge.index import current_generation, load_index
from knowledge.types import Clause
from tests.web.conftest import copy_data, live_server

SESSIONS = 20
NEW_DOC_ID = "005_gongwu_yongche"
NEW_DOC = """某县机关公务用车管理实施细则
第一条 为加强机关公务用车管理，规范用车行为，制定本细则。
第二条 公务用车实行一车一卡加油制度，加油卡由单位办公室统一保管，每月与加油站对账一次。
第三条 公务用车应当停放在单位指定停车场，节假日期间除执行应急任务外一律封存停驶。
"""
NEW_QUESTION = "公务用车的加油卡多久对账一次?"
NEW_FACT = "每月与加油站对账一次"
# Questions about the bundled documents (from the gold set) plus the one about the new document,
# which is refused before the switch and answered from the new document after it.
QUESTIONS = (
    "调走的时候交接工作有没有时间要求?",
    "我们镇的书记和镇长能不能同时请假外出?",
    "干部出国(境)证件的集中保管情况多久检查一次?",
    "“五位一体”的举报受理渠道是哪五个?",
    "集体议事时能不能用传阅、会签的方式代替开会表决?",
    "巡察整改的“四方会审”是哪四方?",
    "资阳市的“五联”模式指哪五联?",
    NEW_QUESTION,
)
INGEST_TIMEOUT_S = 600  # embedding 3 clauses takes seconds; the slack is for a loaded 2-core machine
MARKER = re.compile(r"\[(\d{1,2})\]")


@dataclass
class Exchange:
    """One request of one session: what was sent, what came back, and when."""

    session: int
    question: str
    started: float
    ended: float
    status: int
    body: dict[str, Any]
    retries: int = 0


@dataclass
class Session:
    n: int
    url: str
    stop: threading.Event
    exchanges: list[Exchange] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    busy: int = 0  # 503 "系统繁忙" replies, each retried

    def run(self) -> None:
        history: list[dict[str, str]] = []
        i = self.n
        # A read timeout well under the test's own limit: a hung request shows up as an error, not a stall.
        with httpx.Client(base_url=self.url, timeout=httpx.Timeout(90.0, connect=10.0)) as client:
            while not self.stop.is_set():
                question = QUESTIONS[i % len(QUESTIONS)]
                i += 1
                try:
                    self._ask(client, question, history)
                except Exception as exc:  # a transport error or timeout: recorded, the session goes on
                    self.errors.append(f"{type(exc).__name__}: {exc}")
                if self.exchanges:
                    last = self.exchanges[-1]
                    history = [{"role": "user", "content": last.question},
                               {"role": "assistant", "content": str(last.body.get("answer", ""))}]

    def _ask(self, client: httpx.Client, question: str, history: list[dict[str, str]]) -> None:
        started = time.monotonic()
        retries = 0
        while True:
            r = client.post("/api/ask", json={"question": question, "history": history})
            if r.status_code == 503 and "繁忙" in r.json().get("error", ""):
                # The documented answer of a full API: back off and retry, as a client should.
                self.busy += 1
                retries += 1
                time.sleep(0.2)
                continue
            break
        body = r.json() if r.headers.get("content-type", "").startswith("application/json") else {"raw": r.text}
        self.exchanges.append(Exchange(self.n, question, started, time.monotonic(), r.status_code, body, retries))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def _check_citations(ex: Exchange, generations: list[dict[str, Clause]]) -> list[str]:
    """Problems with one answer: its clauses must all come whole from one complete generation."""
    body = ex.body
    problems = []
    cited = [c["clause_id"] for c in body["citations"]] + [h["clause_id"] for h in body["retrieved"]]
    if not any(all(cid in gen for cid in cited) for gen in generations):
        problems.append(f"clauses from no single generation: {cited}")
    for c in body["citations"]:
        clause = next((gen[c["clause_id"]] for gen in generations if c["clause_id"] in gen), None)
        if clause is None:
            problems.append(f"cited clause {c['clause_id']} exists in no generation")
            continue
        if c["doc_id"] != clause.doc_id or list(c["path"]) != list(clause.path):
            problems.append(f"citation {c['clause_id']} names the wrong document or path")
        if not c["quote"] or c["quote"] not in clause.text:
            problems.append(f"quote of {c['clause_id']} is not verbatim in the clause: {c['quote'][:40]}")
    numbers = {c["n"] for c in body["citations"]}
    missing = {int(n) for n in MARKER.findall(body["answer"])} - numbers
    if missing:
        problems.append(f"markers {sorted(missing)} have no citation")
    if body.get("warnings"):
        problems.append(f"warnings: {body['warnings']}")  # e.g. a citation dropped as "不在检索结果中"
    return [f"session {ex.session} {ex.question!r}: {p}" for p in problems]


def _jiandu_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANDU_")}
    env.update(JIANDU_DATA_DIR=str(settings.data_dir), JIANDU_DOCS_DIR=str(settings.docs_dir))
    return env


def test_twenty_sessions_while_an_ingest_runs(corpus_settings: Settings, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for src in sorted(corpus_settings.docs_dir.iterdir()):
        if src.is_file():
            (docs / src.name).write_bytes(src.read_bytes())
    # Same documents, same bytes: the ingest reuses every old clause and embeds only the new document.
    settings = copy_data(corpus_settings, tmp_path / "data").with_(docs_dir=docs)
    old = load_index(settings)
    old_gen, old_by_id = old.generation, dict(old.by_id)
    jiandu = str(Path(sys.executable).parent / "jiandu")

    with live_server(settings) as server:
        with httpx.Client(base_url=server.url, timeout=120) as c:
            baseline = {q: c.post("/api/ask", json={"question": q}).json() for q in QUESTIONS}
        assert NEW_FACT not in baseline[NEW_QUESTION]["answer"]  # not in the knowledge base yet
        answered = {q for q, body in baseline.items() if not body["refused"] and body["citations"]}
        assert len(answered) >= len(QUESTIONS) // 2, baseline  # the questions do exercise citations

        stop = threading.Event()
        sessions = [Session(n, server.url, stop) for n in range(SESSIONS)]
        threads = [threading.Thread(target=s.run, name=f"session-{s.n}", daemon=True) for s in sessions]
        for t in threads:
            t.start()
        time.sleep(2.0)  # every session is in full swing before the ingest starts

        (docs / f"{NEW_DOC_ID}.txt").write_text(NEW_DOC, encoding="utf-8")
        ingest_started = time.monotonic()
        proc = subprocess.run([jiandu, "ingest", "--json"], cwd=tmp_path, env=_jiandu_env(settings),
                              capture_output=True, text=True, timeout=INGEST_TIMEOUT_S)
        ingest_ended = time.monotonic()
        # Keep asking a little longer: the sessions must also see the switch to the new generation.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            done_after = [ex for s in sessions for ex in s.exchanges if ex.started > ingest_ended]
            if len(done_after) >= 2 * SESSIONS:
                break
            time.sleep(0.2)
        stop.set()
        for t in threads:
            t.join(timeout=120)
        assert not any(t.is_alive() for t in threads), "a session hung"

        assert proc.returncode == 0, proc.stderr[-3000:]
        report = json.loads(proc.stdout.strip().splitlines()[-1])
        assert report["changed"] and report["added"] == [NEW_DOC_ID], report
        assert report["embedded"] == report["clauses"] - len(old.clauses), report  # only the new clauses
        new_gen = current_generation(settings)
        assert new_gen == report["generation"] != old_gen
        new = load_index(settings)
        generations = [old_by_id, dict(new.by_id)]

        with httpx.Client(base_url=server.url, timeout=120) as c:
            health = c.get("/api/health").json()
            after = c.post("/api/ask", json={"question": NEW_QUESTION}).json()

    exchanges = [ex for s in sessions for ex in s.exchanges]
    errors = [e for s in sessions for e in s.errors]
    during = [ex for ex in exchanges if ex.started < ingest_ended and ex.ended > ingest_started]
    statuses = {ex.status for ex in exchanges}
    busy = sum(s.busy for s in sessions)
    latencies = [(ex.ended - ex.started) * 1000 for ex in exchanges]
    from_new = [ex for ex in exchanges if any(c["doc_id"] == NEW_DOC_ID for c in ex.body.get("citations", []))]
    print(f"\ningest {ingest_ended - ingest_started:.1f} s ({report['embedded']} clauses embedded); "
          f"{len(exchanges)} requests from {SESSIONS} sessions, {len(during)} during the ingest; "
          f"status {sorted(statuses)}, {busy} busy (503) retried, {len(errors)} transport errors; "
          f"p50 {statistics.median(latencies):.0f} ms, p95 {_percentile(latencies, 95):.0f} ms, "
          f"max {max(latencies):.0f} ms; {len(from_new)} answers from the new document")

    assert not errors, errors[:5]
    assert statuses == {200}, [(ex.status, ex.body) for ex in exchanges if ex.status != 200][:5]
    # Every session was asking during the whole ingest: a request before it started and one after it ended.
    for s in sessions:
        assert s.exchanges[0].started < ingest_started and s.exchanges[-1].ended > ingest_ended, s.n
    assert len(during) >= SESSIONS
    problems = [p for ex in exchanges for p in _check_citations(ex, generations)]
    assert not problems, problems[:10]
    for ex in exchanges:  # answered before the ingest: never refused during it (as an empty or partial index would)
        if ex.question in answered:
            assert not ex.body["refused"] and ex.body["citations"], (ex.question, ex.body["answer"])
    assert from_new, "no session was answered from the new generation after the switch"

    # After the ingest the running app answers from the new document, and `jiandu show` agrees.
    assert health["generation"] == new_gen and health["clauses"] == len(new.clauses)
    assert not after["refused"] and NEW_FACT in after["answer"], after
    cite = next(c for c in after["citations"] if c["doc_id"] == NEW_DOC_ID)
    shown = subprocess.run([jiandu, "show", NEW_DOC_ID, "--json"], cwd=tmp_path, env=_jiandu_env(settings),
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr[-2000:]
    clauses = {c["id"]: c for c in json.loads(shown.stdout)["clauses"]}
    assert cite["clause_id"] in clauses and cite["quote"] in clauses[cite["clause_id"]]["text"]
