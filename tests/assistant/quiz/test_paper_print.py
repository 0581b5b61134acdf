"""The printed paper after the third independent review (round 3b): marks out of 100 and 作答说明 on the paper,
Chinese punctuation with ‘’ inside “”, short options side by side (no mostly blank last page), every gap alike,
√/× in the key, and a 命题依据 line that names binding documents only."""

from __future__ import annotations

import io
import re

from assistant.quiz import QuizItem, QuizResult, export_quiz
from assistant.quiz.export import display, option_rows, sections


def test_display_uses_chinese_punctuation_and_single_inner_quotes() -> None:
    assert display("严格执行“三重一大”,主要负责人(党组)应:") == "严格执行“三重一大”，主要负责人（党组）应："
    assert display("按照不低于1:2的比例,1.5倍") == "按照不低于1:2的比例，1.5倍"
    assert display("原文:“坚持和落实“三会一课”制度。”") == "原文：“坚持和落实‘三会一课’制度。”"


def test_short_options_share_a_line() -> None:
    assert option_rows(["提醒", "函询", "诫勉", "约谈"], 40) == [[0, 1, 2, 3]]
    assert option_rows(["工程小但利益大", "职务小但权力大", "干部小但胆子大", "年纪小但欲望大", "年纪小但利益大"], 40) \
        == [[0, 1], [2, 3], [4]]
    long = ["对违规违纪违法的干部及时移交纪检监察机关和司法机关并视情予以组织处理"] * 4
    assert option_rows(long, 40) == [[0], [1], [2], [3]]


def _docx(items: tuple[QuizItem, ...], fmt: str = "docx"):  # type: ignore[no-untyped-def]
    from docx import Document

    doc = Document(io.BytesIO(export_quiz(items, fmt)))
    return doc, "\n".join(p.text for p in doc.paragraphs)


def test_the_paper_has_instructions_marks_and_chinese_punctuation(practice40: QuizResult) -> None:
    items = practice40.items
    doc, text = _docx(items)
    assert "作答说明：" in text and "少选" in text and "错选" in text and "“√”" in text and "“×”" in text
    assert "满分 100 分" in text
    body = text[text.index(sections(items)[0][0]):]
    assert not re.search(r"[,:;?()](?![0-9])", body.replace("1:2", "")), re.findall(r".{8}[,:;?()].{4}", body)[:3]
    # short options share a paragraph: four measures on one line
    assert re.search(r"^A\. [^\n]{1,8}\tB\. [^\n]{1,8}\tC\. ", text, re.M)


def test_key_uses_single_inner_quotes_and_judge_marks(practice40: QuizResult) -> None:
    doc, text = _docx(practice40.items, "key-docx")
    assert "原文：“" in text and "‘" in text
    assert not re.search(r"“[^”‘’]*“", text.replace("原文：“", "", 0))  # no “ opened inside an open “
    cells = {c.text for row in doc.tables[0].rows for c in row.cells}
    assert {"√", "×"} <= cells


def test_every_gap_prints_in_one_font(practice40: QuizResult) -> None:
    """Review: the gap of item 3 printed heavier than the others (a fallback font for its spaces)."""
    from docx.oxml.ns import qn

    doc, _ = _docx(practice40.items)
    gaps = [r for p in doc.paragraphs for r in p.runs if r.underline and set(r.text) == {"\u00a0"}]
    assert len(gaps) == sum(it.type == "cloze" for it in practice40.items)
    fonts = {tuple(r._r.rPr.rFonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia")) for r in gaps}
    lengths = {len(r.text) for r in gaps}
    assert len(fonts) == 1 and None not in next(iter(fonts)) and len(lengths) == 1


def test_the_basis_names_binding_documents_only(mixed: tuple[QuizItem, ...], paper40: QuizResult) -> None:
    """Review: 命题依据 listed unsigned 范文 from the web; practice items are counted as another place's practice."""
    _, text = _docx(mixed)
    head = text.split("\n")[1]
    n = sum(not it.binding for it in mixed)
    assert head.startswith("命题依据：本卷依据泾县县委组织部《关于构建从严管理监督干部体系的实施意见》命制")
    assert f"另有 {n} 题为外地经验做法" in head and "仅供学习，不作为规定" in head
    assert "范文" not in head and "新闻报道" not in head and "资阳" not in head
    _, text = _docx(paper40.items)
    assert "另有" not in text.split("\n")[1]


def test_pdf_paper_fits_in_fewer_pages(practice40: QuizResult) -> None:
    """Review: one option a line left most of the last of five pages blank."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(export_quiz(practice40.items, "pdf"))).pages
    assert len(pages) <= 4
    text = "".join(p.extract_text() for p in pages)
    assert "作答说明" in text and "满分 100 分" in text
