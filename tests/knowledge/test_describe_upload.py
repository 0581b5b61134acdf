"""An administrator says what an uploaded document is (kind, issuer, level): the uploads' catalog keeps it,
the bundled catalog is untouched, and a kind or level outside the lists is refused in Chinese. From the web
(describe_document) only an upload can be described, and the re-ingest carries it onto the document."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.catalog import UNREGISTERED, UPLOADS_CATALOG, describe_upload, is_binding, load_catalogs
from knowledge.config import PROJECT_ROOT, Settings
from knowledge.errors import ConfigError, DocumentError, JianduError
from knowledge.index import load_index
from knowledge.ingest import ingest
from knowledge.manage import describe_document, save_upload

BUNDLED = PROJECT_ROOT / "knowledge" / "catalog.toml"


def test_a_described_upload_is_in_the_catalogs(tmp_path: Path) -> None:
    describe_upload(tmp_path, "临时抽调", kind="实施办法", issuer="某县委组织部", level="县")
    describe_upload(tmp_path, "临时抽调", title="临时抽调人员管理办法")  # a second call keeps what the first said
    describe_upload(tmp_path, '引号"与\\斜杠', kind="新闻报道")
    catalog = load_catalogs(BUNDLED, tmp_path)
    entry = catalog["临时抽调"]
    assert (entry.kind, entry.issuer, entry.level, entry.title) == ("实施办法", "某县委组织部", "县", "临时抽调人员管理办法")
    assert is_binding(entry.kind) and not is_binding(catalog['引号"与\\斜杠'].kind)
    assert catalog["001_ad443106805678c7"].kind == "实施意见"  # the bundled catalog still answers for its own
    assert (tmp_path / UPLOADS_CATALOG).is_file()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "胡写"}, "文件类型 “胡写” 无效"),
    ({"level": "村"}, "层级 “村” 无效"),
])
def test_a_bad_kind_or_level_is_refused(tmp_path: Path, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        describe_upload(tmp_path, "doc", **kwargs)
    assert not (tmp_path / UPLOADS_CATALOG).exists()


# --- describe_document: what the web knowledge tab calls (an upload only, then re-ingest) -------------------

NOTICE = "临时抽调人员管理办法\n\n第一条 临时抽调人员由派出单位负责日常管理,抽调期限一般不超过六个月。\n"


def _with_upload(tmp_path: Path) -> Settings:
    """A data dir whose one document is an upload (no bundled documents: a small, quick ingest)."""
    (tmp_path / "docs").mkdir()
    settings = Settings(data_dir=tmp_path / "data", docs_dir=tmp_path / "docs")
    save_upload(settings, "临时抽调人员管理办法.txt", NOTICE.encode())
    return settings


def test_describing_an_upload_reingests_it_with_its_kind(tmp_path: Path) -> None:
    settings = _with_upload(tmp_path)
    ingest(settings)
    assert load_index(settings, check_embedder=False).docs["临时抽调人员管理办法"].kind == UNREGISTERED
    report = describe_document(settings, "临时抽调人员管理办法", kind="实施办法", issuer=" 某县委组织部 ", level="县")
    assert report.changed and report.embedded == 0  # only the catalog changed: no clause is embedded again
    doc = load_index(settings, check_embedder=False).docs["临时抽调人员管理办法"]
    assert (doc.kind, doc.issuer, doc.level) == ("实施办法", "某县委组织部", "县")


def test_a_bundled_document_is_not_described_from_the_web(fresh_settings: Settings) -> None:
    with pytest.raises(DocumentError, match="是随附文档.*knowledge/catalog.toml"):
        describe_document(fresh_settings, "001_ad443106805678c7", kind="新闻报道")
    assert not (fresh_settings.data_dir / UPLOADS_CATALOG).exists()  # the bundled catalog keeps its word


@pytest.mark.parametrize(("doc_id", "fields", "message"), [
    ("", {"kind": "规定"}, "请先选择要说明的文档"),
    ("临时抽调人员管理办法", {"issuer": "  "}, "请至少填写文件类型、发文单位、层级、标题中的一项"),
    ("没有上传过", {"kind": "规定"}, "上传的文档中没有 没有上传过"),
    ("临时抽调人员管理办法", {"kind": "胡写"}, "文件类型 “胡写” 无效"),
])
def test_describe_document_refuses_bad_input(tmp_path: Path, doc_id: str, fields: dict[str, str],
                                             message: str) -> None:
    settings = _with_upload(tmp_path)
    with pytest.raises(JianduError, match=message):
        describe_document(settings, doc_id, **fields)
    assert not (settings.data_dir / UPLOADS_CATALOG).exists()
