"""Files to text. Encodings are detected from the bytes, never guessed from the extension."""

from __future__ import annotations

import codecs
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.errors import DocumentError

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
# Zip directory limits for .docx, checked before python-docx opens anything (decompression bombs).
DOCX_MAX_ENTRIES = 2000
DOCX_MAX_ENTRY_BYTES = 64 * 1024 * 1024
DOCX_MAX_TOTAL_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Loaded:
    text: str
    encoding: str


def decode_bytes(data: bytes) -> Loaded:
    """UTF-8 (with or without BOM), UTF-16 (BOM, or told by its NUL bytes), then GB18030 (a superset of GBK)."""
    if not data.strip():
        raise DocumentError("文件为空")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return Loaded(data.decode(enc, errors="replace"), enc)
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM shows NULs in the high byte of its ASCII characters (spaces, digits,
        # line ends; Chinese text may have few of them); binaries show NULs anywhere. The byte order
        # the NULs point to is accepted only if it decodes strictly to something that reads as text.
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        enc = "utf-16-le" if odd > even else "utf-16-be"
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            text = ""
        if odd != even and _reads_as_text(text):
            return Loaded(text, enc)
        raise DocumentError("文件是二进制内容,不是文本")
    try:
        return Loaded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return Loaded(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("无法识别文件编码")
    return Loaded(str(best), best.encoding)


def _reads_as_text(text: str, sample: int = 200_000) -> bool:
    """No control, unassigned, private-use or surrogate characters beyond the odd stray one."""
    head = text[:sample]
    odd = sum(1 for c in head if c not in "\t\n\r\f" and unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs"))
    return bool(head.strip()) and odd <= len(head) // 200


_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article")


# Declarations that make text invisible on a page (a white page is assumed: white text is hidden text), inline
# or in a `<style>` rule: not displayed, transparent, zero-size, clipped away or pushed off-screen.
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(hidden|collapse)"
    r"|font-size\s*:\s*0*[01](\.\d+)?(px|pt)?\s*(;|$|!)|font-size\s*:\s*0*\.?0*(em|rem|%|vw|vh)\s*(;|$|!)"
    r"|(?<![-\w])color\s*:\s*(#fff(fff)?\b|white\b|rgba?\(\s*255\s*,\s*255\s*,\s*255\b|transparent\b)"
    r"|(?<![-\w])color\s*:\s*rgba\([^)]*,\s*0(\.0+)?\s*\)"
    r"|opacity\s*:\s*0(\.0+)?\s*(;|$|!)"
    # off-screen: a large negative offset, margin or indent (left:-9999px, text-indent:-10000px, top:-999em)
    r"|(?<![-\w])(left|right|top|bottom|margin(-left|-top|-right|-bottom)?|text-indent|inset)\s*:\s*"
    r"(\S+\s+){0,3}-\d{3,}|(?<![-\w])(left|right|top|bottom|margin(-left|-top)?|text-indent)\s*:\s*-\d{2,}(em|rem|vw|vh|%)"
    r"|transform\s*:[^;]*(translate[xy]?\(\s*-\d{3,}|scale[xy]?\(\s*0(\.0+)?\s*[,)])"
    # clipped to nothing (the "visually hidden" idiom): clip:rect(0 0 0 0) / rect(1px,1px,1px,1px), clip-path
    r"|(?<![-\w])clip\s*:\s*rect\(\s*[01]?(px)?[\s,]+[01]?(px)?[\s,]+[01]?(px)?[\s,]+[01]?(px)?\s*\)"
    r"|clip-path\s*:\s*(inset\(\s*(50|100)%|circle\(\s*0|polygon\(\s*0\w*\s+0\w*\s*\))"
    r"|(?<![-\w])(max-)?(height|width)\s*:\s*0(px)?\s*(;|$|!)[^{}]*overflow\s*:\s*hidden"
    r"|overflow\s*:\s*hidden[^{}]*(?<![-\w])(max-)?(height|width)\s*:\s*0(px)?\s*(;|$|!)",
    re.IGNORECASE)


def _hidden_element(tag: object) -> bool:
    attrs = getattr(tag, "attrs", None) or {}
    if "hidden" in attrs or str(attrs.get("aria-hidden", "")).lower() == "true":
        return True
    if str(attrs.get("color", "")).strip().lower() in ("white", "#fff", "#ffffff"):  # <font color=white>
        return True
    return bool(_HIDDEN_STYLE.search(str(attrs.get("style", ""))))


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")  # innermost rules: an @media block's rules are found inside it


def _hiding_selectors(css: str) -> list[str]:
    """Selectors of the rules in a stylesheet whose declarations hide text."""
    selectors: list[str] = []
    for head, body in _CSS_RULE.findall(_CSS_COMMENT.sub(" ", css)):
        if not _HIDDEN_STYLE.search(body):
            continue
        for sel in head.split(","):
            sel = sel.strip()
            if not sel or sel.startswith("@") or "::" in sel or re.search(r":(before|after)\b", sel):
                continue  # an at-rule, or generated content (never part of the page's text)
            selectors.append(sel)
    return selectors


def _drop_styled_hidden(soup: Any) -> None:
    """Remove what the page's own `<style>` rules hide (a class with display:none, off-screen positioning …).
    A hiding rule whose selector cannot be applied here refuses the file: its hidden text could pass."""
    import soupsieve

    css = "\n".join(tag.get_text() for tag in soup.find_all("style"))
    for sel in _hiding_selectors(css):
        try:
            found = soup.select(sel)
        except (soupsieve.SelectorSyntaxError, NotImplementedError, ValueError) as exc:
            log.warning("unusable hiding selector %r: %s", sel[:100], exc)
            raise DocumentError(f"网页样式表中有无法识别的隐藏规则(选择器“{sel[:60]}”),"
                                "为防止读者看不到的文字混入知识库,已拒绝该文件;请去掉样式后重新上传") from exc
        for tag in found:
            if not tag.decomposed:
                tag.decompose()


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block a line; scripts, styles, comments and text hidden by
    attributes, inline styles or the page's `<style>` rules (display:none, hidden, white or zero-size
    font, off-screen or clipped) dropped."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(markup, "html.parser")
    _drop_styled_hidden(soup)
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_hidden_element):
        if not tag.decomposed:  # inside an element already removed
            tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    return re.sub(r"[ \t]+\n", "\n", text)


def check_docx_zip(data: bytes) -> None:
    """Reject a .docx whose zip directory promises too much before anything is decompressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise DocumentError("不是有效的 .docx 文件(zip 结构损坏)") from exc
    if len(infos) > DOCX_MAX_ENTRIES:
        raise DocumentError(f".docx 内含 {len(infos)} 个条目,超过上限 {DOCX_MAX_ENTRIES}")
    total = 0
    for info in infos:
        if info.file_size > DOCX_MAX_ENTRY_BYTES:
            raise DocumentError(f".docx 条目 {info.filename} 解压后过大({info.file_size} 字节),疑似压缩炸弹")
        total += info.file_size
    if total > DOCX_MAX_TOTAL_BYTES:
        raise DocumentError(f".docx 解压后总大小 {total} 字节超过上限,疑似压缩炸弹")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise DocumentError("不是有效的 .docx 文件(缺少 word/document.xml)")


def docx_to_text(data: bytes) -> str:
    check_docx_zip(data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on broken XML
        log.warning("docx parse failed: %s: %s", type(exc).__name__, exc)
        raise DocumentError(".docx 无法解析:文档内容损坏或格式不符") from exc
    visible = _Visibility(document)
    lines: list[str] = [visible.text(para) for para in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = ("\n".join(visible.text(p) for p in cell.paragraphs).strip() for cell in row.cells)
            lines.append(" ".join(c for c in cells if c))
    return "\n".join(lines)


# Text a reader does not see: hidden (w:vanish), white or "background 1" colour, 2 pt or smaller.
_TINY_EMU = 2 * 12700


@dataclass(frozen=True)
class _Look:
    """What a font sets (None: inherits)."""

    hidden: bool | None = None
    white: bool | None = None
    size: int | None = None

    def over(self, below: _Look) -> _Look:
        return _Look(self.hidden if self.hidden is not None else below.hidden,
                     self.white if self.white is not None else below.white,
                     self.size if self.size is not None else below.size)

    @property
    def invisible(self) -> bool:
        return bool(self.hidden or self.white or (self.size is not None and self.size <= _TINY_EMU))


def _look(font: Any) -> _Look:
    colour = font.color if font.color is not None and font.color.type is not None else None
    white = None
    if colour is not None:
        theme = getattr(colour, "theme_color", None)
        white = ((colour.rgb is not None and str(colour.rgb).upper() == "FFFFFF")
                 or (theme is not None and getattr(theme, "name", "") in ("BACKGROUND_1", "LIGHT_1")))
    return _Look(font.hidden, white, None if font.size is None else int(font.size))


class _Visibility:
    """Which runs of a document a reader sees. A run looks as its own font says, then its character style
    and the styles that one is based on, then its paragraph's style and its bases; the styles' part is
    resolved once per pair of style ids (a long document has thousands of runs, a handful of styles)."""

    def __init__(self, document: Any) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self._by_id = {style.style_id: style for style in document.styles}
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self._default_para = default.style_id if default is not None else None
        self._styled: dict[tuple[str | None, str | None], _Look] = {}

    def _chain(self, style_id: str | None) -> _Look:
        look, style, seen = _Look(), self._by_id.get(style_id) if style_id else None, 0
        while style is not None and seen < 10:  # base chains are short; a loop in a hostile file must end
            look = look.over(_look(style.font))  # the nearer style wins
            style, seen = style.base_style, seen + 1
        return look

    def _style_look(self, run_style: str | None, para_style: str | None) -> _Look:
        key = (run_style, para_style or self._default_para)
        if key not in self._styled:
            self._styled[key] = self._chain(key[0]).over(self._chain(key[1]))
        return self._styled[key]

    def text(self, para: Any) -> str:
        """Paragraph text without the runs a reader cannot see: invisible text is not what the document says."""
        para_style = para._p.style
        return "".join(run.text for run in para.runs
                       if not _look(run.font).over(self._style_look(run._r.style, para_style)).invisible)


def pdf_to_text(data: bytes) -> str:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DocumentError("PDF 已加密,无法读取")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as exc:
        log.warning("pdf parse failed: %s: %s", type(exc).__name__, exc)
        raise DocumentError("PDF 无法解析:文件结构损坏或不完整") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise DocumentError("PDF 中没有可提取的文字(可能是扫描件)")
    return text


def sniff_kind(name: str, data: bytes) -> str:
    """The file's real kind from its bytes; the extension only breaks ties between text kinds."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    suffix = Path(name).suffix.lower()
    if suffix in (".docx", ".pdf"):
        # The name promises a binary format the bytes do not have.
        raise DocumentError(f"文件扩展名为 {suffix},但内容不是 {suffix[1:].upper()} 格式")
    head = data[:2048].lstrip().lower()
    if suffix in (".html", ".htm") or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def load_bytes(name: str, data: bytes) -> Loaded:
    """Text of one document given its file name and bytes."""
    kind = sniff_kind(name, data)
    if kind == "pdf":
        return Loaded(pdf_to_text(data), "pdf")
    if kind == "docx":
        return Loaded(docx_to_text(data), "docx")
    loaded = decode_bytes(data)
    if kind == "html":
        return Loaded(html_to_text(loaded.text), loaded.encoding)
    return loaded


def load_file(path: Path) -> Loaded:
    if path.suffix.lower() not in SUFFIXES:
        raise DocumentError(f"不支持的文件类型 {path.suffix or '(无扩展名)'},支持: {', '.join(SUFFIXES)}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"无法读取文件: {exc.strerror}") from exc
    return load_bytes(path.name, data)
