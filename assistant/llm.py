"""LLM answering through langchain chat models, verified before it is shown as final.

The model sees numbered clauses and must cite them; its answer is then checked (every [n] exists,
every 「quote」 is verbatim, every factual sentence cited and supported by its clause). Anything
that fails, or an LLM that is down, slow or broken, falls back to the extractive answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answer import REFUSAL, Draft, citation, refusal
from assistant.chat_models import build_chat_model
from assistant.cite import MARKER, SENTENCE, verify
from assistant.lexicon import lexicon
from assistant.prompts import load_prompt, render
from assistant.query import Query
from assistant.retrieve import Retrieval
from knowledge.config import Settings
from knowledge.index import Index
from knowledge.sentences import sentence_spans
from knowledge.types import Citation, Hit

log = logging.getLogger(__name__)
_QUOTE = re.compile(r"「([^」]{2,400})」\s*((?:\[\d{1,2}\])*)")
_CJK = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
INSTRUCTION = lexicon().instruction  # one pattern for the answerer, the LLM check and ingest flags


@dataclass(frozen=True)
class LLMResult:
    draft: Draft | None  # None: use the extractive answer
    reason: str = ""  # llm_error | llm_timeout | verification_failed
    message: str = ""  # Chinese, for the user


def format_clauses(hits: Sequence[Hit], index: Index) -> str:
    blocks = []
    for n, hit in enumerate(hits, 1):
        c = hit.clause
        doc = index.docs.get(c.doc_id)
        source = f"《{doc.title if doc else c.doc_title}》"
        if doc and doc.issuer:
            source += f"({doc.issuer}{'·' + doc.level if doc.level else ''})"
        path = " / ".join(c.path) or "正文"
        # The clause text is fenced so the model can tell data from instructions.
        blocks.append(f"[{n}] {source} {path}\n<<<条款原文\n{c.text}\n条款原文>>>")
    return "\n\n".join(blocks)


def _char_support(sentence: str, sources: Sequence[str]) -> float:
    """Share of a sentence's character bigrams found in its cited clauses."""
    chars = "".join(_CJK.findall(MARKER.sub("", sentence)))
    grams = {chars[i : i + 2] for i in range(len(chars) - 1)}
    if not grams:
        return 1.0
    text = "".join(sources)
    return sum(1 for g in grams if g in text) / len(grams)


def _best_sentence(clause_text: str, sentence: str) -> str:
    spans = sentence_spans(clause_text)
    if not spans:
        return clause_text
    return max((clause_text[s:e] for s, e in spans), key=lambda t: _char_support(sentence, [t]))


_CODE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]{3,}")


def _echoes_planted_word(text: str, hits: Sequence[Hit]) -> bool:
    """A Latin code word (CANARY-7731) from an instruction planted in a clause, anywhere in the answer.
    A short unmarked line such as "CANARY-7731" escapes the per-sentence citation checks, so the
    words an instruction asks for are looked for in the whole text."""
    for hit in hits:
        text_of = hit.clause.text
        for s, e in sentence_spans(text_of):
            sentence = text_of[s:e]
            if INSTRUCTION.search(sentence) and any(w in text for w in _CODE_WORD.findall(sentence)):
                return True
    return False


def parse_answer(text: str, hits: Sequence[Hit], index: Index) -> tuple[Draft | None, list[str]]:
    """Turn the model's text into a Draft with verified citations, or say what is wrong with it."""
    text = text.strip()
    if not text:
        return None, ["大模型返回了空回答"]
    if text.startswith(REFUSAL.rstrip("。")) and not MARKER.search(text):
        return Draft(REFUSAL, (), True), []
    problems: list[str] = []
    used = sorted(set(int(n) for n in MARKER.findall(text)))
    if not used:
        return None, ["回答没有标注任何出处"]
    bad = [n for n in used if not 1 <= n <= len(hits)]
    if bad:
        return None, [f"引用了不存在的条款编号 {bad}"]
    quotes: dict[int, list[str]] = {}
    for m in _QUOTE.finditer(text):
        numbers = [int(n) for n in MARKER.findall(m.group(2))]
        for n in numbers or []:
            quotes.setdefault(n, []).append(m.group(1))
        if not any(m.group(1) in hits[n - 1].clause.text for n in numbers if 1 <= n <= len(hits)) and not (
            not numbers and any(m.group(1) in h.clause.text for h in hits)
        ):
            problems.append(f"引文「{m.group(1)[:20]}」不是所引条款的原文")
    masked = _QUOTE.sub(lambda m: "「" + m.group(1).replace("。", ",") + "」" + m.group(2), text)
    for sentence in SENTENCE.findall(masked):
        numbers = [int(n) for n in MARKER.findall(sentence)]
        if numbers and _char_support(sentence, [hits[n - 1].clause.text for n in numbers]) < 0.5:
            problems.append(f"这句话与所引条款不符: “{sentence.strip()[:30]}”")
        for n in numbers:
            source = _best_sentence(hits[n - 1].clause.text, sentence)
            if INSTRUCTION.search(source) and _char_support(sentence, [source]) >= 0.5:
                problems.append("回答复述了文档中夹带的指令")
    if _echoes_planted_word(text, hits):
        problems.append("回答复述了文档中夹带的指令")
    citations: list[Citation] = []
    for n in used:
        hit = hits[n - 1]
        cited_sentences = [s for s in SENTENCE.findall(masked) if f"[{n}]" in s]
        quote = next((q for q in quotes.get(n, []) if q in hit.clause.text), "")
        if not quote:
            quote = _best_sentence(hit.clause.text, " ".join(cited_sentences))
        citations.append(citation(n, hit, quote, index.docs))
    if any(line.strip() and len(line.strip()) > 12 and line.strip() in text for line in load_prompt("system").splitlines()):
        problems.append("回答泄露了系统提示词")
    check = verify(text, citations, index.by_id)
    problems.extend(check.problems)
    if problems:
        return None, problems
    return Draft(text, tuple(citations), False), []


_SENTENCE_END = re.compile(r"[。!?！？\n](?:\[\d{1,2}\])*")


def _complete_sentences_end(text: str) -> int:
    """Where the last complete sentence (with the markers right after it) of a growing text ends."""
    end = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() < len(text) or text.endswith("\n"):  # markers may still follow a final 。
            end = m.end()
    return end


def _sentences_safe(new: str, so_far: str, hits: Sequence[Hit]) -> bool:
    """The checks a finished sentence can pass on its own, before the whole answer exists."""
    if _echoes_planted_word(so_far, hits):
        return False
    system = [line.strip() for line in load_prompt("system").splitlines() if len(line.strip()) > 12]
    if any(line in so_far for line in system):
        return False
    for sentence in SENTENCE.findall(new):
        numbers = [int(n) for n in MARKER.findall(sentence)]
        if any(not 1 <= n <= len(hits) for n in numbers):
            return False
        if numbers and _char_support(sentence, [hits[n - 1].clause.text for n in numbers]) < 0.5:
            return False
        if numbers and any(INSTRUCTION.search(_best_sentence(hits[n - 1].clause.text, sentence)) for n in numbers):
            return False
    return True


class LLMAnswerer:
    def __init__(self, settings: Settings, model: Any | None = None) -> None:
        self.settings = settings
        self.model = model or build_chat_model(settings, streaming=True)

    def _messages(self, question: str, hits: Sequence[Hit], index: Index) -> list[tuple[str, str]]:
        user = render("answer", clauses=format_clauses(hits, index), question=question)
        return [("system", load_prompt("system")), ("human", user)]

    def stream_answer(self, question: str, query: Query, retrieval: Retrieval,
                      index: Index) -> Iterator[str | LLMResult]:
        """The model's text as it comes, one checked sentence at a time, then the verdict on the whole.
        A sentence is shown only once it is complete and passes the checks a sentence can pass alone
        (its markers exist, it is supported by the clauses it cites, it repeats no planted instruction or
        line of the system prompt); after the first that fails nothing more is shown, and the whole
        answer is verified before it is final (parse_answer)."""
        hits = retrieval.hits
        parts: list[str] = []
        shown = 0  # characters of the text already yielded
        blocked = False
        try:
            for chunk in self.model.stream(self._messages(query.text if query.followup else question, hits, index)):
                delta = chunk.content if isinstance(chunk.content, str) else ""
                if not delta:
                    continue
                parts.append(delta)
                if blocked:
                    continue
                text = "".join(parts)
                ready = _complete_sentences_end(text)
                if ready > shown:
                    if _sentences_safe(text[shown:ready], text[:ready], hits):
                        yield text[shown:ready]
                        shown = ready
                    else:
                        blocked = True
        except Exception as exc:  # any transport or server failure: the extractive answer serves
            log.warning("LLM call failed: %s", type(exc).__name__)
            timeout = "Timeout" in type(exc).__name__
            yield LLMResult(None, "llm_timeout" if timeout else "llm_error",
                            "大模型服务响应超时,已改用摘录式回答" if timeout else "大模型服务暂不可用,已改用摘录式回答")
            return
        text = "".join(parts)
        draft, problems = parse_answer(text, hits, index)
        if draft is None:
            log.info("LLM answer rejected: %s", "; ".join(problems))
            yield LLMResult(None, "verification_failed", "大模型回答未通过引用核验,已改用摘录式回答")
            return
        if draft.refused:
            draft = refusal(retrieval, index)
        elif not blocked and len(text) > shown:
            yield text[shown:]  # the rest, now that the whole has been verified
        yield LLMResult(draft)

    def condense(self, question: str, history: Sequence[dict[str, str]]) -> str | None:
        """A standalone version of a follow-up question, or None to fall back to the rule-based one."""
        turns = "\n".join(f"{'用户' if t.get('role') == 'user' else '助手'}: {str(t.get('content', ''))[:300]}"
                          for t in history[-6:])
        try:
            reply = self.model.invoke([("human", render("condense", history=turns, question=question))])
        except Exception as exc:
            log.warning("LLM condensation failed: %s", type(exc).__name__)
            return None
        text = reply.content.strip() if isinstance(reply.content, str) else ""
        return text if 0 < len(text) <= self.settings.max_question_chars else None
