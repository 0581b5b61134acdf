"""The 出题 tab's output: the files offered for download (one per export format) and the on-page preview.

    download_name(fmt) -> str     format_label(fmt) -> str     quiz_preview(items) -> str (HTML)

Formats come from `assistant.quiz.FORMATS`, so a format the quiz builder adds is offered here too; one
this table does not know yet is still offered, under a plain label. The preview shows what a trainer
reads on paper (stem, options, answer, explanation, the clause it rests on), never item or clause ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.quiz import QuizItem, export_quiz
from assistant.quiz.export import LETTERS, TITLE, answer_text, paper_stem, sections, source
from assistant.quiz.types import FORMAT_BY_NAME
from web.render import esc

# what most trainers want first; a format the quiz builder adds later comes after these, under its own label
ORDER = ("docx", "key-docx", "pdf", "key-pdf", "xlsx", "txt", "moodle", "gift", "md", "json")
PURPOSE = {"gift": "Moodle 题库导入文件", "moodle": "Moodle 题库导入文件", "txt": "国内考试平台导入文本",
           "json": "供程序处理"}


@dataclass(frozen=True)
class QuizFile:
    fmt: str
    path: Path
    label: str


def ordered(formats: Sequence[str]) -> list[str]:
    return sorted(formats, key=lambda f: ORDER.index(f) if f in ORDER else len(ORDER))


NAMED_FOR = {"gift": "-Moodle导入", "moodle": "-Moodle导入", "txt": "-考试平台导入", "xlsx": "-题库表格"}


def download_name(fmt: str) -> str:
    """The file name a trainer sees in the download list and on disk: the quiz builder's suffix, and for an
    import file what imports it (a .gift or .txt says nothing by itself)."""
    known = FORMAT_BY_NAME.get(fmt)
    return TITLE + NAMED_FOR.get(fmt, "") + (known.suffix if known else f".{fmt}")


def format_label(fmt: str) -> str:
    known = FORMAT_BY_NAME.get(fmt)
    label = known.label if known else f"{fmt} 格式"
    return f"{label}({PURPOSE[fmt]})" if fmt in PURPOSE else label


def write_quiz_files(items: Sequence[QuizItem], formats: Sequence[str], out_dir: Path) -> list[QuizFile]:
    """One file per format, in the order trainers want them, each named for what it is for."""
    out = []
    for fmt in ordered(formats):
        path = out_dir / download_name(fmt)
        path.write_bytes(export_quiz(items, fmt))
        out.append(QuizFile(fmt, path, format_label(fmt)))
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
                options = "".join(f'<li><b>{LETTERS[i]}.</b> {esc(o)}</li>' for i, o in enumerate(it.options))
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
