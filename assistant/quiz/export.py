"""Quiz items to the files trainers use: JSON, Markdown, Word (paper + answer sheet at the end),
Excel in the column layout Chinese exam systems import, and Moodle GIFT."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Sequence

from assistant.quiz.text import BLANK, PAREN, source_label
from assistant.quiz.types import FORMATS, TYPE_NAMES, TYPES, QuizError, QuizItem

TITLE = "监督制度测试题"
ANSWER_SHEET = "参考答案与解析"
XLSX_HEADER = ("题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "正确答案", "解析", "出处")
_SECTION_NUMBERS = "一二三四"


def export_quiz(items: Sequence[QuizItem], fmt: str) -> bytes:
    """The items as a file of format `fmt` (json, md, docx, xlsx, gift)."""
    writers: dict[str, Callable[[Sequence[QuizItem]], bytes]] = {
        "json": to_json, "md": to_markdown, "docx": to_docx, "xlsx": to_xlsx, "gift": to_gift,
    }
    if fmt not in writers:
        raise QuizError(f"不支持的导出格式 “{fmt}”,可选: {', '.join(FORMATS)}")
    return writers[fmt](items)


def sections(items: Sequence[QuizItem]) -> list[tuple[str, list[tuple[int, QuizItem]]]]:
    """Items grouped by type in paper order (填空, 单选, 多选, 判断), numbered 1..N across the paper."""
    out: list[tuple[str, list[tuple[int, QuizItem]]]] = []
    n = 0
    for t in TYPES:
        group = [it for it in items if it.type == t]
        if not group:
            continue
        numbered = []
        for it in group:
            n += 1
            numbered.append((n, it))
        out.append((f"{_SECTION_NUMBERS[len(out)]}、{TYPE_NAMES[t]}(共 {len(group)} 题)", numbered))
    return out


def answer_text(item: QuizItem) -> str:
    """The key as people read it: "7个工作日", "B", "ACD", "正确"/"错误"."""
    if item.type == "judge":
        return "正确" if item.answer == "A" else "错误"
    return item.answer


def source(item: QuizItem) -> str:
    return source_label(item.citation.doc_title, item.citation.path)


def paper_stem(item: QuizItem) -> str:
    """The stem as printed on a paper: a judge statement gets its answer bracket."""
    return item.stem + PAREN if item.type == "judge" else item.stem


# ---------------------------------------------------------------- JSON / Markdown

def to_json(items: Sequence[QuizItem]) -> bytes:
    return json.dumps([it.to_dict() for it in items], ensure_ascii=False, indent=2).encode("utf-8")


def to_markdown(items: Sequence[QuizItem]) -> bytes:
    lines = [f"# {TITLE}", "", f"共 {len(items)} 题。每题后附答案、解析和出处,解析中的原文逐字引自条款。", ""]
    for heading, numbered in sections(items):
        lines += [f"## {heading}", ""]
        for n, it in numbered:
            lines += [f"**{n}.** {paper_stem(it)}", ""]
            if it.type != "judge":
                lines += [f"- {o[0]}. {o[2:]}" for o in it.options]
                if it.options:
                    lines.append("")
            key = answer_text(it)
            if it.type in ("single", "multiple"):
                key += "(" + ";".join(it.answer_texts) + ")"
            lines += [f"**答案:** {key}", "", f"> **解析:** {it.explanation}", "",
                      f"<sub>{it.id} · {TYPE_NAMES[it.type]} · {it.fact} · 条款 {it.citation.clause_id}</sub>", ""]
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------- Word

def to_docx(items: Sequence[QuizItem]) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(f"共 {len(items)} 题。答案与解析见文末“{ANSWER_SHEET}”。")
    for heading, numbered in sections(items):
        doc.add_heading(heading, level=1)
        for n, it in numbered:
            doc.add_paragraph(f"{n}. {paper_stem(it)}")
            if it.type in ("single", "multiple"):
                for option in it.options:
                    doc.add_paragraph(f"{option[0]}. {option[2:]}", style="List")
    doc.add_page_break()
    doc.add_heading(ANSWER_SHEET, level=1)
    for _, numbered in sections(items):
        for n, it in numbered:
            p = doc.add_paragraph()
            p.add_run(f"{n}. 答案:{answer_text(it)}").bold = True
            doc.add_paragraph(f"解析:{it.explanation}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- Excel

def xlsx_row(item: QuizItem) -> list[str]:
    """One row in XLSX_HEADER order. Judge rows leave the options empty and answer 正确/错误;
    cloze rows keep "____" in the stem and put the missing words in 正确答案."""
    options = [o[2:] for o in item.options] if item.type in ("single", "multiple") else []
    options += [""] * (6 - len(options))
    return [TYPE_NAMES[item.type], item.stem, *options, answer_text(item), item.explanation, source(item)]


def to_xlsx(items: Sequence[QuizItem]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    wb = Workbook()
    ws = wb.active
    ws.title = "题库"
    ws.append(list(XLSX_HEADER))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for it in items:
        ws.append(xlsx_row(it))
    widths = {"A": 8, "B": 60, "C": 16, "D": 16, "E": 16, "F": 16, "G": 16, "H": 16, "I": 14, "J": 60, "K": 30}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- Moodle GIFT

_GIFT_SPECIAL = "\\~=#{}:"


def gift_escape(text: str) -> str:
    out = "".join("\\" + ch if ch in _GIFT_SPECIAL else ch for ch in text)
    return re.sub(r"\s*\n\s*", " ", out)  # a blank line would end the question


def _weight(k: int) -> str:
    return f"{100 / k:.5f}".rstrip("0").rstrip(".")


def gift_item(item: QuizItem) -> str:
    title = f"::{gift_escape(item.id)}::"
    feedback = f"####{gift_escape(item.explanation)}"
    if item.type == "cloze":
        before, _, after = item.stem.partition(BLANK)
        return f"{title}{gift_escape(before)}{{={gift_escape(item.answer)}{feedback}}}{gift_escape(after)}"
    if item.type == "judge":
        verdict = "TRUE" if item.answer == "A" else "FALSE"
        return f"{title}{gift_escape(item.stem)}{{{verdict}{feedback}}}"
    lines = [f"{title}{gift_escape(item.stem)}{{"]
    for option in item.options:
        text = gift_escape(option[2:])
        if item.type == "single":
            lines.append(f"\t{'=' if option[0] == item.answer else '~'}{text}")
        else:
            weight = _weight(len(item.answer)) if option[0] in item.answer else "-100"
            lines.append(f"\t~%{weight}%{text}")
    lines.append(f"\t{feedback}")
    lines.append("}")
    return "\n".join(lines)


def to_gift(items: Sequence[QuizItem]) -> bytes:
    blocks = [f"// {TITLE}:{len(items)} 题,由 jiandu quiz 生成", "$CATEGORY: $course$/jiandu"]
    for it in items:
        blocks.append(f"// {it.id} {TYPE_NAMES[it.type]} 出处:{source(it)}\n{gift_item(it)}")
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
