"""The extractive answerer: picks the sentences of the top clauses that answer the question, then lays
them out with a first line that answers.

No LLM: every word of an answer's substance is a verbatim quote, so every statement is cited. The stages:
the question is analysed once (assistant/analyze.py); the refusal rules that need only the retrieval run
(assistant/refuse.py); sentences are scored and chosen here; the rules that judge the chosen sentences
run; `compose` lays out the answer: a short first line that answers (原则上不可以。/ 7个工作日内。), then
the issuer and the verbatim quote; a binding document leads, and an answer resting only on a document
that binds no one says so in its first line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from assistant.analyze import (
    BRIDGE_WEIGHT,
    Analysis,
    Term,
    asked_intents,
    contrast_words,
    issuer_place,
    own_case,
    place_name,
    same_asked,
)
from assistant.lexicon import lexicon
from assistant.named_sets import (
    CLASSIC_NAME,
    ITEM_OPEN,
    NamedSet,
    clauses_under,
    coined_set,
    counted_names,
    described_names,
    find_set,
    items_asked,
    names_in,
    set_number,
    suffix_set,
    unknown_set,
)
from assistant.query import held_as_word, normalize, synonym_table
from assistant.refuse import (
    AFTER_CHOICE,
    BEFORE_CHOICE,
    PLACE_UNNAMED,
    REFUSAL,
    Case,
    Pick,
    Refusal,
    amount_missing,
    amount_pattern,
    as_now,
    bodies_offered,
    body_missing,
    cited_source_unstated,
    counted_thing_unstated,
    first_refusal,
    no_clause_about_topic,
    point_unaddressed,
    told_anew,
    within_section,
)
from assistant.retrieve import Retrieval
from assistant.sources import names_a_text, source_lead, source_picks
from knowledge.catalog import UNREGISTERED, is_binding, issuer_shown
from knowledge.index import Index
from knowledge.numerals import CN_COUNT, CN_DIGITS
from knowledge.sentence_vectors import embedded_spans
from knowledge.sentences import full_sentence_span, sentence_spans
from knowledge.tokenize import tagged
from knowledge.types import Citation, Clause, DocInfo, Hit

MAX_QUOTE = 95  # a longer sentence is cut to the part around the question's words (110 made the median answer
# 134 characters on the blind set cadres9; the window holding the most of what is asked is kept)
CUE_MORE = 0.5  # per further match of what is asked, in choosing that window
SECOND_MIN = 0.6  # a second sentence must score this share of the best one …
SECOND_ADDS = 0.15  # … and hold question words worth this share of the weight that the first lacks
SECOND_DOC_MIN = 0.5  # in a comparison, another document's best sentence must reach this share
RANK_WEIGHT = 0.4  # earlier-ranked clauses win ties
PART_WHOLE = 0.5  # for a part of a question of several, the whole message's score counts this much
CLAUSE_WEIGHT = 0.6  # a sentence inside a clause that covers the question is likelier to answer it
HEAD_BONUS = 0.5  # the sentence lists the kind of thing asked for
LIST_ITEM_BONUS = 0.1  # per enumerated item in a window cut for a list question
CUE_LOCAL = 0.6  # a sentence of the best one's clause that states what is asked, this near, answers instead
LOCAL_CUES = frozenset({"method", "consequence", "time", "freq", "body"})  # asks whose answer a pattern shows
CUE_BONUS = 0.25  # the sentence has what the question asks for (a time limit, a body …)
SUBJECT_BONUS = 0.4  # the sentence names the thing whose period is asked (Analysis.amount_subject)
REPORTED_NEAR = 0.5  # a report that it happened leads from this near the best, when that is asked …
REPORTED_ASKS = ("instance", "meeting")  # … or the meeting that said it
CASE_NEAR = 0.8  # a sentence on the case the question states (够不上处分) leads from this near the best
CLAUSE_NEAR = 0.9  # a sentence this close to the best, in a clause holding CLAUSE_MORE more of the question, leads
CLAUSE_MORE = 0.05
BINDING_NEAR = 0.6  # a binding document's sentence this close to the best leads instead of a non-binding one …
BINDING_TOPICAL = 0.5  # … if it holds at least this share of the best sentence's question words
LIST_MAX = 300  # an enumeration is quoted whole up to this length


@dataclass(frozen=True)
class Draft:
    """An answer before timings: the text with [n] markers and its citations."""

    text: str
    citations: tuple[Citation, ...]
    refused: bool
    related: tuple[Citation, ...] = ()
    note: str = ""  # the refusal rule that decided, when refused


def intents(question: str) -> set[str]:
    return set(asked_intents(question))


def lists_kind(sentence: str, kind: str) -> bool:
    """Does the sentence enumerate things of this kind: "A、B等X", "A、B和C的X", "X包括…", "X:…", or items
    named by the kind's own head (哪些圈子: 工作圈、生活圈、社交圈)?"""
    head = re.escape(kind[:-1] if len(kind) == 2 and kind[-1] in "子儿" else kind)
    if kind and re.search(rf"[\u4e00-\u9fff]{{1,4}}{head}(?:、[\u4e00-\u9fff]{{1,4}}{head})+", sentence):
        return True
    for alt in (kind, *synonym_table().get(kind, ())):
        for m in re.finditer(re.escape(alt), sentence):
            before, after = sentence[max(0, m.start() - 40) : m.start()], sentence[m.end() : m.end() + 3]
            if "、" in before or "等" in before[-8:] or re.match(r"[:：]|包括|主要有|有以下", after):
                return True
    return False



def _trim(text: str, start: int, end: int, analysis: Analysis,
          cues: Sequence[re.Pattern[str]] = (), must: re.Pattern[str] | None = None, kind: str = "") -> tuple[int, int]:
    """Cut a long sentence to the comma-separated window that holds most of the question's words
    (and, when `must` is given and the sentence has a match, that match)."""
    if must is not None and not must.search(text, start, end):
        must = None
    listing = "list" in analysis.intents
    if end - start <= MAX_QUOTE:
        return start, end
    cuts = [start] + [m.end() for m in re.finditer(r"[,,:：]", text[start:end]) if m.end() < end - start]
    cuts = [start] + [start + c for c in cuts[1:]] + [end]
    best, best_span = -1.0, (start, end)
    # a rule's polarity (不能, 必须) answers a yes/no question only in the stretch that holds the sentence's
    # weightiest question word: 不能腐 does not answer 生活圈子要不要管 beside 把生活圈、社交圈纳入监督范围
    polar = lexicon().intent("yesno").answer
    announced = lexicon().announces_items
    sentence = text[start:end]
    matter = max((t for t in analysis.terms if t.found_in(sentence) > 0), key=lambda t: t.weight, default=None)

    def share(piece: str) -> float:
        return 1.0 if matter is None or matter.found_in(piece) > 0 else 0.0

    for i in range(len(cuts) - 1):
        for j in range(i + 1, len(cuts)):
            if cuts[j] - cuts[i] > MAX_QUOTE and j > i + 1:
                break
            piece = text[cuts[i] : cuts[j]]
            if must is not None and not must.search(piece):
                continue
            score = analysis.coverage(piece) * 3 - 0.001 * len(piece)
            # what the question asks for, and more of it: 由谁…向哪个机构 wants both bodies, 怎么处理 every measure
            score += sum((2.0 + CUE_MORE * min(len(c.findall(piece)) - 1, 2)) * (
                share(piece) if c is polar else 1.0) for c in cues if c.search(piece))
            if kind and lists_kind(piece, kind):
                score += 2.0
            elif listing and not kind and announced.search(piece):  # 都得交哪些事儿: the items announced (内容包括……)
                score += 2.0
            if listing:  # a list question wants the whole enumeration, not the shortest piece with one 、
                score += LIST_ITEM_BONUS * min(piece.count("、") + piece.count("；") + piece.count(";"), 6)
            if score > best:
                best, best_span = score, (cuts[i], cuts[j])
    return _asked_words_kept(text, cuts, _whole_clauses(text, cuts, best_span), analysis)


MAX_QUOTE_ASKED = 105  # … but not at the cost of a word the question asked that only the cut-off part holds (140
# put the medians back at 125: a few characters more, not a whole long sentence)


def _asked_words_kept(text: str, cuts: list[int], span: tuple[int, int], analysis: Analysis) -> tuple[int, int]:
    """"辞职的也一样吗?" asked of "干部在调动、免职、辞职……时,……一般应在7个工作日内办结": a window that
    keeps the time limit must not drop 辞职, the word asked about; the window widens to the piece that holds
    a word of the question it lacks, while the quote stays within MAX_QUOTE_ASKED."""
    start, end = span
    lacking = [t for t in analysis.terms if t.found_in(text[cuts[0] : cuts[-1]]) >= 1.0
               and t.found_in(text[start:end]) < 1.0]
    # only the weightiest such word the documents use themselves: widening for every lesser word undid the cut
    heaviest = max((t for t in lacking if t.own), key=lambda t: t.weight, default=None)
    if heaviest is None:
        return span
    for a, b in zip(cuts, cuts[1:], strict=False):
        if heaviest.found_in(text[a:b]) >= 1.0 and max(end, b) - min(start, a) <= MAX_QUOTE_ASKED:
            return min(start, a), max(end, b)
    return span


_CONTINUES = re.compile(r"(?:就|才|并|且|而|也|从而|进而|以便|使|便)")  # a piece that goes on from the one before


# 对……单位, 涉及……的举报, : whom the rule that follows is for
_TARGET = re.compile(r"(?:对于|针对|涉及|对(?![照标接比话待应]))[^,,;;。]*[,,]$")


def _whole_clauses(text: str, cuts: list[int], span: tuple[int, int]) -> tuple[int, int]:
    """A window is not cut inside a clause's grammar: "对于……的," is a condition and "对……单位," a target
    whose rule follows, so the next piece comes too ("要综合分析、允许试错", "由……进行约谈"); "就能够……提出"
    goes on from the piece before it, which says who does it ("组织部、审计局只需要……")."""
    start, end = span
    i, j = cuts.index(start), cuts.index(end)
    last = text[cuts[j - 1] : end]
    if j < len(cuts) - 1 and (re.search(r"的[,,]$", last) or _TARGET.match(last)):
        j += 1
    if i > 0 and _CONTINUES.match(text, start):
        i -= 1
    return cuts[i], cuts[j]



def _merge_adjacent(picks: list[Pick]) -> list[Pick]:
    """Sentences next to each other in one clause become one quote."""
    out: list[Pick] = []
    for p in sorted(picks, key=lambda p: (p.hit_rank, p.clause.id, p.start)):
        last = out[-1] if out else None
        if last and last.clause.id == p.clause.id and p.start - last.end <= 1:
            out[-1] = Pick(last.hit_rank, last.clause, last.start, max(last.end, p.end), max(last.score, p.score))
        else:
            out.append(p)
    return out



TAKE_UP = 2  # "……必须进行任职资格认证。认证采取笔试和面试的方式进行。": the next sentence opens on this many characters


def _takes_up(text: str, sentence: tuple[int, int], following: tuple[int, int]) -> bool:
    """The following sentence opens with the word the sentence ends on (……资格认证。|认证采取……): it says how
    that thing is done, and belongs to the quote."""
    end = text[sentence[0] : sentence[1]].rstrip("。;；!！")
    return len(end) > TAKE_UP and text.startswith(end[-TAKE_UP:], following[0])


def _extend(p: Pick, whole_list: bool, why: bool = False) -> Pick:
    """Take in what a picked sentence needs to be understood: the rest of the ;-separated list it is part
    of (for questions asking for a list), a following sentence that spells it out (即…), and, when the
    question asks why, a sentence before it that states its purpose ("为切实加强干部管理监督,……。近日,
    泾县县委组织部出台……": the purpose is written as a sentence of its own)."""
    text = p.clause.text
    spans = sentence_spans(text)
    first = next((i for i, (s, e) in enumerate(spans) if s <= p.start < e), None)
    last = next((i for i, (s, e) in enumerate(spans) if s < p.end <= e), None)
    if first is None or last is None:
        return p
    i, j = first, last
    if whole_list:
        while i > 0 and text[spans[i - 1][0] : spans[i - 1][1]].endswith((";", "；")):
            i -= 1
        while j + 1 < len(spans) and text[spans[j][0] : spans[j][1]].endswith((";", "；")):
            j += 1
        if text.count(";", spans[i][0], spans[j][1]) + text.count("；", spans[i][0], spans[j][1]) < 2 \
                or spans[j][1] - spans[i][0] > LIST_MAX:
            i, j = first, last
    if j + 1 < len(spans) and (lexicon().elaborates.match(text[spans[j + 1][0] :]) or _takes_up(text, spans[j], spans[j + 1])) \
            and spans[j + 1][1] - spans[i][0] <= LIST_MAX:
        j += 1
    # "一个是……;" is half an answer: its siblings ("另一个是……", "二是……") follow, whatever was asked
    while (j + 1 < len(spans) and text[spans[j][0] : spans[j][1]].endswith((";", "；"))
           and lexicon().sibling.match(text, spans[j + 1][0]) and spans[j + 1][1] - spans[i][0] <= LIST_MAX):
        j += 1
    # "对那些……的领导干部,对那些……的领导干部;" names whom a rule is for; the rule (都应及时予以调整) follows
    while (j + 1 < len(spans) and lexicon().target_only.fullmatch(text[spans[j][0] : spans[j][1]])
           and spans[j + 1][1] - spans[i][0] <= LIST_MAX):
        j += 1
    # "以往……举手表决,……。而票决制……可以避免……": how things were is half of it; the sentence that turns from it
    # (而, 但, 现在) says how they are to be
    if (j + 1 < len(spans) and lexicon().told_of_past.match(text, spans[j][0])
            and lexicon().turns_from.match(text, spans[j + 1][0]) and spans[j + 1][1] - spans[i][0] <= LIST_MAX):
        j += 1
    if why and i > 0 and not lexicon().reason.search(text, p.start, p.end) \
            and lexicon().purpose_opening.match(text[spans[i - 1][0] : spans[i - 1][1]]):
        i -= 1
    start = min(p.start, spans[i][0]) if i != first else p.start
    end = max(p.end, spans[j][1]) if j != last else p.end
    return Pick(p.hit_rank, p.clause, start, end, p.score)



def _continued(picks: list[Pick], index: Index) -> list[Pick]:
    """An enumeration the splitter cut between clauses ("一个是……;" ends one clause, "另一个是……" opens the
    next): the picked half brings its sibling, quoted from the next clause."""
    out = list(picks)
    for p in picks:
        if p.end < len(p.clause.text.rstrip()) or not p.clause.text.rstrip().endswith((";", "；")):
            continue
        following = index.doc_clauses(p.clause.doc_id)
        nxt = next((c for c in following if c.ordinal == p.clause.ordinal + 1), None)
        if nxt is None or not (lexicon().sibling.match(nxt.text) or _parallel(p, nxt)) \
                or any(q.clause.id == nxt.id for q in out):
            continue
        spans = sentence_spans(nxt.text)
        if spans:
            out.append(Pick(p.hit_rank, nxt, spans[0][0], spans[0][1], p.score - 1e-6))  # quoted after its half
    return out


PARALLEL_OPENING = 3  # "不仅要……;不仅要……" : members of one enumeration open alike


def _parallel(p: Pick, nxt: Clause) -> bool:
    """The next clause opens as the picked part's last member does (不仅要考察……;|不仅要通过……): the splitter
    cut one enumeration between clauses."""
    spans = [sp for sp in sentence_spans(p.clause.text) if p.start <= sp[0] < p.end]
    last = p.clause.text[spans[-1][0] : spans[-1][1]] if spans else ""
    return len(last) > PARALLEL_OPENING and nxt.text.startswith(last[:PARALLEL_OPENING])


def citation(n: int, hit_or_clause: Hit | Clause, quote: str, docs: dict[str, DocInfo], score: float = 0.0) -> Citation:
    clause = hit_or_clause.clause if isinstance(hit_or_clause, Hit) else hit_or_clause
    if isinstance(hit_or_clause, Hit):
        score = hit_or_clause.score
    doc = docs.get(clause.doc_id)
    return Citation(n, clause.doc_id, doc.title if doc else clause.doc_title, doc.issuer if doc else "",
                    doc.level if doc else "", clause.id, clause.path, quote, round(float(score), 4),
                    doc.kind if doc else "")



def _quote_text(text: str, quote: str, start: int, end: int) -> str:
    prefix = "…" if start > 0 and text[start - 1] not in "。!?;\n" else ""
    suffix = "…" if not quote.endswith(("。", "!", "?", ";", "”")) else ""
    return f"{prefix}{quote}{suffix}"



def _named_set_draft(ns: NamedSet, index: Index, hits: Sequence[Hit]) -> Draft | None:
    if ns.clause is None:
        return None
    score = next((h.score for h in hits if h.clause.id == ns.clause.id), 0.0)
    cite = citation(1, ns.clause, ns.quote, index.docs, score)
    note = _kind_note(index.docs.get(ns.clause.doc_id))
    head = f"{note}。\n" if note else ""  # a set from an essay or a news report is not a rule
    line = source_line(index.docs.get(ns.clause.doc_id), ns.clause, not note)  # the note has said the kind
    source = f"{line}\n" * bool(line)
    if ns.items and ns.parts:  # the items head the clauses that follow: cite each of them
        cites = [cite] + [citation(n, c, q, index.docs, score) for n, (c, q) in enumerate(ns.parts, 2)]
        listed = ";".join(f"({i}){item}[{i + 1}]" for i, item in enumerate(ns.items, 1))
        return Draft(f"{head}{source}“{ns.name}”共{ns.count}项[1]:{listed}。", tuple(cites), False)
    if ns.items:
        listed = ";".join(f"({i}){item}" for i, item in enumerate(ns.items, 1))
        text = f"{head}{source}“{ns.name}”共{ns.count}项:{listed}。[1]"
        return Draft(text, (cite,), False)
    # 三比三创三争 is three of each kind, not three items: say only that its contents are not written
    what = "其" if re.fullmatch(r"(.)[\u4e00-\u9fff](?:\1[\u4e00-\u9fff])+", ns.name) else f"这{ns.count}项的"
    text = (f"文件要求执行“{ns.name}”,但没有列出{what}具体内容[1]。"
            f"原文为:“{ns.quote}”[1]\n如需了解各项内容,请查阅制定该制度的原始文件。")
    return Draft(text, (cite,), True, note="named_set_items_missing")


_ANNOUNCES = re.compile(rf"([{CN_COUNT}]+(?:个|项|条|种)?[\u4e00-\u9fff]{{1,6}})[”\"」]?\s*[:：]\s*$")


def _announced_set(analysis: Analysis, retrieval: Retrieval, index: Index) -> Draft | None:
    """A list question whose first-ranked clause ends announcing a number of items ("信息预报制度,应包括四个
    方面的内容:") answered by the headings of the clauses that follow (一是…… 二是……), as a named set is."""
    if "list" not in analysis.intents or not retrieval.hits:
        return None
    clause = retrieval.hits[0].clause
    m = _ANNOUNCES.search(clause.text)
    if m is None:
        return None
    # the announcing sentence must be the one most about the question: "围绕……四个方面开展了对照检查。
    # 主要存在四个方面的问题:" announces problems, while 作风 is asked of the sentence before
    spans = sentence_spans(clause.text)
    last = next((clause.text[a:b] for a, b in reversed(spans) if a <= m.start() < b), "")
    if any(analysis.coverage(clause.text[a:b]) > analysis.coverage(last) for a, b in spans):
        return None
    ns = find_set(m.group(1), [c for c in index.clauses if c.doc_id == clause.doc_id])
    return _named_set_draft(ns, index, retrieval.hits) if ns.parts and ns.clause == clause else None


ITEMS_MIN = 3  # items in a run of 一是…… 二是……; two may be a contrast (一方面/另一方面 and the like)
ITEMS_LEAD = 2  # sentences before 一是 the chosen one may be: the heading, and the sentence announcing the items


def _ordinal_items(best: Pick, index: Index) -> list[Pick]:
    """A list question whose best sentence opens a run of items ("(三)在行动上解决谁来监督的问题。要构筑……
    监督网络。" / 一是…… / 二是…… / 三是…… / 四是……, in its clause or the clauses after it): the answer is
    the items, each by its first sentence, after the sentences that announce them; one item or the heading
    alone answers half of it. An item chosen first (四是……舆论监督、审计监督……) is its own answer."""
    # clauses after it only while they stand under its heading (its items, not the next section's 一是……)
    after = clauses_under(best.clause, index.doc_clauses(best.clause.doc_id))[:ITEMS_READ] if best.clause.path else []
    sentences = [(best.clause, s, e) for s, e in sentence_spans(best.clause.text) if e > best.start]
    sentences += [(c, s, e) for c in after for s, e in sentence_spans(c.text)]
    opens = [m.group(1) if (m := ITEM_OPEN.match(c.text, s)) else "" for c, s, _ in sentences]
    if not sentences or opens[0]:
        return []
    first = next((i for i, o in enumerate(opens) if o), None)
    if first is None or opens[first] != "一" or first > ITEMS_LEAD:
        return []
    run = [first]
    for i in range(first + 1, len(opens)):  # 二是, 三是 … in order; another run or a skipped ordinal ends it
        if opens[i] and opens[i] == CN_DIGITS[len(run)]:
            run.append(i)
        elif opens[i]:
            break
    if len(run) < ITEMS_MIN:
        return []
    shown = [(c, max(s, best.start), e) for c, s, e in sentences[:first]] + [sentences[i] for i in run]
    # quoted in the document's order: each a hair below the one before
    return [Pick(best.hit_rank, c, s, e, best.score - k * 1e-6) for k, (c, s, e) in enumerate(shown)]


ITEMS_READ = 12  # clauses after the best one an item run is looked for in


def _lists_of(text: str, count: int) -> bool:
    """Some phrase of the text names `count` things joined by 、/与/和/及 (市纪委监委与市委组织部、……)."""
    return any(len(re.split(r"[、与和及]", phrase)) == count for phrase in re.split(r"[,,。;;::“”]", text))


def _named_sets(analysis: Analysis, index: Index, hits: Sequence[Hit], wider: Sequence[Hit] = ()) -> Draft | None:
    """A named (or described) set the question asks for, listed. `wider`: the clauses read beyond the cut
    (the named place's), where a set asked by its own measure word and noun is looked for too; with a
    place named, only in its document (永顺's 哪几项制度 are not a 范文's 三项制度)."""
    question = analysis.text
    named = names_in(question, index.fulltext)
    asked = named
    if analysis.asks_reason:  # 为啥要搞“五联”: the set is the topic, its purpose is asked
        # the why itself ("想治的是啥毛病") asks of the purpose: its 是啥 does not ask for the items
        unasked = lexicon().asks_reason.sub("", question)
        asked = [n for n in asked if items_asked(unasked, n)]
    # "不能直接分管哪些工作": the set is described, not named; "听说有五种情况" tells its count, so asks its items
    told_count = lexicon().told_set_count.search(question) is not None
    if "list" in intents(question) or told_count:
        # (a set the question names is not described: if it was set aside above, it stays aside)
        counted_in = [h.clause for h in (*hits[:3], *wider) if not analysis.named_docs or h.clause.doc_id in analysis.named_docs]
        described = described_names(question, [h.clause for h in hits[:3]]) + counted_names(question, counted_in)
        asked += [n for n in dict.fromkeys(described) if n not in asked and n not in named]
    # "五个必谈是组织部长来谈还是纪委书记来谈" (an either-or about the set) and "哪个地方搞了“五联”" (where it
    # comes from, or who told of it) ask about the set, not what it holds
    if "还是" in question or analysis.asks_source or lexicon().asks_place.search(question) or lexicon().asks_whom.search(question):
        asked = [n for n in asked if items_asked(question, n)]
    for name in asked:
        # Prefer the listing among the retrieved clauses, then their neighbours, then anywhere.
        pool: list[Clause] = [h.clause for h in hits]
        for h in hits[:3]:
            pool.extend(c for c in index.neighbours(h.clause) if c not in pool)
        ns = find_set(name, pool)
        if not ns.items:
            ns_all = find_set(name, index.clauses)
            ns = ns_all if ns_all.items or ns.clause is None else ns
        if not ns.items and not CLASSIC_NAME.match(name) and not (
                re.search(rf"哪[“\"「]?(?:{set_number(name)}|几)", question) and ns.clause is not None
                and not _lists_of(ns.clause.text, ns.count)):
            # a quoted term like "四方会审" whose parts are not set out as a list: answer from the text (its
            # clause names the four parties in prose); but "具体是哪六不" (or 哪几类) asks for its items, and its
            # clause lists no six things
            continue
        if lexicon().asks_whether.search(question) and not told_count and not items_asked(question, name) and not any(
                item[:ITEM_HEAD] in question for item in ns.items):
            continue  # "五联模式其他市州有没有推开": whether, of the set as a whole; its listing says nothing of that
        draft = _named_set_draft(ns, index, hits)
        if draft is not None:
            return draft
    return None


ITEM_HEAD = 2  # a question naming an item by its first characters (提拔使用时必谈 as 提拔) asks of the items


_TITLE = re.compile(r"《[^》]{1,60}》")


def _sentence_score(sentence: str, analysis: Analysis, cues: Sequence[re.Pattern[str]]) -> float:
    cue = sum(CUE_BONUS for c in cues if c.search(sentence))
    if analysis.kind and lists_kind(sentence, analysis.kind):
        cue += HEAD_BONUS
    if analysis.amount_subject and analysis.amount_subject in sentence:
        cue += SUBJECT_BONUS
    # a word held only in the title of a rule the sentence cites (执行《……澄清正名工作办法》) names the matter;
    # the sentence that says what is done about it answers: such words count half
    untitled = _TITLE.sub("《》", sentence)
    return TITLE_SHARE * analysis.coverage(sentence) + (1 - TITLE_SHARE) * analysis.coverage(untitled) + cue


TITLE_SHARE = 0.5


FULL_COVER = 0.99  # a clause below the cut that holds every word of the question …
FULL_COVER_DEPTH = 2  # … within this many times top_k is read for sentences too


def _with_full_cover(retrieval: Retrieval, analysis: Analysis) -> tuple[Hit, ...]:
    """The retrieved clauses, and any just below the cut that hold all the question's words (the dense
    model can rank such a clause low: a long clause, a traditional-script document) or that come from the
    one place the question names (only that place's rule may answer it, and its clauses compete with
    every other document's for the cut)."""
    k = len(retrieval.hits)
    named = analysis.named_docs if len(analysis.named_docs) == 1 and not analysis.compare else frozenset()
    extra = [h for i, h in enumerate(retrieval.candidates[k:], k)
             if (i < FULL_COVER_DEPTH * k and h.coverage >= FULL_COVER) or h.clause.doc_id in named]
    return (*retrieval.hits, *extra)


MEANING_WEIGHT = 0.2  # a sentence's likeness in meaning to the question, rescaled over the candidates


def sentence_meaning(hits: Sequence[Hit], index: Index, query: np.ndarray | None) -> dict[tuple[str, int], float]:
    """How like the question each candidate sentence is in meaning, 0–1 over these candidates: words
    alone cannot see that 摸着石头过河,没干好 is about 允许试错、宽容失败. A sentence of a clause with one
    sentence takes the clause's own vector's likeness (retrieval's dense score)."""
    if query is None or index.sentences is None:
        return {}
    sims: dict[tuple[str, int], float] = {}
    for hit in hits:
        clause = hit.clause
        spans = embedded_spans(clause.text)
        vectors = index.sentences.of_row(index.row_of[clause.id]) if clause.id in index.row_of else None
        if vectors is not None and len(vectors) == len(spans):
            for (s, _), sim in zip(spans, vectors @ query, strict=True):
                sims[(clause.id, s)] = float(sim)
        elif len(spans) == 1 and hit.dense:
            sims[(clause.id, spans[0][0])] = float(hit.dense)
    if not sims:
        return {}
    low, high = min(sims.values()), max(sims.values())
    return {k: (v - low) / (high - low) if high > low else 0.0 for k, v in sims.items()}


def _candidates(hits: Sequence[Hit], analysis: Analysis, index: Index, whole: Analysis | None = None,
                meaning: dict[tuple[str, int], float] | None = None) -> list[Pick]:
    """Every sentence of the hits, scored for the question. `whole`, for one part of a question of
    several: the part's words and asks lead, the whole message's words and retrieval rank count half."""
    lex = lexicon()
    cues = [i.answer for i in lex.intents if i.name in analysis.intents]
    must = amount_pattern(analysis.amount_text or analysis.text) if analysis.asks_amount else None
    picks = []
    for rank, hit in enumerate(hits):
        if index.flagged(hit.clause.id):
            continue  # flagged at ingest as addressed to a model or a reader: never quoted as a rule
        text = hit.clause.text
        heading = " ".join(hit.clause.path)
        for s, e in sentence_spans(text):
            sentence = text[s:e]
            if len(sentence) < 6 or (len(sentence) <= 16 and sentence.rstrip("。").strip() in heading):
                continue  # short headings are context, not answers
            if lex.instruction.search(sentence):
                continue  # text addressed to a model or a reader is data, never quoted as a rule
            if _byline(sentence, index.docs.get(hit.clause.doc_id)) and not analysis.asks_source:
                continue  # (中共永顺县委组织部 张辉): who wrote it, which the source line already says ("谁写的" aside)
            score = _sentence_score(sentence, analysis, cues)
            score += MEANING_WEIGHT * (meaning or {}).get((hit.clause.id, s), 0.0)
            if whole is None:
                score += RANK_WEIGHT / (1 + rank) + CLAUSE_WEIGHT * hit.coverage
            else:  # the clauses were ranked for the whole message: that says half about the part
                score += PART_WHOLE * (whole.coverage(sentence) + RANK_WEIGHT / (1 + rank) + CLAUSE_WEIGHT * hit.coverage)
                score += PART_WHOLE * CLAUSE_WEIGHT * analysis.coverage(f"{heading} {text}")
            s2, e2 = _trim(text, s, e, analysis, cues, must, analysis.kind)
            picks.append(Pick(rank, hit.clause, s2, e2, score))
    return picks


def _byline(sentence: str, doc: DocInfo | None) -> bool:
    """A sentence that only names the document's issuer and author."""
    own = re.sub(r"[^\u4e00-\u9fff]", "", sentence)
    return doc is not None and bool(own) and own in re.sub(r"[^\u4e00-\u9fff]", "", doc.issuer)


def _heaviest_held(p: Pick, analysis: Analysis, heading: bool = False) -> Term | None:
    """The question's rarest word that the best sentence (or its heading) holds (三级 in 三级谈心谈话): a
    binding sentence without it speaks of something else (年轻干部谈心谈话), and does not lead."""
    # the unit an amount is asked in (年 of 干多少年) is what is asked, not the matter: 每半年报告1次 holds it too
    unit = _asked_units(analysis)
    held = [t for t in analysis.terms if t.word not in unit
            and t.found_in(_heading_of(p.clause) if heading else p.sentence) >= 1.0]
    # a lone character (干 of 干多少年) sits inside words on any matter (干部): a word of two or more names it
    words = [t for t in held if len(t.word) >= 2]
    return max(words or held, key=lambda t: t.weight, default=None)


def _asked_units(analysis: Analysis) -> frozenset[str]:
    if not analysis.asks_amount:
        return frozenset()
    return frozenset(m.group(1) for m in lexicon().asked_unit.finditer(analysis.amount_text or analysis.text)
                     if m.group(1))


HEADING_MAX = 16  # a clause's first sentence this short names its matter (一是函询回复制度。)


def _heading_of(clause: Clause) -> str:
    """What a clause is headed by: its section headings and a short first sentence that names its matter."""
    spans = sentence_spans(clause.text)
    first = clause.text[spans[0][0] : spans[0][1]] if spans else ""
    return " ".join((*clause.path, first if len(first) <= HEADING_MAX else ""))


def _states_asked(text: str, analysis: Analysis) -> bool:
    """The sentence states what is asked of the topic: a way, a consequence, a time, who (a body, or the
    one made answerable: 推荐者个人为首推责任人)."""
    lex = lexicon()
    if analysis.asks_what_follows:
        return bool(lex.follows_failing.search(text))  # "资格认证没通过的,还能干吗": 不合格者不得从事……
    return bool(_cues_met(text, analysis, LOCAL_CUES)) or (
        "body" in analysis.intents and bool(lex.made_answerable.search(text)))


def _cues_met(text: str, analysis: Analysis, among: frozenset[str] | None = None) -> int:
    """How many of the things the question asks for (a time, a body, a number …) the text states."""
    return sum(1 for i in lexicon().intents
               if i.name in analysis.intents and (among is None or i.name in among) and i.answer.search(text))


def _holds(term: Term, text: str) -> bool:
    """A sentence holds a question word as a word or within one (在会上, 传阅 for 传, 领导班子 for 班子), not
    across two from the middle of one (民主生活会上: a quote on another matter); a bridge counts as before."""
    if term.word in text and not held_as_word(text, term.word):
        text = text.replace(term.word, "\0")
    return term.found_in(text) > 0


def _adds(p: Pick, chosen: Sequence[Pick], analysis: Analysis) -> float:
    """Weight share of the question's words that `p` holds and the chosen sentences do not."""
    have = "".join(c.text for c in chosen)
    return sum(t.weight for t in analysis.terms if _holds(t, p.text) and not t.found_in(have)) / (analysis.total or 1)


def _lead_with(picks: list[Pick], pick: Pick, best: float) -> None:
    """Move `pick` to the front, scored as the best it displaces: it leads the quotes too."""
    picks.remove(pick)
    picks.insert(0, replace(pick, score=best + 1e-6))


def _choose(picks: list[Pick], analysis: Analysis, index: Index, prefer_binding: bool = True) -> list[Pick]:
    """The best sentence; a second only if it adds words the question asked about (or the question asks
    for a list); for comparisons, the best sentence of each document."""
    if not picks:
        return []
    picks = sorted(picks, key=lambda p: -p.score)
    named = analysis.named_docs
    if len(named) == 1 and not analysis.compare:
        own = [p for p in picks if p.clause.doc_id in named]
        picks = own or picks  # the named place's rule answers; refuse.named_place_silent judges the rest
    elif analysis.kind_docs and not named:
        pointed = [p for p in picks if p.clause.doc_id in analysis.kind_docs]
        picks = pointed or picks  # "那篇范文说……": that kind's sentences answer, not a binding one on another matter
    best = picks[0].score
    # the sentence that names the topic ("必须进行任职资格认证") is not the one that says what is asked of
    # it ("认证采取笔试和面试的方式进行"): a sentence of the same clause that does, near as good, answers
    if not _states_asked(picks[0].text, analysis):
        local = [p for p in picks[1:] if within_section(p.clause, picks[0].clause) and p.score >= CUE_LOCAL * best
                 and _states_asked(p.text, analysis)]
        if local:
            _lead_with(picks, local[0], best)
    # the best sentence may only name what the question is about (……监督信息联享“五联”模式), while a near one
    # stands in a clause that names it too and holds more of the question (实行监督信息联享,……将重点关注对象
    # 从县级领导干部扩大为正科级以上干部): that clause is about the question, and its sentence answers
    whole = analysis.coverage(picks[0].clause.text)
    held = [t for t in analysis.terms if t.found_in(picks[0].sentence) >= 1.0]

    def names_all(p: Pick) -> bool:  # every word the best sentence holds, in the clause or its document's name
        doc = index.docs.get(p.clause.doc_id)
        where = " ".join((p.clause.text, *p.clause.path, doc.title if doc else "", doc.issuer if doc else ""))
        return all(t.found_in(where) >= 1.0 for t in held)

    fuller = [p for p in picks[1:] if p.score >= CLAUSE_NEAR * best and p.clause.id != picks[0].clause.id
              and p.clause.doc_id == picks[0].clause.doc_id
              and analysis.coverage(p.clause.text) >= whole + CLAUSE_MORE and names_all(p)]
    if fuller:
        _lead_with(picks, fuller[0], best)
    # a rule that binds leads a practice or an essay, if it answers (not within one part of several: the
    # part's few words make a near binding sentence on another matter look as good)
    if prefer_binding and not is_binding(_kind(index, picks[0])):
        topical, asked = analysis.coverage(picks[0].text), _cues_met(picks[0].text, analysis)
        states = _states_asked(picks[0].text, analysis)
        key = _heaviest_held(picks[0], analysis)
        # the matter the best clause is about may be named only in its heading (一是函询回复制度。……作出书面说明):
        # a binding clause that never names it (以书面形式办理工作交接) speaks of another matter
        matter = _heaviest_held(picks[0], analysis, heading=True)
        if matter is not None and key is not None and matter.weight <= key.weight:
            matter = None  # the sentence itself names what matters most
        binding = [p for p in picks if is_binding(_kind(index, p)) and p.score >= BINDING_NEAR * best
                   and (matter is None or matter.found_in(p.clause.text) > 0)
                   and analysis.coverage(p.text) >= BINDING_TOPICAL * topical
                   and _cues_met(p.text, analysis) >= min(asked, 1)  # 每月 answers 有什么时间要求 as 每月15日前 does
                   and (not states or _states_asked(p.text, analysis))  # 对没有按照规定报备的……进行了提醒谈话
                   # a word inside a cited title (《关于落实<…“一把手”…>若干措施》) names the title, not the matter
                   and (key is None or key.found_in(_TITLE.sub("", p.sentence)) > 0)]
        if binding:
            picks.remove(binding[0])
            picks.insert(0, binding[0])
    # "够不上处分的,咋处理": the sentence on the same case (构不成党纪、政纪处分的问题……采取谈话提醒、诫勉) answers;
    # a near one imposing a sanction (纪律处分、组织处理), binding or not, speaks of graver cases
    unreached = lexicon().sanction_unreached
    if unreached.search(analysis.text) and not unreached.search(picks[0].text):
        same_case = [p for p in picks[1:] if unreached.search(p.text) and p.score >= CASE_NEAR * best]
        if same_case:
            _lead_with(picks, same_case[0], best)
            best = picks[0].score
    # "真有一把手被处理了吗": a report that it happened (去年以来,有1名“一把手”被取消……) answers, over the rule
    # that would apply or the scheme the question names; "是在啥会上强调的": the sentence naming the meeting
    # that said it (全州组织部长会议强调……), over one that shares the question's words
    for name in REPORTED_ASKS:
        told = lexicon().intent(name).answer
        if name in analysis.intents and not told.search(picks[0].text):
            reported = [p for p in picks[1:] if told.search(p.text) and p.score >= REPORTED_NEAR * best]
            if reported:
                _lead_with(picks, reported[0], best)
                best = picks[0].score
    chosen: list[Pick] = [picks[0]]
    if analysis.compare:
        for p in picks[1:]:
            if p.score >= SECOND_DOC_MIN * best and all(p.clause.doc_id != c.clause.doc_id for c in chosen):
                chosen.append(p)
        return chosen[:3]
    listing = "list" in analysis.intents
    for p in picks[1:]:
        if len(chosen) >= (3 if listing else 2) or p.score < SECOND_MIN * best:
            break
        if any(p.clause.id == c.clause.id and not (p.end <= c.start or p.start >= c.end) for c in chosen):
            continue
        spells_out = lexicon().elaborates.match(p.text) and any(p.clause.id == c.clause.id for c in chosen)
        if _adds(p, chosen, analysis) >= SECOND_ADDS or listing or spells_out:
            chosen.append(p)
    return chosen


def _stating_amount(pool: list[Pick], analysis: Analysis, counted: bool = False) -> list[Pick]:
    """An amount question is answered by a sentence that states the amount asked (all of them, when none
    does: the refusal rules then judge). `counted`: a count asked too (诫勉了几个), for one part of several,
    whose few words would otherwise pick its section's opening; a whole question's 第几名 or 几个 is left to
    the scores."""
    if not analysis.asks_amount and not (counted and "count" in analysis.intents):
        return pool
    wanted = amount_pattern(analysis.amount_text or analysis.text)
    stating = [p for p in pool if wanted.search(p.text)]
    if not analysis.asks_amount and max((p.score for p in stating), default=0.0) < COUNTED_NEAR * max(
            (p.score for p in pool), default=0.0):
        return pool  # 几个 alone: a number in a sentence on another matter (每年开展1次) does not count it
    return stating or pool


COUNTED_NEAR = 0.8  # for a bare count (几个), a sentence stating a number must score this near the best


# the detail each part of several asks for itself: an amount, stated by the part's own sentence; who, and
# whether the thing asked is spoken of, in any sentence the answer quotes (a part brings only its best one)
PART_AMOUNT_RULES = (amount_missing, counted_thing_unstated)
PART_RULES = (body_missing, point_unaddressed)
PART_PICKS = 1  # each part of a question of several brings its one best sentence (a list part two)


def _part_refusal(case: Case, by_part: Sequence[tuple[Analysis, list[Pick]]]) -> Refusal | None:
    """The first part of several whose own detail is missing: "A类单位有多少个?几年审一轮?" — each part's
    amount must be stated by its own sentences (the whole message's 113个 answers neither)."""
    for part, best in by_part:
        # any of the part's own sentences may state its amount (a section's opening may be quoted first)
        found = (first_refusal(PART_AMOUNT_RULES, replace(case, analysis=replace(part, several=True), picks=tuple(best)))
                 or first_refusal(PART_RULES, replace(case, analysis=part)))
        if found is not None:
            return found
    return None


def _choose_parts(hits: Sequence[Hit], analysis: Analysis, index: Index,
                  meaning: dict[tuple[str, int], float] | None = None) -> list[tuple[Analysis, list[Pick]]]:
    """A question of several parts ("交接要几天?要不要写书面材料?"): each part chooses its own best
    sentence, read with its own words and what it asks (a time, a yes/no), so the second part is not
    answered by the first part's sentence alone. In the order asked."""
    out: list[tuple[Analysis, list[Pick]]] = []
    pools: list[list[Pick]] = []
    for i, part in enumerate(analysis.parts):
        reading = _said_of(part.within_named_place())
        pool = _stating_amount(_candidates(hits, reading, index, whole=analysis.within_named_place(),
                                           meaning=meaning), part, counted=True)
        # a later part asking the same of another case (自己推荐的谁担着?要是单位党组织推荐的呢?): a sentence
        # on that case (以单位党组织名义推荐的……) answers it, not this part
        later = [p for p in analysis.parts[i + 1 :] if same_asked(p.question)]
        asked_later = [p.question for p in later]
        other = {w for w in contrast_words([t for p in later for t in p.terms], part.question, asked_later) if len(w) >= 2}
        own = own_case(part.terms, part.question, asked_later)
        # (one that names this part's own case more than the other, 调动、免职、辞职……, answers both; 以单位党组织
        # 名义推荐的 shares 名义 with 以个人名义 but is the other case's)
        weight = {t.word: t.weight for p in later for t in p.terms}
        kept = [p for p in pool if sum(weight.get(w, 0.0) for w in other if w in p.sentence)
                < sum(t.weight for t in own if _holds(t, p.sentence)) or not any(w in p.sentence for w in other)]
        # a part that names no case of its own (推荐干部出了问题谁担责?) asks of all cases: nothing is set apart
        contrasted = bool(other) and bool(own) and bool(kept) and len(kept) < len(pool)
        pool = kept if contrasted else pool
        best = _choose(pool, reading, index, prefer_binding=False)[: PART_PICKS + ("list" in part.intents)]
        if contrasted or (i > 0 and same_asked(part.question)):  # either of two cases set apart
            best = _stating_first(best, pool, reading)
        if part.asks_source:
            best = source_picks(part, hits, index, pool)[1] or best
        out.append((part, best))
        pools.append(pool)
    return _parts_apart(out, pools)


def _stating_first(best: list[Pick], pool: list[Pick], part: Analysis) -> list[Pick]:
    """A part set apart from another case leads with a near sentence that states what it asks (推荐者个人为
    首推责任人 for 谁担着) when the chosen one does not (以个人名义推荐的,要写出署名推荐材料)."""
    answerable = lexicon().asks_answerable.search(part.text) is not None  # 谁担着: who is made answerable

    def states(p: Pick) -> bool:
        return bool(lexicon().made_answerable.search(p.text)) if answerable else _states_asked(p.text, part)

    if not best or states(best[0]):
        return best
    near = next((p for p in sorted(pool, key=lambda p: -p.score) if p.score >= PART_APART_NEAR * best[0].score
                 and states(p)), None)
    return best if near is None else [near, *(p for p in best if p is not near)]


def _said_of(analysis: Analysis) -> Analysis:
    """"这话是谁介绍的": 介绍 asks who said it, and is no word of what was said; a sentence that only shares it
    (……周茂林介绍,……四方会审) is about something else than the one that says the thing asked of (袁军说,这项分类……)."""
    if "speaker" not in analysis.intents:
        return analysis
    asking = [m.group(0) for m in lexicon().intent("speaker").ask.finditer(analysis.text)]
    rest = analysis.terms_without({t.word for t in analysis.terms if any(t.word in m for m in asking)})
    return rest if rest.total > 0 else analysis


PART_APART_NEAR = 0.8  # a part's own sentence, this near the one another part also chose, answers it instead


def _parts_apart(chosen: list[tuple[Analysis, list[Pick]]], pools: list[list[Pick]]) -> list[tuple[Analysis, list[Pick]]]:
    """"个人推荐的首推责任人是谁?要是单位党组织推荐的呢?": two parts chose the same sentence, which holds the
    word only the other part says (党组织) and lacks one only this part says (个人): it speaks of the other
    part's case. This part takes the best near sentence of its pool that holds its word (推荐者个人为首推责任人)."""
    out = list(chosen)
    for i, (part, best) in enumerate(out):
        for j, (other, theirs) in enumerate(out):
            if i == j or not best or not theirs or best[0].clause.id != theirs[0].clause.id \
                    or best[0].sentence_span != theirs[0].sentence_span:
                continue
            # a part asking the same of another case (……的呢?) sets two cases apart; any other part, only when
            # the shared sentence does not show what it asks (没过纪委审查能上会不?: a rule's 不得, which the
            # sentence chosen for 干部部门咋弄 lacks) and a near one of the same rule (its clause) does
            shows = None if same_asked(part.question) or same_asked(other.question) else frozenset(part.intents)
            if shows is not None and (not shows or _cues_met(best[0].sentence, part, shows)):
                continue
            mine, its = _own_words(part, other), _own_words(other, part)
            lacking = [t for t in mine if t.found_in(best[0].sentence) < 1.0]
            if not lacking or not any(t.found_in(best[0].sentence) >= 1.0 for t in its):
                continue
            for word in lacking:  # the heaviest word of its own that a near sentence holds more of (后来 none does;
                # 个人身份 is held in part by 个人名义……推荐者个人)
                shared = word.found_in(best[0].sentence)
                near = [p for p in pools[i] if p.score >= PART_APART_NEAR * best[0].score
                        and p.sentence_span != best[0].sentence_span and word.found_in(p.sentence) > shared
                        and (shows is None or (_cues_met(p.sentence, part, shows) and p.clause.id == best[0].clause.id))]
                if near:
                    out[i] = (part, [max(near, key=lambda p: p.score), *best[1:]])
                    break
    return out


def _own_words(part: Analysis, other: Analysis) -> list[Term]:
    """The words a part says that the other does not (weighed higher in it than carried in the other), of two
    characters or more, heaviest first."""
    weight = {t.word: t.weight for t in other.terms}
    return sorted((t for t in part.terms if len(t.word) >= 2 and t.weight > weight.get(t.word, 0.0)),
                  key=lambda t: -t.weight)


CONFLICT_TOPICAL = 0.6  # another document's sentence about the same point: this share of the best one's words


def polarity(sentence: str, permission: bool = False) -> int:
    """+1 when a sentence requires (or, asked about permission, allows), -1 when it says not needed (or
    forbids), 0 when neither. "必须…审批…,原则上不得同时请假" requires: an obligation outranks a
    prohibition on another point of the same sentence, unless the question asks what is allowed."""
    lex = lexicon()
    if lex.no_need.search(sentence):
        return -1
    if permission and lex.negative.search(sentence):
        return -1
    if lex.positive.search(sentence):
        return 1
    return -1 if lex.negative.search(sentence) else 0


def conflicting(picks: Sequence[Pick], candidates: Sequence[Pick], analysis: Analysis) -> Pick | None:
    """On a yes/no question, another document's sentence about the same point that says the opposite
    ("无需审批" against "必须…审批"): the answer must show both, not pick one silently."""
    if "yesno" not in analysis.intents or not picks:
        return None
    best = picks[0]
    said = polarity(best.text, analysis.asks_permission)
    if said == 0:
        return None
    topical = analysis.coverage(best.text)
    shown = {p.clause.doc_id for p in picks}
    held = [t for t in analysis.terms if t.found_in(best.sentence) >= 1.0]  # the point the answer speaks to
    if not held:
        return None  # an answer holding none of the question's words speaks to no point another could contradict
    for p in sorted(candidates, key=lambda p: -p.score):
        if p.clause.doc_id in shown or analysis.coverage(p.text) < CONFLICT_TOPICAL * topical:
            continue
        if any(t.found_in(p.text) < BRIDGE_WEIGHT for t in held):
            continue  # 以普通党员身份参加组织生活 is not the opposite of 不合格者不得从事干部监督工作
        if polarity(p.text, analysis.asks_permission) == -said:
            return p
    return None


def refusal(retrieval: Retrieval, index: Index, reason: Refusal | None = None) -> Draft:
    """A refusal names what is missing; the nearest clauses go with it as data (`related`), not text."""
    related = []
    for n, hit in enumerate([h for h in retrieval.candidates if not index.flagged(h.clause.id)][:3], 1):
        spans = sentence_spans(hit.clause.text)
        s, e = spans[0] if spans else (0, len(hit.clause.text))
        related.append(citation(n, hit, hit.clause.text[s:e], index.docs))
    text = reason.message if reason else REFUSAL
    return Draft(text, (), True, tuple(related), note=reason.rule if reason else "")


# --- layout ---------------------------------------------------------------------------------------

_AMOUNT_BOUND = re.compile(r"(?:(?:不得|不宜|不应|不能|不)(?:低于|少于|超过|多于|高于)|至少|最少|最多|最长|最短)\s*$")
_AMOUNT_TAIL = re.compile(r"[^,,;;。]{0,2}?(?:以内|之内|以上|以下|以前|之前|内|前|后)?")


def lead_line(analysis: Analysis, quote: str) -> str:
    """A short first sentence that answers, taken from the quote's own words: 原则上不可以 / 需要 /
    the amount asked (7个工作日内), from the quote's sentence that is most about the question.
    Empty when the quote itself is the answer."""
    spans = sentence_spans(quote) or [(0, len(quote))]
    subject = analysis.amount_subject  # the thing whose period is asked leads over its neighbours
    ranked = sorted((quote[s:e] for s, e in spans),
                    key=lambda t: (not (subject and subject in t), -analysis.coverage(t)))
    for sentence in ranked:
        lead = _lead_of(analysis, sentence)
        if lead:
            return lead
    return ""


def _answer_lead(analysis: Analysis, pick: Pick, index: Index) -> str:
    """The first words: what the quote answers (lead_line), or for "哪个地方搞的" the place of the document
    quoted, as 7个工作日内 leads a time."""
    lead = lead_line(analysis, pick.text)
    bodies = "body" in analysis.intents and "list" not in analysis.intents or lexicon().asks_bodies.search(analysis.text)
    if not lead and bodies and not analysis.intents & {"time", "freq", "count"}:
        lead = _who_phrase(pick, analysis)
    if not lead and analysis.asks_reason:
        lead = _purpose_phrase(pick.text)
    if not lead and "enough" in analysis.intents:  # 光去他现在的单位问问行不行: 不够,还要到他过去过的单位……
        more = lexicon().besides.search(pick.text)
        lead = f"不够,{more.group(1)}{more.group(2)}" if more else ""
    if not lead and "instance" in analysis.intents:  # 真有一把手被处理了吗: 有。有1名“一把手”被取消……
        told = lexicon().intent("instance").answer.search(pick.text)
        # 有几个一把手被……: how many is asked, not whether; the count answers it without 有
        yes = "" if analysis.asks_amount or lexicon().asks_how_many.search(analysis.text) else "有。"
        lead = f"{yes}{_phrase_from(pick.text, told)[0]}" if told else ""
    if not lead and "meeting" in analysis.intents:  # 是在啥会上强调的: 全州组织部长会议
        met = lexicon().intent("meeting").answer.search(pick.text)
        lead = met.group(1) if met and met.group(1) and len(met.group(1)) > len("会议") else ""
    if not lead and "speaker" in analysis.intents:  # 那话是谁说的: who is named as saying it (……主任周茂林介绍)
        said = lexicon().intent("speaker").answer.search(pick.text)
        lead = said.group(1) if said else ""
    if not lead and lexicon().asks_procedure.search(analysis.text):
        # "要出县,得走啥手续?": the procedure the quote requires, in its words (必须……履行请销假审批手续)
        found = lexicon().procedure.search(pick.text)
        lead = found.group(0) if found and len(found.group(0)) <= PROCEDURE_LEAD_MAX else ""
    if lead or analysis.named_docs or not lexicon().asks_place.search(analysis.question):
        return lead
    doc = index.docs.get(pick.clause.doc_id)
    return place_name(doc.issuer) if doc else ""


PROCEDURE_LEAD_MAX = 30  # a longer procedure is for the quote to show
PURPOSE_LEAD = (4, 30)  # a purpose shorter than this is a fragment; a longer one is for the quote to show


def _purpose_phrase(quote: str) -> str:
    """Why, in the quote's words: its first phrase of purpose (为切实加强干部管理监督, 避免党组织成员对拟任免人选
    “仓促表态”, 保证足够时间全面审计……), from the purpose word to the end of its phrase."""
    for m in lexicon().purpose_lead.finditer(quote):
        if quote[max(0, m.start() - 1) : m.start()] == "是":
            continue  # 是保证监督体系发挥作用的关键环节: a thing named, not a purpose
        phrase = _phrase_from(quote, m)[0]
        if PURPOSE_LEAD[0] <= len(phrase) <= PURPOSE_LEAD[1]:
            return phrase
    return ""


_COUNTED = re.compile(r"(?:多少|几)[个次名人家项条种类级位]?([\u4e00-\u9fff]{2})")  # the thing counted: 多少个[单位]
_COUNTING_VERB = re.compile(r"([\u4e00-\u9fff]{2})了?(?:多少|几)")  # the act counted: [沟通]了多少次


def _rival_amounts(shape: re.Pattern[str], quote: str) -> bool:
    """The quote states different amounts in the same unit (一次…三次): the first is no answer by itself."""
    found = {m.group(0) for m in shape.finditer(quote)}
    return len(found) >= 2 and len({a[-1] for a in found}) < len(found)


POLARITY_TOPICAL = 0.1  # a yes or a no is read only from a sentence holding this share of the question's words
# (its bridges counted whole: 传一圈、签个字 are 传阅、会签)


def _other_way(analysis: Analysis, quote: str) -> str:
    """The way the quote prescribes (应以书面形式) when the question asks leave for its opposite (能口头交代吗)
    and the quote never names the way asked: the rule says no by requiring the other."""
    asked = analysis.asked_point or analysis.text
    for word, others in lexicon().opposites.items():
        if word not in asked or word in quote:
            continue
        for other in others:
            m = re.search(rf"(?:应当|应|须|必须|要)[^,，;；。]{{0,6}}?{other}[\u4e00-\u9fff]{{0,2}}", quote)
            if m is not None:
                return m.group(0)
    return ""


def _lead_of(analysis: Analysis, quote: str) -> str:
    lex = lexicon()
    # a 不能 on another matter (差异化设置监督措施……,不能大事小事一把抓) says no yes or no to "八小时以外也要管吗"
    topical = analysis.topicality(quote, 1.0) >= POLARITY_TOPICAL
    other_way = _other_way(analysis, quote) if topical and analysis.asks_permission else ""
    if other_way:  # 能口头交代吗: 不可以,应以书面形式
        return f"不可以,{other_way}"
    if topical and analysis.asks_permission and lex.negative.search(quote):
        return "原则上不可以" if "原则上" in quote else "不可以"
    if topical and analysis.asks_obligation and lex.positive.search(quote):
        return "需要"
    if topical and analysis.asks_obligation and lex.negative.search(quote):
        return "不可以"
    if analysis.asks_amount or analysis.intents & {"time", "freq"}:
        asked = analysis.amount_text or analysis.text
        shape = amount_pattern(asked)
        now = as_now(quote)  # 以前……每年初都会……: how things were is no amount of the rule (same positions)
        m = shape.search(now) if analysis.asks_amount else None
        if m is not None and _rival_amounts(shape, now):
            # 一次全面巡察和三次专项巡察: unless one amount counts the very thing asked (多少个单位 → 113个单位),
            # which one answers is for the quote to show, not a guess
            noun = _COUNTED.search(asked)
            verb = _COUNTING_VERB.search(asked)  # or the act counted right before it: 沟通了多少次 → 沟通30余次
            m = next((x for x in shape.finditer(now) if (noun and quote.startswith(noun.group(1), x.end()))
                      or (verb and quote[: x.start()].endswith(verb.group(1)))), None)
            if m is None:
                return ""
        if m is None and analysis.intents & {"time", "freq"}:
            m = next((found for p in (lex.intent("freq").answer, lex.intent("time").answer)
                      if (found := told_anew(p, now, analysis.text))), None)
        if m is not None:
            tail = _AMOUNT_TAIL.match(quote, m.end())
            # the bound before it is part of the amount: 不低于1:2 is no 1:2, 不宜超过5年 no 5年
            bound = _AMOUNT_BOUND.search(quote, 0, m.start())
            amount = quote[bound.start() if bound else m.start() : tail.end() if tail and tail.group(0) in (
                "内", "以内", "之内", "前", "以前", "之前") else m.end()]
            if 1 <= len(amount) <= 12 and not re.fullmatch(r"以内|之内|以前|之前|及时|定期", amount):
                return {"月度": "每月", "季度": "每季度"}.get(amount, amount)  # 月度台账: kept each month
    # a question stating a failing ("没过关,还能提拔吗") is answered by what is imposed on it, unless it asks
    # who or how many (排最后几名的班子,谁来约谈: the body or number is the answer, not 进行约谈)
    follows = bool(lex.failed_condition.search(analysis.text)) and not (
        analysis.asks_amount or analysis.intents & {"body", "count", "time", "freq"})
    if analysis.asks_consequence or "consequence" in analysis.intents or follows:
        return _imposed_phrase(quote, analysis)
    return ""


WHO_LEAD_MAX = 30  # a longer phrase of who acts is for the quote to show


@cache
def _bodies() -> re.Pattern[str]:
    """A run of bodies a stretch opens with, or that follows a verb leading into bodies (lexicon body_name)."""
    one = rf"[\u4e00-\u9fff“”()()]{{1,12}}?{lexicon().body_name.pattern}"
    return re.compile(
        r"(?:(?<=^)|(?<=[,，;；。:：“…])|(?<=由)|(?<=整合)|(?<=会同)|(?<=向)|(?<=移交)|(?<=报送)|(?<=提交))"
        rf"(?:(?:[\u4e00-\u9fff]{{2,8}}、)+[\u4e00-\u9fff]{{2,8}}(?:等|[两三四五六七八九十])(?:部门|单位|力量|机关)"
        rf"|{one}(?:[、和与及]{one})*等?)"
        r"(?=要|应|须|必须|负责|牵头|联合|共同|整体|对|还|每|定期|常态化|进行|开展|联动|提出|审批|审查|[,，;；。])")


BODIES_MARGIN = 0.1  # share of the question's weight a later run's phrase must hold beyond the first's
_LEADING = ("v", "vd", "d", "p", "c", "u", "ad", "uj", "ul")  # 强化组织部门: the verb before a body is no part of it


def _bodies_phrase(text: str, start: int, end: int, analysis: Analysis) -> str:
    """The run of bodies in text[start:end] that acts (or, asked whom a thing goes to, that it is sent to):
    of several, the one whose phrase (between commas) holds most of the question (组织、公安两部门还联合建立了
    ……登记备案管理专项工作机制 for 登记备案机制是哪两个部门建立的, not the four departments before it), then the
    first; none when the quote holds nothing of the question."""
    if analysis.coverage(text[start:end]) <= 0:
        return ""
    lex = lexicon()
    recipient = bool(lex.asks_recipient.search(analysis.text))
    found: list[tuple[float, int, str]] = []
    for m in _bodies().finditer(text, start, end):
        words = tagged(m.group(0))
        while len(words) > 1 and words[0][1] in _LEADING and words[1][0] != "、":  # 组织、公安: an item, not a verb
            words.pop(0)
        # a body opens the run: a noun, a place, 各 (监督主要对上级机关 and 其人事调配权归…… are no bodies)
        if not words or not (words[0][1].startswith("n") or words[0][1] in ("j", "zg") or words[0][0] == "各"
                             or len(words) > 1 and words[1][0] == "、"):
            continue
        said = "".join(w for w, _ in words)
        run = re.sub(r"等?力量$", "等", said)
        cut = m.end() - len(said)
        if "的" in run or bool(lex.to_body.search(text, max(0, cut - 2), cut)) != recipient:
            continue
        if 2 <= len(run) <= WHO_LEAD_MAX and re.search(rf"(?:{lex.body_name.pattern}|等)$", run):
            lo = max(text.rfind(ch, start, cut) for ch in ",，。;；") + 1
            hi = min((i for i in (text.find(ch, m.end(), end) for ch in ",，。;；") if i >= 0), default=end)
            # what the phrase says of them, not their names (部门 in 两部门 is no sign of the matter asked)
            found.append((analysis.coverage(text[max(lo, start) : cut] + "，" + text[m.end() : hi]), cut, run))
    if not found:
        return ""
    best = found[0]
    for f in found[1:]:  # a later run, only when what its phrase says is clearly more of the question
        if f[0] >= best[0] + BODIES_MARGIN:
            best = f
    return best[2]


def _who_phrase(pick: Pick, analysis: Analysis) -> str:
    """Who acts, from the quoted part of the sentence. Of several in the sentence (个人名义…推荐者个人为首推责任人;
    单位党组织…党组织的主要领导为首推责任人), the one whose part (between semicolons) holds the question's words that
    tell the parts apart (单位、党组织 against 个人); none when that one lies outside what is quoted."""
    text = pick.clause.text
    a, b = full_sentence_span(text, pick.start, pick.end)
    found = list(lexicon().who_acts.finditer(text, a, b))
    if not found:
        return _bodies_phrase(text, pick.start, pick.end, analysis)

    def part(m: re.Match[str]) -> str:
        lo = max(a, *(text.rfind(ch, a, m.start()) + 1 for ch in ";；"))  # rfind's -1 gives 0, below a
        hi = min((i for i in (text.find(ch, m.end(), b) for ch in ";；") if i >= 0), default=b)
        return text[lo:hi]

    parts = {m.start(): part(m) for m in found}
    least = 1.0
    telling = [t for t in analysis.terms if 0 < sum(t.found_in(p) >= least for p in parts.values()) < len(parts)]
    if normalize(analysis.question) != analysis.text:
        # one part of several (or a follow-up) tells its case by its own words, held at least in part (个人身份
        # by 推荐者个人), not by those the rest of the message says (单位党组织)
        said_here = [t for t in analysis.terms if held_as_word(analysis.question, t.word)
                     and 0 < sum(t.found_in(p) > 0 for p in parts.values()) < len(parts)]
        if said_here:
            telling, least = said_here, BRIDGE_WEIGHT / 2
    held = {k: [t for t in telling if t.found_in(p) >= least] for k, p in parts.items()}

    def piece(m: re.Match[str]) -> str:  # the stretch between commas that says it
        start = max(max(text.rfind(ch, pick.start, m.start()) for ch in ",，;；。:：") + 1, pick.start)
        end = _PHRASE_END.search(text, m.end())
        return text[start : min(end.start() if end else b, pick.end)].strip("…").strip()

    def own(m: re.Match[str]) -> list[Term]:
        return [t for t in analysis.terms if t.found_in(piece(m)) >= 1.0]

    # more of the telling words first (单位 and 党组织 outnumber 名义, which both kinds of 推荐 may say), then the
    # piece that holds more of the question (人事任免由…决定 for 人事任免由谁决定, not 考核奖惩由…负责)
    m = max(found, key=lambda x: (len(held[x.start()]), sum(t.weight for t in held[x.start()]),
                                  sum(t.weight for t in own(x)), -x.start()))
    if not pick.start <= m.start() < pick.end:
        return ""
    said = re.sub(r"^(?:即|也就是|就是)", "", piece(m))
    return said if 2 <= len(said) <= WHO_LEAD_MAX else ""


_PHRASE_END = re.compile(r"[,，;；。:：!！?？]")


def _phrase_from(quote: str, m: re.Match[str]) -> tuple[str, int]:
    """The quote from where `m` starts to the end of its phrase, an opened “ closed; and where it ends."""
    stop = _PHRASE_END.search(quote, m.end())
    end = stop.start() if stop else len(quote)
    phrase = quote[m.start() : end]
    return phrase + "”" * (phrase.count("“") > phrase.count("”")), end


CONSEQUENCE_LEAD_MAX = 16  # a lead longer than this is a sentence of its own: the quote says it


def _imposed_phrase(quote: str, analysis: Analysis) -> str:
    """The consequence a sentence imposes, as the answer's first words: 实行“一票否决”, 及时进行调整优化,
    移交纪检监察机关和司法机关 — from the imposing verb to the end of its phrase. Of several, the one in
    the stretch of the quote most about the question ("强化……问责追责,……对推进重点工作力度不大……的领导
    班子及时进行调整优化" asked of 推进重点工作不力的领导班子)."""
    found: list[tuple[float, str]] = []
    for m in lexicon().imposed.finditer(quote):
        phrase, end = _phrase_from(quote, m)
        if re.search(r"[《》()()]", phrase) or (re.match(r"问责|追责", phrase) and len(phrase) > 2):
            continue  # 问责办法(试行)》印发: a title that names accountability, not a consequence imposed
        if len(phrase) <= CONSEQUENCE_LEAD_MAX:
            starts = [x.end() for x in _PHRASE_END.finditer(quote, 0, m.start())]
            stretch = quote[starts[-1] if starts else 0 : end]
            found.append((analysis.coverage(stretch), phrase))
    return max(found, key=lambda f: f[0])[1] if found else ""


def _kind_note(doc: DocInfo | None) -> str:
    kind = doc.kind if doc else UNREGISTERED
    if is_binding(kind):
        return ""
    if kind == UNREGISTERED or not kind:
        return "出自未登记的上传文档,不是已登记的规范性文件"
    return f"出自{kind},不是规范性文件"


def source_line(doc: DocInfo | None, clause: Clause, show_kind: bool = True) -> str:
    """Whose rule a quote is, in a few characters: the issuer and the document's kind (not when the first
    line has just said it: 出自评论文章,不是规范性文件). The title is on the citation (its card and the
    JSON): repeating it before every quote doubled the answer's length. An unsigned text names nobody, as in
    the quiz ("范文(作者未署名)", not authors guessed from its content); right under a first line that has
    said its kind there is nothing left to say, so there is no line."""
    if doc and doc.issuer:
        who = issuer_shown(doc.issuer, doc.kind)
        if who != doc.issuer:
            return f"{who}:" if show_kind else ""
        kind = doc.kind if doc.kind and doc.kind != UNREGISTERED and show_kind else ""
        return f"{doc.issuer}{f'({kind})' if kind else ''}:"
    unregistered = "(未登记的上传文档)" if doc is None or doc.kind in ("", UNREGISTERED) else ""
    return f"《{doc.title if doc else clause.doc_title}》{unregistered}:"


def _who(doc: DocInfo | None, clause: Clause) -> str:
    if doc is None or not doc.issuer or doc.kind == UNREGISTERED:
        return f"《{doc.title if doc else clause.doc_title}》({UNREGISTERED})"
    return doc.issuer


def compose(analysis: Analysis, picks: Sequence[Pick], retrieval: Retrieval, index: Index,
            conflict: Pick | None = None, leads: Sequence[str] | None = None) -> Draft:
    """Lead line, then each document's quotes under its issuer: the best-scoring document first (a binding
    one before one that binds no one), its quotes best first. `leads`, for a question of several parts:
    the picks come in the order asked and are quoted so, under one first line that answers each part."""
    hit_of = {h.clause.id: h for h in (*retrieval.candidates, *retrieval.hits)}
    asked = {id(p): i for i, p in enumerate(picks)} if leads is not None else {}

    stating = [q for q in picks if _states_asked(q.text, analysis)]
    # a failing told and what follows asked: the sentence on the failing (对没有按照规定报备的……进行了提醒谈话)
    # is quoted before the requirement it breaks (要提前两个工作日报……备案), and the first line is taken from it
    follows = {id(p) for p in stating} if analysis.asks_what_follows else set()

    def rank(p: Pick) -> tuple[int, float]:
        return (0, asked[id(p)]) if id(p) in asked else (1 + (id(p) not in follows), -p.score)

    # documents in the order the choice made (_choose put a binding rule first where it answers), but a binding
    # sentence that holds more of the question than the chosen first one leads it (传阅、会签 before an essay's
    # aside that scored by meaning); one added for a word it shares (履行…手续 of the 请销假 rule) does not lead
    # a question on 推荐手续. Parts of a question, and documents that conflict, keep binding documents first.
    chosen = {id(p): i for i, p in enumerate(picks)}
    top = analysis.coverage(picks[0].text) if picks else 0.0

    def leads_as_binding(p: Pick) -> bool:
        # not when another quote states what is asked and it does not (对没有按照规定报备的……进行了提醒谈话
        # answers 没按规定报会被咋处理; 泾县's rule on the records kept does not)
        if stating and p not in stating and leads is None and conflict is None:
            return False
        return is_binding(_kind(index, p)) and (leads is not None or conflict is not None
                                                 or analysis.coverage(p.text) > top or rules_where_first_not(p))

    def rules_where_first_not(p: Pick) -> bool:
        """A yes/no question: the binding sentence says yes or no (不得以传阅、会签…代替) and the chosen first
        one does not (an essay's "必须全面深刻领会…文件"): the rule answers."""
        asks = "yesno" in analysis.intents or analysis.asks_permission
        # and it speaks of what the first one does (拟任岗位), or of a weightier word of the question: a
        # prohibition on another matter is no answer, one on the matter asked (以传阅、会签……代替集体议事) is
        key = _heaviest_held(picks[0], analysis)
        return asks and polarity(p.text, analysis.asks_permission) != 0 \
            and polarity(picks[0].text, analysis.asks_permission) == 0 and (
                key is None or key.found_in(p.sentence) > 0 or _outweighs(p, key, analysis))

    def doc_rank(p: Pick) -> tuple[float, ...]:
        return (not leads_as_binding(p), *(rank(p) if leads is not None else (chosen[id(p)],)))

    order: list[str] = []
    for p in sorted(picks, key=doc_rank):
        if p.clause.doc_id not in order:
            order.append(p.clause.doc_id)
    if analysis.named_docs and not analysis.compare:
        order.sort(key=lambda d: d not in analysis.named_docs)
    first_doc = index.docs.get(order[0])
    note = _kind_note(first_doc) if all(not is_binding(_kind(index, p)) for p in picks) else ""
    if analysis.asks_source:
        note = ""  # the lead names the document's kind already
    citations: list[Citation] = []
    blocks: list[str] = []
    for doc_id in order:
        doc_picks = sorted((p for p in picks if p.clause.doc_id == doc_id), key=rank)
        quotes = []
        for p in doc_picks:
            n = len(citations) + 1
            citations.append(citation(n, hit_of.get(p.clause.id) or p.clause, p.text, index.docs))
            quotes.append(_quote_text(p.clause.text, p.text, p.start, p.end) + f"[{n}]")
        doc = index.docs.get(doc_id)
        line = source_line(doc, doc_picks[0].clause, not (note and doc_id == order[0]))
        blocks.append(f"{line}\n" * bool(line) + "".join(quotes))
    # the lead answers from the quote printed right under it: the first document's best pick (a binding
    # document's quote leads even when a non-binding one scored higher)
    first_pick = min((p for p in picks if p.clause.doc_id == order[0]), key=rank)
    lead = _answer_lead(analysis, first_pick, index) if leads is None else ";".join(leads)
    if conflict is not None:  # say so first; the binding (or catalogued) document's quote comes first below
        first = next(p for p in picks if p.clause.doc_id == order[0])
        other = next(p for p in picks if p.clause.doc_id != order[0])
        says = {1: "要求", -1: "称不需要或不得"}
        said = (polarity(first.text, analysis.asks_permission), polarity(other.text, analysis.asks_permission))
        lead = (f"各文件说法不一致:{_who(index.docs.get(order[0]), first.clause)}{says.get(said[0], '规定')},"
                f"{_who(index.docs.get(other.clause.doc_id), other.clause)}{says.get(said[1], '规定')}"
                f"。请以有约束力的文件为准")
    # the lead is a few characters of the first quote's own claim, right above it; its [n] follows there
    head = "".join(f"{line}。" for line in (lead, note) if line) + ("\n" if lead or note else "")
    return Draft(head + "\n\n".join(blocks), tuple(citations), False)


def _outweighs(p: Pick, key: Term, analysis: Analysis) -> bool:
    """`p` holds a question word weightier than `key`, the heaviest one the first quote holds."""
    held = _heaviest_held(p, analysis)
    return held is not None and held.weight > key.weight


def _kind(index: Index, p: Pick) -> str:
    doc = index.docs.get(p.clause.doc_id)
    return doc.kind if doc else UNREGISTERED


def _source_answer(analysis: Analysis, retrieval: Retrieval, index: Index) -> Draft | None:
    """Who wrote it, whose practice it is (every part of the question asks that): the described
    document's issuer first, then where it names itself and the sentence the question describes."""
    # "作者是谁?哪个单位的?": a part that asks who, beside one that asks for the author, asks it of the text
    # a part asking at which meeting it was said (是在啥会上强调的) is answered by the sentence naming it
    if not analysis.asks_source or (analysis.parts and not all(
            (p.asks_source or "body" in p.intents or bodies_offered(p.text)) and "meeting" not in p.intents
            for p in analysis.parts)):
        return None
    if analysis.asks_reason or analysis.asks_amount:  # "是哪个部门出的,出台为了啥": the purpose is asked too,
        return None  # which the issuer's name does not answer; the sentence naming both does
    if not retrieval.supported and not names_a_text(analysis, index):
        return None  # nothing here is the text described: the support refusal speaks
    cited = cited_source_unstated(Case(analysis, retrieval, index))
    if cited is not None:  # a rule the documents only cite: its issuer is not the citing report's
        return refusal(retrieval, index, cited)
    read = _with_full_cover(retrieval, analysis)
    candidates = _candidates(read, analysis.within_named_place(), index,
                             meaning=sentence_meaning(read, index, retrieval.query_vector))
    doc_id, attested = source_picks(analysis, read, index, candidates)
    if not doc_id:
        return None
    if lexicon().asks_place.search(analysis.question) and not issuer_place(index.docs[doc_id].issuer):
        return refusal(retrieval, index, PLACE_UNNAMED)  # 那篇材料说的是哪个市: its author names no place
    own = [p for p in candidates if p.clause.doc_id == doc_id]
    topical = [p for p in _choose(own or candidates, analysis, index, prefer_binding=False)[:1]
               if not attested or p.clause.id != attested[0].clause.id]
    return compose(analysis, [*attested, *topical], retrieval, index, None, [source_lead(index.docs.get(doc_id))])


def answer_extractive(analysis: Analysis, retrieval: Retrieval, index: Index) -> Draft:
    source = _source_answer(analysis, retrieval, index)  # before the named sets: "“四小四大”出自哪个县"
    if source is not None:
        return source
    case = Case(analysis, retrieval, index)
    # a question quoting a document's words (a saying, a scheme's name) is about that text, whatever
    # retrieval's support for the rest of its words
    rules = [r for r in BEFORE_CHOICE if r is not no_clause_about_topic] if names_a_text(analysis, index) else BEFORE_CHOICE
    reason = first_refusal(rules, case)
    if reason is not None:
        return refusal(retrieval, index, reason)
    named = _named_sets(analysis, index, retrieval.hits, _with_full_cover(retrieval, analysis))
    if named is not None:
        return named
    unknown = unknown_set(analysis.text, index.fulltext)
    if unknown:  # "三个圈" is not written so, but "工作圈、生活圈、社交圈" may be
        listed = suffix_set(unknown, [h.clause for h in retrieval.hits])
        drafted = _named_set_draft(listed, index, retrieval.hits) if listed.items else None
        if drafted is not None:
            return drafted
        return refusal(retrieval, index, Refusal("named_set_unknown", f"{REFUSAL}现有文件没有提到“{unknown}”。"))
    announced = _announced_set(analysis, retrieval, index)
    if announced is not None:
        return announced  # 信息预报制度……应包括四个方面的内容: / 一是…… / 二是……
    coined = coined_set(analysis.text, index.fulltext)
    spelled = suffix_set(coined, [h.clause for h in retrieval.hits]) if coined else None
    if spelled is not None and spelled.items and (drafted := _named_set_draft(spelled, index, retrieval.hits)):
        return drafted  # "三用": 用权、用财、用人; found in no listing, answered as any other question
    read = _with_full_cover(retrieval, analysis)
    meaning = sentence_meaning(read, index, retrieval.query_vector)
    candidates = _candidates(read, _said_of(analysis.within_named_place()), index, meaning=meaning)
    # a question of several parts ("哪些部门审查?多久查一次?") asks other things too, so its other
    # sentences stay in play
    pool = candidates if analysis.several else _stating_amount(candidates, analysis)
    listing = "list" in analysis.intents
    by_part = _choose_parts(read, analysis, index, meaning) if analysis.parts else []
    chosen = list(dict.fromkeys(p for _, best in by_part for p in best)) or _choose(pool, analysis, index)
    if listing and not by_part:  # 在行动上解决谁来监督的问题。…… / 一是…… 二是…… 三是…… 四是……
        # the chosen sentence that opens a run answers, when it is as much about the question as the first
        opening = next((items for p in chosen if analysis.coverage(p.text) >= analysis.coverage(chosen[0].text)
                        and (items := _ordinal_items(p, index))), [])
        chosen = opening or chosen
    picks = _merge_adjacent(_continued([_extend(p, listing, analysis.asks_reason) for p in chosen], index))
    leads: list[str] = []
    if by_part:  # quoted in the order asked; the first line answers each part that a short lead answers
        picks.sort(key=lambda m: next((i for i, c in enumerate(chosen)
                                       if c.clause.id == m.clause.id and m.start <= c.start < m.end), len(chosen)))
        said = [lead for part, best in by_part if best and (lead := (
            source_lead(index.docs.get(best[0].clause.doc_id)) if part.asks_source else _answer_lead(part, best[0], index)))]
        # a lead said once: not again, nor inside one said before (辞职的呢 after 交接要几天: 7个工作日内, not …;7个)
        leads = [x for i, x in enumerate(said) if not any(x in y for y in said[:i])]
    case = Case(analysis, retrieval, index, tuple(sorted(picks, key=lambda p: -p.score)), tuple(candidates))
    reason = first_refusal(AFTER_CHOICE, case) if picks else Refusal("no_sentence", REFUSAL)
    reason = reason or _part_refusal(case, by_part)
    if reason is not None:
        return refusal(retrieval, index, reason)
    conflict = conflicting(case.picks, candidates, analysis)
    return compose(analysis, [*picks, conflict] if conflict else picks, retrieval, index, conflict,
                   leads if by_part else None)
