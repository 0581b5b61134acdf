"""Hostile files in one ingest batch: each costs only itself, with a Chinese reason, in bounded time.

The collection comes from make_bad_files.py. It is ingested on top of an existing two-document
knowledge base with a 1 MB upload limit and a 10 s parse timeout; the batch holds the same two
good documents, good texts in GBK, GB18030 and UTF-16, and the bad files.
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from knowledge.config import Settings
from knowledge.ingest import IngestReport, ingest
from tests.hardening.conftest import CJK, Base, hard_settings, vm_rss_mb
from tests.hardening.make_bad_files import Expect, build, write_big_html


@dataclass(frozen=True)
class Batch:
    base: Base
    source: Path
    expected: dict[str, Expect]
    report: IngestReport
    seconds: float
    parse_gaps: list[float]  # seconds between one file's parse start and the next (the last: to the end)
    rss_growth_mb: float


@pytest.fixture(scope="module")
def bad_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Expect]]:
    source = tmp_path_factory.mktemp("bad-files")
    return source, build(source)


@pytest.fixture(scope="module")
def batch(_good_base: Base, bad_source: tuple[Path, dict[str, Expect]],
          tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """The bad batch ingested once onto a copy of the two-document base."""
    source, expected = bad_source
    data = tmp_path_factory.mktemp("bad-batch") / "data"
    shutil.copytree(_good_base.settings.data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    base = Base(_good_base.settings.with_(data_dir=data), _good_base.source, _good_base.ids)
    marks: list[float] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "parse":
            marks.append(time.monotonic())

    rss_before = vm_rss_mb()
    started = time.monotonic()
    report = ingest(base.settings, [source], progress=progress)
    ended = time.monotonic()
    rss_growth = vm_rss_mb() - rss_before
    gaps = [b - a for a, b in zip(marks, marks[1:] + [ended], strict=True)]
    return Batch(base, source, expected, report, ended - started, gaps, rss_growth)


def bad_names(expected: dict[str, Expect]) -> set[str]:
    return {name for name, e in expected.items() if not e.good}


def test_every_bad_file_is_named_with_a_chinese_reason(batch: Batch) -> None:
    failed = {f.name: f.reason for f in batch.report.failed}
    assert set(failed) == bad_names(batch.expected)
    for name, reason in failed.items():
        assert CJK.search(reason), (name, reason)
        assert re.search(batch.expected[name].reason, reason), (name, reason)
        # no exception class names for a cadre to puzzle over ("PdfStreamError"): only file-type words
        words = set(re.findall(r"[A-Za-z]{3,}", re.sub(r"\S*\.[A-Za-z0-9]+", "", reason)))  # file names aside
        assert words <= {"PDF", "DOCX", "XML", "zip", "UTF", "GBK", "jiandu", "ingest"}, (name, reason)


def test_good_files_and_legacy_encodings_are_ingested(batch: Batch) -> None:
    from knowledge.index import load_index

    good = {name: e for name, e in batch.expected.items() if e.good}
    new = {e.doc_id for e in good.values()} - {"good_a", "good_b"}
    assert set(batch.report.added) == new
    assert {"good_a", "good_b"} <= set(batch.report.unchanged)
    index = load_index(batch.base.settings)
    assert set(index.docs) == {e.doc_id for e in good.values()}
    for name, e in good.items():
        text = "".join(c.text for c in index.doc_clauses(e.doc_id))
        assert e.phrase in text, (name, text)
        assert "\ufffd" not in text and "\x00" not in text, name
    gb18030 = "".join(c.text for c in index.doc_clauses("gb18030"))
    assert "䶮" in gb18030 and "𠮷" in gb18030  # characters beyond GBK survived decoding


def test_good_files_are_retrievable(batch: Batch) -> None:
    from assistant.query import build_query
    from assistant.retrieve import retrieve
    from knowledge.embed import get_embedder
    from knowledge.index import load_index

    index = load_index(batch.base.settings)
    embedder = get_embedder(batch.base.settings)
    for e in (e for e in batch.expected.values() if e.good):
        for mode in ("hybrid", "bm25"):
            hits = retrieve(index, embedder, build_query(e.phrase), top_k=3, mode=mode).hits
            assert hits and hits[0].clause.doc_id == e.doc_id, (e.phrase, mode, [h.clause.doc_id for h in hits])
        hits = retrieve(index, embedder, build_query(e.phrase), top_k=3, mode="dense").hits
        assert e.doc_id in {h.clause.doc_id for h in hits}, (e.phrase, [h.clause.doc_id for h in hits])


def test_existing_knowledge_base_is_kept(batch: Batch) -> None:
    from knowledge.index import load_index

    index = load_index(batch.base.settings)
    ids = [c.id for c in index.clauses]
    assert len(ids) == len(set(ids))
    assert batch.base.ids <= set(ids)
    new_docs = {e.doc_id for e in batch.expected.values() if e.good} - {"good_a", "good_b"}
    new_ids = {c.id for c in index.clauses if c.doc_id in new_docs}
    assert set(ids) == batch.base.ids | new_ids  # the old clauses plus the new good ones, nothing else
    assert batch.report.clauses == len(ids) == index.manifest["clause_count"] == index.collection.count()


def test_each_file_and_the_whole_batch_take_bounded_time(batch: Batch) -> None:
    timeout = batch.base.settings.parse_timeout_s
    # a file costs at most the parse timeout plus restarting the parser child (the last gap also
    # covers embedding and writing the new generation)
    assert max(batch.parse_gaps) < timeout + 30, batch.parse_gaps
    assert batch.seconds < 120, batch.seconds
    assert re.search("乱码|超时", {f.name: f.reason for f in batch.report.failed}["slow_garble.txt"])


def test_parent_memory_stays_bounded(batch: Batch) -> None:
    assert batch.rss_growth_mb < 300, batch.rss_growth_mb


def test_parser_child_runs_under_the_address_space_limit() -> None:
    from knowledge.parse import Parsed, ParserPool

    with ParserPool(timeout_s=30, memory_mb=768) as pool:
        assert isinstance(pool.parse("a.txt", "a", "", "第一条 测试。".encode()), Parsed)
        limits = Path(f"/proc/{pool._proc.pid}/limits").read_text()
    line = next(ln for ln in limits.splitlines() if ln.startswith("Max address space"))
    assert line.split()[3:5] == [str(768 * 1024 * 1024)] * 2, line


def test_a_parse_over_the_memory_limit_costs_only_that_file() -> None:
    """12 MB of Chinese text needs some hundreds of MB to clean and split: over a 192 MB limit the
    child gets a MemoryError instead of the machine running out, and the next file parses."""
    from knowledge.parse import Parsed, ParseFailure, ParserPool

    text = ("第一条 干部离任应当在七个工作日内办结工作交接。" * (12 * 1024 * 1024 // 72)).encode()
    with ParserPool(timeout_s=60, memory_mb=192) as pool:
        failed = pool.parse("big.txt", "big", "", text)
        after = pool.parse("a.txt", "a", "", "第一条 测试。".encode())
    assert isinstance(failed, ParseFailure) and "内存" in failed.reason, failed
    assert isinstance(after, Parsed)


def test_cli_names_every_bad_file_and_exits_1(batch: Batch, tmp_path: Path) -> None:
    from assistant.cli import cli

    data = tmp_path / "data"
    shutil.copytree(batch.base.settings.data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    env = {"JIANDU_DATA_DIR": str(data), "JIANDU_DOCS_DIR": str(tmp_path / "none"), "JIANDU_MAX_UPLOAD_MB": "1",
           "JIANDU_PARSE_TIMEOUT_S": "5", "JIANDU_PARSE_MEMORY_MB": "1024", "JIANDU_LOCK_TIMEOUT_S": "60"}
    result = CliRunner().invoke(cli, ["ingest", "--source", str(batch.source)], env=env, obj={})
    assert result.exit_code == 1, result.output
    assert "文档无变化" in result.output  # the good files were all in the index already
    for name in bad_names(batch.expected):
        line = next((ln for ln in result.output.splitlines() if f"失败: {name}:" in ln), None)
        assert line is not None and CJK.search(line.split(f"{name}:", 1)[1]), (name, result.output)


def test_a_50mb_one_line_html_page_is_bounded(_good_base: Base, tmp_path: Path) -> None:
    """Big enough to pass a 100 MB upload limit, too big to parse in 10 s: reported, not hung."""
    from knowledge.index import load_index

    source = tmp_path / "src"
    write_big_html(source)
    shutil.copy(_good_base.source / "good_a.txt", source / "good_a.txt")
    settings = hard_settings(tmp_path / "data", max_upload_mb=100, parse_timeout_s=10)
    rss_before = vm_rss_mb()
    started = time.monotonic()
    report = ingest(settings, [source])
    seconds = time.monotonic() - started
    assert seconds < 90, seconds
    assert vm_rss_mb() - rss_before < 300
    failed = {f.name: f.reason for f in report.failed}
    if "big_one_line.html" in failed:
        assert CJK.search(failed["big_one_line.html"])
    else:  # parsed within the limit after all: then it must be in the index
        assert "big_one_line" in load_index(settings).docs
    assert "good_a" in report.added  # the file after it in the batch was not held up


# --- upload names -----------------------------------------------------------------------------------

HOSTILE_NAMES = [
    "../x.txt", "../../../../etc/cron.d/x.txt", "/etc/passwd.txt", "/abs/路径/规定.txt",
    "C:\\Windows\\system32\\x.txt", "..\\..\\x.txt", "a/../../b.txt", "~/.ssh/authorized_keys.txt",
    "a\x00b.txt", "x.txt\x00.pdf", "..txt", "....txt", ".bashrc.txt", "名\n字\r\t.txt",
    "\u202etxt.exe.md", "x" * 300 + ".txt", "CON.txt", " .txt", "%2e%2e%2fx.txt", "file:///etc/x.txt",
    "REG.TXT", "a:b*c?d\"e<f>g|h.html", "\u200b\ufeff零宽.docx",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_upload_names_stay_inside_uploads(name: str, tmp_path: Path) -> None:
    from knowledge.ingest import safe_doc_id, uploads_dir
    from knowledge.load import SUFFIXES
    from knowledge.manage import save_upload

    settings = hard_settings(tmp_path / "data")
    before = {p for p in tmp_path.rglob("*")}
    target = save_upload(settings, name, "第一条 上传的规定正文。".encode())
    assert target.parent.resolve() == uploads_dir(settings).resolve()
    assert target.read_bytes() == "第一条 上传的规定正文。".encode()
    assert target.suffix in SUFFIXES and target.suffix == target.suffix.lower()
    assert not target.name.startswith(".")  # hidden files are skipped by ingest
    assert not re.search(r"[\x00-\x1f\x7f/\\:*?\"<>|\u200b-\u200f\u202a-\u202e\ufeff]", target.name), target.name
    assert len(target.stem) <= 80
    assert safe_doc_id(target.name) == target.stem  # the doc_id is the saved file's stem
    created = {p for p in tmp_path.rglob("*")} - before
    allowed = {target, settings.data_dir / "removed.json", settings.data_dir / "upload_names.json", *target.parents}
    assert created <= allowed, created - allowed


@pytest.mark.parametrize("name", ["x.exe", "noext", "x.txt/", "../", "..", "", "\x00", "\x00\x00.txt", "x.txt\x00.exe"])
def test_upload_names_without_a_supported_type_are_refused(name: str, tmp_path: Path) -> None:
    from knowledge.errors import DocumentError
    from knowledge.manage import save_upload

    settings = hard_settings(tmp_path / "data")
    with pytest.raises(DocumentError, match="不支持的文件类型"):
        save_upload(settings, name, b"text")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_upload_size_limit_and_empty_upload(tmp_path: Path) -> None:
    from knowledge.errors import DocumentError
    from knowledge.manage import add_documents, save_upload

    settings: Settings = hard_settings(tmp_path / "data")  # 1 MB
    with pytest.raises(DocumentError, match="文件过大"):
        save_upload(settings, "big.txt", b"x" * (1024 * 1024 + 1))
    with pytest.raises(DocumentError, match="文件为空"):
        save_upload(settings, "empty.txt", b"")
    report, refused = add_documents(settings, [("big.txt", b"x" * (2 * 1024 * 1024)), ("../e.txt", b"")])
    assert report is None  # nothing saved, nothing ingested
    assert [n for n, _ in refused] == ["big.txt", "../e.txt"] and all(CJK.search(r) for _, r in refused)


def test_a_parser_child_that_cannot_start_is_a_chinese_error(tmp_path: Path) -> None:
    """A memory limit too small for the child to even import is named, not a bare EOFError."""
    from knowledge.errors import DocumentError

    source = tmp_path / "src"
    source.mkdir()
    (source / "a.txt").write_text("第一条 测试。", encoding="utf-8")
    with pytest.raises(DocumentError, match="JIANDU_PARSE_MEMORY_MB"):
        ingest(hard_settings(tmp_path / "data", parse_memory_mb=1), [source])
