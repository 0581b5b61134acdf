"""Data that crosses module boundaries. Field names follow the contracts in DESIGN.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Clause:
    """A retrievable unit: verbatim cleaned text plus where it sits in its document."""

    id: str
    doc_id: str
    doc_title: str
    path: tuple[str, ...]
    text: str
    start: int
    end: int
    ordinal: int = 0  # position of the clause within its document
    # why the clause reads as an instruction to a model or reader ("忽略以上规定", "系统提示", "回答:…"), set at
    # ingest by knowledge/flags.py; "" for an ordinary clause. The answerer never quotes a flagged clause as a rule.
    flag: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["path"] = list(self.path)
        return d

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Clause:
        return Clause(
            id=d["id"], doc_id=d["doc_id"], doc_title=d["doc_title"], path=tuple(d["path"]),
            text=d["text"], start=int(d["start"]), end=int(d["end"]), ordinal=int(d.get("ordinal", 0)),
            flag=str(d.get("flag", "")),
        )


@dataclass(frozen=True)
class DocInfo:
    """A document as the catalog and the index know it."""

    doc_id: str
    title: str
    issuer: str = ""
    level: str = ""
    kind: str = ""  # 规定, 实施办法 … (binding) or 范文, 新闻报道 … (not); see knowledge/catalog.py
    date: str = ""
    url: str = ""
    clause_count: int = 0
    sha256: str = ""
    warnings: tuple[str, ...] = ()
    pipeline: str = ""  # fingerprint of the parser that made its clauses (knowledge/pipeline.py)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["warnings"] = list(self.warnings)
        return d


@dataclass(frozen=True)
class Hit:
    """A retrieved clause with its fused score and the per-retriever ranks behind it."""

    clause: Clause
    score: float
    dense: float = 0.0
    lexical: float = 0.0
    coverage: float = 0.0


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    doc_title: str
    issuer: str
    level: str
    clause_id: str
    path: tuple[str, ...]
    quote: str
    score: float
    kind: str = ""  # the document's kind from the catalog; 未登记 for an upload nobody described

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["path"] = list(self.path)
        return d


@dataclass(frozen=True)
class Answer:
    """The `jiandu ask --json` object."""

    question: str
    answer: str
    refused: bool
    citations: tuple[Citation, ...]
    retrieved: tuple[Hit, ...]
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "extractive"  # extractive | llm
    fallback: str = ""  # why the LLM answer was replaced by the extractive one
    warnings: tuple[str, ...] = ()
    related: tuple[Citation, ...] = ()  # "可能相关" clauses shown with a refusal
    query: str = ""  # the retrieval query after follow-up resolution and expansion
    standalone_question: str = ""  # a follow-up as the question it was answered as ("" for a first question)
    refusal_reason: str = ""  # the name of the refusal rule that decided (assistant/refuse.py), if refused

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "citations": [c.to_dict() for c in self.citations],
            "retrieved": [{"clause_id": h.clause.id, "score": round(h.score, 4)} for h in self.retrieved],
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "mode": self.mode,
            "fallback": self.fallback,
            "warnings": list(self.warnings),
            "related": [c.to_dict() for c in self.related],
            "query": self.query,
            **({"standalone_question": self.standalone_question} if self.standalone_question else {}),
            **({"refusal_reason": self.refusal_reason} if self.refused and self.refusal_reason else {}),
        }
