"""The 知识库 tab: the document list, and for an administrator upload, stop, delete and 说明这份文件
(kind, issuer, level of an upload); anyone may read a document in full."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from knowledge.catalog import BINDING_KINDS, KINDS, LEVELS, NON_BINDING_KINDS
from knowledge.errors import JianduError
from knowledge.index import Index
from knowledge.load import SUFFIXES
from knowledge.manage import (
    add_documents,
    cancel_ingest,
    describe_document,
    list_quarantine,
    remove_document,
    remove_quarantined,
    uploaded_ids,
)
from web import gradio_tmp, render
from web.access import ADMIN_ONLY
from web.tabs.context import Context, bind, doc_choices
from web.upload_guard import REFUSED, take_upload

STAGES = {"parse": "正在解析文档", "embed": "正在计算向量", "embed_sentences": "正在计算句子向量"}
KIND_NOTE = (f"{'、'.join(BINDING_KINDS)}是正式文件,回答时按规定引用;"
             f"{'、'.join(NON_BINDING_KINDS)}只作参考,回答时会注明不是规定。")


@dataclass(frozen=True)
class KnowledgeTab:
    """What the page's load events update: the administrator's columns and the lists of documents."""

    admin_only: tuple[gr.Column, gr.Column, gr.Column, gr.Markdown]  # upload, remove, describe; the note
    lists: tuple[gr.HTML, gr.Dropdown, gr.Dropdown, gr.Dropdown, gr.Dropdown]  # as `refresh` returns them


def refresh(ctx: Context, current_filter: list[str] | None = None, described: str | None = None) -> tuple[Any, ...]:
    """The document table and every dropdown that lists documents, after a change (or on page load): the
    chat's filter keeps what is still there, the describe form keeps `described`."""
    try:
        index: Index | None = ctx.assistant.index()
        table = render.docs_table(index.docs.values()) if index else ""
    except JianduError as exc:
        index, table = None, render.render_error(str(exc))
    choices = doc_choices(index)
    ids = {v for _, v in choices}
    keep = [d for d in (current_filter or []) if d in ids]
    failed = list_quarantine(ctx.settings)
    if failed:  # uploads that failed: listed with the reason until an administrator deletes them
        table += ('<div class="jd-quarantine"><b>未能入库的上传文件</b>(已隔离,不再解析;可在右侧删除)<ul>'
                  + "".join(f"<li>{render.esc(q.name)}:{render.esc(q.reason)}</li>" for q in failed)
                  + "</ul></div>")
    removable = choices + [(f"【未入库】{q.name}", q.doc_id) for q in failed if q.doc_id not in ids]
    uploads = uploaded_ids(ctx.settings)
    describable = [(title, doc_id) for title, doc_id in choices if doc_id in uploads]
    return (table, gr.update(choices=choices, value=keep), gr.update(choices=removable, value=None),
            gr.update(choices=choices, value=None),
            gr.update(choices=describable, value=described if described in uploads else None))


def upload(ctx: Context, files: list[str] | None, current_filter: list[str] | None, request: gr.Request,
           progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
    """Save and ingest what an administrator uploaded; report each file's fate."""
    if not ctx.is_admin(request):
        return (render.render_error(ADMIN_ONLY), None, *refresh(ctx, current_filter))

    limit = ctx.settings.max_upload_bytes
    batch: list[tuple[str, bytes]] = []
    refused: list[tuple[str, str]] = []
    for f in files or []:
        path = Path(f)
        if not take_upload(ctx.blocks.upload_file_set, str(f)):  # only what gradio received for this page
            refused.append((path.name, REFUSED))
            continue
        if path.stat().st_size > limit:
            refused.append((path.name, ctx.settings.too_large(path.stat().st_size)))
        else:
            batch.append((path.name, path.read_bytes()))
    report = None
    if batch:
        def cb(stage: str, done: int, total: int) -> None:
            progress((done, max(total, 1)), desc=STAGES.get(stage, "正在入库"))

        progress(0, desc="正在保存文件")
        try:
            report, more = add_documents(ctx.settings, batch, progress=cb)
            refused += more
        except JianduError as exc:
            return (render.render_error(str(exc)), None, *refresh(ctx, current_filter))
    index = ctx.index()
    names = {d.doc_id: d.title for d in index.docs.values()} if index else {}
    html = render.ingest_report(report, refused, names) or render.render_error("没有收到文件")
    return (html, None, *refresh(ctx, current_filter))


def admin_view(ctx: Context, request: gr.Request) -> tuple[Any, ...]:
    """Upload, delete and describe are shown to administrators only (the handlers check again)."""
    admin = ctx.is_admin(request)
    return gr.update(visible=admin), gr.update(visible=admin), gr.update(visible=admin), gr.update(visible=not admin)


def ask_remove(ctx: Context, doc_id: str | None) -> tuple[Any, ...]:
    """Ask before deleting: the confirmation names the document."""
    index = ctx.index()
    failed = {q.doc_id: q.name for q in list_quarantine(ctx.settings)}
    if doc_id and (index is None or doc_id not in index.docs) and doc_id in failed:
        return gr.update(visible=True), gr.update(value=f"确定删除未能入库的文件“{failed[doc_id]}”吗?")
    if not doc_id or index is None or doc_id not in index.docs:
        return gr.update(visible=False), gr.update(value="请先选择要删除的文档。")
    title = index.docs[doc_id].title
    return gr.update(visible=True), gr.update(value=f"确定从知识库中删除《{title}》吗?删除后将不再据此回答。")


def stop_ingest(ctx: Context, request: gr.Request) -> str:
    """A large upload holds the ingest lock while it embeds: the administrator can stop it; the index in
    service stays as it was (knowledge.manage.cancel_ingest)."""
    if not ctx.is_admin(request):
        return ADMIN_ONLY
    return "已请求停止入库:当前这批条款处理完后停止,知识库仍按原来的版本回答。" if cancel_ingest(ctx.settings) \
        else "当前没有正在进行的入库。"


def do_remove(ctx: Context, doc_id: str | None, current_filter: list[str] | None, request: gr.Request,
              progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
    """Delete the confirmed document (or a quarantined upload) and re-ingest."""
    if not ctx.is_admin(request):
        return (gr.update(visible=False), render.render_error(ADMIN_ONLY), *refresh(ctx, current_filter))

    index = ctx.index()
    title = index.docs[doc_id].title if index and doc_id in index.docs else doc_id
    if not doc_id:
        return (gr.update(visible=False), "", *refresh(ctx, current_filter))
    if (index is None or doc_id not in index.docs) and remove_quarantined(ctx.settings, doc_id):
        done = f'<ul class="jd-report"><li class="jd-good">已删除未能入库的文件:{render.esc(doc_id)}</li></ul>'
        return (gr.update(visible=False), done, *refresh(ctx, current_filter))
    try:
        progress(0, desc="正在更新索引")
        remove_document(ctx.settings, doc_id, cache_dirs=(gradio_tmp(ctx.settings),))
    except JianduError as exc:
        return (gr.update(visible=False), render.render_error(str(exc)), *refresh(ctx, current_filter))
    done = f'<ul class="jd-report"><li class="jd-good">已删除:《{render.esc(str(title))}》</li></ul>'
    return (gr.update(visible=False), done, *refresh(ctx, current_filter))


def view_doc(ctx: Context, doc_id: str | None) -> str:
    """A document in full, clause by clause."""
    index = ctx.index()
    if not doc_id or index is None or doc_id not in index.docs:
        return ""
    return render.document_view(index.docs[doc_id], index.doc_clauses(doc_id))


def show_description(ctx: Context, doc_id: str | None) -> tuple[Any, ...]:
    """Fill the describe form with what is known of the chosen upload (nothing for one not yet described)."""
    index = ctx.index()
    doc = index.docs.get(doc_id) if index and doc_id else None
    if doc is None:
        return gr.update(value=None), gr.update(value=""), gr.update(value=None), gr.update(value="")
    kind = doc.kind if doc.kind in KINDS else None  # 未登记 is no choice of the form
    return (gr.update(value=kind), gr.update(value=doc.issuer), gr.update(value=doc.level if doc.level in LEVELS else None),
            gr.update(value="", placeholder=f"不填则沿用:{doc.title}"))


def describe(ctx: Context, doc_id: str | None, kind: str | None, issuer: str, level: str | None, title: str,
             current_filter: list[str] | None, request: gr.Request,
             progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
    """Save what an administrator says of an upload (knowledge.manage.describe_document) and show it."""
    if not ctx.is_admin(request):
        gr.Warning(ADMIN_ONLY, title="无法保存", duration=8)
        return (render.render_error(ADMIN_ONLY), *refresh(ctx, current_filter, doc_id))
    try:
        progress(0, desc="正在更新索引")
        describe_document(ctx.settings, doc_id or "", kind=kind or "", issuer=issuer or "", level=level or "",
                          title=title or "")
    except JianduError as exc:
        gr.Warning(str(exc), title="无法保存", duration=8)
        return (render.render_error(str(exc)), *refresh(ctx, current_filter, doc_id))
    index = ctx.index()
    doc = index.docs.get(doc_id or "") if index else None
    said = (f"已保存:《{doc.title}》,文件类型 {doc.kind},发文单位 {doc.issuer or '未填'},"
            f"层级 {render.level_label(doc.level) or '未填'}。" if doc else f"已保存 {doc_id} 的说明,入库后生效。")
    gr.Info(said, title="提示", duration=5)
    return (f'<ul class="jd-report"><li class="jd-good">{render.esc(said)}</li></ul>',
            *refresh(ctx, current_filter, doc_id))


def build(ctx: Context, doc_filter: gr.Dropdown) -> KnowledgeTab:
    """The 知识库 tab's components and events; `doc_filter` is the chat's, refreshed with the list."""
    index = ctx.index()
    choices = doc_choices(index)
    local_admin = ctx.settings.is_admin(None)  # no login configured: the one local user is the administrator
    with gr.Tab("知识库", id="kb"):
        docs_html = gr.HTML(render.docs_table(index.docs.values()) if index else "", elem_id="jd-docs")
        admin_note = gr.Markdown(f"上传、删除和说明文档仅限管理员。{ADMIN_ONLY}。", visible=not local_admin)
        with gr.Row(equal_height=False):
            with gr.Column(visible=local_admin) as upload_col:
                gr.Markdown(f"**上传文档**:支持 {'、'.join(SUFFIXES)},单个文件不超过 "
                            f"{ctx.settings.max_upload_mb:g} MB。上传后自动入库,完成后即可提问。")
                files = gr.File(label="选择或拖入文件", file_count="multiple", file_types=list(SUFFIXES),
                                elem_id="jd-upload", height=150)
                report_html = gr.HTML(elem_id="jd-report")
                stop_btn = gr.Button("停止正在进行的入库", size="sm", elem_id="jd-stop-ingest")
                stop_msg = gr.Markdown(elem_id="jd-stop-msg")
            with gr.Column(visible=local_admin) as remove_col:
                gr.Markdown("**删除文档**:删除后不再据此回答(随附文档可重新上传恢复)。")
                remove_sel = gr.Dropdown(choices=choices, label="选择要删除的文档", elem_id="jd-remove-sel")
                remove_btn = gr.Button("删除所选文档", variant="stop", size="sm")
                with gr.Group(visible=False) as confirm_box:
                    confirm_text = gr.Markdown(elem_id="jd-confirm-text")
                    with gr.Row():
                        confirm_btn = gr.Button("确认删除", variant="stop", size="sm", elem_id="jd-confirm")
                        cancel_btn = gr.Button("取消", size="sm")
        with gr.Column(visible=local_admin, elem_id="jd-describe") as describe_col:
            gr.Markdown("**说明这份文件**:上传的文档默认为“未登记”,回答时不当作规定。说明它是什么文件、由谁发布后,"
                        "文档列表和回答的出处卡片都会标明。")
            with gr.Row():
                describe_sel = gr.Dropdown(label="选择上传的文档", elem_id="jd-describe-sel", scale=2,
                                           choices=[c for c in choices if c[1] in uploaded_ids(ctx.settings)])
                kind = gr.Dropdown(choices=list(KINDS), label="文件类型", elem_id="jd-describe-kind", info=KIND_NOTE)
                level = gr.Dropdown(choices=list(LEVELS), label="层级", elem_id="jd-describe-level")
            with gr.Row():
                issuer = gr.Textbox(label="发文单位", elem_id="jd-describe-issuer", max_length=60,
                                    placeholder="例如:泾县县委组织部")
                title = gr.Textbox(label="标题(可选)", elem_id="jd-describe-title", max_length=100,
                                   placeholder="不填则沿用文档自己的标题")
            describe_btn = gr.Button("保存", variant="primary", size="sm", elem_id="jd-describe-save")
            describe_msg = gr.HTML(elem_id="jd-describe-msg")
        gr.Markdown("**查看文档全文**")
        view_sel = gr.Dropdown(choices=choices, label="选择文档", elem_id="jd-view-sel")
        view_html = gr.HTML(elem_id="jd-docview")

    lists = (docs_html, doc_filter, remove_sel, view_sel, describe_sel)
    files.upload(bind(upload, ctx), [files, doc_filter], [report_html, files, *lists], api_visibility="private")
    # not queued: it must run while the upload's ingest holds the queue's slot for that event
    stop_btn.click(bind(stop_ingest, ctx), None, stop_msg, api_visibility="private", queue=False)
    remove_btn.click(bind(ask_remove, ctx), [remove_sel], [confirm_box, confirm_text], api_visibility="private",
                     queue=False)
    cancel_btn.click(lambda: gr.update(visible=False), None, confirm_box, api_visibility="private", queue=False)
    confirm_btn.click(bind(do_remove, ctx), [remove_sel, doc_filter], [confirm_box, report_html, *lists],
                      api_visibility="private")
    view_sel.change(bind(view_doc, ctx), [view_sel], [view_html], api_visibility="private")
    describe_sel.change(bind(show_description, ctx), [describe_sel], [kind, issuer, level, title],
                       api_visibility="private", queue=False)
    describe_btn.click(bind(describe, ctx), [describe_sel, kind, issuer, level, title, doc_filter],
                       [describe_msg, *lists], api_visibility="private")
    return KnowledgeTab((upload_col, remove_col, describe_col, admin_note), lists)
