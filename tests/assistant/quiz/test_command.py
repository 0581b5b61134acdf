"""`jiandu quiz` run in-process with the real corpus index."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook  # type: ignore[import-untyped]

from assistant.quiz.command import parse_types, pick_format, quiz


@pytest.fixture
def env(corpus_settings) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"JIANDU_DATA_DIR": str(corpus_settings.data_dir), "HF_HUB_OFFLINE": "1"}


def test_writes_xlsx_and_says_what_it_did(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "out" / "quiz.xlsx"
    result = CliRunner().invoke(quiz, ["--count", "12", "--seed", "3", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert "已生成 12 道题" in result.output and "其中 12 道出自有约束力的文件" in result.output
    assert str(out) in result.output
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "题型", "题干") and len(rows) == 13


def test_docx_paper_comes_with_its_key(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "paper.docx"
    result = CliRunner().invoke(quiz, ["-n", "10", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert out.is_file() and (tmp_path / "paper-答案.docx").is_file()


def test_runs_as_a_subcommand_of_a_group(tmp_path: Path, env: dict[str, str]) -> None:
    @click.group()
    def cli() -> None:
        pass

    cli.add_command(quiz)
    out = tmp_path / "q.json"
    args = ["quiz", "--count", "6", "--types", "填空,判断", "--doc", "001_ad443106805678c7", "--format", "json",
            "--out", str(out)]
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    items = json.loads(out.read_text(encoding="utf-8"))
    assert len(items) == 6 and {i["type"] for i in items} == {"cloze", "judge"}
    assert all(i["citation"]["doc_id"] == "001_ad443106805678c7" for i in items)


def test_exclude_gives_a_b_paper_with_no_shared_rule(tmp_path: Path, env: dict[str, str]) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert CliRunner().invoke(quiz, ["-n", "12", "--out", str(a)], env=env).exit_code == 0
    result = CliRunner().invoke(quiz, ["-n", "12", "--seed", "1", "--exclude", str(a), "--out", str(b)], env=env)
    assert result.exit_code == 0, result.output
    rules = [{r for d in json.loads(p.read_text(encoding="utf-8")) for r in d["rules"]} for p in (a, b)]
    assert rules[0] and rules[1] and not rules[0] & rules[1]


def test_exclude_refuses_a_file_that_is_no_paper(tmp_path: Path, env: dict[str, str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": 1}', encoding="utf-8")
    result = CliRunner().invoke(quiz, ["--exclude", str(bad), "--out", str(tmp_path / "q.json")], env=env)
    assert result.exit_code == 1 and "不是 jiandu quiz 导出的 JSON 题目列表" in result.output


def test_bank_says_how_many(tmp_path: Path, env: dict[str, str]) -> None:
    result = CliRunner().invoke(quiz, ["--bank", "--out", str(tmp_path / "bank.json")], env=env)
    assert result.exit_code == 0, result.output
    items = json.loads((tmp_path / "bank.json").read_text(encoding="utf-8"))
    assert f"题库共 {len(items)} 道题" in result.output and len(items) > 40


def test_same_seed_gives_the_same_file(tmp_path: Path, env: dict[str, str]) -> None:
    outs = []
    for name in ("a.gift", "b.gift"):
        result = CliRunner().invoke(quiz, ["-n", "15", "--seed", "9", "--out", str(tmp_path / name)], env=env)
        assert result.exit_code == 0, result.output
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]


def test_short_supply_is_reported_in_chinese(tmp_path: Path, env: dict[str, str]) -> None:
    result = CliRunner().invoke(quiz, ["-n", "40", "--out", str(tmp_path / "q.md")], env=env)
    assert result.exit_code == 0, result.output
    assert "提示: 只生成了" in result.output and "(要求 40 道)" in result.output and "不用琐碎内容凑数" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--doc", "999_nope"], "索引中没有文档 999_nope"),
        (["--types", "cloze,essay"], "不支持的题型: essay"),
        (["--heading", "没有这个标题"], "没有条款位于标题"),
    ],
)
def test_domain_errors_become_chinese_messages(tmp_path: Path, env: dict[str, str], args: list[str],
                                               message: str) -> None:
    result = CliRunner().invoke(quiz, [*args, "--out", str(tmp_path / "q.json")], env=env)
    assert result.exit_code == 1 and message in result.output
    assert not (tmp_path / "q.json").exists()


def test_unknown_extension_needs_format(tmp_path: Path, env: dict[str, str]) -> None:
    result = CliRunner().invoke(quiz, ["--out", str(tmp_path / "q.pptx")], env=env)
    assert result.exit_code == 1 and "请用 --format 指定" in result.output


def test_missing_index_is_explained(tmp_path: Path) -> None:
    result = CliRunner().invoke(quiz, ["--out", str(tmp_path / "q.json")],
                                env={"JIANDU_DATA_DIR": str(tmp_path / "empty")})
    assert result.exit_code == 1 and "尚未建立索引" in result.output


def test_format_follows_the_file_name() -> None:
    assert [pick_format(None, Path(n)) for n in ("a.docx", "a-答案.docx", "a.pdf", "a.xml", "a.txt", "a.gift")] == \
        ["docx", "key-docx", "pdf", "moodle", "txt", "gift"]


def test_parse_types_accepts_chinese_names() -> None:
    assert parse_types("填空,单选题、多选,judge") == ("cloze", "single", "multiple", "judge")
