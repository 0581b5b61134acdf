"""The gradio face of the assistant: chat, knowledge base, feedback. Callbacks call the library and render.

Mounted by `web.server.create_app`; nothing here reads the environment or prints.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.service import Assistant
from knowledge.config import Settings
from knowledge.errors import JianduError
from knowledge.index import Index
from knowledge.load import SUFFIXES
from knowledge.manage import list_quarantine
from web import (
    gradio_tmp,
    quiz_view,
    render,
)
from web.access import ADMIN_ONLY
from web.downloads import new_export_dir
from web.feedback import gold_jsonl, read_feedback, record_feedback
from web.i18n import ARIA_SCRIPT
from web.streaming import answer_events
from web.upload_guard import REFUSED, take_upload

log = logging.getLogger("jiandu.web")

TITLE = "监督制度问答助手"
EXAMPLES = [
    "我因私出国要经过哪些部门审查?",
    "干部离任时工作交接有什么时限要求?",
    "“五个必谈”是指哪五种情况?",
    "主要负责人“五个不直接分管”是什么?",
    "乡镇党政正职可以同时请假外出吗?",
]
# A partial answer is shown only when its text keeps coming for a while (an LLM's real tokens), and at most
# this often: an extractive answer (its text arrives at once) appears whole, with no typing effect.
PARTIAL_AFTER_S = 0.15
PARTIAL_EVERY_S = 0.1
EMPTY_QUESTION = "请先在输入框中输入问题,再点「发送」。可以点击上方的示例问题试试。"
CACHE_CLEANUP = (900, 3600)  # gradio deletes its copies of uploads and downloads older than an hour
HISTORY_TURNS = 6  # earlier turns sent with a follow-up
STAGES = {"parse": "正在解析文档", "embed": "正在计算向量"}

CSS = """
.gradio-container { max-width: 1280px !important; font-size: 16px; }
#jd-header h1 { margin: 0 0 4px 0; font-size: 26px; }
#jd-header p { margin: 0; color: var(--body-text-color-subdued); }
#jd-chat .jd-msg { line-height: 1.75; }
#jd-chat .jd-answer { white-space: normal; }
#jd-chat .message.bot, #jd-chat .bot .message-content { max-width: 100%; }
.jd-kind { display: inline-block; font-weight: 400; font-size: 12px; line-height: 18px; color: #344054;
  background: #f2f4f7; border: 1px solid #d0d5dd; border-radius: 4px; padding: 0 6px; margin-left: 6px;
  vertical-align: 2px; white-space: nowrap; }
.jd-source .jd-kind { margin: 0 6px 0 0; vertical-align: 1px; }
.jd-kind-weak { color: #b54708; background: #fffaeb; border-color: #fedf89; }
.jd-understood { color: #475467; font-size: 14px; background: #f2f4f7; border-radius: 6px; padding: 4px 10px;
  margin-bottom: 8px; }
.jd-verified { color: #067647; font-size: 13px; margin-top: 6px; }
.jd-quiz-summary { margin-bottom: 8px; }
.jd-quiz-section { font-weight: 700; font-size: 17px; margin: 16px 0 6px; }
.jd-quiz-item { border-bottom: 1px solid #eaecf0; padding: 8px 0; line-height: 1.75; }
.jd-quiz-options { list-style: none; padding-left: 1.5em; margin: 4px 0; }
.jd-quiz-key > summary { cursor: pointer; color: #b42318; font-size: 14px; }
.jd-quiz-key > div { margin: 2px 0 2px 1.5em; }
.jd-user { white-space: pre-wrap; }
.jd-ref { color: #b42318; font-weight: 600; cursor: pointer; padding: 0 1px; }
.jd-cites-title { margin: 14px 0 6px; font-weight: 600; color: var(--body-text-color); }
.jd-card { border: 1px solid #e4e7ec; border-left: 4px solid #b42318; border-radius: 8px; margin: 8px 0;
  background: var(--background-fill-primary); }
.jd-card.jd-related { border-left-color: #98a2b3; }
.jd-card > summary { list-style: none; cursor: pointer; display: flex; gap: 10px; align-items: flex-start;
  padding: 10px 12px; }
.jd-card > summary::-webkit-details-marker { display: none; }
.jd-card > summary:hover { background: #fef3f2; }
.jd-card.jd-related > summary:hover { background: #f2f4f7; }
.jd-n { flex: none; width: 24px; height: 24px; border-radius: 12px; background: #b42318; color: #fff;
  font-size: 13px; line-height: 24px; text-align: center; font-weight: 600; margin-top: 2px; }
.jd-related .jd-n { background: #98a2b3; }
.jd-card-head { flex: 1; display: flex; flex-direction: column; }
.jd-title { font-weight: 600; }
.jd-path { color: #475467; font-size: 14px; }
.jd-source { color: #667085; font-size: 13px; }
.jd-open { flex: none; font-size: 13px; color: #b42318; border: 1px solid #fda29b; border-radius: 12px;
  padding: 1px 10px; margin-top: 2px; }
.jd-related .jd-open { color: #475467; border-color: #d0d5dd; }
.jd-card[open] .jd-open { visibility: hidden; }
.jd-card-body { padding: 0 14px 12px 46px; }
.jd-label { font-size: 13px; color: #667085; margin-bottom: 4px; }
.jd-clause { background: #f9fafb; border-radius: 6px; padding: 10px 12px; }
.jd-clause mark, .jd-ctx-cur mark { background: #fde68a; color: inherit; padding: 0 1px; }
.jd-ctx { margin-top: 8px; }
.jd-ctx > summary { cursor: pointer; color: #b42318; font-size: 14px; }
.jd-ctx-body { border-left: 3px solid #e4e7ec; margin-top: 6px; padding-left: 10px; }
.jd-ctx-item { margin: 6px 0; color: #475467; font-size: 14px; }
.jd-ctx-cur { color: var(--body-text-color); background: #fffbeb; border-left: 3px solid #b42318;
  border-radius: 4px; padding: 4px 8px; }
.jd-ctx-tag { font-size: 12px; color: #fff; background: #b42318; border-radius: 4px; padding: 0 6px; }
.jd-ctx-path { font-weight: 600; font-size: 13px; color: #344054; margin-top: 8px; }
.jd-muted { color: #667085; font-size: 13px; }
.jd-refused { background: #fffaeb; border: 1px solid #fedf89; border-radius: 8px; padding: 10px 12px; }
.jd-refused-head { font-weight: 700; color: #b54708; margin-bottom: 2px; }
.jd-error { background: #fef3f2; border: 1px solid #fecdca; border-radius: 8px; padding: 10px 12px; }
.jd-error .jd-refused-head { color: #b42318; }
.jd-tools { margin-top: 8px; }
.jd-copy { font-size: 13px; color: #475467; border: 1px solid #d0d5dd; border-radius: 6px; padding: 2px 10px;
  cursor: pointer; user-select: none; }
.jd-copy:hover { background: #f2f4f7; }
.jd-plain { display: none; }
.jd-caret { animation: jd-blink 1s step-start infinite; color: #b42318; }
@keyframes jd-blink { 50% { opacity: 0; } }
.jd-flash { box-shadow: 0 0 0 3px #fda29b; }
.prose table.jd-docs, table.jd-docs { width: 100%; border-collapse: collapse; font-size: 15px;
  border: 1px solid #eaecf0 !important; border-radius: 8px; }
table.jd-docs tr { border: none !important; }
table.jd-docs th, table.jd-docs td { border: none !important; border-bottom: 1px solid #eaecf0 !important;
  padding: 8px 10px; text-align: left; vertical-align: top; }
table.jd-docs th { background: #f9fafb; font-weight: 600; }
.jd-num { text-align: right !important; }
.jd-warn { color: #b54708; font-size: 14px; }
.jd-doc-title { font-weight: 600; }
.jd-report li { margin: 4px 0; }
.jd-good { color: #067647; }
.jd-bad { color: #b42318; }
.jd-docview { max-height: 640px; overflow-y: auto; line-height: 1.75; }
.jd-doc-clause { margin: 4px 0 8px; }
.jd-hint { color: #667085; font-size: 14px; }
.jd-phone-only { display: none; }
.jd-quiz-files { margin: 0 0 10px; padding-left: 1.2em; color: #475467; font-size: 14px; }
/* Phone: the page scrolls, the chat does not scroll inside it; cards use the whole width. */
@media (max-width: 640px) {
  .gradio-container { padding: 0 6px !important; }
  #jd-header h1 { font-size: 21px; }
  #jd-chat { height: auto !important; max-height: none !important; min-height: 320px; }
  #jd-chat .bubble-wrap, #jd-chat [role="log"] { height: auto !important; max-height: none !important;
    overflow: visible !important; }
  #jd-chat .message-row, #jd-chat .message { padding-left: 0 !important; padding-right: 0 !important; }
  #jd-chat .message-wrap { padding: 0 !important; }
  .jd-card > summary { flex-wrap: wrap; gap: 6px 8px; padding: 8px; }
  .jd-card-head { flex: 1 1 calc(100% - 40px); min-width: 0; }
  .jd-open { margin-left: 32px; }
  .jd-card[open] .jd-open { display: none; }
  .jd-card-body { padding: 0 8px 10px 8px; }
  .jd-clause { padding: 8px; }
  .jd-refused, .jd-error { padding: 8px; }
  .jd-phone-only { display: block; }
  table.jd-docs th { white-space: nowrap; }
  table.jd-docs th:nth-child(3), table.jd-docs td:nth-child(3), table.jd-docs th:nth-child(4),
  table.jd-docs td:nth-child(4), table.jd-docs th:nth-child(6), table.jd-docs td:nth-child(6) { display: none; }
  .jd-docview { max-height: none; }
}
"""

HEAD = """
<script>
(function () {
  function fallbackCopy(t) {
    var a = document.createElement('textarea'); a.value = t; a.style.position = 'fixed'; a.style.opacity = '0';
    document.body.appendChild(a); a.select();
    try { document.execCommand('copy'); } finally { document.body.removeChild(a); }
  }
  function copyText(t) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(t).catch(function () { fallbackCopy(t); });
    }
    fallbackCopy(t);
    return Promise.resolve();
  }
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!t || !t.closest) { return; }
    var c = t.closest('.jd-copy');
    if (c) {
      var p = c.closest('.jd-msg') && c.closest('.jd-msg').querySelector('.jd-plain');
      if (p) {
        copyText(p.textContent).then(function () {
          c.textContent = '已复制'; setTimeout(function () { c.textContent = '复制回答及出处'; }, 1500);
        });
      }
      e.preventDefault(); e.stopPropagation(); return;
    }
    var r = t.closest('.jd-ref');
    if (r) {
      var m = /jd-ref-(\\d+)/.exec(r.className);
      var msg = r.closest('.jd-msg');
      var card = m && msg && msg.querySelector('.jd-card-' + m[1]);
      if (card) {
        card.open = true; card.scrollIntoView({behavior: 'smooth', block: 'nearest'});
        card.classList.add('jd-flash'); setTimeout(function () { card.classList.remove('jd-flash'); }, 1200);
      }
    }
  }, true);
})();
</script>
""" + ARIA_SCRIPT


def theme() -> gr.themes.Base:
    fonts = ["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "sans-serif"]
    return gr.themes.Default(primary_hue="red", neutral_hue="gray", font=fonts, font_mono=["monospace"])


def _index(assistant: Assistant) -> Index | None:
    try:
        return assistant.index()
    except JianduError:
        return None


def _doc_choices(index: Index | None) -> list[tuple[str, str]]:
    if index is None:
        return []
    return [(f"{d.title}", d.doc_id) for d in index.docs.values()]


def build_ui(settings: Settings, assistant: Assistant) -> gr.Blocks:
    """The Blocks app. `create_app` mounts it with theme, CSS, head script, auth and queue settings."""

    def respond(question: str, chat: list[dict[str, str]], history: list[dict[str, str]], doc_ids: list[str],
                turns: dict[int, dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
        question = (question or "").strip()
        if not question:
            gr.Info(EMPTY_QUESTION, title="提示", duration=5)
            yield chat, "", chat, history, turns, gr.update()
            return
        chat = [*chat, {"role": "user", "content": render.render_user(question)},
                {"role": "assistant", "content": render.render_partial("")}]
        hidden = gr.update(visible=False)
        yield chat, "", chat, history, turns, hidden
        answer = None
        first = shown = 0.0  # when the first text arrived, when a partial was last shown
        try:
            for text, final in answer_events(assistant.stream(question, doc_ids or None,
                                                              history[-2 * HISTORY_TURNS:])):
                if final is not None:
                    answer = final
                    break
                now = time.monotonic()
                first = first or (now if text else 0.0)
                if text and now - first >= PARTIAL_AFTER_S and now - shown >= PARTIAL_EVERY_S:
                    shown = now
                    chat[-1] = {"role": "assistant", "content": render.render_partial(text)}
                    yield chat, "", chat, history, turns, hidden
        except JianduError as exc:
            chat[-1] = {"role": "assistant", "content": render.render_error(str(exc))}
            yield chat, question, chat, history, turns, hidden
            return
        except Exception:  # the page must survive anything; the log keeps the details
            log.exception("answering failed")
            chat[-1] = {"role": "assistant", "content": render.render_error("系统内部错误,请稍后再试。")}
            yield chat, question, chat, history, turns, hidden
            return
        assert answer is not None
        chat[-1] = {"role": "assistant", "content": render.render_answer(answer, _index(assistant))}
        turns = {**turns, len(chat) - 1: {"question": question, "answer": answer.to_dict(),
                                          "doc_ids": list(doc_ids or []), "history": list(history)}}
        history = [*history, {"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
        yield chat, "", chat, history, turns, hidden

    def pick_example(data: gr.SelectData) -> str:
        value = data.value
        return str(value.get("text", "")) if isinstance(value, dict) else str(value)

    def new_chat() -> tuple[Any, ...]:
        return [], "", [], [], {}, gr.update(visible=False), None

    def on_like(turns: dict[int, dict[str, Any]], data: gr.LikeData) -> tuple[Any, ...]:
        index = data.index if isinstance(data.index, int) else data.index[0]
        turn = turns.get(index)
        if turn is None or not isinstance(data.liked, bool):
            return gr.update(visible=False), None, gr.update()
        rating = "up" if data.liked else "down"
        fid = record_feedback(settings, rating, turn)
        label = "有帮助(赞)" if data.liked else "没有帮助(踩)"
        note = f"已记录您的评价:{label}。如愿意,可以补充说明原因(可选):"
        return gr.update(visible=True), {"id": fid, "rating": rating, "turn": turn}, gr.update(value="", label=note)

    def on_comment(comment: str, pending: dict[str, Any] | None) -> tuple[Any, ...]:
        if pending and comment.strip():
            record_feedback(settings, pending["rating"], pending["turn"], comment, feedback_id=pending["id"])
            gr.Info("感谢您的补充说明,已记录。", title="提示", duration=4)
        return gr.update(visible=False), None, ""

    def kb_refresh(current_filter: list[str] | None = None) -> tuple[Any, ...]:
        try:
            index: Index | None = assistant.index()
            table = render.docs_table(index.docs.values()) if index else ""
        except JianduError as exc:
            index, table = None, render.render_error(str(exc))
        choices = _doc_choices(index)
        ids = {v for _, v in choices}
        keep = [d for d in (current_filter or []) if d in ids]
        failed = list_quarantine(settings)
        if failed:  # uploads that failed: listed with the reason until an administrator deletes them
            table += ('<div class="jd-quarantine"><b>未能入库的上传文件</b>(已隔离,不再解析;可在右侧删除)<ul>'
                      + "".join(f"<li>{render.esc(q.name)}:{render.esc(q.reason)}</li>" for q in failed)
                      + "</ul></div>")
        removable = choices + [(f"【未入库】{q.name}", q.doc_id) for q in failed if q.doc_id not in ids]
        return (table, gr.update(choices=choices, value=keep), gr.update(choices=removable, value=None),
                gr.update(choices=choices, value=None))

    def upload(files: list[str] | None, current_filter: list[str] | None, request: gr.Request,
               progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        from knowledge.manage import add_documents

        if not settings.is_admin(getattr(request, "username", None)):  # the server decides, not the page
            return (render.render_error(ADMIN_ONLY), None, *kb_refresh(current_filter))

        limit = settings.max_upload_bytes
        batch: list[tuple[str, bytes]] = []
        refused: list[tuple[str, str]] = []
        for f in files or []:
            path = Path(f)
            if not take_upload(demo.upload_file_set, str(f)):  # only what gradio received for this page
                refused.append((path.name, REFUSED))
                continue
            if path.stat().st_size > limit:
                refused.append((path.name, settings.too_large(path.stat().st_size)))
            else:
                batch.append((path.name, path.read_bytes()))
        report = None
        if batch:
            def cb(stage: str, done: int, total: int) -> None:
                progress((done, max(total, 1)), desc=STAGES.get(stage, "正在入库"))

            progress(0, desc="正在保存文件")
            try:
                report, more = add_documents(settings, batch, progress=cb)
                refused += more
            except JianduError as exc:
                return (render.render_error(str(exc)), None, *kb_refresh(current_filter))
        index = _index(assistant)
        names = {d.doc_id: d.title for d in index.docs.values()} if index else {}
        html = render.ingest_report(report, refused, names) or render.render_error("没有收到文件")
        return (html, None, *kb_refresh(current_filter))

    def admin_view(request: gr.Request) -> tuple[Any, ...]:
        """Upload and delete are shown to administrators only (the handlers check again)."""
        admin = settings.is_admin(getattr(request, "username", None))
        return gr.update(visible=admin), gr.update(visible=admin), gr.update(visible=not admin)

    def ask_remove(doc_id: str | None) -> tuple[Any, ...]:
        index = _index(assistant)
        failed = {q.doc_id: q.name for q in list_quarantine(settings)}
        if doc_id and (index is None or doc_id not in index.docs) and doc_id in failed:
            return gr.update(visible=True), gr.update(value=f"确定删除未能入库的文件“{failed[doc_id]}”吗?")
        if not doc_id or index is None or doc_id not in index.docs:
            return gr.update(visible=False), gr.update(value="请先选择要删除的文档。")
        title = index.docs[doc_id].title
        return gr.update(visible=True), gr.update(value=f"确定从知识库中删除《{title}》吗?删除后将不再据此回答。")

    def stop_ingest(request: gr.Request) -> str:
        """A large upload holds the ingest lock while it embeds: the administrator can stop it; the index in
        service stays as it was (knowledge.manage.cancel_ingest)."""
        from knowledge.manage import cancel_ingest

        if not settings.is_admin(getattr(request, "username", None)):
            return ADMIN_ONLY
        return "已请求停止入库:当前这批条款处理完后停止,知识库仍按原来的版本回答。" if cancel_ingest(settings) \
            else "当前没有正在进行的入库。"

    def do_remove(doc_id: str | None, current_filter: list[str] | None, request: gr.Request,
                  progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        from knowledge.manage import remove_document, remove_quarantined

        if not settings.is_admin(getattr(request, "username", None)):
            return (gr.update(visible=False), render.render_error(ADMIN_ONLY), *kb_refresh(current_filter))

        index = _index(assistant)
        title = index.docs[doc_id].title if index and doc_id in index.docs else doc_id
        if not doc_id:
            return (gr.update(visible=False), "", *kb_refresh(current_filter))
        if (index is None or doc_id not in index.docs) and remove_quarantined(settings, doc_id):
            done = f'<ul class="jd-report"><li class="jd-good">已删除未能入库的文件:{render.esc(doc_id)}</li></ul>'
            return (gr.update(visible=False), done, *kb_refresh(current_filter))
        try:
            progress(0, desc="正在更新索引")
            remove_document(settings, doc_id, cache_dirs=(gradio_tmp(settings),))
        except JianduError as exc:
            return (gr.update(visible=False), render.render_error(str(exc)), *kb_refresh(current_filter))
        done = f'<ul class="jd-report"><li class="jd-good">已删除:《{render.esc(str(title))}》</li></ul>'
        return (gr.update(visible=False), done, *kb_refresh(current_filter))

    def view_doc(doc_id: str | None) -> str:
        index = _index(assistant)
        if not doc_id or index is None or doc_id not in index.docs:
            return ""
        return render.document_view(index.docs[doc_id], index.doc_clauses(doc_id))

    def feedback_overview() -> str:
        records = read_feedback(settings)
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

    def export_gold() -> tuple[Any, str]:
        records = read_feedback(settings)
        if not records:
            return gr.update(value=None, visible=False), "还没有可导出的反馈。"
        out = new_export_dir(settings, "feedback") / f"反馈候选题_{time.strftime('%Y%m%d')}.jsonl"
        out.write_text(gold_jsonl(records), encoding="utf-8")
        return (gr.update(value=str(out), visible=True),
                f"已导出 {len(records)} 条反馈对应的候选题。文件每行一道题,格式与评测集相同,"
                "请维护人员下载后人工审核,再并入评测集(eval/data/)。")

    def make_quiz(doc_ids: list[str] | None, types: list[str] | None, count: float, difficulty: str,
                  seed: float) -> tuple[str, Any]:
        from assistant.quiz import FORMATS, QuizOptions, generate_quiz

        index = _index(assistant)
        if index is None:
            return render.render_error("知识库尚未建立索引。"), gr.update(value=None, visible=False)
        try:
            options = QuizOptions(count=int(count), types=tuple(types or ()), doc_ids=tuple(doc_ids or ()),
                                  difficulty=difficulty, seed=int(seed))
            items = generate_quiz(index, options)
        except JianduError as exc:
            return render.render_error(str(exc)), gr.update(value=None, visible=False)
        out_dir = new_export_dir(settings, "quiz")
        written = quiz_view.write_quiz_files(items, FORMATS, out_dir)
        return quiz_view.quiz_preview(items, written), gr.update(value=[str(f.path) for f in written], visible=True)

    index = _index(assistant)
    choices = _doc_choices(index)
    local_admin = settings.is_admin(None)  # no login configured: the one local user is the administrator
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=CACHE_CLEANUP) as demo:
        chat_state = gr.State([])
        history_state = gr.State([])
        turns_state = gr.State({})
        pending_fb = gr.State(None)
        gr.HTML(f'<div id="jd-header"><h1>{TITLE}</h1><p>依据知识库中的干部监督制度文件回答问题,每条回答都标明出处条款;'
                "找不到依据时会如实告知。</p></div>")
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            elem_id="jd-chat", label="对话", show_label=False, height=600, buttons=[],
                            latex_delimiters=[], placeholder=(
                                "<div class='jd-hint'>请直接输入问题,例如请假外出、因私出国(境)、离任交接、谈心谈话等方面的规定。"
                                "<br>支持追问:先问“乡镇党政正职可以同时请假外出吗?”,再问“那县直单位呢?”</div>"),
                            examples=[{"text": q} for q in EXAMPLES],
                        )
                        with gr.Row():
                            question = gr.Textbox(
                                elem_id="jd-question", label="问题", show_label=False, scale=5, lines=1, max_lines=4,
                                placeholder="在这里输入问题,按回车发送", max_length=settings.max_question_chars,
                            )
                            send = gr.Button("发送", variant="primary", scale=1, elem_id="jd-send", min_width=80)
                            clear = gr.Button("新对话", scale=1, elem_id="jd-new", min_width=80)
                        with gr.Group(visible=False, elem_id="jd-feedback") as feedback_box:
                            comment = gr.Textbox(label="补充说明(可选)", lines=2, elem_id="jd-comment",
                                                 placeholder="例如:答非所问 / 引用的条款不对 / 希望补充某文件")
                            comment_send = gr.Button("提交说明", size="sm")
                    with gr.Column(scale=1, min_width=240):
                        doc_filter = gr.Dropdown(
                            choices=choices, multiselect=True, label="检索范围", elem_id="jd-filter",
                            info="只在选中的文档中查找;不选则检索全部文档。",
                        )
                        gr.HTML(
                            "<div class='jd-hint'><b>使用说明</b><br>"
                            "· 回答中的 [1]、[2] 对应下方出处卡片,点击卡片可查看条款原文及上下文。<br>"
                            "· 追问时直接接着问即可,系统会结合前面的对话理解。<br>"
                            "· 换一个话题时,请点「新对话」。<br>"
                            "· 回答下方的「赞」「踩」按钮用于反馈回答质量,可附说明。<br>"
                            "· 每个回答都可「复制回答及出处」,便于引用。</div>"
                        )
            with gr.Tab("知识库", id="kb"):
                docs_html = gr.HTML(render.docs_table(index.docs.values()) if index else "", elem_id="jd-docs")
                admin_note = gr.Markdown(f"上传和删除文档仅限管理员。{ADMIN_ONLY}。", visible=not local_admin)
                with gr.Row(equal_height=False):
                    with gr.Column(visible=local_admin) as upload_col:
                        gr.Markdown(f"**上传文档**:支持 {'、'.join(SUFFIXES)},单个文件不超过 "
                                    f"{settings.max_upload_mb:g} MB。上传后自动入库,完成后即可提问。")
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
                gr.Markdown("**查看文档全文**")
                view_sel = gr.Dropdown(choices=choices, label="选择文档", elem_id="jd-view-sel")
                view_html = gr.HTML(elem_id="jd-docview")
            with gr.Tab("出题", id="quiz"):
                gr.Markdown("供培训人员使用:从制度条款中自动出题(填空、单选、多选、判断),每题附答案、解析和出处原文。")
                with gr.Row():
                    quiz_docs = gr.Dropdown(choices=choices, multiselect=True, label="出题范围(不选则全部文档)",
                                            elem_id="jd-quiz-docs")
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

        ask_inputs = [question, chat_state, history_state, doc_filter, turns_state]
        ask_outputs = [chatbot, question, chat_state, history_state, turns_state, feedback_box]
        question.submit(respond, ask_inputs, ask_outputs, api_visibility="private")
        send.click(respond, ask_inputs, ask_outputs, api_visibility="private")
        chatbot.example_select(pick_example, None, question, api_visibility="private", queue=False).then(
            respond, ask_inputs, ask_outputs, api_visibility="private")
        reset_outputs = [chatbot, question, chat_state, history_state, turns_state, feedback_box, pending_fb]
        clear.click(new_chat, None, reset_outputs, api_visibility="private", queue=False)
        chatbot.clear(new_chat, None, reset_outputs, api_visibility="private", queue=False)
        chatbot.like(on_like, [turns_state], [feedback_box, pending_fb, comment], api_visibility="private")
        comment_send.click(on_comment, [comment, pending_fb], [feedback_box, pending_fb, comment], api_visibility="private")

        kb_outputs = [docs_html, doc_filter, remove_sel, view_sel]
        files.upload(upload, [files, doc_filter], [report_html, files, *kb_outputs], api_visibility="private")
        # not queued: it must run while the upload's ingest holds the queue's slot for that event
        stop_btn.click(stop_ingest, None, stop_msg, api_visibility="private", queue=False)
        remove_btn.click(ask_remove, [remove_sel], [confirm_box, confirm_text], api_visibility="private", queue=False)
        cancel_btn.click(lambda: gr.update(visible=False), None, confirm_box, api_visibility="private", queue=False)
        confirm_btn.click(do_remove, [remove_sel, doc_filter], [confirm_box, report_html, *kb_outputs],
                          api_visibility="private")
        view_sel.change(view_doc, [view_sel], [view_html], api_visibility="private")
        quiz_btn.click(make_quiz, [quiz_docs, quiz_types, quiz_count, quiz_level, quiz_seed], [quiz_html, quiz_files],
                       api_visibility="private")
        fb_refresh.click(feedback_overview, None, fb_html, api_visibility="private")
        fb_export.click(export_gold, None, [export_file, export_msg], api_visibility="private")
        demo.load(admin_view, None, [upload_col, remove_col, admin_note], api_visibility="private", queue=False)
        demo.load(kb_refresh, [doc_filter], kb_outputs, api_visibility="private").then(
            feedback_overview, None, fb_html, api_visibility="private")
    return demo
