"""Quiz items to the files trainers use: a print-ready paper and a separate answer key (Word, PDF), Excel
with 序号/难度/分值/知识点, a plain-text import of the kind Chinese exam platforms take, Moodle XML and GIFT,
Markdown and JSON. The format table lives in types.FORMAT_TABLE."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from assistant.quiz.text import BLANK, LEAD, PAREN, doc_title, source_label
from assistant.quiz.types import DIFFICULTY_NAMES, FALSE, FORMATS, TRUE, TYPE_NAMES, TYPES, QuizError, QuizItem
from knowledge.catalog import issuer_shown
from knowledge.numerals import CN_DIGITS

TITLE = "干部监督制度测试卷"
KEY_TITLE = "参考答案与解析"
LETTERS = "ABCDEFGH"
_SECTION_NUMBERS = CN_DIGITS  # 一、填空题 二、单选题 …
MINUTES_PER_ITEM = 1.5  # a time limit the paper prints: 1.5 minutes an item (short items), rounded to 5 minutes
XLSX_HEADER = ("序号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "正确答案", "分值", "难度", "知识点",
               "解析", "出处")
# CJK fonts a PDF can embed, first found wins (Debian: fonts-wqy-zenhei, fonts-wqy-microhei, fonts-noto-cjk)
# Serif (宋体-like) faces first: a paper prints in 宋体 as its Word version does; 文泉驿正黑 only when none is
# installed (`jiandu quiz` says so).
SERIF_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
    "/usr/share/fonts/truetype/fandol/FandolSong-Regular.otf",
)
PDF_FONTS = SERIF_FONTS + (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


@dataclass(frozen=True)
class Paper:
    """How a paper prints: its title, time limit and the sources its items come from."""

    title: str = TITLE
    minutes: int = 0  # 0: about 1.5 minutes an item


def export_quiz(items: Sequence[QuizItem], fmt: str, paper: Paper | None = None) -> bytes:
    """The items as a file of format `fmt` (see types.FORMAT_TABLE)."""
    paper = paper or Paper()
    writers: dict[str, Callable[[Sequence[QuizItem], Paper], bytes]] = {
        "json": lambda it, p: to_json(it), "md": to_markdown, "docx": to_docx, "key-docx": to_key_docx,
        "pdf": to_pdf, "key-pdf": to_key_pdf, "xlsx": lambda it, p: to_xlsx(it), "txt": lambda it, p: to_txt(it),
        "moodle": lambda it, p: to_moodle(it), "gift": lambda it, p: to_gift(it),
    }
    if fmt not in writers:
        raise QuizError(f"不支持的导出格式 “{fmt}”,可选: {', '.join(FORMATS)}")
    if not items:
        raise QuizError("没有题目可导出")
    return writers[fmt](items, paper)


# ---------------------------------------------------------------- shared pieces

def sections(items: Sequence[QuizItem]) -> list[tuple[str, list[tuple[int, QuizItem]]]]:
    """Items grouped by type in paper order (填空, 单选, 多选, 判断), numbered 1..N, with each section's marks."""
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
        marks = {it.points for it in group}
        each = f"每题 {mark(group[0].points)} 分，" if len(marks) == 1 else ""
        out.append((f"{_SECTION_NUMBERS[len(out)]}、{TYPE_NAMES[t]}（共 {len(group)} 题，{each}共 "
                    f"{mark(sum(it.points for it in group))} 分）", numbered))
    return out


def mark(value: float) -> str:
    """2 -> "2", 1.5 -> "1.5"."""
    return str(int(value)) if value == int(value) else str(value)


def total_points(items: Sequence[QuizItem]) -> float:
    total = sum(it.points for it in items)
    return int(total) if total == int(total) else total


# Half-width punctuation of the corpus (",", ":", "(") as Chinese print wants it (GB/T 15834: full width), kept
# half-width between digits ("1:2", "8:30", "1,000"); a quotation inside a quotation takes single quotes.
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}


_INNER_TITLE = re.compile(r"《[^《》]*<[^《》]*>[^《》]*》")


def display(text: str) -> str:
    """Text as a paper prints it: full-width Chinese punctuation, ‘’ for a quotation inside “”, and 〈〉 for a
    title inside a title (the source's 《关于落实<…>若干措施》)."""
    text = _INNER_TITLE.sub(lambda m: m.group(0).replace("<", "〈").replace(">", "〉"), text)
    out = []
    depth = 0
    for i, ch in enumerate(text):
        prev, nxt = text[i - 1:i], text[i + 1:i + 2]
        if ch in ",:" and prev.isascii() and prev.isdigit() and nxt.isascii() and nxt.isdigit():
            out.append(ch)
        elif ch == "“":
            out.append("‘" if depth else "“")
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
            out.append("’" if depth else "”")
        else:
            out.append(_FULL_WIDTH.get(ch, ch))
    return "".join(out)


def instructions(items: Sequence[QuizItem]) -> list[str]:
    """作答说明: how each type present is answered and scored."""
    present = {it.type for it in items}
    lines = {
        "cloze": "填空题：将答案写在横线上，填写文件原文用语，数字用阿拉伯数字或汉字均可。",
        "single": "单选题：每题只有一个正确答案，将其字母填入括号内。",
        "multiple": "多选题：每题有两个或两个以上正确答案，将其字母填入括号内；全部选对得满分，"
                    f"少选且所选各项均正确的得{partial_marks(items)}，错选或多选不得分。",
        "judge": "判断题：认为表述正确的在括号内画“√”，错误的画“×”。",
    }
    return [f"{k}. {lines[t]}" for k, t in enumerate((t for t in TYPES if t in present), 1)]


def partial_marks(items: Sequence[QuizItem]) -> str:
    """What a multiple choice answered short but right earns, in whole marks (half of 5 is 2, never 2.5)."""
    points = {it.points for it in items if it.type == "multiple"}
    if len(points) == 1:
        return f" {mark(max(1, int(next(iter(points)) // 2)))} 分"
    return "该题分值的一半（不足 1 分的按 1 分、有半分的舍去）"


def minutes(items: Sequence[QuizItem], paper: Paper) -> int:
    if paper.minutes:
        return paper.minutes
    return max(10, 5 * round(len(items) * MINUTES_PER_ITEM / 5))


JUDGE_MARKS = {TRUE: "√", FALSE: "×"}


def answer_text(item: QuizItem) -> str:
    """The key as people read it: "7个工作日（或：七个工作日）", "B", "ACD", "√（正确）"/"×（错误）"."""
    if item.type == "cloze":
        fills = item.fills
        return fills[0] + (f"（或：{'、'.join(fills[1:])}）" if len(fills) > 1 else "")
    if item.type == "judge":
        return f"{JUDGE_MARKS[item.key]}（{item.key}）"
    return item.key


def key_cell(item: QuizItem) -> str:
    """The key in the answer table: the first fill, the letters, √ or ×."""
    if item.type == "cloze":
        return item.fills[0]
    return JUDGE_MARKS[item.key] if item.type == "judge" else item.key


def source(item: QuizItem) -> str:
    issuer = issuer_shown(item.citation.issuer, item.citation.kind)
    return issuer + source_label(item.citation.doc_title, item.citation.path)


# "按照泾县县委组织部《实施意见》的规定," opening a 「下列说法正确的是」 item
_STATEMENT_LEAD = re.compile(r"^按照[^,,《》]{0,40}《[^》]+》的规定,")


def one_source(items: Sequence[QuizItem]) -> bool:
    """Every item rests on one binding document: the paper names it once under the title (命题依据) and the
    stems drop the issuer lead, which only repeats it (and hints "县委组织部" to a body question)."""
    docs = {c.doc_id for it in items for c in (it.citation, *it.also)}
    return len(docs) == 1 and all(it.binding for it in items)


def one_binding_source(items: Sequence[QuizItem]) -> bool:
    """Every binding item rests on one document, whatever practice items come with them."""
    docs = {c.doc_id for it in items if it.binding for c in (it.citation, *it.also)}
    return len(docs) == 1


def shows_lead(item: QuizItem, items: Sequence[QuizItem]) -> bool:
    """Whether a printed stem keeps its source lead. The one binding document is named once under the title and
    its items drop the lead (it only repeats the issuer, and hints "县委组织部" to a body question); a practice
    item always keeps its own ("资阳市的做法是:"), so no practice reads as a rule."""
    return not item.binding or not one_binding_source(items)


def paper_stem(item: QuizItem, lead: bool = True) -> str:
    """The stem as printed: a judge statement gets its answer bracket; the cloze gap is a printed line.
    Without `lead` the issuer lead ("泾县县委组织部《实施意见》规定,") is left to the paper's 命题依据 line."""
    stem = item.stem if lead else _STATEMENT_LEAD.sub("", LEAD.sub("", item.stem, count=1), count=1)
    stem = display(stem)
    if item.type == "judge":
        return stem + PAREN
    if item.type == "cloze":
        return stem.replace(BLANK, GAP)
    return stem


def sources_line(items: Sequence[QuizItem]) -> str:
    """命题依据: the binding documents the paper rests on, in full (stems use the short title or none). Practice
    material (范文, 新闻报道) is never named a basis: the line counts its items as another place's practice."""
    binding: dict[str, str] = {}
    for it in items:
        if it.binding:
            for c in (it.citation, *it.also):
                binding.setdefault(c.doc_id, f"{c.issuer}《{doc_title(c.doc_title)}》")
    practice = sum(not it.binding for it in items)
    note = f"另有 {practice} 题为外地经验做法（题干注明“做法”），仅供学习，不作为规定" if practice else ""
    if not binding:
        return f"说明：本卷 {practice} 题均为外地经验做法，仅供学习，不作为规定"
    basis = "命题依据：本卷依据" + "、".join(binding.values()) + "命制"
    return basis + ("；" + note if note else "")


def printed(item: QuizItem, lead: bool, uniform: bool) -> str:
    """An item's stem as a paper prints it. A judge item's answer bracket opens the statement ("（　）对…"),
    and an item's marks are printed only when its section's items differ in marks (the section head says
    "每题 2 分" otherwise): a bracket or "（2分）" after the full stop is what a line break leaves alone on the
    last line, which Word and LibreOffice do in CJK text whatever the glue characters."""
    text = paper_stem(item, lead)
    if item.type == "judge":
        text = PAREN + text[:-len(PAREN)]
    return text if uniform else f"{text}（{item.points}分）"


NBSP = "\u00a0"
GAP_SPACES = 18  # no-break spaces of a Word gap: 9 em at half an em each, room for a 7-character answer
GAP = "________"
OPTION_GAP = 2  # characters between two options on one line


def text_width(text: str) -> float:
    """Width in em: a Chinese character or full-width mark is 1, an ASCII character about half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def option_rows(options: Sequence[str], line: float) -> list[list[int]]:
    """How a choice item's options are laid out on a line of `line` em: all on one line when they fit, else two
    a line when each fits half of it, else one a line, so that short options leave no half-empty pages."""
    labelled = [text_width(f"{LETTERS[i]}. {o}") for i, o in enumerate(options)]
    n = len(options)
    if sum(labelled) + OPTION_GAP * (n - 1) <= line and max(labelled) <= line / n - 1:
        return [list(range(n))]
    if max(labelled) <= line / 2 - OPTION_GAP:
        return [list(range(i, min(i + 2, n))) for i in range(0, n, 2)]
    return [[i] for i in range(n)]


def _same_font(run) -> None:  # type: ignore[no-untyped-def]
    """A run of no-break spaces in the paper's font for every script: a viewer otherwise takes a fallback font
    for the gap, whose underline differs from one gap to the next."""
    from docx.oxml.ns import qn

    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), "宋体")


# the negation a 「不属于」 item turns on is printed stressed (bold, with 着重号 in Word, underlined in the PDF):
# read past, it turns the item into its opposite (review 8, item 12)
STRESSED = re.compile("(不属于)")


def _stress(run) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run.bold = True
    em = OxmlElement("w:em")
    em.set(qn("w:val"), "dot")
    run._r.get_or_add_rPr().append(em)


def docx_stem_runs(stem: str) -> list[tuple[str, bool]]:
    """The printed stem as (text, underlined) runs for Word: the gap is an underlined run of no-break spaces
    and the answer bracket holds them, so neither is split over two lines (an ideographic space or "____"
    may be)."""
    stem = stem.replace(PAREN, "（" + NBSP * 4 + "）")
    runs: list[tuple[str, bool]] = []
    for k, piece in enumerate(stem.split(GAP)):
        if k:
            runs.append((NBSP * GAP_SPACES, True))
        if piece:
            runs.append((piece, False))
    return runs


# ---------------------------------------------------------------- JSON / Markdown

def to_json(items: Sequence[QuizItem]) -> bytes:
    return json.dumps([it.to_dict() for it in items], ensure_ascii=False, indent=2).encode("utf-8")


def to_markdown(items: Sequence[QuizItem], paper: Paper) -> bytes:
    lines = [f"# {paper.title}", "", sources_line(items), "",
             f"共 {len(items)} 题，满分 {mark(total_points(items))} 分，考试时间 {minutes(items, paper)} 分钟。", "",
             "作答说明：", "", *[f"- {x}" for x in instructions(items)], ""]
    for heading, numbered in sections(items):
        lines += [f"## {heading}", ""]
        for n, it in numbered:
            stem = STRESSED.sub(r"**\1**", paper_stem(it, shows_lead(it, items)))
            lines += [f"**{n}.** {stem}", ""]
            if it.type in ("single", "multiple"):
                lines += [f"- {LETTERS[i]}. {display(o)}" for i, o in enumerate(it.options)] + [""]
            lines += [f"**答案：** {answer_text(it)}", "", f"> **解析：** {display(it.explanation)}", ""]
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------- Word

def _docx_base():  # type: ignore[no-untyped-def]
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    for section in doc.sections:  # A4, margins for a stapled paper
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(22)
        section.left_margin = section.right_margin = Mm(22)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("第 ")
        _field(footer, "PAGE", OxmlElement, qn)
        footer.add_run(" 页 共 ")
        _field(footer, "NUMPAGES", OxmlElement, qn)
        footer.add_run(" 页")
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = "宋体"
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
        lang = OxmlElement("w:lang")  # Chinese line breaking: "。" and "）" never start a line
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)
    doc.styles["Normal"].font.size = Pt(11)
    doc.styles["Normal"].paragraph_format.space_after = Pt(3)
    return doc


def _field(paragraph, code: str, OxmlElement, qn) -> None:  # type: ignore[no-untyped-def]
    """A Word field (PAGE, NUMPAGES) the reader fills in when it lays out the pages."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _title(doc, text: str, sub: str) -> None:  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(text)
    r.bold = True
    r.font.size = Pt(18)
    if sub:
        q = doc.add_paragraph()
        q.alignment = WD_ALIGN_PARAGRAPH.CENTER
        q.add_run(sub).font.size = Pt(9)


def _heading(doc, text: str) -> None:  # type: ignore[no-untyped-def]
    from docx.shared import Pt

    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(8)
    p.paragraph_format.keep_with_next = True  # a section head never ends a page
    r = p.add_run(text)
    r.bold = True
    r.font.size = Pt(12)


INFO_LINE = "姓名：____________    单位：____________________    得分：__________"
DOCX_TEXT_MM = 166  # A4 less two 22 mm margins
DOCX_LINE_EM = 42  # 11 pt characters on that line


def paper_line(items: Sequence[QuizItem], paper: Paper) -> str:
    return f"考试时间 {minutes(items, paper)} 分钟    满分 {mark(total_points(items))} 分    共 {len(items)} 题"


def to_docx(items: Sequence[QuizItem], paper: Paper) -> bytes:
    """The paper alone: A4, 姓名/单位/得分, time limit, marks per section, numbered items, page numbers."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = _docx_base()
    doc.core_properties.title = paper.title  # what a viewer shows as the document's name, not the file name
    _title(doc, paper.title, sources_line(items))
    info = doc.add_paragraph()
    info.alignment = WD_ALIGN_PARAGRAPH.CENTER
    info.add_run(INFO_LINE)
    rule = doc.add_paragraph()
    rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rule.add_run(paper_line(items, paper))
    for k, line in enumerate(["作答说明：", *instructions(items)]):
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(0 if k else 1)
        p.paragraph_format.left_indent = Mm(0 if k == 0 else 4)
        r = p.add_run(line)
        r.font.size = Pt(9.5)
        r.bold = k == 0
    width = DOCX_LINE_EM - 2  # an option line is indented 8 mm
    for heading, numbered in sections(items):
        _heading(doc, heading)
        for n, it in numbered:
            options = [display(o) for o in it.options] if it.type in ("single", "multiple") else []
            stem = doc.add_paragraph(f"{n}. ")
            for text, underline in docx_stem_runs(printed(it, shows_lead(it, items), "每题" in heading)):
                for piece in STRESSED.split(text) if not underline else [text]:
                    if not piece:
                        continue
                    run = stem.add_run(piece)
                    run.underline = underline
                    if underline:
                        _same_font(run)
                    elif STRESSED.fullmatch(piece):
                        _stress(run)
            # an item's stem and options stay on one page: each paragraph whole, each kept with the next
            stem.paragraph_format.keep_together = True
            stem.paragraph_format.keep_with_next = bool(options)
            rows = option_rows(options, width) if options else []
            column = (DOCX_TEXT_MM - 8) / max((len(r) for r in rows), default=1)
            for k, row in enumerate(rows):
                p = doc.add_paragraph("\t".join(f"{LETTERS[i]}. {options[i]}" for i in row))
                p.paragraph_format.left_indent = Mm(8)
                for c in range(1, len(row)):
                    p.paragraph_format.tab_stops.add_tab_stop(Mm(8 + c * column))
                p.paragraph_format.keep_together = True
                p.paragraph_format.keep_with_next = k < len(rows) - 1
    return _save(doc)


def to_key_docx(items: Sequence[QuizItem], paper: Paper) -> bytes:
    """The answer key: a compact table of numbers and keys, then 解析 and 出处 per item."""
    from docx.shared import Pt

    doc = _docx_base()
    doc.core_properties.title = f"{paper.title}{KEY_TITLE}"
    _title(doc, f"{paper.title}{KEY_TITLE}", f"满分 {mark(total_points(items))} 分")
    numbered = [(n, it) for _, group in sections(items) for n, it in group]
    cols = 5
    rows = (len(numbered) + cols - 1) // cols
    table = doc.add_table(rows=rows * 2, cols=cols)
    table.style = "Table Grid"
    for k, (n, it) in enumerate(numbered):
        r, c = divmod(k, cols)
        table.cell(2 * r, c).text = f"{n}"
        table.cell(2 * r + 1, c).text = key_cell(it)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)
    for heading, group in sections(items):
        _heading(doc, heading)
        for n, it in group:
            p = doc.add_paragraph()
            p.add_run(f"{n}. 答案：{answer_text(it)}").bold = True
            p.paragraph_format.keep_with_next = True  # an answer never ends a page without its 解析
            doc.add_paragraph(f"解析：{display(it.explanation)}").paragraph_format.keep_together = True
    return _save(doc)


def _save(doc) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- PDF (fpdf2 and a Debian CJK font)

def pdf_font() -> str:
    for path in PDF_FONTS:
        if Path(path).is_file():
            return path
    raise QuizError("生成 PDF 需要中文字体,未找到;请安装 fonts-wqy-zenhei(apt-get install fonts-wqy-zenhei),"
                    "或改用 Word 格式")


ORPHAN = 6  # characters: a last line this short ("。（2分）") is moved down together with a few before it
_NO_LINE_START = "，。、；：？！）》”’,.;:?!)\u3000"
_NO_LINE_END = "（《“‘("


def _can_break(text: str, p: int) -> bool:
    """May a line start at text[p]? Not with closing punctuation, not after an opening one, not inside a
    gap line "____" or the answer bracket "（　）"."""
    if p <= 0 or p >= len(text):
        return True
    if text[p] in _NO_LINE_START or text[p - 1] in _NO_LINE_END:
        return False
    if text[p] == "_" and text[p - 1] == "_":
        return False
    return not (text[p - 1] in "0123456789" and text[p] in "0123456789")


def _lone_tail(line: str) -> bool:
    """A last line of marks and punctuation only ("。（2分）"): moved down with a few characters before it. A
    short last line of words is left alone; pulling words down leaves a line that ends early (第38题 "并视情")."""
    words = [ch for ch in line.strip() if "\u4e00" <= ch <= "\u9fff" and ch != "分"]
    return len(line.strip()) <= ORPHAN and len(words) <= 1


class _Pdf:
    def __init__(self, title: str) -> None:
        from fpdf import FPDF

        # fontTools reports the bitmap tables of wqy-zenhei it drops while subsetting; nothing is lost
        logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
        pdf = FPDF(format="A4")
        pdf.set_margins(20, 20, 20)
        pdf.set_auto_page_break(True, margin=20)
        pdf.add_font("cjk", "", pdf_font())
        pdf.set_title(title)
        pdf.alias_nb_pages("{nb}")

        def footer() -> None:
            pdf.set_y(-14)
            pdf.set_font("cjk", size=9)
            pdf.cell(0, 6, f"第 {pdf.page_no()} 页 共 {{nb}} 页", align="C")

        pdf.footer = footer  # type: ignore[method-assign]
        pdf.add_page()
        self.pdf = pdf

    def _lines(self, text: str, width: float, size: float, align: str) -> list[str]:
        from fpdf.enums import WrapMode

        # Chinese breaks between any two characters, not at spaces
        out = self.pdf.multi_cell(width, size * 0.55, text, dry_run=True, output="LINES", align=align,
                                  wrapmode=WrapMode.CHAR)
        assert isinstance(out, list)  # output="LINES" gives the lines
        return [str(x) for x in out]

    def broken(self, text: str, width: float, size: float, align: str) -> str:
        """text with line breaks moved so that no line starts with closing punctuation or inside "（　）" or a
        gap line, and the last line is no lone "。（2分）" (CJK line-breaking rules fpdf2 does not apply)."""
        if "\n" in text:
            return text
        cuts: set[int] = set()
        for _ in range(12):
            shown = "".join(text[i:i + 1] + ("\n" if i + 1 in cuts else "") for i in range(len(text)))
            lines = self._lines(shown, width, size, align)
            starts, pos = [], 0  # where each line after the first starts in text (the wrapper may drop spaces)
            for ln in lines:
                at = text.find(ln.strip(), pos) if ln.strip() else pos
                if at < 0:
                    return text
                if ln is not lines[0]:
                    starts.append(at)
                pos = at + len(ln.strip())
            bad = next((p for p in starts if p not in cuts and not _can_break(text, p)), None)
            if bad is None and len(lines) > 1 and _lone_tail(lines[-1]):
                bad = len(text) - len(lines[-1].strip()) - 2  # two characters more: no line ends early
            if bad is None:
                return shown
            p = bad
            while p > 1 and not _can_break(text, p):
                p -= 1
            cuts = {c for c in cuts if c < p} | {p}  # an earlier break for the last line replaces later ones
        return text

    def line(self, text: str, size: float = 10.5, align: str = "L", indent: float = 0, gap: float = 1.0,
             stress: bool = False) -> None:
        from fpdf.enums import WrapMode

        pdf = self.pdf
        pdf.set_font("cjk", size=size)
        pdf.set_x(pdf.l_margin + indent)
        text = self.broken(text, pdf.epw - indent, size, align)
        # fpdf2's markdown: --x-- underlines (the cjk font has no bold face); never where the text has its markers
        marked = stress and bool(STRESSED.search(text)) and not any(m in text for m in ("--", "**", "__"))
        if marked:
            text = STRESSED.sub(r"--\1--", text)
        pdf.multi_cell(pdf.epw - indent, size * 0.55, text, align=align, new_x="LMARGIN", new_y="NEXT",
                       wrapmode=WrapMode.CHAR, markdown=marked)
        pdf.ln(gap)

    def row(self, texts: list[str], size: float = 10.5, indent: float = 0, gap: float = 1.0) -> None:
        """Options side by side on one line, each in an equal column (option_rows decided that they fit)."""
        pdf = self.pdf
        pdf.set_font("cjk", size=size)
        column = (pdf.epw - indent) / len(texts)
        y = pdf.get_y()
        for k, text in enumerate(texts):
            pdf.set_xy(pdf.l_margin + indent + k * column, y)
            pdf.cell(column, size * 0.55, text)
        pdf.set_xy(pdf.l_margin, y + size * 0.55)
        pdf.ln(gap)

    def height(self, texts: list[tuple[str | list[str], float, float, float]]) -> float:
        """The height (mm) that lines of (text, size, indent, gap) take, to keep an item on one page; a list of
        texts is one row of options."""
        total = 0.0
        for text, size, indent, gap in texts:
            if isinstance(text, list):
                total += size * 0.55 + gap
                continue
            self.pdf.set_font("cjk", size=size)
            text = self.broken(text, self.pdf.epw - indent, size, "L")
            total += len(self._lines(text, self.pdf.epw - indent, size, "L")) * size * 0.55 + gap
        return total

    def bytes(self) -> bytes:
        return bytes(self.pdf.output())


# space (mm) after each item of a paper, loosest first: a paper whose last page would hold a line or two is set
# tighter, so that it ends on a page worth printing (round 5: a third page with item 31 alone)
ITEM_SPACES = (1.5, 0.9, 0.4)
SHORT_LAST_PAGE = 0.25  # of the page's height: a last page holding less is drawn back when tighter spacing can


def to_pdf(items: Sequence[QuizItem], paper: Paper) -> bytes:
    return _drawn_back(lambda space: _paper_pdf(items, paper, space))


def _drawn_back(draw: Callable[[float], _Pdf]) -> bytes:
    """The document drawn with the loosest spacing whose last page is not a line or two alone."""
    doc = draw(ITEM_SPACES[0])
    pages = doc.pdf.page_no()
    if pages > 1 and _last_page_share(doc) < SHORT_LAST_PAGE:
        for space in ITEM_SPACES[1:]:
            tighter = draw(space)
            if tighter.pdf.page_no() < pages:
                return tighter.bytes()
    return doc.bytes()


def _last_page_share(doc: _Pdf) -> float:
    pdf = doc.pdf
    return (pdf.get_y() - pdf.t_margin) / (pdf.page_break_trigger - pdf.t_margin)


def _paper_pdf(items: Sequence[QuizItem], paper: Paper, space: float) -> _Pdf:
    doc = _Pdf(paper.title)
    doc.line(paper.title, 17, "C", gap=1)
    doc.line(sources_line(items), 9, "C", gap=2)
    doc.line(INFO_LINE, 10.5, "C")
    doc.line(paper_line(items, paper), 10.5, "C", gap=2)
    doc.line("作答说明：", 9.5, gap=0.3)
    for line in instructions(items):
        doc.line(line, 9.5, indent=4, gap=0.3)
    pdf = doc.pdf
    pdf.ln(1.5)
    pdf.set_font("cjk", size=10.5)
    em = pdf.get_string_width("中")
    for heading, numbered in sections(items):
        for k, (n, it) in enumerate(numbered):
            lines: list[tuple[str | list[str], float, float, float]] = [
                (f"{n}. {printed(it, shows_lead(it, items), '每题' in heading)}", 10.5, 0.0, 0.5)]
            if it.type in ("single", "multiple"):
                options = [f"{LETTERS[i]}. {display(o)}" for i, o in enumerate(it.options)]
                for row in option_rows([display(o) for o in it.options], (pdf.epw - 8) / em):
                    lines.append(([options[i] for i in row], 10.5, 8.0, 0.3))
            if k == 0:
                lines.insert(0, (heading, 12, 0.0, 2.0))  # a section head goes with its first item
            # an item that would not fit starts a new page: its stem and options stay together
            if pdf.get_y() + doc.height(lines) > pdf.page_break_trigger:
                pdf.add_page()
            for text, size, indent, gap in lines:
                if isinstance(text, list):
                    doc.row(text, size, indent=indent, gap=gap)
                else:
                    doc.line(text, size, indent=indent, gap=gap, stress=True)
            pdf.ln(space)
    return doc


def to_key_pdf(items: Sequence[QuizItem], paper: Paper) -> bytes:
    return _drawn_back(lambda space: _key_pdf(items, paper, space))


def _key_pdf(items: Sequence[QuizItem], paper: Paper, space: float) -> _Pdf:
    doc = _Pdf(f"{paper.title}{KEY_TITLE}")
    doc.line(f"{paper.title}{KEY_TITLE}", 16, "C", gap=1)
    doc.line(f"满分 {mark(total_points(items))} 分", 9.5, "C", gap=2)
    numbered = [(n, it) for _, group in sections(items) for n, it in group]
    pdf = doc.pdf
    pdf.set_font("cjk", size=9)
    cols = 5
    with pdf.table(col_widths=(1,) * cols, text_align="CENTER", line_height=5.5,
                   first_row_as_headings=False) as table:
        for r in range(0, len(numbered), cols):
            chunk = numbered[r:r + cols] + [(0, None)] * (cols - len(numbered[r:r + cols]))
            table.row([str(n) if it else "" for n, it in chunk])
            table.row([key_cell(it) if it else "" for _, it in chunk])
    pdf.ln(3)
    for heading, group in sections(items):
        doc.line(heading, 12, gap=1.5)
        for n, it in group:
            lines: list[tuple[str | list[str], float, float, float]] = [
                (f"{n}. 答案：{answer_text(it)}", 10.5, 0.0, 0.3), (f"解析：{display(it.explanation)}", 9.5, 4.0, space)]
            if pdf.get_y() + doc.height(lines) > pdf.page_break_trigger:
                pdf.add_page()  # an answer and its 解析 on one page
            for text, size, indent, gap in lines:
                assert isinstance(text, str)
                doc.line(text, size, indent=indent, gap=gap)
    return doc


# ---------------------------------------------------------------- Excel

def xlsx_row(n: int, item: QuizItem) -> list[str | float]:
    """One row in XLSX_HEADER order. Judge rows answer 正确/错误; cloze rows list accepted fills split by "|"."""
    options = [display(o) for o in item.options] if item.type in ("single", "multiple") else []
    options += [""] * (5 - len(options))
    answer = "|".join(item.fills) if item.type == "cloze" else item.key
    return [n, TYPE_NAMES[item.type], paper_stem(item) if item.type != "judge" else display(item.stem), *options[:5],
            answer, item.points, DIFFICULTY_NAMES.get(item.difficulty, "中"), item.topic or item.fact,
            display(item.explanation), source(item)]


def to_xlsx(items: Sequence[QuizItem]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    if any(len(it.options) > 5 for it in items if it.type in ("single", "multiple")):
        raise QuizError("有题目的选项多于 5 个,Excel 模板只有选项A-E")
    wb = Workbook()
    ws = wb.active
    ws.title = "题库"
    ws.append(list(XLSX_HEADER))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    numbered = [(n, it) for _, group in sections(items) for n, it in group]
    for n, it in numbered:
        ws.append(xlsx_row(n, it))
    widths = [6, 8, 60, 16, 16, 16, 16, 16, 14, 6, 6, 20, 60, 36]
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- plain text for exam platforms

def txt_item(n: int, item: QuizItem) -> str:
    """One question in the plain-text import layout (rules in notes/README-quiz.md):
    "1、【单选题】题干（　）" / "A、选项" … / "答案:B" / "解析:…" / "分值:2", blank line between questions."""
    stem = paper_stem(item).replace("\n", " ")
    lines = [f"{n}、【{TYPE_NAMES[item.type]}】{stem}"]
    if item.type in ("single", "multiple"):
        lines += [f"{LETTERS[i]}、{display(o)}" for i, o in enumerate(item.options)]
    answer = "|".join(item.fills) if item.type == "cloze" else item.key
    lines += [f"答案:{answer}", f"解析:{_one_line(display(item.explanation))}", f"分值:{mark(item.points)}"]
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text)


def to_txt(items: Sequence[QuizItem]) -> bytes:
    numbered = [(n, it) for _, group in sections(items) for n, it in group]
    return ("\n\n".join(txt_item(n, it) for n, it in numbered) + "\n").encode("utf-8")


# ---------------------------------------------------------------- Moodle XML

def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _fraction(k: int) -> str:
    return f"{100 / k:.5f}".rstrip("0").rstrip(".")


def moodle_question(n: int, item: QuizItem) -> str:
    """One <question>: multichoice (single/multiple), truefalse, or shortanswer whose fills all score 100."""
    name = f"<name><text>{escape(f'{n:03d} {TYPE_NAMES[item.type]} {item.topic}')}</text></name>"
    feedback = f"<generalfeedback format=\"html\"><text>{_cdata(escape(item.explanation))}</text></generalfeedback>"
    common = f"<defaultgrade>{item.points}</defaultgrade><penalty>0</penalty><hidden>0</hidden>"
    if item.type == "cloze":
        stem = escape(item.stem).replace(BLANK, "________")
        answers = "".join(f"<answer fraction=\"100\" format=\"moodle_auto_format\"><text>{escape(f)}</text></answer>"
                          for f in item.fills)
        return (f"<question type=\"shortanswer\">{name}<questiontext format=\"html\"><text>{_cdata(stem)}</text>"
                f"</questiontext>{feedback}{common}<usecase>0</usecase>{answers}</question>")
    if item.type == "judge":
        right = item.key == TRUE
        return (f"<question type=\"truefalse\">{name}<questiontext format=\"html\"><text>"
                f"{_cdata(escape(item.stem))}</text></questiontext>{feedback}{common}"
                f"<answer fraction=\"{100 if right else 0}\" format=\"moodle_auto_format\"><text>true</text></answer>"
                f"<answer fraction=\"{0 if right else 100}\" format=\"moodle_auto_format\"><text>false</text></answer>"
                f"</question>")
    single = item.type == "single"
    k = len(item.key)
    answers = ""
    for i, option in enumerate(item.options):
        ok = LETTERS[i] in item.key
        fraction = "100" if single and ok else "0" if single else _fraction(k) if ok else "-100"
        answers += f"<answer fraction=\"{fraction}\" format=\"html\"><text>{_cdata(escape(option))}</text></answer>"
    return (f"<question type=\"multichoice\">{name}<questiontext format=\"html\"><text>{_cdata(escape(item.stem))}"
            f"</text></questiontext>{feedback}{common}<single>{'true' if single else 'false'}</single>"
            f"<shuffleanswers>true</shuffleanswers><answernumbering>ABCD</answernumbering>{answers}</question>")


def to_moodle(items: Sequence[QuizItem]) -> bytes:
    numbered = [(n, it) for _, group in sections(items) for n, it in group]
    body = "\n".join(moodle_question(n, it) for n, it in numbered)
    category = ("<question type=\"category\"><category><text>$course$/jiandu</text></category></question>")
    return f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n{category}\n{body}\n</quiz>\n".encode()


# ---------------------------------------------------------------- Moodle GIFT

_GIFT_SPECIAL = "\\~=#{}:"


def gift_escape(text: str) -> str:
    out = "".join("\\" + ch if ch in _GIFT_SPECIAL else ch for ch in text)
    return re.sub(r"\s*\n\s*", " ", out)  # a blank line would end the question


def gift_item(n: int, item: QuizItem) -> str:
    title = f"::{n:03d}::"
    feedback = f"####{gift_escape(item.explanation)}"
    if item.type == "cloze":
        before, _, after = item.stem.partition(BLANK)
        fills = " ".join(f"={gift_escape(f)}" for f in item.fills)
        return f"{title}{gift_escape(before)}{{{fills}{feedback}}}{gift_escape(after)}"
    if item.type == "judge":
        verdict = "TRUE" if item.key == TRUE else "FALSE"
        return f"{title}{gift_escape(item.stem)}{{{verdict}{feedback}}}"
    lines = [f"{title}{gift_escape(item.stem)}{{"]
    for i, option in enumerate(item.options):
        text = gift_escape(option)
        ok = LETTERS[i] in item.key
        if item.type == "single":
            lines.append(f"\t{'=' if ok else '~'}{text}")
        else:
            lines.append(f"\t~%{_fraction(len(item.key)) if ok else '-100'}%{text}")
    lines.append(f"\t{feedback}")
    lines.append("}")
    return "\n".join(lines)


def to_gift(items: Sequence[QuizItem]) -> bytes:
    blocks = [f"// {TITLE}:{len(items)} 题,由 jiandu quiz 生成", "$CATEGORY: $course$/jiandu"]
    numbered = [(n, it) for _, group in sections(items) for n, it in group]
    for n, it in numbered:
        blocks.append(f"// {n} {TYPE_NAMES[it.type]} 出处:{source(it)}\n{gift_item(n, it)}")
    return ("\n\n".join(blocks) + "\n").encode("utf-8")

