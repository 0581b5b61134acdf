"""The `jiandu` command. Thin: parse, call one library function, show; errors become Chinese messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from knowledge.config import Settings, load_settings
from knowledge.errors import JianduError, QuestionError, UnknownDocsError


def _settings(ctx: click.Context) -> Settings:
    obj: dict[str, Any] = ctx.ensure_object(dict)
    if "settings" not in obj:
        try:
            obj["settings"] = load_settings(toml_path=obj.get("config"))
        except JianduError as exc:
            raise click.ClickException(str(exc)) from exc
    return obj["settings"]


def _emit(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


class _Group(click.Group):
    """Turns domain errors into a one-line Chinese message and exit code 1 (2 for bad input)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QuestionError as exc:
            click.echo(f"错误: {exc}", err=True)
            ctx.exit(2)
        except JianduError as exc:
            click.echo(f"错误: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="TOML 配置文件")
@click.pass_context
def cli(ctx: click.Context, config: Path | None) -> None:
    """jiandu 监督制度问答助手。"""
    ctx.ensure_object(dict)["config"] = config


@cli.command()
@click.option("--source", type=click.Path(file_okay=False, path_type=Path), multiple=True,
              help="文档目录(默认 knowledge/docs 与数据目录下的 uploads)")
@click.option("--rebuild", is_flag=True, help="丢弃旧索引,从文档重建")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出入库报告")
@click.pass_context
def ingest(ctx: click.Context, source: tuple[Path, ...], rebuild: bool, as_json: bool) -> None:
    """把文档解析、切分、嵌入并写入索引。"""
    from knowledge.ingest import ingest as run_ingest

    settings = _settings(ctx)
    for src in source:
        if not src.is_dir():
            raise click.ClickException(f"文档目录 {src} 不存在")
    report = run_ingest(settings, list(source) or None, rebuild=rebuild)
    if as_json:
        _emit(report.to_dict())
    else:
        state = "索引已更新" if report.changed else "文档无变化,索引保持不变"
        sentences = f"、{report.embedded_sentences} 个句子" if report.embedded_sentences else ""
        click.echo(f"{state}: {report.docs} 篇文档,{report.clauses} 个条款,新嵌入 {report.embedded} 个条款{sentences},"
                   f"用时 {report.seconds:.1f} 秒")
        for label, ids in (("新增", report.added), ("更新", report.updated), ("移除", report.removed),
                           ("重新解析(程序或词典已更新,文件未变)", report.reparsed)):
            if ids:
                click.echo(f"  {label}: {', '.join(ids)}")
        for doc_id, warns in report.warnings.items():
            for w in warns:
                click.echo(f"  提示 [{doc_id}] {w}")
        for f in report.failed:
            click.echo(f"  失败: {f.name}: {f.reason}", err=True)
    if report.failed:
        ctx.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="JSON 输出")
@click.pass_context
def docs(ctx: click.Context, as_json: bool) -> None:
    """列出已入库的文档。"""
    from knowledge.index import load_index

    index = load_index(_settings(ctx), check_embedder=False)
    rows = [d.to_dict() for d in index.docs.values()]
    if as_json:
        _emit({"docs": rows})
        return
    for d in rows:
        level = f"[{d['level']}]" if d["level"] else ""
        kind = f"({d.get('kind') or '未登记'})"
        click.echo(f"{d['doc_id']}  {d['clause_count']:>4} 条  {level}{d['issuer']}  《{d['title']}》{kind}")
        for w in d["warnings"]:
            click.echo(f"    提示: {w}")


@cli.command()
@click.argument("doc_id")
@click.option("--kind", default="", help="文件类型:规定、实施办法、实施意见、通知等(有约束力);范文、新闻报道、评论文章等")
@click.option("--issuer", default="", help="发文单位,如 泾县县委组织部")
@click.option("--level", default="", help="层级:中央、省、州、市、县、区、乡镇、其他")
@click.option("--title", default="", help="标题(不填则用文档自己的标题)")
@click.pass_context
def describe(ctx: click.Context, doc_id: str, kind: str, issuer: str, level: str, title: str) -> None:
    """登记上传文档的类型、发文单位和层级(写入数据目录的 uploads_catalog.toml),并重新入库使之生效。"""
    from knowledge.catalog import describe_upload
    from knowledge.ingest import ingest as run_ingest

    settings = _settings(ctx)
    if not (kind or issuer or level or title):
        raise click.ClickException("请至少给出 --kind、--issuer、--level、--title 之一")
    entry = describe_upload(settings.data_dir, doc_id, kind=kind, issuer=issuer, level=level, title=title)
    report = run_ingest(settings)
    if doc_id not in {*report.added, *report.updated, *report.reparsed, *report.unchanged}:
        click.echo(f"提示: 知识库中没有编号为 {doc_id} 的文档;登记已保存,上传后生效", err=True)
    click.echo(f"已登记 {doc_id}: 类型 {entry.kind or '未填'},发文单位 {entry.issuer or '未填'},层级 {entry.level or '未填'}")


@cli.command()
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象,clauses 为条款列表")
@click.pass_context
def show(ctx: click.Context, doc_id: str, as_json: bool) -> None:
    """按顺序显示一篇文档的条款。"""
    from knowledge.index import load_index

    index = load_index(_settings(ctx), check_embedder=False)
    if doc_id not in index.docs:
        raise click.ClickException(f"没有编号为 {doc_id} 的文档;用 jiandu docs 查看已入库文档")
    clauses = index.doc_clauses(doc_id)
    if as_json:
        _emit({"doc": index.docs[doc_id].to_dict(), "clauses": [c.to_dict() for c in clauses]})
        return
    for c in clauses:
        click.echo(f"[{c.ordinal}] {' / '.join(c.path) or '(正文)'}")
        click.echo(f"    {c.text[:80]}{'…' if len(c.text) > 80 else ''}".replace("\n", " "))


def _assistant(ctx: click.Context):  # type: ignore[no-untyped-def]
    from assistant.service import Assistant

    obj = ctx.ensure_object(dict)
    if "assistant" not in obj:
        obj["assistant"] = Assistant(_settings(ctx))
    return obj["assistant"]


def _check_docs(assistant: Any, doc_ids: tuple[str, ...]) -> None:
    """Before any question: one error, not one per question (the check itself is the service's)."""
    try:
        assistant.check_docs(doc_ids)
    except UnknownDocsError as exc:
        raise click.ClickException(f"{exc};用 jiandu docs 查看已入库文档") from exc


def _show_answer(answer: Any) -> None:
    if answer.standalone_question:
        click.echo(f"(理解为:{answer.standalone_question})")
    click.echo(answer.answer)
    if answer.refused and answer.related:
        click.echo("\n可能相关:")
        for c in answer.related:
            click.echo(f"  - {c.issuer}《{c.doc_title}》 {' / '.join(c.path)}")
    if answer.citations:
        click.echo("\n出处:")
        for c in answer.citations:
            level = f"[{c.level}]" if c.level else ""
            click.echo(f"  [{c.n}] {level}{c.issuer}《{c.doc_title}》 {' / '.join(c.path)}")
            click.echo(f"      “{c.quote}”")
    if answer.fallback:
        click.echo(f"\n(大模型回答未通过核验,已改用摘录式回答:{answer.fallback})", err=True)


@cli.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON(每个问题一行)")
@click.option("--file", "qfile", type=click.File("r", encoding="utf-8"), help="问题文件,每行一个问题")
@click.option("--doc", "doc_ids", multiple=True, help="只在这些文档中检索(文档编号,可重复)")
@click.option("--top-k", type=click.IntRange(1, 50), help="检索条款数")
@click.pass_context
def ask(ctx: click.Context, question: str | None, as_json: bool, qfile: Any, doc_ids: tuple[str, ...],
        top_k: int | None) -> None:
    """回答一个问题,并给出所依据的条款。"""
    if question is None and qfile is None:
        raise QuestionError("请给出问题,或用 --file 指定问题文件")
    assistant = _assistant(ctx)
    _check_docs(assistant, doc_ids)
    if qfile is None:
        answer = assistant.ask(question or "", doc_ids=list(doc_ids) or None, top_k=top_k)
        _emit(answer.to_dict()) if as_json else _show_answer(answer)
        return
    questions = [line.strip() for line in qfile if line.strip()]
    vectors = {q: v for q, (v, _) in assistant.query_vectors(questions).items()}
    for q in questions:
        try:
            answer = assistant.ask(q, doc_ids=list(doc_ids) or None, top_k=top_k, qvec=vectors.get(q))
        except QuestionError as exc:
            if as_json:
                _emit({"question": q, "error": str(exc)})
            else:
                click.echo(f"错误: {exc}", err=True)
            continue
        if as_json:
            _emit(answer.to_dict())
        else:
            click.echo(f"问: {q}")
            _show_answer(answer)
            click.echo("")


@cli.command()
@click.option("--doc", "doc_ids", multiple=True, help="只在这些文档中检索")
@click.pass_context
def chat(ctx: click.Context, doc_ids: tuple[str, ...]) -> None:
    """在终端里连续问答(支持追问;输入 /new 开始新对话,/quit 退出)。"""
    assistant = _assistant(ctx)
    _check_docs(assistant, doc_ids)
    history: list[dict[str, str]] = []
    click.echo("监督制度问答助手。输入问题后回车;/new 新对话,/quit 退出。")
    while True:
        try:
            question = click.prompt("问", prompt_suffix=": ", default="", show_default=False)
        except (EOFError, click.Abort):
            break
        question = question.strip()
        if question in ("/quit", "/exit", "/q"):
            break
        if question == "/new":
            history.clear()
            click.echo("(已开始新对话)")
            continue
        if not question:
            continue
        try:
            answer = assistant.ask(question, doc_ids=list(doc_ids) or None, history=history)
        except QuestionError as exc:
            click.echo(f"错误: {exc}", err=True)
            continue
        _show_answer(answer)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]


def _register_subcommands() -> None:
    from assistant.quiz.command import quiz
    from eval.command import eval_group

    cli.add_command(eval_group, "eval")
    cli.add_command(quiz, "quiz")


_register_subcommands()


def main() -> None:
    cli(obj={}, prog_name="jiandu")


if __name__ == "__main__":
    main()
