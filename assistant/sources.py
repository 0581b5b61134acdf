"""Questions about a text rather than a rule: who wrote it, whose practice it is ("那篇讲“三对关系”的文章是
谁写的", "“四方会审”是哪里的做法"). The answer is the document's issuer from the catalog, quoted where the
document names itself (a byline, the place in its lead); the text described is the one holding the
question's quoted words and numbers. assistant/answer.py lays the answer out."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.analyze import Analysis, issuer_place
from assistant.refuse import Pick
from knowledge.catalog import UNREGISTERED
from knowledge.index import Index
from knowledge.sentences import sentence_spans
from knowledge.types import DocInfo, Hit

QUOTED = re.compile(r"[“\"‘']([^”\"‘’']{2,30})[”\"’']")  # double or single quotes, as a chat types them
QUOTE_RUN = 4  # characters of a quoted saying the documents hold in a row: it is theirs, reworded around them


def _quoted_words(analysis: Analysis) -> list[str]:
    """The words a question quotes, each item of a quoted list on its own (“严管严治、抓早抓小”)."""
    return [w for q in QUOTED.findall(analysis.text) for w in re.split(r"[、,，\s]+", q) if len(w) >= 2]


def _unquoted(index: Index, doc_id: str) -> str:
    """A document's text and title without quotation marks: a question's “上与下” is the text's “上”与“下”."""
    text = "".join(c.text for c in index.doc_clauses(doc_id)) + index.docs[doc_id].title
    return re.sub(r"[“”\"]", "", text)


def _telling(words: Sequence[str], texts: Sequence[str]) -> list[str]:
    """The words some of the documents hold and some do not: they tell one text from another."""
    return [w for w in words if 0 < sum(w in t for t in texts) < len(texts)]


def described_doc(analysis: Analysis, hits: Sequence[Hit], index: Index, candidates: Sequence[Pick] = ()) -> str:
    """The document a question describes ("讲“三对关系”的那篇文章", "“四方会审”这些", "每个月15号之前报
    的做法"): the one holding the most of its quoted phrases and numbers (not held by every document);
    among those, the one with the best-scoring sentence; with none, the best sentence's. A place named
    ("永顺那篇文章是谁写的") names its document."""
    if len(analysis.named_docs) == 1 and not analysis.compare:
        return next(iter(analysis.named_docs))
    docs = {d: _unquoted(index, d) for d in index.docs}
    phrases = _telling([*_quoted_words(analysis), *re.findall(r"\d{2,}", analysis.text)], list(docs.values()))
    counts = {d: sum(p in t for p in phrases) for d, t in docs.items()}
    most = max(counts.values(), default=0)
    ranked = sorted(candidates, key=lambda p: -p.score)
    best = next((p.clause.doc_id for p in ranked if counts.get(p.clause.doc_id, 0) == most), "")
    if best:
        return best
    return next((d for d in index.docs if counts[d] == most), hits[0].clause.doc_id if hits else "")


def names_a_text(analysis: Analysis, index: Index) -> bool:
    """Does the question quote words of a document that not every document holds (讲“紧与松”的文章)? Then
    it names that text, whatever retrieval's support for the rest of its words."""
    quoted = _quoted_words(analysis)
    if not quoted:  # asked of every question: the documents' text is read only when something is quoted
        return False
    texts = [_unquoted(index, d) for d in index.docs]
    if _telling(quoted, texts):
        return True
    # a saying quoted from memory ('走的人不交马虎账' for 离任干部不交马虎账): a run of its words is theirs
    runs = {w[i : i + QUOTE_RUN] for w in quoted for i in range(len(w) - QUOTE_RUN + 1)}
    return bool(_telling([r for r in runs if re.fullmatch(r"[\u4e00-\u9fff]+", r)], texts))


def source_picks(analysis: Analysis, hits: Sequence[Hit], index: Index,
                 candidates: Sequence[Pick] = ()) -> tuple[str, list[Pick]]:
    """Who wrote it: the described document, and the sentence where it names its author or place (a
    byline "(中共永顺县委组织部 张辉)", "四川资阳市积极探索……"), if it does."""
    doc_id = described_doc(analysis, hits, index, candidates)
    doc = index.docs.get(doc_id)
    if doc is None:
        return doc_id, []
    names = [n for n in (issuer_place(doc.issuer), *re.findall(r"[(（]([\u4e00-\u9fff]{2,4})[)）]", doc.issuer)) if n]
    for clause in index.doc_clauses(doc_id):
        for s, e in sentence_spans(clause.text):
            if any(n in clause.text[s:e] for n in names):
                return doc_id, [Pick(0, clause, s, e, 1.0)]
    return doc_id, []


def source_lead(doc: DocInfo | None) -> str:
    if doc is None:
        return ""
    kind = doc.kind if doc.kind and doc.kind != UNREGISTERED else "文档"
    return f"是{doc.issuer or '未署名作者'}的{kind}《{doc.title}》"
