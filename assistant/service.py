"""The question-answering pipeline as one object per process: CLI, web app and evaluation share it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.analyze import Analysis, analyze
from assistant.answer import answer_extractive
from assistant.cite import verify
from assistant.query import Query, build_query, is_followup, synonyms, validate_question
from assistant.retrieve import CrossEncoderReranker, QueryVector, Reranker, Retrieval, retrieve
from knowledge.config import Mode, Settings
from knowledge.embed import Embedder, get_embedder, start_query
from knowledge.errors import QuestionError, UnknownDocsError
from knowledge.index import Index, IndexHolder, current_generation
from knowledge.types import Answer, Citation, Hit

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class StreamEvent:
    """A piece of a streamed answer: an LLM's unverified text deltas, then the final `Answer`."""

    delta: str = ""
    answer: Answer | None = None


class Assistant:
    """Holds the heavy things (index, embedder, LLM) once; `ask` is safe to call from many threads."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None, llm: object | None = None) -> None:
        synonyms()  # a mistake in the admin-edited synonym file shows at start-up, not at the first question
        self.settings = settings
        self.holder = IndexHolder(settings)
        self._embedder = embedder
        self._llm = llm
        self._reranker: Reranker | None = None
        self._lock = threading.Lock()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = get_embedder(self.settings)
        return self._embedder

    @property
    def reranker(self) -> Reranker | None:
        if self.settings.rerank_model and self._reranker is None:
            with self._lock:
                if self._reranker is None:
                    self._reranker = CrossEncoderReranker(self.settings.rerank_model)
        return self._reranker

    @property
    def llm(self):  # type: ignore[no-untyped-def]
        if self._llm is None and self.settings.llm_enabled:
            from assistant.llm import LLMAnswerer

            with self._lock:
                if self._llm is None:
                    self._llm = LLMAnswerer(self.settings)
        return self._llm

    def index(self) -> Index:
        return self.holder.get()

    def retrieve(self, query: Query, doc_ids: Sequence[str] | None = None, top_k: int | None = None,
                 mode: Mode = "hybrid", qvec: QueryVector | None = None, index: Index | None = None,
                 analysis: Analysis | None = None) -> Retrieval:
        s = self.settings
        return retrieve(index or self.index(), self.embedder, query, top_k or s.top_k, s.candidates, s.fusion,
                        s.refusal_threshold, doc_ids, mode, qvec, self.reranker, analysis)

    def retrieve_current(self, query: Query, doc_ids: Sequence[str] | None, top_k: int | None, mode: Mode,
                         qvec: QueryVector | None, index: Index) -> tuple[Index, Analysis, Retrieval]:
        """Analyse and retrieve on `index`; if its store fails because an ingest has just replaced and deleted
        that generation (a removal deletes the previous one at once), do both again on the current one."""
        try:
            analysis = analyze(query, index)
            return index, analysis, self.retrieve(query, doc_ids, top_k, mode, qvec, index, analysis)
        except Exception:
            if current_generation(self.settings) == index.generation:
                raise  # a real failure of the index in service
            log.info("generation %s went away during a query; retrying on the current one", index.generation)
            index = self.index()
            analysis = analyze(query, index)
            return index, analysis, self.retrieve(query, doc_ids, top_k, mode, qvec, index, analysis)

    def query_vectors(self, questions: Sequence[str]) -> dict[str, tuple[np.ndarray, float]]:
        """Query vectors of the valid questions (no history), embedded in batches — much faster than one
        at a time — with each question's share of its batch's time in ms. The text embedded is the
        retrieval query `ask` builds, so passing the vector as `qvec` gives the same answer."""
        texts: dict[str, str] = {}
        for q in questions:
            try:
                texts[q] = build_query(validate_question(q, self.settings.max_question_chars)).text
            except QuestionError:
                continue  # ask() reports it
        keys = list(texts)
        size = max(1, self.settings.embed_batch)
        out: dict[str, tuple[np.ndarray, float]] = {}
        for start in range(0, len(keys), size):
            chunk = keys[start : start + size]
            t0 = time.perf_counter()
            vectors = self.embedder.embed_queries([texts[q] for q in chunk])
            share = (time.perf_counter() - t0) * 1000 / len(chunk)
            out.update((q, (v, share)) for q, v in zip(chunk, vectors, strict=True))
        return out

    def check_docs(self, doc_ids: Sequence[str] | None, index: Index | None = None) -> None:
        """The one check of a document filter: an unknown id is an error that names it, never dropped
        silently (which would search every document)."""
        docs = (index or self.index()).docs
        unknown = [d for d in doc_ids or () if d not in docs]
        if unknown:
            raise UnknownDocsError(f"没有这些文档编号: {', '.join(unknown)}")

    def _prepare(self, question: str, history: Sequence[dict[str, str]], doc_ids: Sequence[str] | None,
                 index: Index) -> Query:
        """The one place a question and its filter are checked (the CLI and the web app only show the error)."""
        question = validate_question(question, self.settings.max_question_chars)
        self.check_docs(doc_ids, index)
        resolved = None
        if history and self.llm is not None and (is_followup(question) or len(question) <= 15):
            resolved = self.llm.condense(question, history)
        return build_query(question, history, resolved, self.settings.max_question_chars)

    def ask(self, question: str, doc_ids: Sequence[str] | None = None, history: Sequence[dict[str, str]] = (),
            top_k: int | None = None, mode: Mode = "hybrid", qvec: np.ndarray | None = None,
            use_llm: bool = True) -> Answer:
        final: Answer | None = None
        for event in self.stream(question, doc_ids, history, top_k, mode, qvec, use_llm):
            final = event.answer or final
        assert final is not None  # stream() always ends with the answer
        return final

    def stream(self, question: str, doc_ids: Sequence[str] | None = None, history: Sequence[dict[str, str]] = (),
               top_k: int | None = None, mode: Mode = "hybrid", qvec: np.ndarray | None = None,
               use_llm: bool = True) -> Iterator[StreamEvent]:
        """The answer as events: with an LLM, its tokens as they come (marked unverified), then the final,
        verified `Answer`; without one, the extractive answer at once (it is ready in milliseconds)."""
        t0 = time.perf_counter()
        index = self.index()  # one generation for the whole answer, even if an ingest switches meanwhile
        query = self._prepare(question, history, doc_ids, index)
        pending: QueryVector | None = qvec
        if pending is None and mode != "bm25":
            pending = start_query(self.embedder, query.text)  # embeds while the words are analysed
        index, analysis, retrieval = self.retrieve_current(query, doc_ids, top_k, mode, pending, index)
        t1 = time.perf_counter()
        draft = answer_extractive(analysis, retrieval, index)
        mode_used, fallback, warnings = "extractive", "", []
        llm = self.llm if use_llm else None
        if llm is not None and not draft.refused:
            result = None
            for item in llm.stream_answer(question, query, retrieval, index):
                if isinstance(item, str):
                    yield StreamEvent(delta=item)  # shown as a draft until the check below has passed
                else:
                    result = item
            if result is not None and result.draft is not None and result.draft.refused:
                fallback = "llm_refused"  # the documents do support an answer: keep the extractive one
                warnings.append("大模型未能作答,已改用摘录式回答")
            elif result is not None and result.draft is not None:
                draft, mode_used = result.draft, "llm"  # verified in llm.parse_answer
            elif result is not None:
                fallback = result.reason
                warnings.append(result.message)
        citations = draft.citations
        if mode_used == "extractive":
            # A refusal's own notes ("可能相关", why nothing was found) are not claims that need markers.
            check = verify(draft.text, draft.citations, index.by_id, require_markers=not draft.refused)
            warnings.extend(check.problems)
            citations = check.kept
        t2 = time.perf_counter()
        yield StreamEvent(answer=Answer(
            question=question, answer=draft.text, refused=draft.refused, citations=citations,
            retrieved=retrieval.hits + _consulted(retrieval, citations, index),
            timings_ms={"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000, "total": (t2 - t0) * 1000},
            mode=mode_used, fallback=fallback, warnings=tuple(warnings), related=draft.related, query=query.text,
            standalone_question=analysis.standalone, refusal_reason=draft.note,
        ))


def _consulted(retrieval: Retrieval, citations: Sequence[Citation], index: Index) -> tuple[Hit, ...]:
    """Clauses the answerer took in beyond the top hits (a named set's items in the clauses that follow
    its name): listed after the hits, so every cited clause shows as retrieved and the ranks stay honest."""
    known = {h.clause.id for h in retrieval.hits}
    pool = {h.clause.id: h for h in retrieval.candidates}
    extra = []
    for cid in dict.fromkeys(c.clause_id for c in citations):
        if cid not in known and cid in index.by_id:
            extra.append(pool.get(cid) or Hit(index.by_id[cid], 0.0, 0.0, 0.0, 0.0))
    return tuple(extra)
