"""Exports of real items: the Word paper and key (A4, header, marks, page numbers), PDF, Excel columns, the
plain-text import, Moodle XML (strict checks of the question schema) and GIFT (parsed by pygiftparser)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from assistant.quiz import FORMAT_TABLE, FORMATS, QuizError, QuizItem, QuizResult, export_quiz
from assistant.quiz.export import XLSX_HEADER, Paper, display, key_cell, sections, total_points
from assistant.quiz.types import FALSE, TRUE, TYPE_NAMES

LETTERS = "ABCDEFGH"


def _numbered(items: list[QuizItem] | tuple[QuizItem, ...]) -> list[tuple[int, QuizItem]]:
    return [(n, it) for _, group in sections(items) for n, it in group]


def test_format_table_is_the_one_list() -> None:
    assert FORMATS == tuple(f.name for f in FORMAT_TABLE)
    assert {"docx", "key-docx", "pdf", "key-pdf", "xlsx", "txt", "moodle", "gift", "md", "json"} == set(FORMATS)
    assert all(f.label and f.suffix.endswith((".docx", ".pdf", ".xlsx", ".txt", ".xml", ".gift", ".md", ".json"))
               for f in FORMAT_TABLE)


def test_unknown_format_and_empty_paper_are_refused(quiz40: list[QuizItem]) -> None:
    with pytest.raises(QuizError, match="不支持的导出格式 “pptx”"):
        export_quiz(quiz40, "pptx")
    with pytest.raises(QuizError, match="没有题目可导出"):
        export_quiz([], "docx")


def test_json_round_trips_without_letters(quiz40: list[QuizItem]) -> None:
    data = json.loads(export_quiz(quiz40, "json"))
    assert [QuizItem.from_dict(d) for d in data] == list(quiz40)
    judge_keys = {d["answer"] for d in data if d["type"] == "judge"}
    assert judge_keys <= {TRUE, FALSE}


def _docx_text(data: bytes) -> tuple[Any, str]:
    from docx import Document

    doc = Document(io.BytesIO(data))
    return doc, "\n".join(p.text for p in doc.paragraphs)


def test_docx_paper_is_print_ready(quiz40: list[QuizItem]) -> None:
    doc, text = _docx_text(export_quiz(quiz40, "docx", Paper(title="A卷", minutes=45)))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert "姓名：" in text and "单位：" in text and "得分：" in text and "考试时间 45 分钟" in text
    assert f"满分 {total_points(quiz40)} 分" in text and text.startswith("A卷") and total_points(quiz40) == 100
    for heading, group in sections(quiz40):
        assert heading in text and re.search(r"每题 [\d.]+ 分，共 [\d.]+ 分", heading)
    for n, it in _numbered(quiz40):
        assert re.search(rf"^{n}\. ", text, re.M), n
    assert "答案:" not in text and "解析" not in text  # the key is a separate file
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_docx_key_has_a_compact_table_and_the_explanations(quiz40: list[QuizItem]) -> None:
    doc, text = _docx_text(export_quiz(quiz40, "key-docx"))
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    for n, it in _numbered(quiz40):
        i = cells.index(str(n))
        assert cells[i + 5] == key_cell(it)
        assert f"{n}. 答案：" in text and display(it.explanation) in text


def test_pdf_paper_and_key_are_a4_with_page_numbers(quiz40: list[QuizItem]) -> None:
    from pypdf import PdfReader

    for fmt, words in (("pdf", ("姓名", "得分", "考试时间")), ("key-pdf", ("答案", "解析"))):
        reader = PdfReader(io.BytesIO(export_quiz(quiz40, fmt)))
        assert len(reader.pages) >= 2
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
        text = "".join(p.extract_text() for p in reader.pages)
        assert all(w in text for w in words), fmt
        assert f"第 1 页 共 {len(reader.pages)} 页" in text


def _render(path: Path, out: Path) -> list[Path]:
    if path.suffix == ".docx":
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(path)],
                       check=True, capture_output=True, timeout=240)
        path = out / (path.stem + ".pdf")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(out / path.stem)], check=True, timeout=120)
    return sorted(out.glob(f"{path.stem}*.png"))


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                    reason="LibreOffice and poppler-utils render the papers (.ci/run installs them)")
def test_papers_render_to_a4_pages(quiz40: list[QuizItem], tmp_path: Path) -> None:
    from PIL import Image

    for fmt, name in (("docx", "paper.docx"), ("key-docx", "key.docx"), ("pdf", "paper.pdf")):
        path = tmp_path / name
        path.write_bytes(export_quiz(quiz40, fmt))
        out = tmp_path / f"png-{fmt}"
        out.mkdir()
        pages = _render(path, out)
        assert pages, fmt
        for k, page in enumerate(pages):
            w, h = Image.open(page).size
            assert abs(h / w - 297 / 210) < 0.01, (fmt, w, h)
            # ink on the page: CJK text came out, not an empty or a tofu-only page; the last page may hold a
            # single item, and still more ink than its footer (第 X 页 共 Y 页 alone is under 0.01%)
            gray = Image.open(page).convert("L")
            dark = sum(gray.histogram()[:128])
            assert dark > (0.005 if k + 1 < len(pages) else 0.0006) * w * h, (fmt, page.name)


def test_xlsx_has_the_import_columns(quiz40: list[QuizItem]) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    rows = list(load_workbook(io.BytesIO(export_quiz(quiz40, "xlsx"))).active.iter_rows(values_only=True))
    assert rows[0] == XLSX_HEADER
    head = {name: i for i, name in enumerate(XLSX_HEADER)}
    for row, (n, it) in zip(rows[1:], _numbered(quiz40), strict=True):
        assert row[head["序号"]] == n and row[head["题型"]] == TYPE_NAMES[it.type]
        assert row[head["分值"]] == it.points and row[head["难度"]] in ("易", "中", "难")
        assert row[head["知识点"]]
        key = row[head["正确答案"]]
        assert key == ("|".join(it.fills) if it.type == "cloze" else it.key)


def parse_txt(text: str) -> list[dict[str, Any]]:
    """A strict reader of the plain-text import layout (notes/README-quiz.md): one question a block."""
    out = []
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")
        m = re.fullmatch(r"(\d+)、【(填空题|单选题|多选题|判断题)】(.+)", lines[0])
        assert m, lines[0]
        options = [ln for ln in lines[1:] if re.match(r"[A-H]、", ln)]
        assert [o[0] for o in options] == list(LETTERS[:len(options)])
        rest = lines[1 + len(options):]
        assert [ln.split(":", 1)[0] for ln in rest] == ["答案", "解析", "分值"], rest
        answer = rest[0].split(":", 1)[1]
        kind = m.group(2)
        if kind in ("单选题", "多选题"):
            assert answer and set(answer) <= set(LETTERS[:len(options)])
            assert (len(answer) == 1) == (kind == "单选题")
        elif kind == "判断题":
            assert answer in (TRUE, FALSE) and not options
        else:
            assert answer and not options and "________" in m.group(3)
        out.append({"n": int(m.group(1)), "type": kind, "answer": answer, "options": [o[2:] for o in options]})
    return out


def test_plain_text_import_layout(quiz40: list[QuizItem]) -> None:
    parsed = parse_txt(export_quiz(quiz40, "txt").decode("utf-8"))
    for q, (n, it) in zip(parsed, _numbered(quiz40), strict=True):
        assert q["n"] == n and q["options"] == ([display(o) for o in it.options] if it.type in ("single", "multiple")
                                                 else [])
        assert q["answer"] == ("|".join(it.fills) if it.type == "cloze" else it.key)


MOODLE_TYPES = {"category", "multichoice", "truefalse", "shortanswer"}


def check_moodle(xml: bytes) -> list[etree._Element]:
    """The Moodle XML question format's rules we rely on, checked strictly (no Moodle parser on the index)."""
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    assert root.tag == "quiz"
    questions = []
    for q in root:
        kind = q.get("type")
        assert q.tag == "question" and kind in MOODLE_TYPES, kind
        if kind == "category":
            assert q.findtext("category/text")
            continue
        assert q.findtext("name/text") and q.findtext("questiontext/text")
        assert q.find("questiontext").get("format") == "html"
        assert float(q.findtext("defaultgrade")) > 0
        fractions = [float(a.get("fraction")) for a in q.findall("answer")]
        texts = [a.findtext("text") for a in q.findall("answer")]
        assert all(texts), kind
        if kind == "truefalse":
            assert texts == ["true", "false"] and sorted(fractions) == [0, 100]
        elif kind == "shortanswer":
            assert fractions and all(f == 100 for f in fractions) and len(set(texts)) == len(texts)
        else:
            single = q.findtext("single")
            assert single in ("true", "false")
            if single == "true":
                assert sorted(fractions)[-1] == 100 and fractions.count(100) == 1
            else:
                assert abs(sum(f for f in fractions if f > 0) - 100) < 0.01
        questions.append(q)
    return questions


def test_moodle_xml_follows_the_question_schema(bank: QuizResult) -> None:
    items = bank.items
    questions = check_moodle(export_quiz(items, "moodle"))
    assert len(questions) == len(items)
    for q, (_, it) in zip(questions, _numbered(items), strict=True):
        answers = [a.findtext("text") for a in q.findall("answer")]
        if it.type == "cloze":
            assert q.get("type") == "shortanswer" and answers == list(it.fills)
        elif it.type == "judge":
            right = [a.findtext("text") for a in q.findall("answer") if a.get("fraction") == "100"]
            assert right == (["true"] if it.key == TRUE else ["false"])
        else:
            keyed = [a.findtext("text") for a in q.findall("answer") if float(a.get("fraction")) > 0]
            assert keyed == list(it.answer_texts)


def test_gift_parses_with_a_gift_parser(bank: QuizResult) -> None:
    parser = pytest.importorskip("pygiftparser.parser", reason="pygiftparser is installed by .ci/run")
    items = bank.items
    questions = parser.parseFile(io.StringIO(export_quiz(items, "gift").decode("utf-8")))
    assert len(questions) == len(items)
    for q, (_, it) in zip(questions, _numbered(items), strict=True):
        assert q.valid, it.stem
        kind = type(q.answers).__name__
        if it.type == "cloze":
            assert kind == "ShortSet" and [a.answer for a in q.answers.answers] == list(it.fills)
        elif it.type == "judge":
            assert kind == "TrueFalseSet" and q.answers.answer == (it.key == TRUE)
        elif it.type == "single":
            assert kind == "SelectSet"
            assert [a.answer for a in q.answers.answers if a.fraction == 100] == list(it.answer_texts)
        else:
            assert kind == "MultipleChoicesSet"
            assert [a.answer for a in q.answers.answers if a.fraction > 0] == list(it.answer_texts)


def test_markdown_has_keys_and_explanations(quiz40: list[QuizItem]) -> None:
    md = export_quiz(quiz40, "md").decode("utf-8")
    assert md.count("**答案：**") == len(quiz40) and md.count("**解析：**") == len(quiz40)


# ---------------------------------------------------------------- layout, after the trainer's review

def test_docx_keeps_an_item_on_one_page_and_names_its_source_once(quiz40: list[QuizItem]) -> None:
    from assistant.quiz.export import one_source

    doc, text = _docx_text(export_quiz(quiz40, "docx"))
    assert doc.core_properties.title == "干部监督制度测试卷"  # the title, never the file name
    assert one_source(quiz40)
    assert "命题依据：本卷依据泾县县委组织部《关于构建从严管理监督干部体系的实施意见》命制" in text
    assert "《实施意见》规定," not in text  # the issuer is named once, not before every stem
    paragraphs = doc.paragraphs
    for k, p in enumerate(paragraphs):
        if re.match(r"^[A-E]\. ", p.text):
            # every option but the last of its item is kept with the next paragraph, and the stem with the first
            last = k + 1 == len(paragraphs) or not re.match(r"^[A-E]\. ", paragraphs[k + 1].text)
            assert p.paragraph_format.keep_with_next is (not last), p.text
            assert p.paragraph_format.keep_together
            if p.text.startswith("A. "):
                assert paragraphs[k - 1].paragraph_format.keep_with_next, paragraphs[k - 1].text
    # judge items open with their bracket, and uniform marks live in the section head only
    assert re.search(r"^\d+\. （\u00a0+）", text, re.M) and "（2分）" not in text


def test_pdf_line_breaks_follow_chinese_rules(quiz40: list[QuizItem]) -> None:
    from assistant.quiz.export import PAREN, _can_break, _lone_tail, _Pdf

    doc = _Pdf("t")
    width = doc.pdf.epw
    doc.pdf.set_font("cjk", size=10.5)
    texts = [f"{n}. {it.stem}{PAREN}" for n, it in _numbered(quiz40)]
    texts.append("对执行民主集中制不够严格、不服从组织安排、不接受岗位调整的干部进行提醒纠正了的的的。" + PAREN)
    moved = 0
    for text in texts:
        shown = doc.broken(text, width, 10.5, "L")
        moved += shown != text
        lines = [ln for part in shown.split("\n") for ln in doc._lines(part, width, 10.5, "L")]
        assert len(lines) == 1 or not _lone_tail(lines[-1]), lines
        pos = 0
        for ln in lines[1:]:
            pos = text.index(ln.strip(), pos)
            assert _can_break(text, pos), (ln, text)
    assert moved  # some stems would have broken inside "（　）" or left "。（　）" alone


def test_pdf_keeps_an_item_on_one_page(bank: QuizResult) -> None:
    from pypdf import PdfReader

    items = bank.items  # many pages: without the page rule, some stem and its options part (checked)
    reader = PdfReader(io.BytesIO(export_quiz(items, "pdf")))
    pages = [p.extract_text() for p in reader.pages]
    for n, it in _numbered(items):
        if it.type not in ("single", "multiple"):
            continue
        last = f"{LETTERS[len(it.options) - 1]}. {it.options[-1]}"
        on = [i for i, t in enumerate(pages) if re.search(rf"(?m)^{n}\. ", t)]
        assert on and last in pages[on[0]], (n, it.stem)


def test_a_mixed_paper_names_the_binding_source_once_and_marks_practice(mixed: tuple[QuizItem, ...]) -> None:
    """Binding stems drop the issuer lead (it hints "县委组织部" to a body question); practice stems keep theirs,
    so no practice reads as a rule; the 命题依据 line says which is which."""
    items = mixed
    assert any(it.binding for it in items) and any(not it.binding for it in items)
    doc, text = _docx_text(export_quiz(items, "docx"))
    assert "命题依据：本卷依据泾县县委组织部《关于构建从严管理监督干部体系的实施意见》命制；另有" in text
    assert "仅供学习，不作为规定" in text
    assert "《实施意见》规定" not in text
    for it in items:
        if not it.binding:
            lead = display(it.stem.split(":", 1)[0] + ":")
            assert lead in text and ("做法" in lead or "评论文章" in lead), lead
    md = export_quiz(items, "md").decode("utf-8")
    assert "《实施意见》规定" not in md and "资阳市的做法是：" in md
