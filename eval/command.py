"""`jiandu eval run` and `jiandu eval compare`: parse, call the library, show; errors become Chinese messages."""

from __future__ import annotations

import json
import time
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from eval.thresholds import LABELS
from knowledge.config import Mode, Settings, load_settings
from knowledge.errors import JianduError

eval_group = click.Group("eval", help="在金标问题集上评测问答效果,并比较两次评测。")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


def _pct(value: Any, metric: str = "") -> str:
    if value is None:
        return "—"
    if metric in ("mrr", "char_f1", "rouge_l"):
        return f"{value:.3f}"
    if metric == "answer_chars_p50":
        return f"{value:.0f} 字"
    return f"{value:.1%}"


def _settings(ctx: click.Context, config: Path | None) -> Settings:
    root = ctx.find_root().obj or {}
    if config is None and isinstance(root, dict):
        if isinstance(root.get("settings"), Settings):
            return root["settings"]
        config = root.get("config")
    return load_settings(toml_path=config)


def _fail(ctx: click.Context, exc: JianduError) -> None:
    click.echo(f"错误: {exc}", err=True)
    ctx.exit(1)


def summary_lines(report: dict[str, Any], out_dir: Path) -> list[str]:
    """The compact Chinese summary `jiandu eval run` prints."""
    o, meta, th = report["overall"], report.get("meta", {}), report.get("thresholds", {})
    lines = [f"评测完成: {o['n']} 题(可回答 {o['n_answerable']},不可回答 {o['n_unanswerable']}),"
             f"检索 {meta.get('mode', '')}/{meta.get('fusion', '')},用时 {meta.get('seconds', 0)} 秒"]
    rows: list[tuple[str, str, str]] = []
    for key in ("citation_recall", "facts_all", "refusal_accuracy", "false_refusal_rate", "first_citation",
                "answer_chars_p50", "pass_rate", "citation_precision", "hit@1", "hit@5", "mrr", "recall@5",
                "facts_coverage", "char_f1", "rouge_l"):
        limit = ""
        if key in th.get("min", {}):
            ok = o[key] is None or o[key] >= th["min"][key] - 1e-9
            limit = f"≥{th['min'][key]:.0%} {'✓' if ok else '✗'}"
        elif key in th.get("max", {}):
            ok = o[key] is None or o[key] <= th["max"][key] + 1e-9
            limit = f"≤{th['max'][key]:.0%} {'✓' if ok else '✗'}"
        rows.append((f"{LABELS.get(key, key)}", _pct(o.get(key), key), limit))
    lat = report.get("latency_ms", {}).get("total")
    if lat:
        rows.append(("延迟 p50/p95", f"{lat['p50']:.0f}/{lat['p95']:.0f} ms", ""))
    lines += [f"  {_pad(label, 18)}{_pad(value, 12, right=True)}  {limit}".rstrip() for label, value, limit in rows]
    if o.get("errors"):
        lines.append(f"  提问出错 {o['errors']} 题(按未通过计)")
    tags = report.get("by_tag", {})
    if tags:
        head = ("标签", "题数", "通过率", "引用召回", "要点齐全", "命中@5")
        widths = (14, 6, 9, 9, 9, 9)
        lines.append("  " + "".join(_pad(h, w, right=i > 0) for i, (h, w) in enumerate(zip(head, widths, strict=True))))
        for tag, b in tags.items():
            cells = (tag, str(b["n"]), _pct(b["pass_rate"]), _pct(b["citation_recall"]), _pct(b["facts_all"]),
                     _pct(b["hit@5"]))
            lines.append("  " + "".join(_pad(c, w, right=i > 0) for i, (c, w) in enumerate(zip(cells, widths,
                                                                                               strict=True))))
    if report.get("judge"):
        j = report["judge"]
        lines.append(f"  大模型评判(仅供参考,{j['model']}): 忠实度 {_pct(j['faithfulness'])},"
                     f"正确性 {_pct(j['correctness'])}")
    for failure in th.get("failures", []):
        lines.append(f"  未达阈值: {failure}")
    lines.append(f"结果目录: {out_dir}")
    return lines


@eval_group.command("run")
@click.option("--dataset", required=True, type=click.Path(dir_okay=False, path_type=Path), help="金标问题集(JSONL)")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="结果目录(默认 eval/runs/<时间>)")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="TOML 配置文件")
@click.option("--mode", type=click.Choice(["hybrid", "bm25", "dense"]), default="hybrid", show_default=True,
              help="检索方式")
@click.option("--fusion", type=click.Choice(["rrf", "score"]), help="混合检索的融合方式(默认取配置)")
@click.option("--top-k", type=click.IntRange(1, 50), help="检索条款数(默认取配置)")
@click.option("--threshold", type=float, help="拒答阈值(默认取配置)")
@click.option("--limit", type=click.IntRange(min=1), help="只评测前 N 题")
@click.option("--check", is_flag=True, help="未达到验收阈值时以退出码 1 结束")
@click.option("--thresholds", "thresholds_path", type=click.Path(dir_okay=False, path_type=Path),
              help="阈值文件(默认 eval/thresholds.toml)")
@click.option("--judge/--no-judge", default=None, help="大模型评判(默认: 配置了大模型时启用)")
@click.option("--progress/--no-progress", default=True, help="显示进度条")
@click.pass_context
def run_command(ctx: click.Context, dataset: Path, out_dir: Path | None, config: Path | None, mode: Mode,
                fusion: str | None, top_k: int | None, threshold: float | None, limit: int | None, check: bool,
                thresholds_path: Path | None, judge: bool | None, progress: bool) -> None:
    """逐题提问并评分,写出 report.json、results.jsonl 和 report.html。"""
    from assistant.service import Assistant
    from eval.dataset import load_dataset
    from eval.report import write_run
    from eval.run import build_report, run_eval, run_meta
    from eval.thresholds import load_thresholds

    try:
        settings = _settings(ctx, config)
        changes = {k: v for k, v in (("fusion", fusion), ("top_k", top_k), ("refusal_threshold", threshold))
                   if v is not None}
        settings = settings.with_(**changes) if changes else settings
        questions = load_dataset(dataset)[:limit]
        thresholds = load_thresholds(thresholds_path)
        if judge and not settings.llm_enabled:
            raise click.UsageError("--judge 需要先配置大模型(JIANDU_LLM_PROVIDER 等)")
        assistant = Assistant(settings)
        assistant.index()  # fail fast on a missing or mismatched index
        started = time.time()
        results = run_eval(assistant, questions, mode=mode, progress=progress)
        judge_summary = None
        if judge or (judge is None and settings.llm_enabled):
            from eval.judge import judge_results, make_chat, summarise_judge

            results = judge_results(make_chat(settings), results, progress=progress)
            judge_summary = summarise_judge(results, f"{settings.llm_provider}:{settings.llm_model}")
        report = build_report(results, run_meta(assistant, dataset, mode, started, time.time()), thresholds)
        if judge_summary:
            report["judge"] = judge_summary
        out_dir = out_dir or Path("eval") / "runs" / datetime.now().strftime("%Y%m%d-%H%M%S")
        write_run(out_dir, report, results)
    except JianduError as exc:
        _fail(ctx, exc)
        return
    for line in summary_lines(report, out_dir):
        click.echo(line)
    if check and report["thresholds"]["failures"]:
        ctx.exit(1)


@eval_group.command("compare")
@click.argument("run_a", type=click.Path(exists=True, path_type=Path))
@click.argument("run_b", type=click.Path(exists=True, path_type=Path))
@click.option("--tolerance", type=click.FloatRange(0, 1), default=0.01, show_default=True,
              help="允许的指标下降幅度(绝对值,0.01 即 1 个百分点)")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def compare_command(ctx: click.Context, run_a: Path, run_b: Path, tolerance: float, as_json: bool) -> None:
    """比较两次评测(B 相对 A):各指标变化与翻转的问题;有指标下降超过容差时退出码为 1。"""
    from eval.compare import compare_runs

    try:
        result = compare_runs(run_a, run_b, tolerance)
    except JianduError as exc:
        _fail(ctx, exc)
        return
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        click.echo(f"比较 A={run_a}  B={run_b}(容差 {tolerance:.1%})")
        if not result.same_dataset:
            click.echo("注意: 两次评测使用的数据集不同,指标不可直接比较")
        click.echo(f"  {_pad('指标', 22)}{_pad('A', 9, True)}{_pad('B', 9, True)}{_pad('变化', 10, True)}")
        for d in result.deltas:
            change = "—" if d.delta is None else (f"{d.delta:+.3f}" if d.metric in ("mrr", "char_f1", "rouge_l")
                                                  else f"{d.delta * 100:+.1f}pp")
            label = f"{LABELS.get(d.metric, d.metric)}"
            click.echo(f"  {_pad(label, 22)}{_pad(_pct(d.a, d.metric), 9, True)}{_pad(_pct(d.b, d.metric), 9, True)}"
                       f"{_pad(change, 10, True)}{'  ↓ 退步' if d.regressed else ''}")
        for d in result.latency:
            if d.delta is not None:
                click.echo(f"  {_pad('延迟 ' + d.metric, 22)}{_pad(f'{d.a:.1f}', 9, True)}{_pad(f'{d.b:.1f}', 9, True)}"
                           f"{_pad(f'{d.delta:+.1f}ms', 10, True)}")
        for label, ids in (("通过→未通过", result.pass_to_fail), ("未通过→通过", result.fail_to_pass),
                           ("仅在 A 中", result.only_a), ("仅在 B 中", result.only_b)):
            if ids:
                click.echo(f"{label}({len(ids)}): {', '.join(ids)}")
    if result.regressions:
        names = "、".join(LABELS.get(d.metric, d.metric) for d in result.regressions)
        click.echo(f"退步: {names} 变差超过容差 {tolerance:.1%}", err=True)
        ctx.exit(1)
