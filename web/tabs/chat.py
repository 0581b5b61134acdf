"""The 问答 tab: the chat, the example questions, the document filter, 赞/踩 feedback with a comment."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from knowledge.errors import JianduError
from web import render
from web.feedback import record_feedback
from web.streaming import answer_events
from web.tabs.context import Context, bind, doc_choices

log = logging.getLogger("jiandu.web")

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
HISTORY_TURNS = 6  # earlier turns sent with a follow-up

Chat = list[dict[str, str]]
Turns = dict[int, dict[str, Any]]


@dataclass(frozen=True)
class ChatTab:
    """What the other tabs need of this one: the filter the knowledge tab's document list refreshes."""

    doc_filter: gr.Dropdown


def respond(ctx: Context, question: str, chat: Chat, history: Chat, doc_ids: list[str],
            turns: Turns) -> Iterator[tuple[Any, ...]]:
    """Answer one question: the user's message at once, then the answer (typed out only for an LLM's stream)."""
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
        for text, final in answer_events(ctx.assistant.stream(question, doc_ids or None,
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
    chat[-1] = {"role": "assistant", "content": render.render_answer(answer, ctx.index())}
    turns = {**turns, len(chat) - 1: {"question": question, "answer": answer.to_dict(),
                                      "doc_ids": list(doc_ids or []), "history": list(history)}}
    history = [*history, {"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
    yield chat, "", chat, history, turns, hidden


def pick_example(data: gr.SelectData) -> str:
    value = data.value
    return str(value.get("text", "")) if isinstance(value, dict) else str(value)


def new_chat() -> tuple[Any, ...]:
    return [], "", [], [], {}, gr.update(visible=False), None


def on_like(ctx: Context, turns: Turns, data: gr.LikeData) -> tuple[Any, ...]:
    """Record 赞/踩 for an answer and open the comment box for it."""
    index = data.index if isinstance(data.index, int) else data.index[0]
    turn = turns.get(index)
    if turn is None or not isinstance(data.liked, bool):
        return gr.update(visible=False), None, gr.update()
    rating = "up" if data.liked else "down"
    fid = record_feedback(ctx.settings, rating, turn)
    label = "有帮助(赞)" if data.liked else "没有帮助(踩)"
    note = f"已记录您的评价:{label}。如愿意,可以补充说明原因(可选):"
    return gr.update(visible=True), {"id": fid, "rating": rating, "turn": turn}, gr.update(value="", label=note)


def on_comment(ctx: Context, comment: str, pending: dict[str, Any] | None) -> tuple[Any, ...]:
    """Add the comment to the feedback just recorded."""
    if pending and comment.strip():
        record_feedback(ctx.settings, pending["rating"], pending["turn"], comment, feedback_id=pending["id"])
        gr.Info("感谢您的补充说明,已记录。", title="提示", duration=4)
    return gr.update(visible=False), None, ""


def build(ctx: Context) -> ChatTab:
    """The 问答 tab's components and events."""
    with gr.Tab("问答", id="chat"):
        # inside the tab: a State directly under gr.Tabs is drawn as an extra tab button
        chat_state = gr.State([])
        history_state = gr.State([])
        turns_state = gr.State({})
        pending_fb = gr.State(None)
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
                        placeholder="在这里输入问题,按回车发送", max_length=ctx.settings.max_question_chars,
                    )
                    send = gr.Button("发送", variant="primary", scale=1, elem_id="jd-send", min_width=80)
                    clear = gr.Button("新对话", scale=1, elem_id="jd-new", min_width=80)
                with gr.Group(visible=False, elem_id="jd-feedback") as feedback_box:
                    comment = gr.Textbox(label="补充说明(可选)", lines=2, elem_id="jd-comment",
                                         placeholder="例如:答非所问 / 引用的条款不对 / 希望补充某文件")
                    comment_send = gr.Button("提交说明", size="sm")
            with gr.Column(scale=1, min_width=240):
                doc_filter = gr.Dropdown(
                    choices=doc_choices(ctx.index()), multiselect=True, label="检索范围", elem_id="jd-filter",
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

    ask = bind(respond, ctx)
    ask_inputs = [question, chat_state, history_state, doc_filter, turns_state]
    ask_outputs = [chatbot, question, chat_state, history_state, turns_state, feedback_box]
    question.submit(ask, ask_inputs, ask_outputs, api_visibility="private")
    send.click(ask, ask_inputs, ask_outputs, api_visibility="private")
    chatbot.example_select(pick_example, None, question, api_visibility="private", queue=False).then(
        ask, ask_inputs, ask_outputs, api_visibility="private")
    reset_outputs = [chatbot, question, chat_state, history_state, turns_state, feedback_box, pending_fb]
    clear.click(new_chat, None, reset_outputs, api_visibility="private", queue=False)
    chatbot.clear(new_chat, None, reset_outputs, api_visibility="private", queue=False)
    chatbot.like(bind(on_like, ctx), [turns_state], [feedback_box, pending_fb, comment], api_visibility="private")
    comment_send.click(bind(on_comment, ctx), [comment, pending_fb], [feedback_box, pending_fb, comment],
                       api_visibility="private")
    return ChatTab(doc_filter)
