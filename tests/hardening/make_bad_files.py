"""Build a collection of hostile and awkward documents, plus a few good ones, into a directory.

    python tests/hardening/make_bad_files.py OUT_DIR [--big-html]

`build(out)` writes every file and returns what each one is expected to do on ingest: a bad file
must be named in the ingest report with a Chinese reason; a good one (the two plain documents and
the GBK, GB18030 and UTF-16 texts) must be ingested, its `phrase` then found in its clauses.
The 50 MB one-line HTML page is written only on request (`write_big_html`), since it needs a
larger upload limit than the "huge file" case.
"""

from __future__ import annotations

import argparse
import codecs
import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

HUGE_MB = 2.0  # over the 1 MB upload limit the tests configure
BOMB_MB = 300  # what the zip-bomb .docx inflates to
BIG_HTML_MB = 50


@dataclass(frozen=True)
class Expect:
    good: bool
    phrase: str = ""  # good files: a phrase their cleaned text must contain
    doc_id: str = ""  # good files: the doc_id they get (the file stem)
    reason: str = ""  # bad files: a regex the Chinese failure reason must match


# Two good documents, each short (one or two clauses) so embedding them costs little.
GOOD_A = (
    "外出报备办法\n"
    "第一条 科级干部因私外出离开本县超过三天的,须提前向单位主要负责人书面报备,返回后当日销假。\n"
    "第二条 报备材料由单位办公室统一登记保存,保存期限不少于三年,供组织部门随时抽查核验。\n"
)
GOOD_B = (
    "谈心谈话制度\n"
    "一、党组织书记每半年至少同班子成员开展一次谈心谈话,发现苗头性倾向性问题及时提醒纠正。\n"
    "二、谈话情况应当形成书面记录,由谈话人和谈话对象签字确认后归档备查,不得事后补记。\n"
)
# Good texts in legacy encodings. The GB18030 one holds characters GBK cannot encode.
GBK_TEXT = "档案审核规定\n第一条 干部人事档案专项审核由组织部门牵头,重点核查出生日期、参加工作时间和入党时间等信息。\n"
GB18030_TEXT = (
    "生僻字姓名登记规定\n"
    "第一条 干部姓名含生僻字的,如䶮、𠮷等,登记时应当使用国家标准字符集录入,不得以同音字代替。\n"
)
UTF16_TEXT = "证照保管规定\n第一条 因私出入境证件由县委组织部集中保管,干部本人不得自行保管,离职时随档案移交。\n"
UTF16BE_TEXT = "公务用车管理规定\n第一条 公车使用登记应当写明用车事由、起止时间和行驶里程,节假日期间公车一律封存停放。\n"
UTF16_NOBOM_TEXT = "Rule 1. 公务接待应当严格执行接待标准,不得超标准安排住宿用餐,不得组织旅游和娱乐活动。\n"


def pdf(objects: list[bytes], trailer: bytes = b"", prev_self: bool = False) -> bytes:
    """A PDF file from object bodies (object n is objects[n-1]), with a correct xref table.

    `prev_self` makes the trailer's /Prev point at its own xref section: a circular xref chain.
    """
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    prev = b" /Prev %d" % xref if prev_self else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, prev, trailer, xref)
    return bytes(out)


def text_pdf(text: str) -> bytes:
    """A one-page PDF showing ASCII `text` in Helvetica."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def circular_pdf() -> bytes:
    """Circular references everywhere a parser follows links: the xref /Prev chain points at itself,
    the page tree lists itself among its own kids, and the page's parent is the page itself."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>",
    ], prev_self=True)


def encrypted_pdf() -> bytes:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(text_pdf("Secret rule: cadres report travel.")))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx_parts(document_xml: bytes) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            b'"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            b'document.main+xml"/></Types>'),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": document_xml,
    }


def zip_bomb_docx(megabytes: int = BOMB_MB) -> bytes:
    """A .docx whose word/document.xml honestly inflates to `megabytes` of zeros (~1000:1)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _docx_parts(b"").items():
            if name != "word/document.xml":
                zf.writestr(name, data)
        chunk = b"\0" * (1 << 20)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(megabytes):
                fh.write(chunk)
    return buf.getvalue()


def lying_bomb_docx(megabytes: int = 64) -> bytes:
    """A .docx whose directory claims word/document.xml is 1 KB while it inflates to `megabytes`.

    The size fields of the local header and the central directory are patched after writing, so the
    directory check passes and only the reader's own limits stand between it and the payload.
    """
    parts = _docx_parts(b"<w:document/>" + b" " * (megabytes << 20))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    data = bytearray(buf.getvalue())
    name = b"word/document.xml"
    local = data.find(b"PK\x03\x04")
    while local != -1:
        n = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + n] == name:
            struct.pack_into("<I", data, local + 22, 1024)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        n = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + n] == name:
            struct.pack_into("<I", data, central + 24, 1024)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def xml_bomb_docx() -> bytes:
    """A .docx whose document.xml is a "billion laughs" entity bomb."""
    lol = ['<!ENTITY l0 "哈哈哈哈哈哈哈哈哈哈">']
    lol += [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    xml = ('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [' + "".join(lol) + ']>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
           '<w:t>&l9;</w:t></w:r></w:p></w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _docx_parts(xml.encode("utf-8")).items():
            zf.writestr(name, data)
    return buf.getvalue()


def flate_bomb_pdf(megabytes: int = 200) -> bytes:
    """A PDF whose page content stream inflates to `megabytes` of spaces."""
    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(b" " * (1 << 20)) for _ in range(megabytes)) + comp.flush()
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    ])


def build(out: Path) -> dict[str, Expect]:
    """Write the collection into `out`; returns file name -> expectation."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20240601)
    files: dict[str, tuple[bytes, Expect]] = {
        # good
        "good_a.txt": (GOOD_A.encode("utf-8"), Expect(True, "返回后当日销假", "good_a")),
        "good_b.md": (GOOD_B.encode("utf-8"), Expect(True, "不得事后补记", "good_b")),
        "gbk.txt": (GBK_TEXT.encode("gbk"), Expect(True, "参加工作时间和入党时间", "gbk")),
        "gb18030.txt": (GB18030_TEXT.encode("gb18030"), Expect(True, "如䶮、𠮷等", "gb18030")),
        "utf16.txt": (codecs.BOM_UTF16_LE + UTF16_TEXT.encode("utf-16-le"), Expect(True, "干部本人不得自行保管", "utf16")),
        "utf16be.txt": (codecs.BOM_UTF16_BE + UTF16BE_TEXT.encode("utf-16-be"), Expect(True, "公车使用登记", "utf16be")),
        "utf16_nobom.txt": (UTF16_NOBOM_TEXT.encode("utf-16-le"), Expect(True, "不得组织旅游和娱乐活动", "utf16_nobom")),
        # bad
        "empty.txt": (b"", Expect(False, reason="文件为空")),
        "blank.md": (b" \n\t\r\n  \n", Expect(False, reason="文件为空")),
        "huge.txt": (("超大文件" * 64 + "\n").encode("utf-8") * int(HUGE_MB * 1024 * 1024 / 769 + 1),
                     Expect(False, reason="文件过大")),
        "binary.txt": (b"\x7fELF\x02\x01\x01\x00" + rng.randbytes(64 * 1024), Expect(False, reason="二进制")),
        # binary without NULs
        "noise.txt": (bytes(b for b in rng.randbytes(32 * 1024) if b), Expect(False, reason="编码|二进制")),
        "text_named.pdf": ("第一条 这是文本,扩展名却是 PDF。".encode(), Expect(False, reason=r"扩展名为 \.pdf")),
        "scan_named.txt": (pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]),
                           Expect(False, reason="没有可提取的文字")),
        "truncated.pdf": (text_pdf("Article 1. Cadres must report travel abroad.")[:120], Expect(False, reason="PDF 无法解析")),
        "encrypted.pdf": (encrypted_pdf(), Expect(False, reason="加密")),
        "circular_xref.pdf": (circular_pdf(), Expect(False, reason="无法解析|循环|嵌套")),
        "flate_bomb.pdf": (flate_bomb_pdf(), Expect(False, reason="没有可提取的文字|无法解析|内存")),
        "notzip.docx": ("第一条 这是文本,扩展名却是 DOCX。".encode(), Expect(False, reason=r"扩展名为 \.docx")),
        "broken_zip.docx": (b"PK\x03\x04" + rng.randbytes(4096), Expect(False, reason="zip 结构损坏")),
        "zip_bomb.docx": (zip_bomb_docx(), Expect(False, reason="压缩炸弹")),
        "lying_bomb.docx": (lying_bomb_docx(), Expect(False, reason="无法解析|压缩炸弹|内存")),
        "xml_bomb.docx": (xml_bomb_docx(), Expect(False, reason="无法解析|没有正文|内存")),
        "unsupported.exe": (b"MZ\x90\x00" + rng.randbytes(1024), Expect(False, reason="不支持的文件类型")),
        # 30 KB of GBK byte-shift look-alikes: repairing them all would take minutes, so the cleaner
        # caps the repairs, and a document that is mostly mojibake is refused.
        "slow_garble.txt": (("第一条 规定。" + "?耙话咽帧笔屈hx" * 2000).encode("utf-8"), Expect(False, reason="乱码|超时")),
    }
    for name, (data, _) in files.items():
        (out / name).write_bytes(data)
    return {name: expect for name, (_, expect) in files.items()}


def write_big_html(out: Path, megabytes: int = BIG_HTML_MB) -> Path:
    """A `megabytes` MB HTML page on a single line: many short paragraphs, no newline anywhere."""
    out.mkdir(parents=True, exist_ok=True)
    para = "<p>第一条 干部离任应当在七个工作日内办结工作交接,交接内容包括重要工作事项。</p>".encode()
    count = megabytes * 1024 * 1024 // len(para)
    path = out / "big_one_line.html"
    with open(path, "wb") as fh:
        fh.write(b"<!DOCTYPE html><html><head><title>big</title></head><body>")
        block = para * 1024
        for _ in range(count // 1024):
            fh.write(block)
        fh.write(b"</body></html>")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--big-html", action="store_true", help=f"also write the {BIG_HTML_MB} MB one-line HTML page")
    args = parser.parse_args()
    expected = build(args.out)
    if args.big_html:
        write_big_html(args.out)
    for name, e in sorted(expected.items()):
        print(("good " if e.good else "bad  ") + name)


if __name__ == "__main__":
    main()
