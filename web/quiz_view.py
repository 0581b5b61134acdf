"""The 出题 tab's output: the files offered for download (one per export format) and the on-page preview.

    download_name(fmt) -> str     format_label(fmt) -> str     quiz_preview(items) -> str (HTML)

Formats come from `assistant.quiz.FORMATS`, so a format the quiz builder adds is offered here too; one
this table does not know yet is still offered, under a plain label. The preview shows what a trainer
reads on paper (stem, options, answer, explanation, the clause it rests on), never item or clause ids.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.quiz import QuizItem, export_quiz
from assistant.quiz.export import ANSWER_SHEET, answer_text, paper_stem, sections, source
from web.render import esc

BASE_NAME = "监督制度测试题"
# format -> (file name suffix and extension, what the download list calls it)
FORMAT_FILES: dict[str, tuple[str, str]] = {
    "docx": ("-试卷.docx", "Word 试卷"),
    "xlsx": ("-考试系统导入.xlsx", "Excel 表格(可导入考试系统)"),
    "gift": ("-Moodle题库导入(GIFT格式).txt", "Moodle 题库导入文件(GIFT 格式)"),
    "md": (".md", "Markdown 文本"),
    "json": ("-数据.json", "JSON 数据(供程序处理)"),
}
ORDER = ("docx", "xlsx", "gift", "md", "json")  # what most trainers want first


@dataclass(frozen=True)
class QuizFile:
    fmt: str
    path: Path
    label: str


def ordered(formats: Sequence[str]) -> list[str]:
    return sorted(formats, key=lambda f: ORDER.index(f) if f in ORDER else len(ORDER))


def docx_has_answer_key(data: bytes) -> bool:
    """True when the Word file itself carries the answers (so its label may say so)."""
    from docx import Document

    return any(p.text.strip() == ANSWER_SHEET for p in Document(io.BytesIO(data)).paragraphs)


def download_name(fmt: str, data: bytes = b"") -> str:
    """The file name a trainer sees in the download list and on disk: says what it is for."""
    if fmt == "docx" and data and docx_has_answer_key(data):
        return f"{BASE_NAME}-试卷(文末附参考答案).docx"
    # a format added later ("docx-key" …): its first word is the file type
    suffix = FORMAT_FILES.get(fmt, (f"-{fmt}.{fmt.replace('_', '-').split('-')[0]}", ""))[0]
    return BASE_NAME + suffix


def format_label(fmt: str, data: bytes = b"") -> str:
    if fmt == "docx" and data and docx_has_answer_key(data):
        return "Word 试卷(文末附参考答案与解析)"
    return FORMAT_FILES.get(fmt, ("", ""))[1] or f"{fmt} 格式"


def write_quiz_files(items: Sequence[QuizItem], formats: Sequence[str], out_dir: Path) -> list[QuizFile]:
    """One file per format, in the order trainers want them, each named for what it is for."""
    out = []
    for fmt in ordered(formats):
        data = export_quiz(items, fmt)
        path = out_dir / download_name(fmt, data)
        path.write_bytes(data)
        out.append(QuizFile(fmt, path, format_label(fmt, data)))
    return out


def files_note(files: Sequence[QuizFile]) -> str:
    """What each offered file is for, in the words of the label table."""
    rows = "".join(f"<li>{esc(f.path.name)}:{esc(f.label)}</li>" for f in files)
    return f'<div class="jd-muted">上方可下载的文件:</div><ul class="jd-quiz-files">{rows}</ul>' if rows else ""


def quiz_preview(items: Sequence[QuizItem], files: Sequence[QuizFile] = ()) -> str:
    """The paper as HTML, each item with its key, explanation and source clause (all text escaped)."""
    parts = [f'<div class="jd-quiz-summary">已生成 {len(items)} 道题,答案均已对照出处条款核验。'
             "下方为预览;正式使用请下载上方的文件。</div>", files_note(files)]
    for heading, numbered in sections(items):
        parts.append(f'<div class="jd-quiz-section">{esc(heading)}</div>')
        for n, it in numbered:
            options = ""
            if it.type in ("single", "multiple"):
                options = "".join(f'<li><b>{esc(o[0])}.</b> {esc(o[2:])}</li>' for o in it.options)
                options = f'<ol class="jd-quiz-options">{options}</ol>'
            key = answer_text(it)
            if it.type in ("single", "multiple"):
                key += "(" + ";".join(it.answer_texts) + ")"
            parts.append(
                f'<div class="jd-quiz-item"><div class="jd-quiz-stem"><b>{n}.</b> {esc(paper_stem(it))}</div>'
                f"{options}"
                f'<details class="jd-quiz-key"><summary>查看答案与解析</summary>'
                f'<div><b>答案:</b>{esc(key)}</div><div><b>解析:</b>{esc(it.explanation)}</div>'
                f'<div class="jd-muted">出处:{esc(source(it))}</div></details></div>'
            )
    return f'<div class="jd-quiz">{"".join(parts)}</div>'
