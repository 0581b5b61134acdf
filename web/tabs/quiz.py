"""The 出题 tab: trainers generate a quiz from the clauses, preview it and download it in every format."""

from __future__ import annotations

from typing import Any

import gradio as gr

from knowledge.errors import JianduError
from web import quiz_view, render
from web.downloads import new_export_dir
from web.tabs.context import Context, bind, doc_choices


def make_quiz(ctx: Context, doc_ids: list[str] | None, types: list[str] | None, count: float, difficulty: str,
              seed: float) -> tuple[str, Any]:
    """Generate, write every export format, and preview."""
    from assistant.quiz import FORMATS, QuizOptions, generate_quiz

    index = ctx.index()
    if index is None:
        return render.render_error("知识库尚未建立索引。"), gr.update(value=None, visible=False)
    try:
        options = QuizOptions(count=int(count), types=tuple(types or ()), doc_ids=tuple(doc_ids or ()),
                              difficulty=difficulty, seed=int(seed))
        items = generate_quiz(index, options)
    except JianduError as exc:
        return render.render_error(str(exc)), gr.update(value=None, visible=False)
    out_dir = new_export_dir(ctx.settings, "quiz")
    written = quiz_view.write_quiz_files(items, FORMATS, out_dir)
    return quiz_view.quiz_preview(items, written), gr.update(value=[str(f.path) for f in written], visible=True)


def build(ctx: Context) -> None:
    """The 出题 tab's components and its one event."""
    with gr.Tab("出题", id="quiz"):
        gr.Markdown("供培训人员使用:从制度条款中自动出题(填空、单选、多选、判断),每题附答案、解析和出处原文。")
        with gr.Row():
            quiz_docs = gr.Dropdown(choices=doc_choices(ctx.index()), multiselect=True,
                                    label="出题范围(不选则全部文档)", elem_id="jd-quiz-docs")
            quiz_types = gr.CheckboxGroup(choices=[("填空", "cloze"), ("单选", "single"), ("多选", "multiple"),
                                                   ("判断", "judge")],
                                          value=["cloze", "single", "multiple", "judge"], label="题型")
        with gr.Row():
            quiz_count = gr.Number(value=20, minimum=1, maximum=200, precision=0, label="题目数量")
            quiz_level = gr.Radio(choices=[("容易", "easy"), ("中等", "medium"), ("较难", "hard")],
                                  value="medium", label="难度")
        with gr.Accordion("高级选项", open=False):
            quiz_seed = gr.Number(
                value=0, precision=0, label="组卷编号", elem_id="jd-quiz-seed",
                info="同一编号、同样的设置,每次生成的是同一套题;换一个编号(如 1、2、3)可得到另一套题,便于出 A/B 卷。")
        quiz_btn = gr.Button("生成题目", variant="primary", elem_id="jd-quiz-go")
        quiz_files = gr.File(label="下载题目文件(点击右侧大小即可下载)", file_count="multiple", visible=False, interactive=False,
                             elem_id="jd-quiz-files")
        quiz_html = gr.HTML(elem_id="jd-quiz-preview")
    quiz_btn.click(bind(make_quiz, ctx), [quiz_docs, quiz_types, quiz_count, quiz_level, quiz_seed],
                   [quiz_html, quiz_files], api_visibility="private")
