"""A failed upload is quarantined with its reason (never parsed again, listed, deletable); clauses are limited
per upload and per request; an administrator can stop a running ingest; names that sanitise alike keep both.

Before: a failed upload stayed in uploads/ and was parsed again by every ingest (one with nothing changed took
22.6 s) and DELETE answered 404; a 19 MB text made 44,927 clauses and held the ingest lock for an hour;
"规定 (1).txt" and "规定_1.txt" replaced each other.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from knowledge.errors import CancelledError
from knowledge.index import current_generation, index_root, load_index
from knowledge.ingest import ingest, quarantine_dir, uploads_dir
from knowledge.manage import add_documents, cancel_ingest, list_quarantine, remove_quarantined
from tests.hardening.conftest import Base

BROKEN_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nthis is not a whole pdf\n"


def regulation(title: str, n: int, word: str = "事项") -> bytes:
    """A regulation of `n` articles, each its own clause."""
    lines = [title] + [f"第{i}条 干部第{i}类{word}应当按照规定程序报告,经单位主要负责人审批后执行,并在{i}个工作日内备案。"
                       for i in range(1, n + 1)]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def base(good_base: Base) -> Base:
    """The two-document index, with its source dir as the bundled docs (so web-style ingests keep them)."""
    return Base(good_base.settings.with_(docs_dir=good_base.source), good_base.source, good_base.ids)


def test_a_failed_upload_is_quarantined_listed_not_reparsed_and_deletable(base: Base) -> None:
    settings = base.settings
    report, refused = add_documents(settings, [("损坏.pdf", BROKEN_PDF), ("新规定.txt", regulation("新规定", 3))])
    assert report is not None and not refused
    assert [f.name for f in report.failed] == ["损坏.pdf"] and "新规定" in report.added
    assert not (uploads_dir(settings) / "损坏.pdf").exists()  # out of the uploads dir
    assert (quarantine_dir(settings) / "损坏.pdf").read_bytes() == BROKEN_PDF
    [item] = list_quarantine(settings)
    assert item.doc_id == "损坏" and item.name == "损坏.pdf" and "PDF" in item.reason
    again = ingest(settings)  # nothing changed: nothing is parsed, nothing fails again
    assert not again.changed and again.failed == ()
    assert remove_quarantined(settings, "损坏") == ["损坏.pdf"]
    assert list_quarantine(settings) == [] and not any(quarantine_dir(settings).iterdir())
    assert remove_quarantined(settings, "损坏") == []


def test_an_indexed_upload_that_fails_later_keeps_its_file_and_clauses(base: Base) -> None:
    """A failure of a document already in the index may be passing (a timeout under load): no quarantine."""
    settings = base.settings
    add_documents(settings, [("借调.txt", regulation("借调规定", 3))])
    (uploads_dir(settings) / "借调.txt").write_bytes(BROKEN_PDF[:0] + b"\x00\x01\x02binary")
    report = ingest(settings)
    assert [f.name for f in report.failed] == ["借调.txt"] and "借调" in report.unchanged
    assert (uploads_dir(settings) / "借调.txt").exists() and list_quarantine(settings) == []


def test_clauses_per_upload_are_limited(base: Base) -> None:
    settings = base.settings.with_(max_clauses_per_doc=40)
    before = current_generation(settings)
    report, _ = add_documents(settings, [("巨型.txt", regulation("巨型文件", 60))])
    assert report is not None and report.failed[0].name == "巨型.txt"
    assert "60 个条款,超过单个文档上限 40 个" in report.failed[0].reason
    assert current_generation(settings) == before and "巨型" not in load_index(settings).docs
    assert [q.name for q in list_quarantine(settings)] == ["巨型.txt"]


def test_clauses_per_request_are_limited_and_the_rest_waits(base: Base) -> None:
    settings = base.settings.with_(max_clauses_per_ingest=30)
    report, _ = add_documents(settings, [("甲.txt", regulation("甲规定", 20, "甲事")),
                                         ("乙.txt", regulation("乙规定", 20, "乙事"))])
    assert report is not None and report.embedded <= 30
    assert len(report.added) == 1 and len(report.failed) == 1  # files go in name order: 乙 before 甲
    waiting = report.failed[0].name
    assert {report.added[0] + ".txt", waiting} == {"甲.txt", "乙.txt"}
    assert "上限 30 个" in report.failed[0].reason and "下次入库" in report.failed[0].reason
    assert (uploads_dir(settings) / waiting).exists() and list_quarantine(settings) == []  # waits, not failed
    later = ingest(settings)  # the CLI's ingest has no per-request budget
    assert later.added == (waiting.removesuffix(".txt"),)


def test_names_that_sanitise_alike_keep_both(base: Base) -> None:
    settings = base.settings
    one, two = regulation("规定一", 2, "出国"), regulation("规定二", 2, "报备")
    report, _ = add_documents(settings, [("规定 (1).txt", one), ("规定_1.txt", two)])
    assert report is not None
    index = load_index(settings)
    texts = {d: "".join(c.text for c in index.doc_clauses(d)) for d in ("规定_1", "规定_1_2")}
    assert "出国" in texts["规定_1"] and "报备" in texts["规定_1_2"]
    # the same name again is an update of its own file, not a third copy
    add_documents(settings, [("规定_1.txt", regulation("规定二", 2, "请假"))])
    assert sorted(p.name for p in uploads_dir(settings).iterdir() if not p.name.startswith(".")) == \
        ["规定_1.txt", "规定_1_2.txt"]
    index = load_index(settings)
    assert "请假" in "".join(c.text for c in index.doc_clauses("规定_1_2"))
    assert "出国" in "".join(c.text for c in index.doc_clauses("规定_1"))


def test_an_administrator_can_stop_a_running_ingest(base: Base) -> None:
    settings = base.settings.with_(embed_batch=8)
    before = current_generation(settings)
    gens_before = sorted(p.name for p in index_root(settings).iterdir() if p.is_dir())
    assert cancel_ingest(settings) is False  # nothing running: nothing asked
    asked: list[bool] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "embed" and not asked:  # the first batch is embedded: the admin presses stop
            asked.append(cancel_ingest(settings))

    (uploads_dir(settings)).mkdir(parents=True, exist_ok=True)
    (uploads_dir(settings) / "长文件.txt").write_bytes(regulation("长文件", 200))
    errors: list[BaseException] = []

    def run() -> None:
        try:
            ingest(settings, progress=progress)
        except BaseException as exc:  # noqa: BLE001 - the test inspects it
            errors.append(exc)

    thread = threading.Thread(target=run)  # the web face runs ingests in a worker thread like this
    thread.start()
    thread.join(timeout=300)
    assert asked == [True]
    assert len(errors) == 1 and isinstance(errors[0], CancelledError) and "停止" in str(errors[0])
    assert current_generation(settings) == before  # the index in service is as it was
    assert sorted(p.name for p in index_root(settings).iterdir() if p.is_dir()) == gens_before
    assert not (settings.data_dir / "ingest.cancel").exists()
    assert ingest(settings).added == ("长文件",)  # the next ingest is not stopped by the old request


def test_a_partial_upload_is_never_left(base: Base, tmp_path: Path) -> None:
    settings = base.settings
    add_documents(settings, [("完整.txt", regulation("完整", 2))])
    assert not [p for p in uploads_dir(settings).iterdir() if p.name.endswith(".part")]
