"""The extractive answerer: picks the sentences of the top clauses that answer the question.

No LLM: every word of an answer's substance is a verbatim quote, so every statement is cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.named_sets import CLASSIC_NAME, NamedSet, find_set, names_in, unknown_set
from assistant.query import Query, question_tokens
from assistant.retrieve import Retrieval, alternatives, coverage, term_weights
from knowledge.index import Index
from knowledge.sentences import sentence_spans
from knowledge.tokenize import STOPWORDS, tokenizer
from knowledge.types import Citation, Clause, DocInfo, Hit

REFUSAL = "知识库中未找到相关规定。"
MAX_QUOTE = 110  # a longer sentence is cut to the part around the question's words
ABSENT_MAX = 0.43  # refuse when this share of the question's weight is words the documents never use
AMOUNT_MIN = 0.5  # an amount-bearing sentence must score this share of the best sentence
SECOND_MIN = 0.6  # a second sentence must score this share of the best one
SECOND_DOC_MIN = 0.5  # in a comparison, another document's best sentence must reach this share
ABSENT_MAX_AMOUNT = 0.2  # the same for questions that ask for a time limit or a number
AMOUNT_COVER = 0.5  # share of the question's known words the amount's sentence must hold
RANK_WEIGHT = 0.4  # earlier-ranked clauses win ties
CLAUSE_WEIGHT = 0.6  # a sentence inside a clause that covers the question is likelier to answer it
NAMED_DOC_BONUS = 0.3  # the question names the place whose document this is

# What a question asks for, and what a sentence that answers it contains.
_INTENTS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "time": (
        re.compile(r"多久|多长时间|几天|多少天|期限|时限|时间内|几个工作日|什么时候|何时|多快|多少时间|几年|多少年|几个月"),
        re.compile(r"[\d一二三四五六七八九十两]+个?(?:工作日|日|天|个月|月|年|周)|以内|之内|内办结|\d+日前|以前|之前"
                   r"|年中|年初|年底|年末|每年|每月|每季度|每半年|会前|事前|第一时间|及时|定期"),
    ),
    "freq": (
        re.compile(r"多久一次|几次|多少次|频次|频率|多长时间.{0,4}一次|多久.{0,3}一次|定期"),
        re.compile(r"每(?:年|半年|季度|月|周)|[\d一二三四五六七八九十]+次|定期"),
    ),
    "count": (
        re.compile(r"多少个|(?<!哪)几个|多少家|多少名|数量|多少"),
        re.compile(r"\d+|[一二三四五六七八九十两]+个|[一二三四五六七八九十]+(?:类|种|项|方面)"),
    ),
    "body": (
        re.compile(r"哪些部门|哪个部门|什么部门|哪些单位|哪个单位|谁|哪些机构|哪家|什么机关|负责|牵头|把关"),
        re.compile(r"纪检|监察|组织部|组织人事|部门|公安|保密|审计|巡察办|委员会|纪委|监委|党委|机关|组织、"),
    ),
    "yesno": (
        re.compile(r"能否|能不能|可不可以|可以.{0,12}(?:吗|(?<![什怎那这多])么)|是否|要不要|需不需要"
                   r"|必须.{0,12}(?:吗|(?<![什怎那这多])么)|吗[?？]?$|(?<![什怎那这多])么[?？]?$"),
        re.compile(r"不得|必须|应当|应|原则上|可以|禁止|严禁|不准|须|不能"),
    ),
    "list": (
        re.compile(r"哪些|包括|有什么|内容|哪几|什么|怎么|如何|措施|做法"),
        re.compile(r"、.*、|;|包括|一是|①"),
    ),
}
# "会给什么处分": the answer must name a consequence, not just restate the rule that was broken.
_ASKS_CONSEQUENCE = re.compile(r"(?:什么|哪些|何种|怎样的?|哪种)(?:样的)?(?:处分|处罚|后果|惩处|惩罚)|会(?:被|受到)?.{0,4}(?:处分|处罚)")
_CONSEQUENCE = re.compile(r"处分|处罚|处理|问责|追究|追责|通报|诫勉|批评|约谈|调整|免职|撤职|降职|惩|责令|取消")
_NEGATIVE = re.compile(r"不得|严禁|禁止|不准|不能|不宜")
_POSITIVE = re.compile(r"必须|应当|应以|应在|须")
_ASKS_PERMISSION = re.compile(r"能否|能不能|可不可以|可以.{0,12}(?:吗|(?<![什怎那这多])么)|允许|准不准")
_ASKS_OBLIGATION = re.compile(r"要不要|需不需要|是否需要|是否必须"
                              r"|(?:必须|需要).{0,12}(?:吗|(?<![什怎那这多])么)")


@dataclass(frozen=True)
class Draft:
    """An answer before timings: the text with [n] markers and its citations."""

    text: str
    citations: tuple[Citation, ...]
    refused: bool
    related: tuple[Citation, ...] = ()
    note: str = ""


def intents(question: str) -> set[str]:
    return {name for name, (ask, _) in _INTENTS.items() if ask.search(question)}


# "经过哪些程序" asks for a list of 程序: the sentence that lists them ("受理登记、…、审核办结等程序") answers it.
_ASKS_KIND = re.compile(r"(?:哪些|哪几[个种项类条家]?|哪[\d一二三四五六七八九十]+[个种项类条]|什么)([\u4e00-\u9fff]{1,8})")
_VAGUE_KINDS = {"情况", "时候", "样", "意思", "程度", "地方", "问题", "内容", "要求", "规定"}
HEAD_BONUS = 0.5


def asked_kind(question: str) -> str:
    """The kind of thing a list question asks for: 程序 in "要经过哪些程序", 清单 in "哪3个清单"."""
    m = _ASKS_KIND.search(question)
    if not m:
        return ""
    words = tokenizer().lcut(m.group(1))
    word = words[0] if words else ""
    return word if len(word) >= 2 and word not in _VAGUE_KINDS and word not in STOPWORDS else ""


def lists_kind(sentence: str, kind: str) -> bool:
    """Does the sentence enumerate things of this kind: "A、B等X", "A、B和C的X", "X包括…", "X:…"?"""
    for alt in alternatives(kind):
        for m in re.finditer(re.escape(alt), sentence):
            before, after = sentence[max(0, m.start() - 40) : m.start()], sentence[m.end() : m.end() + 3]
            if "、" in before or "等" in before[-8:] or re.match(r"[:：]|包括|主要有|有以下", after):
                return True
    return False


def _sentence_score(sentence: str, weights: dict[str, float], cues: Sequence[re.Pattern[str]], kind: str = "") -> float:
    cue = sum(0.25 for c in cues if c.search(sentence))
    if kind and lists_kind(sentence, kind):
        cue += HEAD_BONUS
    return coverage(weights, sentence) + cue


def _trim(text: str, start: int, end: int, weights: dict[str, float],
          cues: Sequence[re.Pattern[str]] = (), must: re.Pattern[str] | None = None, kind: str = "") -> tuple[int, int]:
    """Cut a long sentence to the comma-separated window that holds most of the question's words
    (and, when `must` is given and the sentence has a match, that match)."""
    if must is not None and not must.search(text, start, end):
        must = None
    if end - start <= MAX_QUOTE:
        return start, end
    cuts = [start] + [m.end() for m in re.finditer(r"[,,:：]", text[start:end]) if m.end() < end - start]
    cuts = [start] + [start + c for c in cuts[1:]] + [end]
    best, best_span = -1.0, (start, end)
    for i in range(len(cuts) - 1):
        for j in range(i + 1, len(cuts)):
            if cuts[j] - cuts[i] > MAX_QUOTE and j > i + 1:
                break
            piece = text[cuts[i] : cuts[j]]
            if must is not None and not must.search(piece):
                continue
            score = coverage(weights, piece) * 3 - 0.001 * len(piece)
            score += sum(2.0 for c in cues if c.search(piece))
            if kind and lists_kind(piece, kind):
                score += 2.0
            if score > best:
                best, best_span = score, (cuts[i], cuts[j])
    return best_span


@dataclass(frozen=True)
class _Pick:
    hit_rank: int
    clause: Clause
    start: int  # offsets inside clause.text
    end: int
    score: float


def _candidates(hits: Sequence[Hit], query: Query, question: str, index: Index) -> list[_Pick]:
    weights = term_weights(index, question_tokens(query.text))
    cues = [_INTENTS[i][1] for i in intents(question)]
    kind = asked_kind(question)
    own = named_docs(question, index)  # "泾县这边能通过哪些方式": 泾县's own rule answers it first
    picks = []
    for rank, hit in enumerate(hits):
        text = hit.clause.text
        heading = " ".join(hit.clause.path)
        for s, e in sentence_spans(text):
            sentence = text[s:e]
            if len(sentence) < 6 or (len(sentence) <= 16 and sentence.rstrip("。").strip() in heading):
                continue  # short headings are context, not answers
            score = _sentence_score(sentence, weights, cues, kind)
            score += RANK_WEIGHT / (1 + rank) + CLAUSE_WEIGHT * hit.coverage
            if len(own) == 1 and hit.clause.doc_id in own:
                score += NAMED_DOC_BONUS
            must = amount_pattern(question) if _ASKS_AMOUNT.search(question) else None
            s2, e2 = _trim(text, s, e, weights, cues, must, kind)
            picks.append(_Pick(rank, hit.clause, s2, e2, score))
    return picks


def _select(picks: list[_Pick], limit: int = 2, compare: bool = False) -> list[_Pick]:
    """The best sentences: close seconds only, and for comparisons the best of each other document too."""
    if not picks:
        return []
    picks = sorted(picks, key=lambda p: -p.score)
    best = picks[0].score
    chosen: list[_Pick] = []
    if compare:
        for p in picks:
            if p.score >= SECOND_DOC_MIN * best and all(p.clause.doc_id != c.clause.doc_id for c in chosen):
                chosen.append(p)
        return chosen[:3]
    for p in picks:
        if len(chosen) >= limit or p.score < SECOND_MIN * best:
            break
        if any(p.clause.id == c.clause.id and not (p.end <= c.start or p.start >= c.end) for c in chosen):
            continue
        chosen.append(p)
    return chosen


def _merge_adjacent(picks: list[_Pick]) -> list[_Pick]:
    """Sentences next to each other in one clause become one quote."""
    out: list[_Pick] = []
    for p in sorted(picks, key=lambda p: (p.hit_rank, p.clause.id, p.start)):
        last = out[-1] if out else None
        if last and last.clause.id == p.clause.id and p.start - last.end <= 1:
            out[-1] = _Pick(last.hit_rank, last.clause, last.start, max(last.end, p.end), max(last.score, p.score))
        else:
            out.append(p)
    return out


_ELABORATES = re.compile(r"^(?:即|也就是|具体(?:来说|而言|是|包括)|主要(?:包括|有|是))")
LIST_MAX = 300  # an enumeration is quoted whole up to this length


def _extend(p: _Pick, whole_list: bool) -> _Pick:
    """Take in what a picked sentence needs to be understood: the rest of the ;-separated list it is part
    of (for questions asking for a list), and a following sentence that spells it out (即…)."""
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
    if j + 1 < len(spans) and _ELABORATES.match(text[spans[j + 1][0] :]) and spans[j + 1][1] - spans[i][0] <= LIST_MAX:
        j += 1
    start = min(p.start, spans[i][0]) if i != first else p.start
    end = max(p.end, spans[j][1]) if j != last else p.end
    return _Pick(p.hit_rank, p.clause, start, end, p.score)


def _lead(question: str, quotes: Sequence[str]) -> str:
    """A short direct reply for yes/no questions, taken from the wording of the quote itself."""
    if not quotes:
        return ""
    q = quotes[0]
    if _ASKS_PERMISSION.search(question) and _NEGATIVE.search(q):
        return "原则上不可以。" if "原则上" in q else "不可以。"
    if _ASKS_OBLIGATION.search(question) and _POSITIVE.search(q):
        return "需要。"
    return ""


def _source_line(doc: DocInfo | None, clause: Clause) -> str:
    title = doc.title if doc else clause.doc_title
    if doc and doc.issuer:
        level = f"({doc.level}级)" if doc.level and doc.level not in ("其他", "") else ""
        return f"根据{doc.issuer}{level}《{title}》:"
    return f"根据《{title}》:"


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
    if ns.items and ns.parts:  # the items head the clauses that follow: cite each of them
        cites = [cite] + [citation(n, c, q, index.docs, score) for n, (c, q) in enumerate(ns.parts, 2)]
        listed = ";".join(f"({i}){item}[{i + 1}]" for i, item in enumerate(ns.items, 1))
        source = _source_line(index.docs.get(ns.clause.doc_id), ns.clause)
        return Draft(f"{source}\n“{ns.name}”共{ns.count}项[1]:{listed}。", tuple(cites), False)
    if ns.items:
        listed = ";".join(f"({i}){item}" for i, item in enumerate(ns.items, 1))
        source = _source_line(index.docs.get(ns.clause.doc_id), ns.clause)
        text = f"{source}\n“{ns.name}”共{ns.count}项:{listed}。[1]"
        return Draft(text, (cite,), False)
    text = (f"知识库中未找到“{ns.name}”的具体内容:文件只提到这一名称,没有列出各项[1]。"
            f"原文为:“{ns.quote}”[1]\n如需了解具体内容,请查阅制定该制度的原始文件。")
    return Draft(text, (cite,), True, note="named_set_items_missing")


def _named_sets(question: str, index: Index, hits: Sequence[Hit]) -> Draft | None:
    for name in names_in(question, index.fulltext):
        # Prefer the listing among the retrieved clauses, then their neighbours, then anywhere.
        pool: list[Clause] = [h.clause for h in hits]
        for h in hits[:3]:
            pool.extend(c for c in index.neighbours(h.clause) if c not in pool)
        ns = find_set(name, pool)
        if not ns.items:
            ns_all = find_set(name, index.clauses)
            ns = ns_all if ns_all.items or ns.clause is None else ns
        if not ns.items and not CLASSIC_NAME.match(name):
            continue  # a quoted term like "四方会审" whose parts are not set out as a list: answer from the text
        draft = _named_set_draft(ns, index, hits)
        if draft is not None:
            return draft
    return None


def refusal(retrieval: Retrieval, index: Index, extra: str = "") -> Draft:
    related = []
    for n, hit in enumerate(retrieval.candidates[:3], 1):
        spans = sentence_spans(hit.clause.text)
        s, e = spans[0] if spans else (0, len(hit.clause.text))
        related.append(citation(n, hit, hit.clause.text[s:e], index.docs))
    lines = [REFUSAL + extra]
    if related:
        lines.append("可能相关:")
        lines += [f"- 《{c.doc_title}》{' / '.join(c.path)}" for c in related]
    return Draft("\n".join(lines), (), True, tuple(related))


def named_docs(text: str, index: Index) -> set[str]:
    """The documents whose issuing place the question names ("泾县这边…" → 泾县's document)."""
    named = set()
    for doc_id, doc in index.docs.items():
        places = re.findall(r"[\u4e00-\u9fff]{2}(?=[县市区州省])", doc.issuer)
        if any(p in text for p in places):
            named.add(doc_id)
    return named


def _names_several_issuers(text: str, index: Index) -> bool:
    """Does the question name two or more issuing places or bodies (泾县 … 资阳 …)?"""
    return len(named_docs(text, index)) >= 2


def used_in(index: Index, token: str) -> bool:
    """Do the documents use this word, a synonym of it, or a longer form it abbreviates (区局 → 区城管局)?"""
    if any(a in index.fulltext for a in alternatives(token)):
        return True
    if 2 <= len(token) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in token):
        return re.search(".{0,2}".join(map(re.escape, token)), index.fulltext) is not None
    return False


def absent_terms(index: Index, query: Query) -> tuple[list[str], float]:
    """Question words the documents never use (nor any synonym of them), and their share of the weight."""
    weights = term_weights(index, question_tokens(query.text))
    total = sum(weights.values()) or 1.0
    absent = [t for t in weights if not _COUNTED.match(t) and not set(t) <= _FUNCTION_CHARS and not used_in(index, t)]
    return absent, sum(weights[t] for t in absent) / total


_NUMERIC = ("time", "freq", "count")
_COUNTED = re.compile(r"^[\d一二两三四五六七八九十百几多少]+[个种项条类次级名家位年月天日人]?$")  # "五种", "3个": not a topic word
_FUNCTION_CHARS = set("的了在要内外前后上下中是有为和与及或把被将对从向于时就也都还才")  # "内要": a mis-split
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,6}[省市县区州盟旗]")
_COMPARE = re.compile(r"各|分别|不同|对比|比较|区别|哪些地方")
_NUMBER = r"[\d一二三四五六七八九十两半]+\s*"
_TIME_UNITS = r"工作日|天|日|周|星期|个?月|年"
# The unit a question asks in, and the units an answer may state it in: "几年" wants years, not "113个单位".
_ASKED_UNIT = re.compile(r"(?:几|多少)个?(工作日|天|日|年|月|周|次|人|名|种|项|家|类|级|部分)|多长时间|多久")
_UNIT_ALTS = {"工作日": "工作日|天|日", "天": "天|日|工作日", "日": "日|天|工作日", "年": "年", "月": "个?月", "周": "周|星期",
              "次": "次", "人": "人|名", "名": "名|人", "种": "种|类|项", "项": "项|条|种", "家": "家|个", "类": "类|种",
              "级": "级", "部分": "部分|方面"}


def amount_pattern(question: str) -> re.Pattern[str]:
    """What a stated amount must look like to answer this question (any amount when no unit is asked)."""
    m = _ASKED_UNIT.search(question)
    if m is None or len(re.findall(r"几|多少|多久|多长时间", question)) > 1:  # "多少个单位…分成几类": either will do
        return _AMOUNT
    if m.group(1) is None:  # 多久, 多长时间
        return re.compile(rf"{_NUMBER}个?(?:{_TIME_UNITS})|第一时间")
    return re.compile(rf"{_NUMBER}个?(?:{_UNIT_ALTS[m.group(1)]})")


# "几个工作日/几天/几年/多长时间" ask for an amount: the answer must state one, not just "及时" or "定期".
_ASKS_AMOUNT = re.compile(r"几个?(?:工作日|天|日|年|月|个月|人|周|次)|多少|多长时间(?!.{0,8}一次)|多久(?!.{0,3}一次)")
_AMOUNT = re.compile(r"[\d一二三四五六七八九十两半]+\s*(?:个|名|家|次|人|天|日|年|月|周|工作日|类|级|项|方面|元|万元|%|倍|:\d)"
                     r"|每(?:年|半年|季度|月|周)|第一时间")


def _context(clause: Clause, index: Index) -> str:
    """What a sentence is said under: its headings, and its document's title and issuer ("资阳市…")."""
    doc = index.docs.get(clause.doc_id)
    return " ".join((*clause.path, clause.doc_title, doc.title if doc else "", doc.issuer if doc else ""))


def answer_extractive(question: str, query: Query, retrieval: Retrieval, index: Index) -> Draft:
    if not retrieval.supported or not retrieval.hits:
        return refusal(retrieval, index)
    named = _named_sets(query.text, index, retrieval.hits)
    if named is not None:
        return named
    unknown = unknown_set(query.text, index.fulltext)
    if unknown:
        return refusal(retrieval, index, f"(知识库文件中没有“{unknown}”的相关内容)")
    absent, share = absent_terms(index, query)
    places = [t for t in absent if _PLACE.fullmatch(t)]
    if places:  # "上海市对…怎么规定": another jurisdiction's rule, and no document of it is here
        return refusal(retrieval, index, f"(知识库中没有{places[0]}的文件;以下是其他地方的规定)")
    # An amount question about something the documents never mention ("截止时间是每年几月") is a trap
    # the nearest number would fall into: it takes fewer missing words to refuse it.
    if share >= (ABSENT_MAX_AMOUNT if _ASKS_AMOUNT.search(query.text) else ABSENT_MAX):
        missing = "、".join(f"“{t}”" for t in absent)
        return refusal(retrieval, index, f"(知识库文件中没有出现{missing}等内容)")
    candidates = _candidates(retrieval.hits, query, query.text, index)
    if _ASKS_AMOUNT.search(query.text) and candidates:
        # An amount question is answered by a sentence that states an amount, or not at all.
        top = max(p.score for p in candidates)
        wanted = amount_pattern(query.text)
        stated = [p for p in candidates if wanted.search(p.clause.text[p.start : p.end])]
        asked = "".join(m.group(0) for m in _ASKS_AMOUNT.finditer(query.text))  # "几个工作日": the unit asked
        present = {t: w for t, w in term_weights(index, question_tokens(query.text)).items()
                   if len(t) > 1 and t not in asked and not _COUNTED.match(t)
                   and used_in(index, t)}
        # The sentence stating the amount must be about what was asked: most of the question's
        # words that the documents do use must be in that sentence (or its headings and document).
        stated = [p for p in stated
                  if coverage(present, p.clause.text[p.start : p.end] + _context(p.clause, index)) >= AMOUNT_COVER]
        if not stated or max(p.score for p in stated) < AMOUNT_MIN * top:
            return refusal(retrieval, index, "(相关条款中没有问题所问的时限或数量)")
        candidates = stated
    compare = bool(_COMPARE.search(query.text)) or _names_several_issuers(query.text, index)
    limit = 3 if "list" in intents(query.text) else 3
    picks = _merge_adjacent([_extend(p, "list" in intents(query.text)) for p in _select(candidates, limit, compare)])
    if not picks:
        return refusal(retrieval, index)
    numeric = [_INTENTS[i][1] for i in intents(query.text) if i in _NUMERIC]
    best = max(picks, key=lambda p: p.score)
    best_text = best.clause.text[best.start : best.end]
    if numeric and not any(c.search(best_text) for c in numeric):
        return refusal(retrieval, index, "(相关条款中没有问题所问的时限或数量)")
    if _ASKS_CONSEQUENCE.search(query.text) and not _CONSEQUENCE.search(best_text):
        return refusal(retrieval, index, "(相关条款中没有规定问题所问的处分或后果)")
    # Group by document in retrieval order, so a cadre sees whose rule says what.
    order: list[str] = []
    for p in sorted(picks, key=lambda p: p.hit_rank):
        if p.clause.doc_id not in order:
            order.append(p.clause.doc_id)
    citations: list[Citation] = []
    blocks: list[str] = []
    hit_of = {h.clause.id: h for h in retrieval.hits}
    for doc_id in order:
        doc_picks = sorted((p for p in picks if p.clause.doc_id == doc_id), key=lambda p: (p.clause.ordinal, p.start))
        parts = []
        for p in doc_picks:
            quote = p.clause.text[p.start : p.end]
            n = len(citations) + 1
            citations.append(citation(n, hit_of[p.clause.id], quote, index.docs))
            parts.append(_quote_text(p.clause.text, quote, p.start, p.end) + f"[{n}]")
        blocks.append(_source_line(index.docs.get(doc_id), doc_picks[0].clause) + "\n" + "".join(parts))
    lead = _lead(query.text, [c.quote for c in citations])
    return Draft((lead + "\n" if lead else "") + "\n\n".join(blocks), tuple(citations), False)
