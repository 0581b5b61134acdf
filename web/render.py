"""HTML for the web chat: answers, citation cards, refusals, the document list. Pure functions.

Documents are untrusted: every piece of text that reaches the page goes through `esc` here, so a
clause containing `<img src=x onerror=alert(1)>` shows as text. The HTML never contains a newline:
gradio's chatbot renders messages as Markdown, and a raw HTML block ends at a blank line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from assistant.cite import MARKER
from assistant.refuse import REFUSAL
from knowledge.catalog import UNREGISTERED, is_binding
from knowledge.index import Index
from knowledge.types import Answer, Citation, Clause, DocInfo

CONTEXT_BEFORE = 2  # clauses shown before and after a cited one in "在文档中查看"
CONTEXT_AFTER = 2
_ELLIPSIS = re.compile(r"…+|\.{3,}")


def esc(text: str) -> str:
    """Escape for HTML text and attributes; newlines become <br> (no raw newline survives)."""
    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def level_label(level: str) -> str:
    return f"{level}级" if level in ("中央", "省", "州", "市", "县", "区") and not level.endswith("级") else level


def path_label(path: Sequence[str]) -> str:
    return " › ".join(path) if path else "(正文)"


def highlight(text: str, quote: str) -> str:
    """Escaped `text` with `quote` wrapped in <mark>; an elided quote ("甲…乙") marks each part it finds."""
    if quote and quote in text:
        i = text.index(quote)
        return esc(text[:i]) + "<mark>" + esc(quote) + "</mark>" + esc(text[i + len(quote):])
    parts = [p.strip() for p in _ELLIPSIS.split(quote or "") if len(p.strip()) >= 4]
    out, pos = [], 0
    for part in parts:
        j = text.find(part, pos)
        if j < 0:
            continue
        out.append(esc(text[pos:j]) + "<mark>" + esc(part) + "</mark>")
        pos = j + len(part)
    out.append(esc(text[pos:]))
    return "".join(out)


def answer_body(text: str, cited: Iterable[int] | None = None) -> str:
    """Escaped answer text with [n] markers as clickable badges that open card n.

    With `cited` (the numbers that have a card), a marker without a card is left out: the reader
    never sees a "[1]" that leads nowhere. None: every marker shows (text still streaming in).
    """
    cards = None if cited is None else {str(n) for n in cited}
    out, last = [], 0
    for m in MARKER.finditer(text):
        n = m.group(1)
        out.append(esc(text[last:m.start()]))
        if cards is None or n in cards:
            out.append(f'<sup class="jd-ref jd-ref-{n}" title="查看出处 {n}">[{n}]</sup>')
        last = m.end()
    out.append(esc(text[last:]))
    return "".join(out)


def kind_tag(kind: str) -> str:
    """A small tag saying what sort of document a citation comes from; a non-binding one says so."""
    if not kind:
        return ""
    if kind == UNREGISTERED:
        return '<span class="jd-kind jd-kind-weak" title="上传时未说明文件类型">未登记(文件类型未说明)</span>'
    if is_binding(kind):
        return f'<span class="jd-kind">{esc(kind)}</span>'
    return f'<span class="jd-kind jd-kind-weak">{esc(kind)}(非规范性文件)</span>'


def understood_as(answer: Answer) -> str:
    """"理解为:…" above an answer when a follow-up was answered as a standalone question."""
    standalone = str(getattr(answer, "standalone_question", "") or "").strip()
    if not standalone or standalone == answer.question.strip():
        return ""
    return f'<div class="jd-understood">理解为:{esc(standalone)}</div>'


def refusal_text(answer: Answer) -> str:
    """The refusal sentence (the related clauses are data, shown as cards)."""
    return answer.answer.strip() or REFUSAL


def _context(index: Index | None, clause: Clause | None, quote: str = "") -> str:
    if index is None or clause is None:
        return ""
    clauses = index.doc_clauses(clause.doc_id)
    pos = next((i for i, c in enumerate(clauses) if c.id == clause.id), None)
    if pos is None:
        return ""
    window = clauses[max(0, pos - CONTEXT_BEFORE): pos + CONTEXT_AFTER + 1]
    items, last_path = [], None
    for c in window:
        head = ""
        if c.path != last_path:
            head = f'<div class="jd-ctx-path">{esc(path_label(c.path))}</div>'
            last_path = c.path
        if c.id == clause.id:
            items.append(f'<div class="jd-ctx-item jd-ctx-cur">{head}<span class="jd-ctx-tag">引用条款</span>'
                         f'<div class="jd-ctx-text">{highlight(c.text, quote)}</div></div>')
        else:
            items.append(f'<div class="jd-ctx-item">{head}<div class="jd-ctx-text">{esc(c.text)}</div></div>')
    total = len(clauses)
    note = (f'<div class="jd-muted">第 {pos + 1} 条 / 共 {total} 条;完整文档可在「知识库」页查看。</div>')
    return ('<details class="jd-ctx"><summary>在文档中查看(前后条款)</summary>'
            f'<div class="jd-ctx-body">{"".join(items)}{note}</div></details>')


def citation_card(c: Citation, index: Index | None, related: bool = False) -> str:
    """One numbered, expandable card: title and clause path; opened, the clause with the quote marked."""
    clause = index.by_id.get(c.clause_id) if index is not None else None
    full = highlight(clause.text, c.quote) if clause is not None else f"<mark>{esc(c.quote)}</mark>"
    source = " · ".join(x for x in (esc(c.issuer), esc(level_label(c.level))) if x)
    kind = "jd-card jd-related" if related else f"jd-card jd-card-{c.n}"
    badge = "参" if related else str(c.n)
    return (
        f'<details class="{kind}"><summary>'
        f'<span class="jd-n">{badge}</span>'
        f'<span class="jd-card-head"><span class="jd-title">《{esc(c.doc_title)}》</span>'
        f'<span class="jd-path">{esc(path_label(c.path))}</span>'
        + (f'<span class="jd-source">{kind_tag(c.kind)}{source}</span>' if source or c.kind else "")
        + '</span><span class="jd-open">展开原文</span></summary>'
        f'<div class="jd-card-body"><div class="jd-label">条款原文(黄色为引用部分):</div>'
        f'<div class="jd-clause">{full}</div>{_context(index, clause, c.quote)}</div></details>'
    )


def plain_text(answer: Answer) -> str:
    """What "复制回答及出处" puts on the clipboard."""
    cited = {str(c.n) for c in answer.citations}
    text = refusal_text(answer) if answer.refused else answer.answer
    text = MARKER.sub(lambda m: m.group(0) if m.group(1) in cited else "", text)
    lines = [f"问:{answer.question}", f"答:{text}"]
    groups = [("出处:", answer.citations, True)]
    if answer.refused:
        groups.append(("可能相关的条款:", answer.related, False))
    for title, cites, numbered in groups:
        if not cites:
            continue
        lines += ["", title]
        for c in cites:
            src = f"{c.issuer}({level_label(c.level)})" if c.issuer else ""
            head = f"[{c.n}] " if numbered else "- "
            kind = f"〔{c.kind}〕" if c.kind else ""
            lines.append(f"{head}{src}《{c.doc_title}》{kind} {path_label(c.path)}")
            lines.append(f"    “{c.quote}”")
    return "\n".join(lines)


def _copy_tools(answer: Answer) -> str:
    plain = html.escape(plain_text(answer), quote=True).replace("\n", "&#10;")
    return ('<div class="jd-tools"><span class="jd-copy" role="button" tabindex="0">复制回答及出处</span>'
            f'<div class="jd-plain">{plain}</div></div>')


def render_answer(answer: Answer, index: Index | None) -> str:
    """A finished answer (or refusal) as one HTML block for the chatbot.

    Every [n] shown has card n below it: cards are drawn from the citations, and a marker with no
    citation behind it is left out of the text (a refusal may quote the clause it found, with cards too).
    """
    cited = [c.n for c in answer.citations]
    cards = "".join(citation_card(c, index) for c in answer.citations)
    head = understood_as(answer)
    if answer.refused:
        quoted = f'<div class="jd-cites-title">出处(点击卡片查看条款原文)</div>{cards}' if cards else ""
        related_cards = "".join(citation_card(c, index, related=True) for c in answer.related)
        related = (f'<div class="jd-cites-title">可能相关的条款(仅供参考,不能作为答复依据)</div>{related_cards}'
                   if related_cards else "")
        return (
            f'<div class="jd-msg jd-refused">{head}<div class="jd-refused-head">未找到依据</div>'
            f'<div class="jd-answer">{answer_body(refusal_text(answer), cited)}</div>'
            '<div class="jd-muted">可以换一种说法再问;如选了「检索范围」,可取消文档限制后再问。</div>'
            f'{quoted}{related}{_copy_tools(answer)}</div>'
        )
    cites = (f'<div class="jd-cites-title">出处(点击卡片查看条款原文)</div>{cards}' if cards
             else '<div class="jd-muted">(本回答未能附上经核验的出处,请谨慎使用。)</div>')
    notes = ""
    if answer.fallback:
        notes = '<div class="jd-muted">大模型回答未通过核验,已改用摘录式回答。</div>'
    elif answer.mode == "llm" and cards:
        notes = '<div class="jd-verified">✓ 大模型回答的引文已逐字对照条款原文核验</div>'
    return (f'<div class="jd-msg jd-ok">{head}<div class="jd-answer">{answer_body(answer.answer, cited)}</div>'
            f'{notes}{cites}{_copy_tools(answer)}</div>')


def render_partial(text: str) -> str:
    """An answer still streaming in."""
    if not text:
        return '<div class="jd-msg jd-pending"><span class="jd-muted">正在检索相关条款…</span></div>'
    return (f'<div class="jd-msg jd-pending"><div class="jd-answer">{answer_body(text)}<span class="jd-caret">▍</span>'
            '</div><div class="jd-muted">正在生成,完成后将逐字核验引文并附上出处。</div></div>')


def render_error(message: str) -> str:
    return f'<div class="jd-msg jd-error"><div class="jd-refused-head">出错了</div><div>{esc(message)}</div></div>'


def render_user(question: str) -> str:
    return f'<div class="jd-user">{esc(question)}</div>'


def docs_table(docs: Iterable[DocInfo]) -> str:
    unknown = '<span class="jd-muted">未登记</span>'
    rows = []
    for i, d in enumerate(docs, 1):
        warn = "<br>".join(esc(w) for w in d.warnings) or '<span class="jd-muted">—</span>'
        rows.append(
            f"<tr><td>{i}</td><td><div class='jd-doc-title'>{esc(d.title)}{kind_tag(d.kind)}</div>"
            f"<div class='jd-muted jd-phone-only'>{esc(d.issuer) or '发布单位未登记'}</div></td>"
            f"<td>{esc(d.issuer) or unknown}</td><td>{esc(level_label(d.level)) or unknown}</td>"
            f"<td class='jd-num'>{d.clause_count}</td><td class='jd-warn'>{warn}</td></tr>"
        )
    if not rows:
        return '<div class="jd-muted">知识库中还没有文档。请在下方上传。</div>'
    return ('<table class="jd-docs"><thead><tr><th>#</th><th>文档</th><th>发布单位</th><th>层级</th>'
            f'<th>条款数</th><th>入库提示</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def document_view(doc: DocInfo, clauses: Sequence[Clause]) -> str:
    """A whole document, clause by clause, headings shown when they change."""
    items, last_path = [], None
    for c in clauses:
        if c.path != last_path:
            items.append(f'<div class="jd-ctx-path">{esc(path_label(c.path))}</div>')
            last_path = c.path
        items.append(f'<div class="jd-doc-clause">{esc(c.text)}</div>')
    meta = " · ".join(x for x in (esc(doc.issuer), esc(level_label(doc.level)), esc(doc.date)) if x)
    return (f'<div class="jd-docview"><div class="jd-doc-title">《{esc(doc.title)}》</div>'
            f'<div class="jd-muted">{meta} · 共 {len(clauses)} 条</div>{"".join(items)}</div>')


def ingest_report(report: object | None, refused: Sequence[tuple[str, str]], names: dict[str, str]) -> str:
    """What an upload did, in words a cadre reads: added/updated documents and every failure with its reason."""
    from knowledge.ingest import IngestReport

    parts = []
    if isinstance(report, IngestReport):
        done = [*(("新增", d) for d in report.added), *(("更新", d) for d in report.updated)]
        for kind, doc_id in done:
            warns = report.warnings.get(doc_id, ())
            w = f'<div class="jd-muted">提示:{"；".join(esc(x) for x in warns)}</div>' if warns else ""
            parts.append(f'<li class="jd-good">{kind}:《{esc(names.get(doc_id, doc_id))}》{w}</li>')
        if not done and not report.failed:
            parts.append('<li>文档内容没有变化,知识库保持不变。</li>')
        for f in report.failed:
            parts.append(f'<li class="jd-bad">失败:{esc(f.name)} — {esc(f.reason)}</li>')
    for name, reason in refused:
        parts.append(f'<li class="jd-bad">未接收:{esc(name)} — {esc(reason)}</li>')
    if not parts:
        return ""
    return f'<ul class="jd-report">{"".join(parts)}</ul>'
