"""The gradio face of the assistant: the page's look (CSS, head script, theme) and `build_ui`, which puts the
tabs of web/tabs/ (chat, knowledge base, quiz, feedback) together. Callbacks call the library and render.

Mounted by `web.server.create_app`; nothing here reads the environment or prints.
"""

from __future__ import annotations

import gradio as gr

from assistant.service import Assistant
from knowledge.config import Settings
from web.i18n import ARIA_SCRIPT
from web.tabs import chat as chat_tab
from web.tabs import feedback as feedback_tab
from web.tabs import knowledge as knowledge_tab
from web.tabs import quiz as quiz_tab
from web.tabs.context import Context, bind

TITLE = "监督制度问答助手"
CACHE_CLEANUP = (900, 3600)  # gradio deletes its copies of uploads and downloads older than an hour

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


def build_ui(settings: Settings, assistant: Assistant) -> gr.Blocks:
    """The Blocks app: a header over four tabs, each built and wired by its own module (web/tabs/). `create_app`
    mounts it with theme, CSS, head script, auth and queue settings."""
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=CACHE_CLEANUP) as demo:
        ctx = Context(settings, assistant, demo)
        gr.HTML(f'<div id="jd-header"><h1>{TITLE}</h1><p>依据知识库中的干部监督制度文件回答问题,每条回答都标明出处条款;'
                "找不到依据时会如实告知。</p></div>")
        with gr.Tabs():
            chat = chat_tab.build(ctx)
            kb = knowledge_tab.build(ctx, chat.doc_filter)
            quiz_tab.build(ctx)
            fb_html = feedback_tab.build(ctx)
        # On every page load: who sees the administrator's controls, then the lists as they are now (another
        # page may have uploaded since this one was built), then the feedback.
        demo.load(bind(knowledge_tab.admin_view, ctx), None, list(kb.admin_only), api_visibility="private",
                  queue=False)
        demo.load(bind(knowledge_tab.refresh, ctx), [chat.doc_filter], list(kb.lists), api_visibility="private").then(
            bind(feedback_tab.overview, ctx), None, fb_html, api_visibility="private")
    return demo
