"""Files to text. Encodings are detected from the bytes, never guessed from the extension."""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import DocumentError

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


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block a line; scripts, styles and comments dropped."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
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
        raise DocumentError(f".docx 无法解析: {type(exc).__name__}") from exc
    lines: list[str] = []
    for para in document.paragraphs:
        lines.append(_visible_runs(para))
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)


def _visible_runs(para: object) -> str:
    """Paragraph text without hidden or white runs: invisible text is not what a reader sees."""
    parts = []
    for run in para.runs:  # type: ignore[attr-defined]
        font = run.font
        if font.hidden:
            continue
        color = font.color.rgb if font.color is not None and font.color.type is not None else None
        if color is not None and str(color).upper() == "FFFFFF":
            continue
        parts.append(run.text)
    return "".join(parts)


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
        raise DocumentError(f"PDF 无法解析: {type(exc).__name__}") from exc
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
