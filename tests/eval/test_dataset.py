from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval.dataset import DatasetError, load_dataset
from knowledge.config import PROJECT_ROOT

GOOD = {"id": "q1", "question": "交接多久办结?", "answerable": True, "must_include": [["7个工作日"]],
        "source_quote": "工作交接一般应在7个工作日内办结"}
NONE = {"id": "q2", "question": "退休金怎么算?", "answerable": False}


def write(tmp_path: Path, *rows: Any) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows),
                    encoding="utf-8")
    return path


def test_the_shipped_gold_set_loads() -> None:
    questions = load_dataset(PROJECT_ROOT / "eval" / "data" / "gold.jsonl")
    assert len(questions) == 152
    assert sum(not q.answerable for q in questions) == 16
    assert all(q.source_quote for q in questions if q.answerable)


def test_extra_keys_blank_lines_and_string_groups_are_accepted(tmp_path: Path) -> None:
    row = {**GOOD, "must_include": ["书面", ["7个工作日", "七个工作日"]], "difficulty": "easy", "author": "张三"}
    qs = load_dataset(write(tmp_path, row, "", NONE))
    assert [q.id for q in qs] == ["q1", "q2"]
    assert qs[0].must_include == (("书面",), ("7个工作日", "七个工作日"))
    assert qs[0].extra == {"difficulty": "easy", "author": "张三"}
    assert qs[1].line == 3 and qs[1].must_include == ()


def test_history_and_doc_ids(tmp_path: Path) -> None:
    row = {**GOOD, "history": [{"role": "user", "content": "乡镇呢"}], "doc_ids": ["001_x"]}
    q = load_dataset(write(tmp_path, row))[0]
    assert q.history == ({"role": "user", "content": "乡镇呢"},) and q.doc_ids == ("001_x",)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="数据集文件 .*nope.jsonl 不存在"):
        load_dataset(tmp_path / "nope.jsonl")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.jsonl"
    path.write_bytes(json.dumps(GOOD, ensure_ascii=False).encode("gbk"))
    with pytest.raises(DatasetError, match="不是 UTF-8 编码"):
        load_dataset(path)


def test_bad_json_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="第 2 行: 不是有效的 JSON"):
        load_dataset(write(tmp_path, GOOD, '{"id": "q3", '))


def test_line_numbers_count_blank_lines(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="第 3 行: 缺少必填字段 question"):
        load_dataset(write(tmp_path, GOOD, "", {"id": "q3", "answerable": False}))


def test_not_an_object(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="第 1 行: 应为 JSON 对象,实际为列表"):
        load_dataset(write(tmp_path, ["q1", "问题"]))


def test_missing_answerable(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="第 1 行: 缺少必填字段 answerable"):
        load_dataset(write(tmp_path, {"id": "q1", "question": "问"}))


def test_answerable_of_the_wrong_type(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="第 1 行: 字段 answerable 应为 true/false,实际为字符串"):
        load_dataset(write(tmp_path, {**GOOD, "answerable": "yes"}))


def test_id_of_the_wrong_type(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="第 1 行: 字段 id 应为字符串,实际为整数"):
        load_dataset(write(tmp_path, {**GOOD, "id": 7}))


def test_empty_question(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="第 1 行: 字段 question 不能为空"):
        load_dataset(write(tmp_path, {**GOOD, "question": "  "}))


def test_answerable_needs_a_quote(tmp_path: Path) -> None:
    row = {k: v for k, v in GOOD.items() if k != "source_quote"}
    with pytest.raises(DatasetError, match="第 1 行: 缺少必填字段 source_quote"):
        load_dataset(write(tmp_path, row))


def test_answerable_needs_must_include(tmp_path: Path) -> None:
    row = {k: v for k, v in GOOD.items() if k != "must_include"}
    with pytest.raises(DatasetError, match="第 1 行: 缺少必填字段 must_include"):
        load_dataset(write(tmp_path, row))


def test_must_include_not_a_list(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="字段 must_include 应为要点组的列表.*实际为字符串"):
        load_dataset(write(tmp_path, {**GOOD, "must_include": "7个工作日"}))


def test_must_include_bad_group(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="第 1 行: must_include 第 2 组无效"):
        load_dataset(write(tmp_path, {**GOOD, "must_include": [["书面"], [7, 8]]}))


def test_tags_not_strings(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="第 1 行: 字段 tags 应为字符串列表"):
        load_dataset(write(tmp_path, {**GOOD, "tags": "时限"}))


def test_bad_history(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="第 1 行: 字段 history 应为对话轮次列表"):
        load_dataset(write(tmp_path, {**GOOD, "history": [{"role": "system", "content": "x"}]}))


def test_unanswerable_with_a_quote(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="第 1 行: 不可回答的问题.*不应有 source_quote"):
        load_dataset(write(tmp_path, {**NONE, "source_quote": "某句"}))


def test_duplicate_ids(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="第 2 行: id “q1” 与第 1 行重复"):
        load_dataset(write(tmp_path, GOOD, GOOD))


def test_every_bad_line_is_reported_up_to_a_limit(tmp_path: Path) -> None:
    rows = [{"id": f"q{i}", "answerable": False} for i in range(25)]
    with pytest.raises(DatasetError, match=r"(?s)第 1 行.*第 20 行.*另有 5 处问题"):
        load_dataset(write(tmp_path, *rows))


def test_empty_dataset(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="中没有问题"):
        load_dataset(write(tmp_path, "", "  "))


def test_the_heldout_set_loads_and_its_quotes_are_verbatim(corpus_index) -> None:  # type: ignore[no-untyped-def]
    """eval/data/heldout.jsonl: written from the documents by a second author, never tuned on at first."""
    questions = load_dataset(PROJECT_ROOT / "eval" / "data" / "heldout.jsonl")
    assert len(questions) == 40 and sum(not q.answerable for q in questions) == 12
    for q in questions:
        if q.answerable:
            assert any(q.source_quote in c.text for c in corpus_index.doc_clauses(q.source_doc)), q.id
