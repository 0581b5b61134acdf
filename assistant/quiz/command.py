"""`jiandu quiz`: build a paper (or a bank) from the indexed regulations and write it to files.

Register with `cli.add_command(quiz)`. Thin: parse, call build_quiz and export_quiz, show a summary and the
notes that tell the trainer why there are fewer items than asked."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import click

from assistant.quiz.export import Paper, export_quiz
from assistant.quiz.generate import build_quiz
from assistant.quiz.types import (
    DIFFICULTIES,
    FORMAT_BY_NAME,
    FORMAT_TABLE,
    FORMATS,
    MAX_COUNT,
    TYPE_NAMES,
    TYPES,
    QuizError,
    QuizOptions,
    QuizResult,
)
from knowledge.config import Settings, load_settings
from knowledge.errors import JianduError

_TYPE_ALIASES = {"填空": "cloze", "填空题": "cloze", "单选": "single", "单选题": "single", "多选": "multiple",
                 "多选题": "multiple", "判断": "judge", "判断题": "judge"}
# a paper file comes with its answer key, written beside it
KEY_OF = {"docx": "key-docx", "pdf": "key-pdf"}


def parse_types(text: str) -> tuple[str, ...]:
    """"cloze,single" or "填空,单选" -> ("cloze", "single"); unknown names are left for QuizOptions to refuse."""
    parts = [p.strip() for p in text.replace(",", ",").replace("、", ",").split(",") if p.strip()]
    return tuple(_TYPE_ALIASES.get(p, p) for p in parts)


def pick_format(fmt: str | None, out: Path) -> str:
    if fmt:
        return fmt
    name = out.name.lower()
    suffix = out.suffix.lower()
    for f in sorted(FORMAT_TABLE, key=lambda f: -len(f.suffix)):
        if name.endswith(f.suffix) and (f.suffix.startswith(".") or len(f.suffix) > len(suffix)):
            return f.name
    if suffix == ".markdown":
        return "md"
    raise QuizError(f"无法从文件名 {out.name} 判断导出格式,请用 --format 指定({', '.join(FORMATS)})")


def key_path(out: Path, fmt: str) -> Path:
    """paper.docx -> paper-答案.docx."""
    key = FORMAT_BY_NAME[KEY_OF[fmt]]
    return out.with_name(out.stem + key.suffix)


def excluded_rules(paths: tuple[Path, ...]) -> frozenset[str]:
    """The rules (sentences) that earlier papers, given as their JSON files, asked."""
    rules: set[str] = set()
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise QuizError(f"无法读取 --exclude 指定的试卷 {path}: {exc};请给出 jiandu quiz 导出的 JSON 文件") from exc
        if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
            raise QuizError(f"{path} 不是 jiandu quiz 导出的 JSON 题目列表")
        for d in data:
            if not d.get("rules"):
                raise QuizError(f"{path} 中的题目没有 rules 字段(旧版本导出),无法排除;请用新版本重新导出")
            rules.update(d["rules"])
    return frozenset(rules)


def _settings(ctx: click.Context) -> Settings:
    """The group's settings when run as `jiandu quiz` (honours `jiandu --config`), else from the environment."""
    obj = ctx.find_object(dict) or {}
    if isinstance(obj.get("settings"), Settings):
        return obj["settings"]
    return load_settings(toml_path=obj.get("config"))


_FORMAT_HELP = ";".join(f"{f.name} {f.label}({f.suffix})" for f in FORMAT_TABLE)


@click.command("quiz")
@click.option("--count", "-n", type=click.IntRange(1, MAX_COUNT), default=20, show_default=True, help="题目数量")
@click.option("--types", "types_", default=",".join(TYPES), show_default=True,
              help="题型,逗号分隔: cloze 填空, single 单选, multiple 多选, judge 判断")
@click.option("--doc", "doc_ids", multiple=True, metavar="DOC_ID", help="只从这篇文档出题(可重复)")
@click.option("--heading", "headings", multiple=True, help="只从标题含这段文字的条款出题(可重复)")
@click.option("--difficulty", type=click.Choice(DIFFICULTIES), default="medium", show_default=True,
              help="难度: 影响干扰项的接近程度和题干所给的上下文")
@click.option("--seed", type=int, default=0, show_default=True, help="随机种子: 相同种子生成相同的题")
@click.option("--include-practice", is_flag=True,
              help="也从范文、新闻报道、评论文章出题(题干写明是某地做法,不作为规定);默认只用有约束力的文件")
@click.option("--exclude", "exclude", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="不考这份试卷(jiandu quiz 导出的 JSON)已考过的条文,用于 A/B 卷(可重复)")
@click.option("--bank", is_flag=True, help="题库模式: 生成所有值得出的题(每条条文每种题型一道),忽略 --count")
@click.option("--title", default="", help="试卷标题,默认“干部监督制度测试卷”")
@click.option("--minutes", type=click.IntRange(0, 600), default=0, help="考试时间(分钟),默认每题约1.5分钟")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help=f"导出格式,默认按 --out 的扩展名: {_FORMAT_HELP}")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="输出文件;Word/PDF 试卷的答案与解析另存为同名的“-答案”文件")
@click.pass_context
def quiz(ctx: click.Context, count: int, types_: str, doc_ids: tuple[str, ...], headings: tuple[str, ...],
         difficulty: str, seed: int, include_practice: bool, exclude: tuple[Path, ...], bank: bool, title: str,
         minutes: int, fmt: str | None, out: Path) -> None:
    """从制度条款生成试卷或题库(填空、单选、多选、判断),每题答案都注明出处条款。"""
    from knowledge.index import load_index

    written = []
    try:
        fmt = pick_format(fmt, out)
        options = QuizOptions(count=count, types=parse_types(types_), doc_ids=doc_ids, headings=headings,
                              difficulty=difficulty, seed=seed, include_practice=include_practice,
                              exclude_rules=excluded_rules(exclude), bank=bank)
        index = load_index(_settings(ctx), check_embedder=False)  # a quiz reads clauses, never vectors
        result = build_quiz(index, options)
        if not result.items:
            raise QuizError("没有可出的题:" + "".join(result.notes))
        paper = Paper(title=title or Paper().title, minutes=minutes)
        files = [(out, fmt)] + ([(key_path(out, fmt), KEY_OF[fmt])] if fmt in KEY_OF else [])
        for path, f in files:
            data = export_quiz(result.items, f, paper)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
    except JianduError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"无法写入 {out}: {exc.strerror or exc}") from exc
    click.echo(summary(result, written, fmt))


def summary(result: QuizResult, written: list[Path], fmt: str) -> str:
    items: Any = result.items
    by_type = Counter(it.type for it in items)
    parts = "、".join(f"{TYPE_NAMES[t]} {by_type[t]}" for t in TYPES if by_type[t])
    binding = sum(1 for it in items if it.binding)
    text = (f"已生成 {len(items)} 道题({parts}),其中 {binding} 道出自有约束力的文件,"
            f"答案均已对照出处条款和全部知识库核验;已写入 " + "、".join(str(p) for p in written) + f"({fmt})。")
    notes = list(result.notes)
    if fmt in ("pdf", "key-pdf"):
        from assistant.quiz.export import SERIF_FONTS, pdf_font

        if pdf_font() not in SERIF_FONTS:
            notes.append(f"本机没有宋体类中文字体,PDF 用的是 {Path(pdf_font()).stem}(黑体类);安装 fonts-noto-cjk "
                         "或 fonts-arphic-uming 后重新生成,PDF 即为宋体,与 Word 版一致。")
    return "\n".join([text, *(f"提示: {n}" for n in notes)])
