"""The 反馈与评测 tab: the 赞/踩 feedback so far, and its export as candidate questions for the gold set."""

from __future__ import annotations

import time
from typing import Any

import gradio as gr

from web import render
from web.downloads import new_export_dir
from web.feedback import gold_jsonl, read_feedback
from web.tabs.context import Context, bind


def overview(ctx: Context) -> str:
    """How many 赞 and 踩, and the latest 50 with their comments."""
    records = read_feedback(ctx.settings)
    if not records:
        return '<div class="jd-muted">还没有收到反馈。</div>'
    up = sum(r["rating"] == "up" for r in records)
    rows = "".join(
        f"<tr><td>{render.esc(str(r.get('time', '')).replace('T', ' ')[:16])}</td><td>{'赞' if r['rating'] == 'up' else '踩'}</td>"
        f"<td>{render.esc(str(r.get('question', '')))}</td><td>{render.esc(str(r.get('comment', ''))) or '—'}</td></tr>"
        for r in reversed(records[-50:])
    )
    return (f'<div>共 {len(records)} 条反馈:赞 {up} 条,踩 {len(records) - up} 条(显示最近 50 条)。</div>'
            '<table class="jd-docs"><thead><tr><th>时间</th><th>评价</th><th>问题</th><th>补充说明</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>")


def export_gold(ctx: Context) -> tuple[Any, str]:
    """The feedback as gold-set candidates (JSON Lines), for a maintainer to review and download."""
    records = read_feedback(ctx.settings)
    if not records:
        return gr.update(value=None, visible=False), "还没有可导出的反馈。"
    out = new_export_dir(ctx.settings, "feedback") / f"反馈候选题_{time.strftime('%Y%m%d')}.jsonl"
    out.write_text(gold_jsonl(records), encoding="utf-8")
    return (gr.update(value=str(out), visible=True),
            f"已导出 {len(records)} 条反馈对应的候选题。文件每行一道题,格式与评测集相同,"
            "请维护人员下载后人工审核,再并入评测集(eval/data/)。")


def build(ctx: Context) -> gr.HTML:
    """The 反馈与评测 tab's components and events; returns the overview, which the page fills on load."""
    with gr.Tab("反馈与评测", id="feedback"):
        gr.Markdown("供培训与维护人员使用:查看问答中的「赞」「踩」反馈。"
                    "「导出为评测集候选」把反馈的问题整理成一个文本文件(每行一道题),"
                    "维护人员审核后可加入评测集,用来检验今后的改动有没有把回答改坏。")
        fb_html = gr.HTML(elem_id="jd-fb")
        with gr.Row():
            fb_refresh = gr.Button("刷新", size="sm")
            fb_export = gr.Button("导出为评测集候选", size="sm", variant="primary")
        export_msg = gr.Markdown()
        export_file = gr.File(label="下载反馈候选题", visible=False, interactive=False, elem_id="jd-fb-file")
    fb_refresh.click(bind(overview, ctx), None, fb_html, api_visibility="private")
    fb_export.click(bind(export_gold, ctx), None, [export_file, export_msg], api_visibility="private")
    return fb_html
