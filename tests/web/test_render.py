"""The HTML the chat shows, and the feedback file: pure functions on real index data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from knowledge.config import Settings
from knowledge.types import Answer, Citation, DocInfo
from web import render
from web.feedback import feedback_path, gold_candidates, gold_jsonl, read_feedback, record_feedback

XSS = '<img src=x onerror=alert(1)>'


def cite(n: int = 1, quote: str = "引文", **kw: object) -> Citation:
    base = dict(n=n, doc_id="d1", doc_title="标题", issuer="某县委组织部", level="县", clause_id="d1:x",
                path=("一、总则", "第一条"), quote=quote, score=0.5)
    base.update(kw)
    return Citation(**base)  # type: ignore[arg-type]


def answer(text: str = "答案[1]", refused: bool = False, citations: tuple = (), related: tuple = ()) -> Answer:
    return Answer(question="问题?", answer=text, refused=refused, citations=citations, retrieved=(),
                  related=related)


def test_esc_escapes_markup_and_removes_newlines() -> None:
    out = render.esc(f"甲\n{XSS}\r\n乙 & \"丙\"")
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "\n" not in out and out.count("<br>") == 2 and "&amp;" in out and "&quot;" in out


@pytest.mark.parametrize(("text", "quote", "marked"), [
    ("前文。引用的句子。后文。", "引用的句子。", ["引用的句子。"]),
    ("第一句话很长。中间。第二句话也长。", "第一句话很长。…第二句话也长。", ["第一句话很长。", "第二句话也长。"]),
    ("没有这句。", "完全不同的内容", []),
])
def test_highlight_marks_the_quote(text: str, quote: str, marked: list[str]) -> None:
    out = render.highlight(text, quote)
    assert re.findall(r"<mark>(.*?)</mark>", out) == marked
    assert re.sub(r"</?mark>", "", out) == render.esc(text)


def test_highlight_escapes_untrusted_clause_text() -> None:
    out = render.highlight(f"前{XSS}后,规定如下。", "规定如下。")
    assert "<img" not in out and "&lt;img" in out and "<mark>规定如下。</mark>" in out


def test_answer_with_an_xss_clause_renders_as_text(corpus_index) -> None:  # type: ignore[no-untyped-def]
    clause = corpus_index.clauses[3]
    c = cite(quote=XSS, clause_id=clause.id, doc_title=XSS, path=(XSS,), issuer=XSS)
    html = render.render_answer(answer(f"见{XSS}[1]", citations=(c,)), corpus_index)
    assert "<img" not in html and "onerror=alert(1)&gt;" in html
    assert "\n" not in html  # one HTML block for the Markdown renderer


def test_answer_cards_are_numbered_and_show_the_clause_in_context(corpus_index) -> None:  # type: ignore[no-untyped-def]
    doc = "001_ad443106805678c7"
    clauses = corpus_index.doc_clauses(doc)
    target = clauses[3]
    quote = target.text[5:25]
    c1 = cite(1, quote, clause_id=target.id, doc_id=doc, doc_title="关于构建从严管理监督干部体系的实施意见")
    c2 = cite(2, clauses[0].text[:10], clause_id=clauses[0].id, doc_id=doc)
    html = render.render_answer(answer("甲[1]乙[2]", citations=(c1, c2)), corpus_index)
    assert 'class="jd-msg jd-ok"' in html
    assert html.count('<details class="jd-card jd-card-') == 2
    assert '<sup class="jd-ref jd-ref-1"' in html and '<sup class="jd-ref jd-ref-2"' in html
    assert f"<mark>{render.esc(quote)}</mark>" in html
    assert "县级" in html and "一、总则 › 第一条" in html
    ctx = html[html.index('<details class="jd-ctx">'):]
    for neighbour in (*clauses[1:3], *clauses[4:6]):
        assert render.esc(neighbour.text)[:30] in ctx
    current = ctx[ctx.index("jd-ctx-cur"):]
    assert current.index(f"<mark>{render.esc(quote)}</mark>") < current.index(render.esc(clauses[4].text)[:30])
    assert "引用条款" in current and f"第 4 条 / 共 {len(clauses)} 条" in ctx
    assert "\n" not in html


def test_refusal_looks_different_and_lists_related_clauses() -> None:
    rel = (cite(1, "相近条款"), cite(2, "另一条"))
    html = render.render_answer(answer("知识库中未找到相关规定。相关条款没有规定问题所问的具体时限或数量。", refused=True,
                                  related=rel), None)
    assert 'class="jd-msg jd-refused"' in html and "未找到依据" in html
    assert "可能相关的条款" in html and html.count("jd-card jd-related") == 2
    assert "没有规定问题所问的具体时限" in html  # the refusal says what is missing; the related list is data
    assert "jd-card-1" not in html  # related clauses are not citations


def test_plain_text_for_copying() -> None:
    text = render.plain_text(answer("七个工作日内办结。[1]", citations=(cite(1, "七个工作日内办结。"),)))
    assert text.splitlines()[:2] == ["问:问题?", "答:七个工作日内办结。[1]"]
    assert "[1] 某县委组织部(县级)《标题》 一、总则 › 第一条" in text and "“七个工作日内办结。”" in text
    html = render.render_answer(answer("七个工作日内办结。[1]", citations=(cite(1, "七个工作日内办结。"),)), None)
    assert "&#10;" in html and "\n" not in html


def test_partial_and_error_and_user() -> None:
    assert "正在检索" in render.render_partial("")
    assert "jd-caret" in render.render_partial("部分[1]") and "jd-ref-1" in render.render_partial("部分[1]")
    assert "&lt;b&gt;" in render.render_error("<b>坏</b>") and "&lt;b&gt;" in render.render_user("<b>问</b>")


def test_docs_table_and_document_view(corpus_index) -> None:  # type: ignore[no-untyped-def]
    table = render.docs_table(corpus_index.docs.values())
    for d in corpus_index.docs.values():
        assert render.esc(d.title) in table and f">{d.clause_count}<" in table
    warned = render.docs_table([DocInfo("x", XSS, warnings=(XSS, "第二条提示"))])
    assert "<img" not in warned and "第二条提示" in warned and "未登记" in warned
    assert "还没有文档" in render.docs_table([])
    doc = corpus_index.docs["001_ad443106805678c7"]
    view = render.document_view(doc, corpus_index.doc_clauses(doc.doc_id))
    assert f"共 {doc.clause_count} 条" in view and view.count("jd-doc-clause") == doc.clause_count


def test_ingest_report_lists_added_and_failed() -> None:
    from knowledge.ingest import Failure, IngestReport

    report = IngestReport(True, "g", 6, 100, 2, added=("new",), failed=(Failure("bad.pdf", "无法解析"),),
                          warnings={"new": ("标题未识别",)})
    html = render.ingest_report(report, [("big.txt", "文件过大")], {"new": "新文件"})
    assert "新增:《新文件》" in html and "标题未识别" in html
    assert "失败:bad.pdf — 无法解析" in html and "未接收:big.txt — 文件过大" in html
    unchanged = IngestReport(False, "g", 5, 100, 0)
    assert "没有变化" in render.ingest_report(unchanged, [], {})


def turn(question: str, refused: bool = False) -> dict:
    ans = {"answer": "七个工作日内办结。[1]", "refused": refused,
           "citations": [] if refused else [{"n": 1, "doc_id": "001", "doc_title": "t", "clause_id": "001:a",
                                              "path": ["p"], "quote": "七个工作日内办结。", "score": 0.1}]}
    return {"question": question, "answer": ans, "doc_ids": [], "history": []}


def test_feedback_is_appended_and_comments_update_it(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path / "data")
    assert read_feedback(s) == []
    fid = record_feedback(s, "up", turn("交接时限?"))
    record_feedback(s, "down", turn("食堂几点开饭?", refused=True))
    record_feedback(s, "up", turn("交接时限?"), comment="  很清楚 ", feedback_id=fid)
    feedback_path(s).open("a", encoding="utf-8").write("not json\n")
    lines = feedback_path(s).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4  # append-only
    recs = read_feedback(s)
    assert [r["question"] for r in recs] == ["食堂几点开饭?", "交接时限?"]
    assert recs[1]["comment"] == "很清楚" and recs[1]["id"] == fid
    with pytest.raises(ValueError, match="rating"):
        record_feedback(s, "meh", turn("x"))


def test_gold_candidates_follow_the_eval_schema(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path / "data")
    record_feedback(s, "up", turn("交接时限?"))
    record_feedback(s, "up", turn("食堂几点开饭?", refused=True))
    record_feedback(s, "down", turn("请假审批?"), comment="引用不对")
    items = [json.loads(x) for x in gold_jsonl(read_feedback(s)).splitlines()]
    by_q = {i["question"]: i for i in items}
    for item in items:
        assert set(item) >= {"id", "question", "answerable", "must_include", "tags"}
        assert isinstance(item["must_include"], list) and "feedback" in item["tags"]
    good = by_q["交接时限?"]
    assert good["answerable"] is True and good["source_doc"] == "001" and good["source_quote"] == "七个工作日内办结。"
    assert good["reference"] == "七个工作日内办结。"
    assert by_q["食堂几点开饭?"]["answerable"] is False and "source_quote" not in by_q["食堂几点开饭?"]
    bad = by_q["请假审批?"]
    assert "待核实" in bad["tags"] and "source_quote" not in bad and bad["feedback"]["comment"] == "引用不对"
    assert len({i["id"] for i in items}) == 3
    assert len(gold_candidates(read_feedback(s) * 2)) == 3  # one candidate per question
