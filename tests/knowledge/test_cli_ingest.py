"""`jiandu ingest`, `jiandu docs`, `jiandu show`, in-process with click's CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from assistant.cli import cli
from knowledge.config import Settings
from knowledge.index import CLAUSES, current_generation, index_root, load_index
from tests.knowledge.conftest import DOC_IDS, SHORT_DOC, TinyIndex, make_tiny_source

D000, D001 = DOC_IDS[:2]


def run(data_dir: Path, *args: str, **env: str) -> Result:
    """One CLI call with its own data dir; no jiandu.toml of the working directory is read."""
    environ = {"JIANDU_DATA_DIR": str(data_dir), "JIANDU_CONFIG": str(data_dir / "no-such.toml"), **env}
    return CliRunner().invoke(cli, list(args), obj={}, env=environ, catch_exceptions=False)


# --- ingest ----------------------------------------------------------------------------------------------


def test_ingest_a_source_dir(tmp_path: Path, tiny_base: TinyIndex) -> None:
    source = make_tiny_source(tmp_path / "src")
    result = run(tmp_path / "data", "ingest", "--source", str(source))
    assert result.exit_code == 0, result.output
    assert re.match(r"索引已更新: 2 篇文档,10 个条款,新嵌入 10 个条款、[1-9]\d* 个句子,用时 ", result.stdout), result.stdout
    assert f"  新增: {SHORT_DOC}, reg\n" in result.stdout
    assert result.stderr == ""
    # Clause ids depend on the text only: the same documents give the same ids in another data dir.
    ids = [c.id for c in load_index(Settings(data_dir=tmp_path / "data")).clauses]
    assert ids == [c.id for c in load_index(tiny_base.settings).clauses]

    again = run(tmp_path / "data", "ingest", "--source", str(source), "--json")
    assert again.exit_code == 0, again.output
    report = json.loads(again.stdout)
    assert report["changed"] is False and report["embedded"] == 0 and report["clauses"] == 10
    assert report["generation"] == current_generation(Settings(data_dir=tmp_path / "data"))


def test_ingest_with_a_bad_file_names_it_and_exits_1(tiny_index: TinyIndex) -> None:
    (tiny_index.source / "broken.docx").write_bytes(bytes(range(7, 250)) * 20)
    result = run(tiny_index.settings.data_dir, "ingest", "--source", str(tiny_index.source))
    assert result.exit_code == 1
    assert "  失败: broken.docx: 文件扩展名为 .docx,但内容不是 DOCX 格式" in result.stderr
    assert result.stdout.startswith("文档无变化,索引保持不变: 2 篇文档,10 个条款")  # the good ones are kept


def test_ingest_json_lists_failures(tiny_index: TinyIndex) -> None:
    (tiny_index.source / "notes.xlsx").write_bytes(b"PK\x03\x04")
    result = run(tiny_index.settings.data_dir, "ingest", "--source", str(tiny_index.source), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["failed"] == [{"name": "notes.xlsx", "reason": "不支持的文件类型 .xlsx"}]


def test_ingest_missing_source_dir(tmp_path: Path) -> None:
    result = run(tmp_path / "data", "ingest", "--source", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert f"文档目录 {tmp_path / 'nowhere'} 不存在" in result.stderr


def test_bad_setting_is_reported_in_chinese(tmp_path: Path) -> None:
    result = run(tmp_path / "data", "docs", JIANDU_EMBEDDER="bge")
    assert result.exit_code == 1
    assert "JIANDU_EMBEDDER=“bge” 不受支持" in result.stderr


def test_docs_without_an_index(tmp_path: Path) -> None:
    result = run(tmp_path / "data", "docs")
    assert result.exit_code == 1
    assert result.stderr == "错误: 尚未建立索引,请先运行 jiandu ingest(或 make run 自动建立)\n"


def test_damaged_index_tells_how_to_rebuild_and_rebuild_restores(tiny_index: TinyIndex) -> None:
    settings = tiny_index.settings
    generation = current_generation(settings)
    assert generation is not None
    (index_root(settings) / generation / CLAUSES).unlink()
    broken = run(settings.data_dir, "docs")
    assert broken.exit_code == 1
    assert broken.stderr == "错误: 条款文件损坏,请运行 jiandu ingest --rebuild 重建索引\n"

    rebuilt = run(settings.data_dir, "ingest", "--rebuild", "--source", str(tiny_index.source), "--json")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert json.loads(rebuilt.stdout)["embedded"] == 10
    assert run(settings.data_dir, "docs").exit_code == 0


# --- docs and show on the corpus -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_dir(corpus_settings: Settings) -> Path:
    return corpus_settings.data_dir


def test_docs_json(corpus_dir: Path) -> None:
    result = run(corpus_dir, "docs", "--json")
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)["docs"]
    assert sorted(d["doc_id"] for d in docs) == DOC_IDS
    one = next(d for d in docs if d["doc_id"] == D001)
    assert one["title"] == "关于构建从严管理监督干部体系的实施意见"
    assert (one["issuer"], one["level"], one["clause_count"]) == ("泾县县委组织部", "县", 16)
    assert one["warnings"] == []


def test_docs_text(corpus_dir: Path) -> None:
    result = run(corpus_dir, "docs")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert f"{D001}    16 条  [县]泾县县委组织部  《关于构建从严管理监督干部体系的实施意见》(实施意见)" in lines


def test_show_json(corpus_dir: Path) -> None:
    result = run(corpus_dir, "show", D001, "--json")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().splitlines()) == 1  # one JSON object
    shown = json.loads(result.stdout)
    assert shown["doc"]["doc_id"] == D001
    clauses = shown["clauses"]
    assert len(clauses) == 16
    assert [c["ordinal"] for c in clauses] == list(range(16))
    assert set(clauses[0]) == {"id", "doc_id", "doc_title", "path", "text", "start", "end", "ordinal", "flag"}
    assert ["严格日常监督,强化制度约束", "一是严格执行请销假等制度"] in [c["path"] for c in clauses]


def test_show_000_lists_its_own_headings(corpus_dir: Path) -> None:
    result = run(corpus_dir, "show", D000, "--json")
    assert result.exit_code == 0, result.output
    paths = [c["path"] for c in json.loads(result.stdout)["clauses"]]
    assert [p[0] for p in paths if p][:1] == ["一把手监督工作基本情况篇一"]
    assert {p[0] for p in paths} == {f"一把手监督工作基本情况篇{n}" for n in "一二三"}
    assert ["一把手监督工作基本情况篇三", "(一)强化思想教育,增强自律意识和民主意识"] in paths


def test_show_text(corpus_dir: Path) -> None:
    result = run(corpus_dir, "show", D000)
    assert result.exit_code == 0
    assert "[47] 一把手监督工作基本情况篇三 / (一)强化思想教育,增强自律意识和民主意识\n" in result.stdout


def test_show_unknown_document(corpus_dir: Path) -> None:
    result = run(corpus_dir, "show", "999_nope", "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "没有编号为 999_nope 的文档;用 jiandu docs 查看已入库文档" in result.stderr
