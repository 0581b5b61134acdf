"""The gold question set: JSON Lines in the schema of DESIGN.md, validated with errors that name the line.

Required on every line: `id` (string), `question` (string), `answerable` (true/false).
Answerable questions also need `source_quote` (string) and `must_include` (a list of groups, each a
list of alternative strings; a bare string counts as a group of one). Optional: `source_doc`,
`reference`, `tags` (list of strings), `history` (earlier turns, `{"role", "content"}`) and `doc_ids`
(restrict retrieval to these documents). Any other key is kept out of the way and ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.errors import JianduError

MAX_ERRORS = 20


class DatasetError(JianduError):
    """The dataset file is missing, unreadable or not in the schema."""


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    question: str
    answerable: bool
    must_include: tuple[tuple[str, ...], ...] = ()
    source_quote: str = ""
    source_doc: str = ""
    reference: str = ""
    tags: tuple[str, ...] = ()
    history: tuple[dict[str, str], ...] = ()
    doc_ids: tuple[str, ...] = ()
    line: int = 0
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def gold(self) -> dict[str, Any]:
        """The gold fields as they appear in results.jsonl."""
        return {"source_doc": self.source_doc, "source_quote": self.source_quote,
                "must_include": [list(g) for g in self.must_include], "reference": self.reference}


_TYPE_NAMES = {str: "字符串", bool: "true/false", list: "列表", dict: "对象", int: "整数", float: "数字",
               type(None): "null"}


def _type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class _Line:
    """Collects the problems of one line."""

    def __init__(self, no: int, row: dict[str, Any]) -> None:
        self.no = no
        self.row = row
        self.problems: list[str] = []

    def fail(self, message: str) -> None:
        self.problems.append(f"第 {self.no} 行: {message}")

    def string(self, key: str, required: bool) -> str:
        if key not in self.row:
            if required:
                self.fail(f"缺少必填字段 {key}")
            return ""
        value = self.row[key]
        if not isinstance(value, str):
            self.fail(f"字段 {key} 应为字符串,实际为{_type_name(value)}")
            return ""
        if required and not value.strip():
            self.fail(f"字段 {key} 不能为空")
        return value.strip()

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.row.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"字段 {key} 应为字符串列表,如 [\"时限\", \"paraphrase\"]")
            return ()
        return tuple(value)

    def groups(self, required: bool) -> tuple[tuple[str, ...], ...]:
        if "must_include" not in self.row:
            if required:
                self.fail("缺少必填字段 must_include(要点组列表,如 [[\"7个工作日\", \"七个工作日\"], [\"书面\"]])")
            return ()
        value = self.row["must_include"]
        hint = "应为要点组的列表,每组是可互相替代的字符串列表,如 [[\"7个工作日\", \"七个工作日\"], [\"书面\"]]"
        if not isinstance(value, list):
            self.fail(f"字段 must_include {hint},实际为{_type_name(value)}")
            return ()
        out = []
        for i, group in enumerate(value, 1):
            group = [group] if isinstance(group, str) else group
            if not isinstance(group, list) or not group or not all(isinstance(s, str) and s.strip() for s in group):
                self.fail(f"must_include 第 {i} 组无效: {hint}")
                continue
            out.append(tuple(s.strip() for s in group))
        return tuple(out)

    def history(self) -> tuple[dict[str, str], ...]:
        value = self.row.get("history", [])
        ok = isinstance(value, list) and all(
            isinstance(t, dict) and t.get("role") in ("user", "assistant") and isinstance(t.get("content"), str)
            for t in value)
        if not ok:
            self.fail("字段 history 应为对话轮次列表,如 [{\"role\": \"user\", \"content\": \"...\"}]")
            return ()
        return tuple({"role": t["role"], "content": t["content"]} for t in value)


KNOWN = {"id", "question", "answerable", "must_include", "source_quote", "source_doc", "reference", "tags",
         "history", "doc_ids"}


def parse_line(no: int, row: Any) -> tuple[GoldQuestion | None, list[str]]:
    """One decoded JSON line as a question, or the problems found in it."""
    if not isinstance(row, dict):
        return None, [f"第 {no} 行: 应为 JSON 对象,实际为{_type_name(row)}"]
    line = _Line(no, row)
    qid = line.string("id", required=True)
    question = line.string("question", required=True)
    answerable = row.get("answerable")
    if "answerable" not in row:
        line.fail("缺少必填字段 answerable(true 或 false)")
    elif not isinstance(answerable, bool):
        line.fail(f"字段 answerable 应为 true/false,实际为{_type_name(answerable)}")
    answerable = answerable is True
    quote = line.string("source_quote", required=answerable)
    groups = line.groups(required=answerable)
    if not answerable and "answerable" in row and quote:
        line.fail("不可回答的问题(answerable 为 false)不应有 source_quote")
    q = GoldQuestion(
        id=qid, question=question, answerable=answerable, must_include=groups, source_quote=quote,
        source_doc=line.string("source_doc", required=False), reference=line.string("reference", required=False),
        tags=line.strings("tags"), history=line.history(), doc_ids=line.strings("doc_ids"), line=no,
        extra={k: v for k, v in row.items() if k not in KNOWN},
    )
    return (None if line.problems else q), line.problems


def load_dataset(path: Path | str) -> list[GoldQuestion]:
    """Read and validate a JSON Lines gold set; raise DatasetError listing every bad line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError as exc:
        raise DatasetError(f"数据集文件 {path} 不存在") from exc
    except UnicodeDecodeError as exc:
        raise DatasetError(f"数据集文件 {path} 不是 UTF-8 编码,请另存为 UTF-8") from exc
    except OSError as exc:
        raise DatasetError(f"数据集文件 {path} 无法读取: {exc}") from exc
    questions: list[GoldQuestion] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for no, text in enumerate(lines, 1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(f"第 {no} 行: 不是有效的 JSON({exc.msg},第 {exc.colno} 列)")
            continue
        q, errs = parse_line(no, row)
        problems += errs
        if q is None:
            continue
        if q.id in seen:
            problems.append(f"第 {no} 行: id “{q.id}” 与第 {seen[q.id]} 行重复")
            continue
        seen[q.id] = no
        questions.append(q)
    if problems:
        shown = problems[:MAX_ERRORS]
        more = f"\n……另有 {len(problems) - MAX_ERRORS} 处问题" if len(problems) > MAX_ERRORS else ""
        raise DatasetError(f"数据集 {path} 格式有误:\n" + "\n".join(shown) + more)
    if not questions:
        raise DatasetError(f"数据集 {path} 中没有问题(每行一个 JSON 对象)")
    return questions
