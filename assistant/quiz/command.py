"""`jiandu quiz`: build study and exam items from the indexed regulations and write them to a file.

Register with `cli.add_command(quiz)`. Thin: parse, call generate_quiz and export_quiz, show a summary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import click

from assistant.quiz.export import export_quiz
from assistant.quiz.generate import generate_quiz
from assistant.quiz.types import DIFFICULTIES, FORMATS, MAX_COUNT, TYPE_NAMES, TYPES, QuizError, QuizOptions
from knowledge.config import Settings, load_settings
from knowledge.errors import JianduError

_SUFFIXES = {".json": "json", ".md": "md", ".markdown": "md", ".docx": "docx", ".xlsx": "xlsx", ".gift": "gift"}
_TYPE_ALIASES = {"填空": "cloze", "填空题": "cloze", "单选": "single", "单选题": "single", "多选": "multiple",
                 "多选题": "multiple", "判断": "judge", "判断题": "judge"}


def parse_types(text: str) -> tuple[str, ...]:
    """"cloze,single" or "填空,单选" -> ("cloze", "single"); unknown names are left for QuizOptions to refuse."""
    parts = [p.strip() for p in text.replace(",", ",").replace("、", ",").split(",") if p.strip()]
    return tuple(_TYPE_ALIASES.get(p, p) for p in parts)


def pick_format(fmt: str | None, out: Path) -> str:
    if fmt:
        return fmt
    found = _SUFFIXES.get(out.suffix.lower())
    if found is None:
        raise QuizError(f"无法从文件名 {out.name} 判断导出格式,请用 --format 指定({', '.join(FORMATS)})")
    return found


def _settings(ctx: click.Context) -> Settings:
    """The group's settings when run as `jiandu quiz` (honours `jiandu --config`), else from the environment."""
    obj = ctx.find_object(dict) or {}
    if isinstance(obj.get("settings"), Settings):
        return obj["settings"]
    return load_settings(toml_path=obj.get("config"))


@click.command("quiz")
@click.option("--count", "-n", type=click.IntRange(1, MAX_COUNT), default=20, show_default=True, help="题目数量")
@click.option("--types", "types_", default=",".join(TYPES), show_default=True,
              help="题型,逗号分隔: cloze 填空, single 单选, multiple 多选, judge 判断")
@click.option("--doc", "doc_ids", multiple=True, metavar="DOC_ID", help="只从这篇文档出题(可重复)")
@click.option("--heading", "headings", multiple=True, help="只从标题含这段文字的条款出题(可重复)")
@click.option("--difficulty", type=click.Choice(DIFFICULTIES), default="medium", show_default=True,
              help="难度: 影响干扰项的接近程度、多选题选项数和题干所给的上下文")
@click.option("--seed", type=int, default=0, show_default=True, help="随机种子: 相同种子生成相同的题")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="导出格式,默认按 --out 的扩展名")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="输出文件")
@click.pass_context
def quiz(ctx: click.Context, count: int, types_: str, doc_ids: tuple[str, ...], headings: tuple[str, ...],
         difficulty: str, seed: int, fmt: str | None, out: Path) -> None:
    """从制度条款生成练习题和考试题(填空、单选、多选、判断),每题答案都注明出处条款。"""
    from knowledge.index import load_index

    try:
        fmt = pick_format(fmt, out)
        options = QuizOptions(count=count, types=parse_types(types_), doc_ids=doc_ids, headings=headings,
                              difficulty=difficulty, seed=seed)
        index = load_index(_settings(ctx), check_embedder=False)  # a quiz reads clauses, never vectors
        items = generate_quiz(index, options)
        data = export_quiz(items, fmt)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except JianduError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"无法写入 {out}: {exc.strerror or exc}") from exc
    click.echo(summary(items, count, out, fmt))


def summary(items: Any, wanted: int, out: Path, fmt: str) -> str:
    by_type = Counter(it.type for it in items)
    parts = "、".join(f"{TYPE_NAMES[t]} {by_type[t]}" for t in TYPES if by_type[t])
    docs = len({it.citation.doc_id for it in items})
    text = f"已生成 {len(items)} 道题({parts}),出自 {docs} 篇文档,答案均已对照出处条款核验;已写入 {out}({fmt})。"
    if len(items) < wanted:
        text += (f"\n提示: 所选范围内可出题的内容不足,只生成了 {len(items)} 道(要求 {wanted} 道);"
                 "可放宽 --doc/--heading 或增加 --types。")
    return text
