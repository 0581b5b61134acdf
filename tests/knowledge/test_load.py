"""knowledge.load: bytes to text. Encodings come from the bytes, formats from the magic numbers."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import pytest

from knowledge.errors import DocumentError
from knowledge.load import DOCX_MAX_ENTRIES, decode_bytes, html_to_text, load_bytes, load_file
from tests.knowledge.conftest import make_docx, make_pdf

TEXT = "第一条 干部因私出国(境)须经组织部门审查,返回后七个工作日内交回证件。\n第二条 领导干部应当报告个人有关事项。"
BEYOND_GBK = "㐀𠀀"  # CJK extension A and B: GB18030 has them, GBK does not


# --- plain text encodings -------------------------------------------------------------------


def test_utf8() -> None:
    loaded = load_bytes("reg.txt", TEXT.encode("utf-8"))
    assert loaded.text == TEXT
    assert loaded.encoding == "utf-8"


def test_utf8_with_bom_drops_the_bom() -> None:
    loaded = load_bytes("reg.txt", codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert loaded.text == TEXT
    assert not loaded.text.startswith("\ufeff")
    assert loaded.encoding == "utf-8-sig"


def test_gbk() -> None:
    loaded = load_bytes("reg.txt", TEXT.encode("gbk"))
    assert loaded.text == TEXT
    assert loaded.encoding == "gb18030"


def test_gb18030_with_characters_outside_gbk() -> None:
    text = TEXT + BEYOND_GBK
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")  # the sample really needs GB18030
    loaded = load_bytes("reg.txt", text.encode("gb18030"))
    assert loaded.text == text
    assert loaded.text.endswith(BEYOND_GBK)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = {"utf-16": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[codec]
    data = bom + (TEXT + BEYOND_GBK).encode(codec)  # Python's "utf-16" writes its own BOM
    assert data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    loaded = load_bytes("reg.txt", data)
    assert loaded.text == TEXT + BEYOND_GBK


def test_utf16_without_bom_is_recognised_from_its_nul_bytes() -> None:
    loaded = load_bytes("reg.txt", "Article 1. 干部监督。".encode("utf-16-le"))
    assert loaded.text == "Article 1. 干部监督。"
    assert loaded.encoding == "utf-16-le"


def test_gbk_bytes_in_a_md_file_are_detected_from_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(TEXT.encode("gbk"))
    loaded = load_file(path)
    assert loaded.text == TEXT
    assert "\ufffd" not in loaded.text


def test_html_bytes_in_a_txt_file_are_read_as_html() -> None:
    page = "<!DOCTYPE html><html><body><script>alert(1)</script><p>第一条 正文。</p></body></html>"
    loaded = load_bytes("page.txt", page.encode("utf-8"))
    assert "第一条 正文。" in loaded.text
    assert "alert" not in loaded.text and "<p>" not in loaded.text


def test_pdf_bytes_behind_a_txt_name_are_read_as_pdf() -> None:
    loaded = load_bytes("scan.txt", make_pdf("Article 3. Cadres report personal matters."))
    assert loaded.encoding == "pdf"
    assert "Article 3. Cadres report personal matters." in loaded.text


def test_empty_file_is_refused() -> None:
    with pytest.raises(DocumentError, match="文件为空"):
        load_bytes("empty.txt", b"  \n\t ")


def test_binary_file_is_refused() -> None:
    with pytest.raises(DocumentError, match="二进制内容"):
        decode_bytes(bytes(range(256)) * 4)


def test_unsupported_suffix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"whatever")
    with pytest.raises(DocumentError, match=r"不支持的文件类型 \.xlsx"):
        load_file(path)


def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="无法读取文件"):
        load_file(tmp_path / "missing.txt")


# --- HTML ----------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>页面标题不是正文</title>
<style>.x { color: red }</style>
<script>var tracker = "统计代码";</script></head>
<body>
<!-- 注释不是正文 -->
<div>第一条 为了加强干部监督,制定本办法。</div>
<p>第二条 本办法适用于县管干部。<br>第三条 干部外出须报备。</p>
<noscript>请启用脚本</noscript>
<script type="text/javascript">document.write("脚本输出")</script>
</body></html>"""


def test_html_keeps_visible_text_one_block_a_line() -> None:
    text = load_bytes("page.html", PAGE.encode("utf-8")).text
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    assert lines == ["第一条 为了加强干部监督,制定本办法。", "第二条 本办法适用于县管干部。", "第三条 干部外出须报备。"]


@pytest.mark.parametrize("hidden", ["页面标题不是正文", "color: red", "统计代码", "注释不是正文", "请启用脚本", "脚本输出"])
def test_html_drops_scripts_styles_and_comments(hidden: str) -> None:
    assert hidden not in html_to_text(PAGE)


def test_html_in_gbk_is_decoded() -> None:
    text = load_bytes("page.htm", PAGE.replace("<head>", '<head><meta charset="gbk">').encode("gbk")).text
    assert "第二条 本办法适用于县管干部。" in text


# --- .docx ---------------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables() -> None:
    loaded = load_bytes("reg.docx", make_docx())
    assert loaded.encoding == "docx"
    assert loaded.text.split("\n") == [
        "第一条 干部因私出国须经审批。返回后交回证件。",
        "第二条 领导干部应当报告个人有关事项。",
        "事项 时限",
    ]


@pytest.mark.parametrize("invisible", ["隐藏的批注文字", "白色的关键词堆砌"])
def test_docx_hidden_and_white_runs_are_not_extracted(invisible: str) -> None:
    assert invisible not in load_bytes("reg.docx", make_docx()).text


def _docx_with_hidden_styles() -> bytes:
    """Text a reader cannot see, hidden in the ways the run-level check misses: a hidden character style,
    a paragraph style in white, the theme colour "background 1", 1 pt text, a white run in a table cell;
    and visible text in a style based on a visible one, in 10.5 pt, in a table cell."""
    import docx
    from docx.enum.dml import MSO_THEME_COLOR
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    secret = document.styles.add_style("Secret", WD_STYLE_TYPE.CHARACTER)
    secret.font.hidden = True
    white_para = document.styles.add_style("WhitePara", WD_STYLE_TYPE.PARAGRAPH)
    white_para.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    child = document.styles.add_style("ChildOfNormal", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = document.styles["Normal"]
    para = document.add_paragraph("第一条 干部因私出国须经审批。")
    para.add_run("样式隐藏的指令", style="Secret")
    run = para.add_run("主题背景色文字")
    run.font.color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
    run = para.add_run("一磅小字")
    run.font.size = Pt(1)
    run = para.add_run("正常字号。")
    run.font.size = Pt(10.5)
    document.add_paragraph("白色段落样式", style="WhitePara")
    document.add_paragraph("第二条 继承正常样式的段落可见。", style="ChildOfNormal")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "表格中可见"
    run = cell.paragraphs[0].add_run("表格白字")
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("invisible", ["样式隐藏的指令", "主题背景色文字", "一磅小字", "白色段落样式", "表格白字"])
def test_docx_text_hidden_by_styles_theme_size_or_in_tables_is_not_extracted(invisible: str) -> None:
    assert invisible not in load_bytes("reg.docx", _docx_with_hidden_styles()).text


def test_docx_visible_text_in_styles_and_tables_is_kept() -> None:
    text = load_bytes("reg.docx", _docx_with_hidden_styles()).text
    assert text.split("\n") == ["第一条 干部因私出国须经审批。正常字号。", "", "第二条 继承正常样式的段落可见。", "表格中可见"]


HIDING_PAGE = """<html><body>
<p>第一条 干部外出须报备。</p>
<div style="display: none">隐藏层指令</div>
<p hidden>隐藏属性指令</p>
<span style="color:#FFFFFF">白色字指令</span>
<span style="font-size:0px">零号字指令</span>
<span style="visibility:hidden">不可见指令</span>
<font color="white">白色font指令</font>
<span style="opacity: 0">透明指令</span>
<p style="color: #333; background-color: #fff">第二条 深色字在白底上可见。</p>
<p style="font-size: 14px">第三条 十四像素可见。</p>
</body></html>"""


@pytest.mark.parametrize("hidden", ["隐藏层指令", "隐藏属性指令", "白色字指令", "零号字指令", "不可见指令", "白色font指令",
                                    "透明指令"])
def test_html_text_hidden_by_attributes_or_inline_styles_is_dropped(hidden: str) -> None:
    assert hidden not in html_to_text(HIDING_PAGE)


def test_html_visible_styled_text_is_kept() -> None:
    lines = [ln.strip() for ln in html_to_text(HIDING_PAGE).split("\n") if ln.strip()]
    assert lines == ["第一条 干部外出须报备。", "第二条 深色字在白底上可见。", "第三条 十四像素可见。"]


def test_docx_random_bytes_are_refused() -> None:
    with pytest.raises(DocumentError, match=r"扩展名为 \.docx,但内容不是 DOCX 格式"):
        load_bytes("reg.docx", bytes(range(7, 250)) * 20)


def test_docx_truncated_zip_is_refused() -> None:
    data = make_docx()
    with pytest.raises(DocumentError, match=r"不是有效的 \.docx 文件\(zip 结构损坏\)"):
        load_bytes("reg.docx", data[: len(data) // 2])


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return out.getvalue()


def test_docx_zip_without_document_xml_is_refused() -> None:
    with pytest.raises(DocumentError, match=r"缺少 word/document\.xml"):
        load_bytes("reg.docx", _zip({"readme.txt": b"not a word file"}))


def test_docx_with_broken_xml_is_refused() -> None:
    with pytest.raises(DocumentError, match=r"\.docx 无法解析"):
        load_bytes("reg.docx", _zip({"[Content_Types].xml": b"<broken", "word/document.xml": b"<w:document"}))


def test_docx_with_too_many_entries_is_refused() -> None:
    entries = {f"word/media/{i}.bin": b"" for i in range(DOCX_MAX_ENTRIES + 1)}
    with pytest.raises(DocumentError, match=f"超过上限 {DOCX_MAX_ENTRIES}"):
        load_bytes("reg.docx", _zip(entries))


def test_docx_decompression_bomb_is_refused_before_decompressing() -> None:
    bomb = _zip({"word/document.xml": b"<w:document/>", "word/media/huge.bin": bytes(65 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # small on disk, 65 MB unpacked
    with pytest.raises(DocumentError, match="疑似压缩炸弹"):
        load_bytes("reg.docx", bomb)


# --- .pdf ------------------------------------------------------------------------------------------


def test_pdf_text_is_extracted() -> None:
    loaded = load_bytes("reg.pdf", make_pdf("Article 1. Cadres must report personal matters."))
    assert loaded.encoding == "pdf"
    assert loaded.text.strip() == "Article 1. Cadres must report personal matters."


def test_pdf_without_text_is_refused_as_a_scan() -> None:
    with pytest.raises(DocumentError, match="扫描件"):
        load_bytes("scan.pdf", make_pdf(""))


def test_truncated_pdf_is_refused() -> None:
    data = make_pdf("Article 1. Cadres must report personal matters.")
    with pytest.raises(DocumentError, match="PDF 无法解析"):
        load_bytes("reg.pdf", data[:80])


def test_random_bytes_named_pdf_are_refused() -> None:
    with pytest.raises(DocumentError, match=r"扩展名为 \.pdf,但内容不是 PDF 格式"):
        load_bytes("reg.pdf", "第一条 这是文本,不是 PDF。".encode())


def test_encrypted_pdf_is_refused() -> None:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DocumentError, match="PDF 已加密"):
        load_bytes("secret.pdf", out.getvalue())
