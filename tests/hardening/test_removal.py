"""Removing a document takes every one of its clauses out of the index: the clause list, Chroma and BM25."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from tests.hardening.conftest import Base

UPLOAD = (
    "临时抽调人员管理办法\n"
    "第一条 临时抽调人员借调期满须在五个工作日内返回原单位,借调单位不得以任何理由无故延长借调期限。\n"
    "第二条 抽调期间的考勤由借调单位负责记录,每季度末函告原单位一次,作为年度考核的重要依据。\n"
)
PHRASE = "借调期满须在五个工作日内返回原单位"


def test_removed_upload_is_not_retrievable_anywhere(good_base: Base) -> None:
    from assistant.query import build_query
    from assistant.retrieve import retrieve
    from knowledge.embed import get_embedder
    from knowledge.index import load_index
    from knowledge.ingest import uploads_dir
    from knowledge.manage import add_documents, remove_document

    settings = good_base.settings.with_(docs_dir=good_base.source)
    report, refused = add_documents(settings, [("借调办法/../../临时抽调.txt", UPLOAD.encode())])
    assert report is not None and not refused and report.added == ("临时抽调",), report
    index = load_index(settings)
    embedder = get_embedder(settings)
    removed = [c for c in index.clauses if c.doc_id == "临时抽调"]
    assert removed and PHRASE in removed[0].text
    vectors = index.collection.get(ids=[c.id for c in removed], include=["embeddings"])["embeddings"]
    assert retrieve(index, embedder, build_query(PHRASE), mode="bm25").hits[0].clause.doc_id == "临时抽调"

    report = remove_document(settings, "临时抽调")
    assert report.removed == ("临时抽调",) and not report.failed
    assert not list(uploads_dir(settings).iterdir())  # the uploaded file is deleted
    index = load_index(settings)
    gone = {c.id for c in removed}
    assert "临时抽调" not in index.docs
    assert not gone & {c.id for c in index.clauses}
    assert {c.id for c in index.clauses} == good_base.ids  # the other documents are untouched
    # Chroma: not stored, and a query with the removed clauses' own vectors does not bring them back
    assert index.collection.get(ids=sorted(gone))["ids"] == []
    assert index.collection.get(where={"doc_id": "临时抽调"})["ids"] == []
    for vec in vectors:
        res = index.collection.query(query_embeddings=[np.asarray(vec).tolist()], n_results=index.collection.count())
        assert not gone & set(res["ids"][0])
    # BM25 and the hybrid retriever
    for mode in ("bm25", "dense", "hybrid"):
        hits = retrieve(index, embedder, build_query(PHRASE), top_k=10, candidates=50, mode=mode).candidates
        assert not gone & {h.clause.id for h in hits}, mode
    assert PHRASE not in index.fulltext


def test_removed_bundled_document_stays_removed(good_base: Base) -> None:
    from knowledge.index import load_index
    from knowledge.ingest import ingest
    from knowledge.manage import remove_document

    settings = good_base.settings.with_(docs_dir=good_base.source)
    report = remove_document(settings, "good_b")
    assert report.removed == ("good_b",)
    assert (good_base.source / "good_b.md").exists()  # a bundled file is excluded, not deleted
    again = ingest(settings)
    assert not again.changed and "good_b" not in load_index(settings).docs


def _files_containing(root: Path, phrase: str) -> list[Path]:
    """Files under `root` whose bytes, or gzip-decompressed bytes, contain `phrase` (UTF-8)."""
    needle = phrase.encode("utf-8")
    found = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if needle in data:
            found.append(path)
    return found


def test_a_removed_upload_leaves_no_copy_on_disk(good_base: Base, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not in the index in service, nor in the previous generation, nor in gradio's copy of the upload."""
    from knowledge.index import current_generation, index_root
    from knowledge.manage import add_documents, remove_document
    from web import gradio_tmp

    monkeypatch.delenv("GRADIO_TEMP_DIR", raising=False)
    settings = good_base.settings.with_(docs_dir=good_base.source)
    data = UPLOAD.encode("utf-8")
    report, _ = add_documents(settings, [("临时抽调.txt", data)])
    assert report is not None and report.added == ("临时抽调",)
    # what gradio does with a file uploaded through the page: a copy in its temp dir (inside our data dir)
    cache = gradio_tmp(settings)
    assert cache.is_relative_to(settings.data_dir)
    (cache / "3f9a0c").mkdir(parents=True)
    (cache / "3f9a0c" / "临时抽调.txt").write_bytes(data)
    (cache / "77b2e1").mkdir()
    (cache / "77b2e1" / "other.txt").write_bytes(b"x" * len(data))  # same size, other bytes: kept
    before = _files_containing(settings.data_dir, PHRASE)
    assert {p.name for p in before} >= {"临时抽调.txt", "clauses.jsonl"}, before  # the probe sees them

    report = remove_document(settings, "临时抽调", cache_dirs=(cache,))
    assert report.removed == ("临时抽调",)
    assert _files_containing(settings.data_dir, PHRASE) == []
    generations = [d.name for d in index_root(settings).iterdir() if d.is_dir()]
    assert generations == [current_generation(settings)]  # the previous generation went with it
    assert (cache / "77b2e1" / "other.txt").exists()


def test_an_added_document_keeps_the_previous_generation_for_readers(good_base: Base) -> None:
    """Only a removal deletes the previous generation at once; an addition leaves it for readers that
    are still answering from it (pruned at the next ingest)."""
    from knowledge.index import current_generation, index_root
    from knowledge.manage import add_documents

    settings = good_base.settings.with_(docs_dir=good_base.source)
    old = current_generation(settings)
    report, _ = add_documents(settings, [("临时抽调.txt", UPLOAD.encode("utf-8"))])
    assert report is not None and report.changed
    generations = {d.name for d in index_root(settings).iterdir() if d.is_dir()}
    assert generations == {old, current_generation(settings)}
