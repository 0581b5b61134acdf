"""Exports: open the Word and Excel files and read them back; parse JSON, Markdown and GIFT."""

from __future__ import annotations

import io
import json
import re

import pytest
from docx import Document
from openpyxl import load_workbook  # type: ignore[import-untyped]

from assistant.quiz import QuizError, QuizItem, export_quiz
from assistant.quiz.export import ANSWER_SHEET, XLSX_HEADER, gift_escape

EXPECTED_HEADER = ("题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "正确答案", "解析", "出处")
TYPE_NAMES = {"cloze": "填空题", "single": "单选题", "multiple": "多选题", "judge": "判断题"}


def test_docx_has_every_stem_and_an_answer_sheet_at_the_end(quiz50: list[QuizItem]) -> None:
    doc = Document(io.BytesIO(export_quiz(quiz50, "docx")))
    paragraphs = [p for p in doc.paragraphs]
    texts = [p.text for p in paragraphs]
    sheet = texts.index(ANSWER_SHEET)
    assert paragraphs[sheet].style.name.startswith("Heading")
    body, answers = texts[:sheet], texts[sheet + 1:]
    for it in quiz50:
        assert any(it.stem in t for t in body), it.stem
        for option in it.options if it.type in ("single", "multiple") else ():
            assert f"{option[0]}. {option[2:]}" in body
    # the answer sheet: one "n. 答案:…" line per item, in paper order, each followed by its explanation
    keys = [t for t in answers if re.match(r"\d+\. 答案:", t)]
    assert len(keys) == len(quiz50)
    numbered = [int(t.split(".")[0]) for t in keys]
    assert numbered == list(range(1, 51))
    by_stem = {t.split(". ", 1)[1]: int(t.split(".")[0]) for t in body if re.match(r"\d+\. ", t)}
    for it in quiz50:
        n = next(v for k, v in by_stem.items() if k.startswith(it.stem))
        expected = {"judge": "正确" if it.answer == "A" else "错误"}.get(it.type, it.answer)
        assert keys[n - 1] == f"{n}. 答案:{expected}"
    assert sum(1 for t in answers if t.startswith("解析:")) == len(quiz50)
    # the paper itself gives nothing away
    assert not any(t.startswith(("答案", "解析")) for t in body)


def test_xlsx_has_the_exam_system_columns(quiz50: list[QuizItem]) -> None:
    ws = load_workbook(io.BytesIO(export_quiz(quiz50, "xlsx"))).active
    rows = [tuple("" if v is None else v for v in r) for r in ws.iter_rows(values_only=True)]
    assert rows[0] == EXPECTED_HEADER == XLSX_HEADER
    assert len(rows) == 51
    for it, row in zip(quiz50, rows[1:], strict=True):
        record = dict(zip(EXPECTED_HEADER, row, strict=True))
        assert record["题型"] == TYPE_NAMES[it.type]
        assert record["题干"] == it.stem
        assert record["解析"] == it.explanation and it.citation.quote in record["解析"]
        assert record["出处"].startswith("《") and it.citation.doc_title.split("(")[0][:6] in record["出处"]
        options = [record[f"选项{c}"] for c in "ABCDEF"]
        if it.type == "judge":
            assert record["正确答案"] == ("正确" if it.answer == "A" else "错误")
            assert options == [""] * 6
        elif it.type == "cloze":
            assert record["正确答案"] == it.answer and options == [""] * 6
        else:
            assert record["正确答案"] == it.answer
            assert options[: len(it.options)] == [o[2:] for o in it.options]
            assert all(o == "" for o in options[len(it.options):])
            for letter in it.answer:
                assert options["ABCDEF".index(letter)] == it.option_text(letter)


def test_json_round_trips(quiz50: list[QuizItem]) -> None:
    data = json.loads(export_quiz(quiz50, "json").decode("utf-8"))
    assert [QuizItem.from_dict(d) for d in data] == quiz50
    assert all(set(d["citation"]) == {"doc_id", "doc_title", "clause_id", "path", "quote"} for d in data)


def test_markdown_lists_questions_with_answers(quiz50: list[QuizItem]) -> None:
    md = export_quiz(quiz50, "md").decode("utf-8")
    assert md.startswith("# ")
    for heading in ("一、填空题", "二、单选题", "三、多选题", "四、判断题"):
        assert f"## {heading}" in md
    for it in quiz50:
        assert it.stem in md and it.citation.quote in md
    assert md.count("**答案:**") == 50


def _gift_blocks(text: str) -> list[str]:
    return [b for b in text.split("\n\n") if b.startswith("//") and "::" in b]


def test_gift_is_importable_moodle_text(quiz50: list[QuizItem]) -> None:
    gift = export_quiz(quiz50, "gift").decode("utf-8")
    assert "$CATEGORY:" in gift
    blocks = _gift_blocks(gift)
    assert len(blocks) == 50
    for it, block in zip(quiz50, blocks, strict=True):
        question = block.split("\n", 1)[1]
        assert question.startswith(f"::{it.id}::")
        unescaped = re.sub(r"\\.", "", question)
        assert unescaped.count("{") == 1 and unescaped.count("}") == 1, question
        assert ":" not in unescaped.replace(f"::{it.id}::", "", 1), question  # every ":" in text is escaped
        assert "####" in question  # general feedback carries the explanation
        answers = question[question.index("{"):]
        if it.type == "judge":
            assert answers.startswith("{TRUE" if it.answer == "A" else "{FALSE")
        elif it.type == "cloze":
            assert answers.startswith("{=" + gift_escape(it.answer))
        elif it.type == "single":
            assert answers.count("\n\t=") == 1 and answers.count("\n\t~") == len(it.options) - 1
        else:
            weights = [float(w) for w in re.findall(r"~%(-?[\d.]+)%", answers)]
            assert len(weights) == len(it.options)
            assert sum(w for w in weights if w > 0) == pytest.approx(100, abs=0.01)


def test_gift_escapes_special_characters() -> None:
    assert gift_escape("出处:《a》{b}=c~d#e\\f") == "出处\\:《a》\\{b\\}\\=c\\~d\\#e\\\\f"
    assert "\n" not in gift_escape("第一行\n\n第二行")


def test_unknown_format_is_refused(quiz50: list[QuizItem]) -> None:
    with pytest.raises(QuizError, match="不支持的导出格式 “pdf”"):
        export_quiz(quiz50, "pdf")
