"""kill -9 during an ingest: the index in service is always whole, and the next ingest cleans up.

An ingest runs in a child process against a data dir that already holds a good index; the child is
killed with SIGKILL at a random moment (a fixed seed): after a random delay, just after its new
generation directory appears (Chroma, BM25 and the clause file being written), or just after the
new manifest is written (CURRENT being switched, old generations pruned). After each kill a fresh
process must open and query the index in service: the previous generation or a completed new
one, never a half-written one. The next normal ingest then prunes what the killed ones left.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from knowledge.config import PROJECT_ROOT
from tests.hardening.conftest import Base, run_probe

CHILD = r"""
import sys
from pathlib import Path


def main():
    import bm25s, chromadb  # noqa: F401  warm imports, so the kill lands in the ingest itself
    from knowledge.config import Settings
    from knowledge.embed import get_embedder
    from knowledge.ingest import ingest

    data = Path(sys.argv[1])
    settings = Settings(data_dir=data, docs_dir=data / "none", lock_timeout_s=60, parse_timeout_s=30)
    get_embedder(settings).embed_passages(["预热"])
    print("ready", flush=True)
    report = ingest(settings, [Path(sys.argv[2])])
    print("done", report.generation, flush=True)


if __name__ == "__main__":
    main()
"""

MOMENTS = ("delay", "directory", "manifest", "delay", "directory")
SEED = 20240607


def new_doc(n: int) -> str:
    return (f"第{n}号补充规定\n"
            f"第一条 第{n}批次的干部在年度考核前须提交个人有关事项报告,组织部门在三十日内完成随机抽查核实。\n"
            f"第二条 第{n}批次抽查发现漏报瞒报的,视情节给予批评教育、责令检查或者诫勉处理,并记入干部档案。\n")


def generations(data: Path) -> set[str]:
    return {p.name for p in (data / "index").iterdir() if p.is_dir()}


def source_doc_ids(source: Path) -> set[str]:
    return {p.stem for p in source.iterdir()}


def expected_clause_count(source: Path) -> int:
    from knowledge.parse import parse_bytes

    return sum(len(parse_bytes(p.name, p.stem, "", p.read_bytes()).clauses) for p in source.iterdir())


def kill_tree(proc: subprocess.Popen[str]) -> None:
    """SIGKILL the ingest child, then whatever is left of its process group (its parser child)."""
    try:
        os.kill(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(30)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def written(data: Path, before: set[str], name: str) -> bool:
    """Has the new generation (one not in `before`) got `name` yet ("" for the directory itself)?"""
    return any((data / "index" / g / name).exists() for g in generations(data) - before)


def run_and_kill(data: Path, source: Path, rng: random.Random, moment: str) -> str:
    """Start an ingest child, kill it at a random moment; returns how it ended.

    `moment`: "delay" (0.05-3 s after it is ready), "directory" (0-0.5 s after its new generation
    directory appears: Chroma and BM25 being written), "manifest" (0-50 ms after the new manifest
    is written: the switch of CURRENT and the pruning of old generations).
    """
    before = generations(data)
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(data), str(source)], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        if moment == "delay":
            time.sleep(rng.uniform(0.05, 3.0))
        else:
            name, late = ("", 0.5) if moment == "directory" else ("manifest.json", 0.05)
            deadline = time.monotonic() + 120
            while not written(data, before, name) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(rng.uniform(0.0, late))
        finished = proc.poll() is not None
    finally:
        kill_tree(proc)
    return "finished" if finished else "killed"


def test_kill_9_during_ingest_never_leaves_a_broken_index(good_base: Base) -> None:
    from knowledge.index import current_generation, load_index
    from knowledge.ingest import ingest

    data, source = good_base.settings.data_dir, good_base.source
    rng = random.Random(SEED)
    served = run_probe(data).summary
    outcomes = []
    stale_seen = 0
    for n in range(1, len(MOMENTS) + 1):
        previous = served
        (source / f"extra_{n}.txt").write_text(new_doc(n), encoding="utf-8")
        if n > 2:
            (source / f"extra_{n - 2}.txt").unlink()  # also a removal for the ingest to carry out
        outcomes.append(run_and_kill(data, source, rng, MOMENTS[n - 1]))
        probe = run_probe(data)
        assert probe.returncode == 0, (n, outcomes, probe.stderr[-3000:])  # never a crash, never damaged
        served = probe.summary
        ids = served["ids"]
        assert len(ids) == len(set(ids)) == served["manifest_count"]
        assert sorted(served["dense"]) == sorted(ids)  # Chroma holds exactly the manifest's clauses
        assert set(served["lexical"]) <= set(ids)
        if served["generation"] == previous["generation"]:
            assert served == previous
        else:  # a new generation is in service only if it was completed: it holds the whole source
            assert served["docs"] == sorted(source_doc_ids(source)), (n, outcomes)
        stale_seen = max(stale_seen, len(generations(data) - {served["generation"], previous["generation"]}))

    assert "killed" in outcomes
    (source / "final.txt").write_text(new_doc(99), encoding="utf-8")
    kept_before = current_generation(good_base.settings)
    left_behind = generations(data) - {str(kept_before)}
    report = ingest(good_base.settings, [source])
    assert report.changed and not report.failed, report
    index = load_index(good_base.settings)
    ids = [c.id for c in index.clauses]
    assert len(ids) == len(set(ids)) == expected_clause_count(source) == index.collection.count()
    assert set(index.docs) == source_doc_ids(source)
    assert good_base.ids <= set(ids)  # the untouched documents kept their clause ids
    # stale generations of killed ingests are gone: only the new one and the one it replaced remain
    assert generations(data) <= {report.generation, str(kept_before)}, (generations(data), stale_seen)
    assert not left_behind & generations(data)
    assert run_probe(data).summary["generation"] == report.generation
