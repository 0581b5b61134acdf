"""When the knowledge base does not support an answer: ordered, named rules, each giving its reason.

A question is refused on evidence only: no clause is about its topic, or the clauses about it lack the
detail asked (a number or time limit, a sanction, the body responsible, another place's rule). A word
the documents never use is not evidence (assistant/analyze.py drops or bridges it). The reason names
what is missing, so a cadre knows what the documents do and do not say.

Rules run in order; the first that fires decides. `BEFORE_CHOICE` rules need only the retrieval,
`AFTER_CHOICE` rules judge the sentences the answerer chose (assistant/answer.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from assistant.analyze import DIRECTIONS, Analysis, Term, asked_intents, issuer_place, term_of_art
from assistant.lexicon import lexicon
from assistant.query import held_as_word, question_tokens
from assistant.retrieve import Retrieval
from knowledge.index import Index
from knowledge.numerals import CN_COUNT, CN_DIGITS, cn_to_int, strip_ordinal
from knowledge.sentences import sentence_spans
from knowledge.sequences import common_subsequence
from knowledge.tokenize import dictionary_tag, in_dictionary, tagged
from knowledge.types import Clause

REFUSAL = "知识库中未找到相关规定。"
DETAIL_COVER = 0.8  # the sentence stating the detail must be nearly as topical as the most topical one …
DETAIL_COVER_FIRST = 0.6  # … or, in the clause ranked first, this share of it
DETAIL_FLOOR = 0.25  # … and hold at least this share of the question's topic words
DETAIL_MIN = 0.5  # … and score at least this share of the best sentence


@dataclass(frozen=True)
class Pick:
    """A chosen stretch of a clause: what the answer would quote."""

    hit_rank: int
    clause: Clause
    start: int  # offsets inside clause.text
    end: int
    score: float

    @property
    def text(self) -> str:
        return self.clause.text[self.start : self.end]

    @cached_property  # read by every topicality judgement of the pick; the clause does not change
    def sentence_span(self) -> tuple[int, int]:
        return next(((s, e) for s, e in sentence_spans(self.clause.text) if s <= self.start < e),
                    (self.start, self.end))

    @property
    def sentence(self) -> str:
        """The whole sentence the quote was cut from: what it is about does not shrink with the cut."""
        s, e = self.sentence_span
        return self.clause.text[s:e]

    @property
    def own_text(self) -> str:
        """What the quote says in its first sentence: a quote run on into the next sentence (merged picks)
        says there what that sentence is about, not what this one is."""
        return self.clause.text[self.start : min(self.end, self.sentence_span[1])]


@dataclass(frozen=True)
class Refusal:
    rule: str  # the rule's name, reported as `refusal_reason` in the JSON
    message: str  # Chinese, for the cadre: what the documents lack


@dataclass(frozen=True)
class Case:
    analysis: Analysis
    retrieval: Retrieval
    index: Index
    picks: tuple[Pick, ...] = ()  # empty before sentences are chosen
    candidates: tuple[Pick, ...] = ()  # every scored sentence, for the detail rules


def topic_of(clause: Clause) -> str:
    """What a clause is about, for a refusal's "文件规定了…": its nearest heading without its ordinal."""
    for heading in reversed(clause.path):
        cleaned = strip_ordinal(heading)
        if 2 <= len(cleaned) <= 30:
            return cleaned
    return ""


def context_of(p: Pick, index: Index) -> str:
    """What a sentence is said under: itself, its headings, its document's title and issuer (资阳市…)."""
    doc = index.docs.get(p.clause.doc_id)
    return " ".join((p.sentence, *p.clause.path, p.clause.doc_title, doc.title if doc else "", doc.issuer if doc else ""))


NAMED_TOPIC = 0.5  # a refusal names the clause's topic only when the clause holds this share of the question


def _most_topical(case: Case, share: Callable[[str], float]) -> tuple[float, Pick | None]:
    """The chosen or candidate sentence most about the question, judged by `share` of what it is said under."""
    scored = ((share(context_of(p, case.index)), p) for p in (*case.picks, *case.candidates))
    return max(scored, key=lambda t: t[0], default=(0.0, None))


def _missing(case: Case, what: str) -> str:
    """"文件规定了“X”,但没有规定…" — X only when that clause is really about the question: naming an
    unrelated rule would tell the cadre the documents cover something they do not."""
    share, best = _most_topical(case, case.analysis.coverage)
    if best is not None and share >= NAMED_TOPIC:
        topic = topic_of(best.clause)
        if topic:
            return f"{REFUSAL}文件规定了“{topic}”,但没有规定{what}。"
    return f"{REFUSAL}相关条款没有规定{what}。"


# --- before sentences are chosen ------------------------------------------------------------------


def no_clause_about_topic(case: Case) -> Refusal | None:
    if case.retrieval.supported and case.retrieval.hits:
        return None
    return Refusal("no_clause_about_topic", f"{REFUSAL}现有文件没有涉及这个问题的条款。")


def other_jurisdiction(case: Case) -> Refusal | None:
    """"上海市对…怎么规定": another place's rule, and no document of that place is here."""
    places = case.analysis.foreign_places
    if not places:
        return None
    named = sorted({issuer_place(case.index.docs[d].issuer) for d in case.analysis.named_docs} - {""})
    also = f"{'、'.join(named)}的规定见下方“可能相关”。" if named else ""  # "跟泾县一样吗?": 泾县's side is here
    return Refusal("other_jurisdiction", f"{REFUSAL}知识库中没有{places[0]}的文件,无法说明{places[0]}的规定。{also}")


def asked_thing_absent(case: Case) -> Refusal | None:
    """The thing asked about ("需要公证处公证吗", "多少押金") is nowhere in the documents, though the topic
    around it is: say what the documents cover and what they do not mention."""
    absent = case.analysis.absent_asked
    if not absent:
        return None
    best = case.retrieval.hits[0].clause if case.retrieval.hits else None
    topic = topic_of(best) if best else ""
    covered = f"文件规定了“{topic}”,但" if topic else "现有文件"
    return Refusal("asked_thing_absent", f"{REFUSAL}{covered}没有提到“{absent}”。")


_CITED_TITLE = re.compile(r"《([^》]{4,60})》")
TITLE_ECHO = 6  # a question repeats this many characters of a cited title in a row to name it …
TITLE_ORDER = 0.75  # … or this share of a long title's characters in order
ISSUED_NEAR = 12  # the issuer and its verb stand this close before the title they issued


def cited_source_unstated(case: Case) -> Refusal | None:
    """"《……问责办法(试行)》是哪个机关印发的": the question asks who issued a rule the documents only cite.
    Unless a sentence says who issued it (泾县县委组织部出台《……实施意见》), the documents do not tell;
    the issuer of the report that cites it is not that rule's issuer."""
    a, index = case.analysis, case.index
    if not a.asks_source:
        return None
    if lexicon().practice_asked.search(a.text):  # 那个经验是哪家单位弄的: whose practice, which its report tells
        return None
    own_titles = {d.title for d in index.docs.values()}
    for m in _CITED_TITLE.finditer(index.fulltext):
        title = m.group(1)
        core = re.sub(r"[(（][^)）]*[)）]$", "", title)
        echoed = any(core[i : i + TITLE_ECHO] in a.text for i in range(len(core) - TITLE_ECHO + 1))
        # or most of it in order, as the asker shortens it (巡察整改问责办法 for 资阳市巡察整改工作问责办法)
        echoed = echoed or (len(core) >= 2 * TITLE_ECHO and common_subsequence(core, a.text) >= TITLE_ORDER * len(core))
        if title in own_titles or not echoed:
            continue
        issued = re.compile(rf"{lexicon().body_name.pattern}[^,，;；。《]{{0,{ISSUED_NEAR}}}?(?:出台|印发|制定|下发|发布|出台了)"
                            rf"《{re.escape(title)}》")
        if issued.search(index.fulltext):
            return None
        return Refusal("cited_source_unstated", f"{REFUSAL}文件提到《{title}》,但没有写明它由哪个机关制定或印发。")
    return None


BEFORE_CHOICE: tuple[Callable[[Case], Refusal | None], ...] = (no_clause_about_topic, other_jurisdiction,
                                                             asked_thing_absent)


# --- after sentences are chosen -------------------------------------------------------------------


def _stated(case: Case, pattern: re.Pattern[str], asked: re.Pattern[str] | None = None,
            whole_clause: bool = True, keep: frozenset[str] = frozenset(), slots: bool = False) -> bool:
    """Does a sentence about the question's topic state what `pattern` matches? Among the sentences that
    score near the best, one that states it must be about the topic nearly as much as the most topical
    one (its words, headings, title and issuer), and hold at least a quarter of the topic words: the
    nearest number in a clause about something else is not an answer."""
    analysis = case.analysis
    if asked is not None:
        # `slots`: the kind named inside the asking words is the slot asked, not the topic (部门 of 哪个部门);
        # a unit (几个人) is not: a sentence on the matter holds it beside its figure (人手少(3-5人))
        spans = [m.group(0) for m in asked.finditer(analysis.text)] if slots else []
        asking = {t.word for t in analysis.terms if (asked.search(t.word) or any(t.word in x for x in spans))
                  and t.word not in keep}
        analysis = analysis.terms_without(asking)
    if analysis.total <= 0:
        return any(pattern.search(p.text) for p in case.picks)
    pool = (*case.candidates, *case.picks)  # a chosen quote may reach past its sentence (_extend: 为……,)
    top = max((p.score for p in pool), default=0.0)
    near = [p for p in pool if p.score >= DETAIL_MIN * top]
    # a quoted sub-section is judged too, however it scored: without the words of its section's opening
    # (驻市市场监管局纪检监察组) it scores low against that opening, which is in play
    near += [q for q in case.picks if q.score < DETAIL_MIN * top and _section_opening(q.clause, near)]
    # a sub-section says what the body its section's opening names did, without naming it again
    # (近年来,驻市市场监管局纪检监察组……; (三)……划分为a级部门14个): it is said under that opening
    opening = {id(p): _section_opening(p.clause, near) for p in near}
    topical = {id(p): analysis.topicality(f"{context_of(p, case.index)} {opening[id(p)]}", 1.0) for p in near}
    # a sentence that goes on from the one before it (而票决制……可以避免……) is about what that one is about
    for p in near:
        if lexicon().goes_on.match(p.sentence) and (before := _sentence_before(p)):
            topical[id(p)] = max(topical[id(p)], analysis.topicality(f"{before} {context_of(p, case.index)}", 1.0))
    # a clause is about one thing: a sentence in the clause of a topical one is topical too, up to where the
    # clause turns to another item (另一方面, 二是): 每年年初 of the second item is no period of the first
    if whole_clause:  # an amount may sit in the sentence after the one that names the topic
        item = {id(p): (p.clause.id, _item_start(p)) for p in near}  # each pick's item, found once
        by_item: dict[tuple[str, int], float] = {}
        for p in near:
            if lexicon().measure_named.search(p.sentence) and not pattern.search(as_now(p.sentence)):
                continue  # it names the measure (检查次数) and gives no figure: a figure beside it counts another thing
            by_item[item[id(p)]] = max(by_item.get(item[id(p)], 0.0), topical[id(p)])
        topical = {id(p): max(topical[id(p)], by_item.get(item[id(p)], 0.0)) for p in near}
    best = max(topical.values(), default=0.0)
    # the clause retrieval ranked first (words and meaning together) may state it less topically than a
    # neighbour names the question's words: a colloquial question shares few words with its answer
    first = case.retrieval.hits[0].clause.id if case.retrieval.hits else ""
    return any(pattern.search(as_now(p.text if whole_clause else p.own_text)) and topical[id(p)] >= max(
        (DETAIL_COVER_FIRST if p.clause.id == first else DETAIL_COVER) * best, DETAIL_FLOOR) for p in near)


def _sentence_before(pick: Pick) -> str:
    """The sentence of its clause right before the pick's ("" for the first)."""
    spans = [sp for sp in sentence_spans(pick.clause.text) if sp[1] <= pick.sentence_span[0]]
    return pick.clause.text[spans[-1][0] : spans[-1][1]] if spans else ""


def _item_start(pick: Pick) -> int:
    """Where the item of its clause that the pick's sentence belongs to begins: at the last sentence before
    it (or it) that opens a further item (另一方面, 另一个是, 二是), else at the clause's start."""
    spans = [sp for sp in sentence_spans(pick.clause.text) if sp[0] <= pick.sentence_span[0]]
    opener = lexicon().further_item
    return next((s for s, _ in reversed(spans) if opener.match(pick.clause.text, s)), 0)


def _section_opening(clause: Clause, near: Sequence[Pick]) -> str:
    """The text of the clause that opens the section `clause` sits in, when that opening is in play ("" if
    none): it names whom the section is about."""
    return next((p.clause.text for p in near if p.clause.id != clause.id and within_section(clause, p.clause)), "")


def within_section(clause: Clause, opener: Clause) -> bool:
    """`clause` is `opener` or sits in the section `opener` opens (its heading's sub-sections)."""
    return clause.id == opener.id or (
        bool(opener.path) and clause.doc_id == opener.doc_id and len(clause.path) > len(opener.path)
        and clause.path[: len(opener.path)] == opener.path)


def as_now(sentence: str) -> str:
    """A sentence without what it tells of the past ("以前由于缺乏分类管理机制,每年初都会为‘审计谁’而出现
    选择困难,现在……"): how things were is no rule, so its amounts and bodies answer nothing."""
    lex = lexicon()
    return lex.told_of_past.sub(lambda m: "　" * len(m.group(0)), sentence)


EACH_NEAR = 12  # an item's own amount follows its name within this many characters (A类单位23个)
EACH_BEFORE = 4  # or ends right where the name begins (三次专项巡察): 三次, 23个


def _each_unstated(case: Case, shape: re.Pattern[str]) -> str:
    """"A类、B类各有多少个": each thing named needs an amount of its own, stated right after or right before
    its name (一次全面巡察和三次专项巡察) in a chosen or candidate sentence; the total or the number of kinds
    answers none of them. The things without one, joined by 、 (empty when every one has its amount, or
    nothing is asked of each)."""
    lex = lexicon()
    m = lex.each_amount.search(case.analysis.question)
    if m is not None:
        items = [i for i in re.split(r"[、和与及]", m.group(1)) if i]
        if len(items) >= 2:  # the first item runs back into the words before it (按廉政风险划分的a级部门):
            items[0] = items[0].split("的")[-1][-max(len(i) for i in items[1:]):]  # as long as the others
    else:  # A类有几个、D类有几个
        # 要查几次: the thing counted is 查, not the 要 that asks it
        items = [re.sub(r"^[要得需该](?=.)", "", x.group(1) or x.group(2) or x.group(3))
                 for x in lex.amount_of_each.finditer(case.analysis.question)]
        if len(items) < 2:  # one class counted (被划入A类的有多少个): its own amount, not the number of classes
            counted = "count" in case.analysis.intents and not case.analysis.intents & {"time", "freq"}
            items = list(dict.fromkeys(lex.class_label.findall(case.analysis.question))) if counted else []
            if len(items) != 1:
                return ""
    texts = [as_now(p.text) for p in (*case.picks, *case.candidates)]

    def before(text: str) -> bool:  # an amount that ends where the name begins: 三次专项巡察
        return any(x.end() == len(text) for x in shape.finditer(text))

    def own_amount(item: str) -> bool:
        key = item[:2]  # the last item runs into its noun (B类审计对象): its head names it
        return any(shape.search(t[k + len(key) : k + len(key) + EACH_NEAR]) or before(t[max(0, k - EACH_BEFORE) : k])
                   for t in texts for k in (x.start() for x in re.finditer(re.escape(key), t)))

    missing = [i for i in items if not own_amount(i)]
    return "、".join(missing) if missing else ""


LIMIT_NEAR = 8  # the amount follows the word that makes it a limit within this many characters


def _limit_first(case: Case, shape: re.Pattern[str]) -> bool:
    """"最多待几年" asks a limit; the clause retrieval ranked first (words and meaning together) setting one
    in the unit asked ("一地一岗不宜超过5年") answers it, though the question's words (一个地方一个位子)
    are not the document's."""
    lex = lexicon()
    if not lex.asks_limit.search(case.analysis.text) or not case.retrieval.hits:
        return False
    first = case.retrieval.hits[0].clause.id
    for p in (*case.picks, *case.candidates):
        text = as_now(p.text)
        if p.clause.id == first and any(shape.search(text[m.end() : m.end() + LIMIT_NEAR])
                                        for m in lex.states_limit.finditer(text)):
            return True
    return False


def told_anew(pattern: re.Pattern[str], text: str, question: str) -> re.Match[str] | None:
    """The first time or rhythm in `text` that the stretch of the question asking the time does not state
    itself: "每年得在啥时候之前报" says 每年 and asks when in the year, so a sentence's 每年 answers nothing.
    A time offered elsewhere for comparison (多久通报一次?是不是也跟资阳一样每月15号前?), or in a stretch that asks
    nothing but says 定期, is no frame."""
    frame = _time_frame(question)
    return next((m for m in pattern.finditer(text) if m.group(0) not in frame), None)


@lru_cache(maxsize=256)
def _time_frame(question: str) -> str:
    """The stretches of a question that ask a time (the same for every sentence and pattern it is held to)."""
    lex = lexicon()
    asks = [i.ask for i in lex.intents if i.name in ("time", "freq")]

    def asks_time(stretch: str) -> bool:  # 定期找年轻干部谈心 tells how, it asks no time
        return any(not lex.vague_time.fullmatch(m.group(0)) for a in asks for m in a.finditer(stretch))

    return "".join(s for s in re.split(r"[?？,，;；。]", question) if asks_time(s))


_GUESS_CLAUSE = re.compile(r"[^,，;；?？。]+?(?:吗|吧|么|嘛)(?=[?？,，]|$)")


def _amount_asking(question: str) -> re.Pattern[str]:
    """The words of a question that ask an amount (几天, 多少), with a time or count it only guesses in a
    clause of its own (一季度一次吗): none of them names the topic."""
    lex = lexicon()
    guesses = [w for m in _GUESS_CLAUSE.finditer(question) if not lex.asks_amount.search(m.group(0))
               for w in question_tokens(m.group(0)) if lex.amount_guess.match(w)]
    if not guesses:
        return lex.asks_amount
    return re.compile(f"{lex.asks_amount.pattern}|^(?:{'|'.join(map(re.escape, guesses))})$")


def _counted_by_listing(case: Case) -> bool:
    """"得几级领导签字?都是谁?": a count of things asked together with who or which they are is answered by
    the things the leading sentence lists (由纪检组组长、纪委协管常委、分管副书记层层审批): their number is the
    count, though no figure is written."""
    a = case.analysis
    # a.text is the whole message in a part of several too: 都是谁 may be the next part
    # the count is looked for first: re-reading the whole message's intents is the dear part
    if not case.picks or not lexicon().counts_items.search(a.text) or not asked_intents(a.text) & {"body", "list"}:
        return False
    return bool(lexicon().items_listed.search(as_now(case.picks[0].own_text)))


def amount_missing(case: Case) -> Refusal | None:
    """"几个工作日/多久一次": a sentence about the topic must state an amount in the unit asked (及时 or
    定期 is not one), and the sentence the answer leads with must state what was asked."""
    lex, analysis = lexicon(), case.analysis
    numeric = [i.answer for i in lex.intents if i.name in ("time", "freq", "count") and i.name in analysis.intents]
    if not analysis.asks_amount and not numeric:
        return None
    shape = amount_pattern(analysis.amount_text or analysis.text)
    if lex.asked_after.search(analysis.text):  # 会后几天内补报: 提前两个工作日 is the limit before, not after
        shape = re.compile(rf"(?<!提前)(?:{shape.pattern})")
    asks_rhythm = bool(lex.asks_period.search(analysis.text))
    if asks_rhythm:  # 多久谈一次: a rhythm (每年, 三个月一次); 提前两个工作日 is a lead time
        shape = re.compile(rf"(?<!提前)(?<!提前\s)(?:{shape.pattern})(?!\s*(?:以内|之内|内|前))")
    if lex.asks_threshold.search(analysis.text):  # 超过几天就得报批: a threshold; 7个工作日内办结 is a deadline
        shape = re.compile(rf"(?:{lex.states_threshold.pattern})\s*(?:{shape.pattern})|(?:{shape.pattern})\s*(?:以上|及以上)")
    named = analysis.named_docs if len(analysis.named_docs) == 1 and not analysis.compare and not analysis.model_docs \
        else frozenset()
    # the named place's own sentence must state it: "泾县……分几类" is not answered by 资阳's four classes
    stating = [p for p in case.picks if shape.search(as_now(p.text))]
    own_silent = bool(named) and analysis.asks_amount and bool(case.picks) and all(
        p.clause.doc_id not in named for p in stating)
    if own_silent and stating:  # another place states it: say whose documents are silent
        doc = case.index.docs.get(next(iter(named)))
        what = "具体的年龄界限" if lex.asked_age.search(analysis.text) else "所问的具体数量或时限"
        return Refusal("amount_missing", f"{REFUSAL}{doc.issuer if doc else '该地'}的文件没有规定{what}。")
    if not own_silent and _counted_by_listing(case):
        return None
    unstated = _each_unstated(case, shape)
    if unstated:
        return Refusal("amount_missing", _missing(case, f"“{unstated}”{'各自' if '、' in unstated else ''}的数量"))
    stated = not own_silent and (
        not analysis.asks_amount or _stated(case, shape, _amount_asking(analysis.text)) or _limit_first(case, shape))
    # the sentence the answer leads with states it; in a question of several parts, any chosen sentence may
    led_by = case.picks if analysis.several else case.picks[:1]
    # an amount the asker offers to confirm (干几年就得交流 5年吧) is asked, not told: stating it answers
    told = lex.confirms_amount.search(analysis.text)
    led = not numeric or not case.picks or any(told_anew(c, p.text, analysis.text) for c in numeric for p in led_by) or (
        told is not None and any(shape.search(as_now(p.text)) for p in led_by))
    if stated and led:
        return None
    # "定期谈心谈话": the rule asks for it but sets no figure; say so rather than that it is silent
    if lex.asked_age.search(analysis.text):  # 多大岁数以下: an age, which no 定期 stands for
        return Refusal("amount_missing", _missing(case, "具体的年龄界限"))
    share, topical = _most_topical(case, lambda text: analysis.topicality(text, 1.0))
    vague = lex.vague_time.search(topical.text) if topical is not None else None
    if vague and share >= NAMED_TOPIC:
        return Refusal("amount_missing", _missing(case, f"具体的时限或次数,只要求“{vague.group(0)}”进行"))
    # 多久谈一次心: a rhythm of a thing the question names is refused naming it (没有规定“谈心”的频次)
    if asks_rhythm and (of_thing := counted_thing_unstated(case)) is not None:
        return of_thing
    if told is not None:  # 得过三分之二才算通过吧: say which amount the documents do not set
        return Refusal("amount_missing", _missing(case, f"“{told.group('amount')}”这样的数量"))
    return Refusal("amount_missing", _missing(case, "问题所问的具体时限或数量"))


def amount_set_apart(case: Case) -> Refusal | None:
    """"纪检这些要害部门的一把手最多干几年": the sentence the answer leads with sets the amount for all
    (一地一岗不宜超过5年) and then sets apart the ones asked (组织人事、纪检……等重要部门的“一把手”,更要加速
    交流) without an amount of their own: the general figure is not theirs, and quoting it would say it is."""
    lex, analysis = lexicon(), case.analysis
    if not analysis.asks_amount or not case.picks:
        return None
    shape = amount_pattern(analysis.amount_text or analysis.text)
    sentence = as_now(case.picks[0].sentence)
    m = shape.search(sentence)
    if m is None:
        return None
    cut = re.search(r"[,，;；]", sentence[m.end() :])
    if cut is None:
        return None  # nothing follows the amount's clause: no one is set apart
    before, after = sentence[: m.end() + cut.start()], sentence[m.end() + cut.end() :]
    apart = lex.set_apart.search(after)
    if apart is None or shape.search(after):
        return None
    # a weighty word of the question said only of those set apart: they are whom the question asks about
    only_apart = [t for t in analysis.terms if len(t.word) >= 2 and t.found_in(after[: apart.start()]) > 0
                  and t.found_in(before) == 0 and t.weight >= SET_APART_WEIGHT]
    if not only_apart:
        return None
    general = re.split(r"[,，;；。]", before)[-1]
    group = after[: apart.start()].strip(",，;； ")
    said = apart.group(0) + re.split(r"[,，;；。]", after[apart.end() :])[0]
    return Refusal("amount_set_apart", f"{REFUSAL}文件只规定了一般情况(“{general}”),对{group}只说“{said}”,"
                                       "没有单独规定具体的数量或时限。")


SET_APART_WEIGHT = 2.0  # an everyday word (一把手, 干部) names no group of its own


def counted_thing_unstated(case: Case) -> Refusal | None:
    """"一年开几次全体会": a count asked of a thing named after it is a count of that thing. The quoted
    sentences that state a count must name it (a bridge counts); 每年开展1次证件检查 counts something else.
    Each thing counted (上报几次履职事项、谈几次话) needs a count of its own; so does each thing whose rhythm
    is asked (多久谈一次心: 提前两个工作日报备 and 沟通月度台账 time other things)."""
    lex, a = lexicon(), case.analysis
    if not case.picks:
        return None
    things = [_object_of(a.text[m.start() - 1] if m.start() > 0 else "", m.group(1))
              for m in lex.counted_after.finditer(a.text)]
    for m in lex.counted_before.finditer(a.text):  # 联席会议一年开几次: the event is the last document word
        # of the phrase before the count, or of the one before a comma (那个联席会议,一年开几回)
        asked = re.split(r"[;；。?？]", a.text[: m.end(1)])[-1]  # within the question it is asked in
        for piece in reversed(re.split(r"[的,，、]", asked)):
            event = [w for w in question_tokens(piece) if len(w) >= 2 and w in case.index.fulltext
                     and not _PERIOD_WORD.fullmatch(w)]
            if event:
                things.append(event[-1])
                break
    # 上报几次、谈话检查几次: an act counted by the count right after it is the thing counted
    things += [m.group(1) for m in lex.counted_act.finditer(a.text) if m.group(1) not in things
               and dictionary_tag(m.group(1)) in ("v", "vn") and m.group(1) in case.index.fulltext]
    rhythm = [_object_of(m.group(1), m.group(2)) for m in lex.rhythm_after.finditer(a.text)]
    counts = _unsaid(_COUNT_OF_TIMES, a.text)  # the question counts times: 14个 counts other things
    period = amount_pattern(a.amount_text or a.text)
    # each quoted sentence on its own (a merged quote holds several), split once for every thing asked
    quoted = [as_now(p.text[s:e]) for p in case.picks for s, e in sentence_spans(p.text)]
    for thing, shape, what in [*((t, counts, "次数") for t in things), *((t, period, "频次") for t in rhythm)]:
        words = [t for t in a.terms if t.word in thing]
        if not words and thing in case.index.fulltext:
            words = [Term(thing, 1.0)]
        stating = [x for x in quoted if shape.search(x)]
        if not words or not stating or any(t.found_in(x) > 0 for x in stating for t in words):
            continue
        if len(thing) == 2 and any(_split_held(thing, x) for x in stating):
            continue  # 开几次会: 召开1次联席会议 holds the verb and its object apart
        return Refusal("counted_thing_unstated", _missing(case, f"“{thing}”的{what}"))
    return None


def _object_of(verb: str, thing: str) -> str:
    """A one-character thing is the object of the verb a count splits off (谈几次话, 谈一次心: 谈话, 谈心)."""
    return verb + thing if len(thing) == 1 else thing


def consequence_missing(case: Case) -> Refusal | None:
    """"会给什么处分": a sentence about what was done wrong must name a consequence; the rule that was
    broken, restated, is not one."""
    lex = lexicon()
    if not case.analysis.asks_consequence or not case.picks:
        return None
    # the sanction words the question uses (处分 in "会给啥处分") are what it asks, not its topic: a sentence
    # about another case that names a 处分 does not answer it
    asked = re.compile(f"{lex.asks_consequence.pattern}|{lex.consequence.pattern}")
    # but a sanction it says is not reached (够不上处分) names its case, as the rule on that case does
    unreached = frozenset(w for m in lex.sanction_unreached.finditer(case.analysis.text)
                          for w in re.findall(lex.consequence.pattern, m.group(0)))
    named = lex.sanction if lex.asks_sanction.search(case.analysis.text) else lex.imposed
    if _stated(case, named, asked, keep=unreached):
        return None
    return Refusal("consequence_missing", _missing(case, "违反后的处分或后果"))


def failing_unaddressed(case: Case) -> Refusal | None:
    """"任前考试没考过,还能不能上任?": a question that states a requirement was not met and asks whether (or
    what follows) is answered by a sentence about the failing itself (不合格者不得从事, 未经纪委审查的不得提交,
    对…排名后3位的进行约谈). The requirement restated ("任职前必须经过…考试", "一般应给纪委留有一周") says
    nothing of what happens when it is not met: quoting it would read as an answer the documents do not give.
    Questions asking who, when or how many are judged by their own rules."""
    lex, a = lexicon(), case.analysis
    if not case.picks or not a.asks_what_follows:
        return None
    if not (lex.asks_whether.search(a.text) or a.asks_permission or a.asks_consequence or "consequence" in a.intents):
        return None
    if any(lex.follows_failing.search(p.text) for p in case.picks):
        return None
    rule = _requirement(case.picks[0].text, a)
    if rule:  # the requirement the cadre must still meet, in the document's words
        return Refusal("failing_unaddressed", f"{REFUSAL}文件只规定了“{rule}”,没有规定未达到要求时会怎样。")
    return Refusal("failing_unaddressed", _missing(case, "未达到要求时会怎样"))


REQUIREMENT_MAX = 40  # a longer requirement is for the cadre to read in the clause, not in the refusal


def _requirement(sentence: str, analysis: Analysis) -> str:
    """The phrase of the chosen sentence (between commas) that holds most of the question and states what
    is required of it (每年脱产进修时间不得少于20天): "" when none does or it is too long to quote."""
    phrases = [x.strip("…") for x in re.split(r"[,，;；。]", sentence) if x.strip("…")]
    binding = [x for x in phrases if lexicon().positive.search(x) or lexicon().negative.search(x)]
    best = strip_ordinal(max(binding, key=analysis.coverage, default=""))
    best = best.replace("“", "‘").replace("”", "’")  # it is quoted in its turn
    return best if 4 <= len(best) <= REQUIREMENT_MAX and analysis.coverage(best) > 0 else ""


def body_missing(case: Case) -> Refusal | None:
    """"交给哪个部门": the answer must name a body, in a sentence about what was asked."""
    if "body" not in case.analysis.intents or case.analysis.intents & {"list", "time", "freq"}:
        return None
    lex = lexicon()
    body = lex.intent("body")
    acting = _acting(case, body.ask)
    # asked whom a thing goes to (报给哪个部门), the body must be one it goes to: 书记……每半年报告1次 names
    # who reports, not to whom
    named = _recipient() if lex.asks_recipient.search(case.analysis.text) else body.answer
    if _stated(acting, named, body.ask, whole_clause=False, slots=True):  # named where the act is
        return None
    # 推荐者个人为首推责任人, 追究考察者的责任: being made answerable is the act asked of (谁担责) in the
    # documents' own words, wherever else its clause says 担责
    if _stated(case, lex.made_answerable, body.ask, whole_clause=False):
        return None
    return Refusal("body_missing", _missing(case, "由哪个部门或谁负责"))


@lru_cache(maxsize=1)
def _recipient() -> re.Pattern[str]:
    """A body a thing goes to: after 向/报送/提交/移交…, within a few characters (向县委组织部报告, 报县委组织部备案)."""
    lex = lexicon()
    return re.compile(rf"{lex.to_recipient.pattern}[^,，;；。]{{0,{RECIPIENT_NEAR}}}?{lex.body_name.pattern}")


RECIPIENT_NEAR = 12
ACT_NEAR = 6  # the act a body is asked of follows the asking words within this many characters


def _acting(case: Case, ask: re.Pattern[str]) -> Case:
    """The case without the sentences that pass over the act a body is asked of (交到哪个部门[保管], 由哪个机关负责
    [聘请]) in a clause that names it elsewhere: a body named in a sentence about another act (主要负责同志……请假
    外出, beside 证件的集中保管) is not who does this one."""
    asked = list(ask.finditer(case.analysis.text))
    if not asked:
        return case
    after = re.split(r"[,，。;；?？]", case.analysis.text[asked[-1].end() : asked[-1].end() + ACT_NEAR])[0]
    generic = lexicon().acting_generic
    acts = [t for t in case.analysis.terms if len(t.word) >= 2 and t.word in after and not ask.search(t.word)
            and t.word in case.index.fulltext and not generic.fullmatch(t.word)]
    if not acts:
        return case

    def holds(p: Pick) -> bool:  # a clause that never names the act may say it in its own words (约谈 for 谈话)
        return any(t.found_in(p.own_text) > 0 for t in acts) or not any(t.found_in(p.clause.text) > 0 for t in acts)

    return replace(case, picks=tuple(p for p in case.picks if holds(p)),
                   candidates=tuple(p for p in case.candidates if holds(p)))


MANNER_TAGS = frozenset({"d", "ad", "c", "f", "p", "r", "u"})  # jieba's adverb, conjunction, place-word … tags


def _manner(word: str) -> bool:
    """A word of manner (一起, 一块儿, 直接, 当面), not of what is done: jieba tags 一起 a numeral, but a word
    with a number in it (三分之二) is an amount, which a rule on it would state."""
    tag = dictionary_tag(word)
    return tag in MANNER_TAGS or (tag == "m" and not re.search(rf"[\d{CN_COUNT[1:]}百千万半]", word))



def _direction(point: str, word: str) -> bool:
    """A directional complement right after a one-character verb (报过去, 交上去, 转过来): which way the
    thing goes, not what is asked; 过去 there is no "the past" (jieba may tag the verb 报 a noun)."""
    at = point.find(word)
    tokens = question_tokens(point[:at]) if at >= 1 else []
    return word in DIRECTIONS and bool(tokens) and len(tokens[-1]) == 1 and point[at - 1] == tokens[-1]


SPLIT_GAP = 10  # characters a two-character verb's halves may stand apart within one phrase


def _split_held(word: str, text: str) -> bool:
    """A two-character word the asker contracts (报备) that the rule writes apart within one phrase (报组织
    人事部门备案): its halves in order, with no stop between them."""
    return len(word) == 2 and re.search(rf"{re.escape(word[0])}[^,，;；。]{{1,{SPLIT_GAP}}}{re.escape(word[1])}", text) is not None


def point_unaddressed(case: Case) -> Refusal | None:
    """"…还扣不扣年终绩效奖?": a yes/no question is answered only by a clause that speaks of what it asks.
    When the chosen clauses hold none of the asked words the documents know (two characters or more:
    a lone character matches inside unrelated words), the answer would be a rule on something else."""
    point, lex = case.analysis.asked_point, lexicon()
    if not point or not case.picks or (lex.modal_point.match(point) and not lex.approver_point.search(point)):
        return None
    terms = {t.word: t for t in case.analysis.terms}
    # A word no document uses counts when it is a term of art: a dictionary knows it and the everyday
    # thesaurus (词林) does not (扣[绩效奖金], 公证处): a rule on that thing would name it. An everyday word
    # (写[东西], 举几个[例子], [同一天]都走, 要[到场]) may stand for the documents' own words, even when 词林
    # offers some of theirs, and a fragment jieba guessed from the asker's coinage is no evidence.
    # a word of manner (一起, 一块儿, 直接, 当面) says how, not what: a rule on the matter need not use it
    # (同步……开展专项检查 answers 要不要一起查)
    words = [w for w in question_tokens(point) if len(w) >= 2 and not _manner(w) and not _direction(point, w)
             and (w in case.index.fulltext or (w in terms and bool(terms[w].bridges)) or term_of_art(w))]
    if not words:
        return None  # nothing known to look for
    text = "".join(p.clause.text for p in case.picks)
    if any((terms[w].found_in(text, 1.0) if w in terms else float(w in text)) > 0 or _split_held(w, text) for w in words):
        return None
    if any(o in text for w in words for o in lex.opposites.get(w, ())):
        return None  # 能口头交代吗: 应以书面形式办理 speaks of it, by prescribing the other way
    if case.analysis.asks_consequence and _imposes_untold(text, case.analysis.text):
        return None  # "常委要担责吗" is answered by the consequence the clause imposes (追究相关成员责任)
    if lex.failed_condition.search(case.analysis.text) and _imposes_untold(case.picks[0].text, case.analysis.text):
        return None  # "没过关,还能提拔吗" is answered by what the rule imposes on that failing (一票否决)
    return Refusal("point_unaddressed", _missing(case, f"“{re.sub('[啊吗呢呀吧嘛哇]+$', '', lex.modal_point.sub('', point))}”"))


def _imposes_untold(text: str, question: str) -> bool:
    """The text imposes a consequence the question does not already tell: "被约谈了,会不会扣绩效奖" knows
    of the 约谈 and asks what else follows; a rule imposing 约谈 does not answer it."""
    return any(m.group(0)[-2:] not in question for m in lexicon().imposed.finditer(text))


_LEFT_OPEN = re.compile(r"(?:能否|是否|可否|能不能|可不可以)[^,，;；。]{0,30}")


def whether_left_open(case: Case) -> Refusal | None:
    """"组长能不能在民主生活会上代表上级纪委点评": the sentence that speaks of it raises the same whether
    (建议明确……能否在民主生活会上代表上级纪委进行点评) and does not settle it. When the rarest question word
    the best sentence holds stands only inside such a whether, quoting it would read as a yes or a no."""
    a = case.analysis
    if not ("yesno" in a.intents or a.asks_permission) or not case.picks:
        return None
    text = case.picks[0].text
    spans = [m.span() for m in _LEFT_OPEN.finditer(text)]
    held = [t for t in a.terms if len(t.word) >= 2 and held_as_word(text, t.word)]  # not 长能 of 组长|能否
    if not spans or not held:
        return None
    key = max(held, key=lambda t: t.weight)
    at = [m.start() for m in re.finditer(re.escape(key.word), text)]
    inside = [next(((s, e) for s, e in spans if s <= i < e), None) for i in at]
    if any(span is None for span in inside):
        return None
    s, e = inside[0]  # type: ignore[misc]
    return Refusal("whether_left_open", f"{REFUSAL}文件只提出要明确“{text[s:e]}”,没有作出规定。")


def named_place_silent(case: Case) -> Refusal | None:
    """The question names one place: that place's document must answer it, not a neighbour's. A place
    held up as the model ("泾县是不是也像资阳那样……") is not one named (Analysis.named_docs): 泾县 is asked
    about, and 资阳's practice does not tell what 泾县 does."""
    named = case.analysis.named_docs
    if len(named) != 1 or case.analysis.compare or not case.picks:
        return None
    if any(p.clause.doc_id in named for p in case.picks):
        return None
    doc = case.index.docs.get(next(iter(named)))
    who = doc.issuer if doc else "该地"
    return Refusal("named_place_silent", f"{REFUSAL}{who}的文件没有规定这一点。")


MODEL_SHARE = 0.6  # the asked place's sentence must hold this share of the question words the model's does


# another place's sentence must hold this share of the question's words for the named place's silence to show:
# a colloquial question shares few words with any sentence, and the named place's may then be the answer
ELSEWHERE_WHOLE = 0.75
ELSEWHERE_HALF = 0.5  # with the named place's sentence holding under ELSEWHERE_OWN of what the other's holds
ELSEWHERE_OWN = 0.25


def named_place_off_topic(case: Case) -> Refusal | None:
    """"永顺县对乡镇党政正职同时请假外出有什么规定?": the named place's best sentence shares a stray word (同时)
    while another place's rule speaks to (nearly) the whole question. The named place is silent on it: say so, rather
    than quote its unrelated sentence; the other place's rule shows under 可能相关. Like model_unmatched with the
    best other place as the model, but judged by how many of the question's words the named place's sentence
    holds: one at most ("资阳对一把手监督有哪些措施" shares 一把手 and 监督 with 资阳's, and is answered)."""
    a = case.analysis
    if len(a.named_docs) != 1 or a.compare or a.model_docs or not case.picks:
        return None
    words = a.within_named_place()
    if len(words.terms) < 3:
        return None  # too few words to tell a stray one from the topic
    theirs = max((words.coverage(p.text) for p in case.candidates if p.clause.doc_id not in a.named_docs),
                 default=0.0)
    own = [p for p in case.picks if p.clause.doc_id in a.named_docs]
    held = max((sum(t.found_in(p.text) > 0 for t in words.terms) for p in own), default=0)
    # another place's rule that holds half the question (乡镇党政正职……不得同时请假外出, asked of 资阳 as
    # 乡镇长能不能同时请假出去) is its topic too, when the named place's sentence holds a small part of that
    mine = max((words.coverage(p.text) for p in own), default=0.0)
    if held > 1 or theirs < ELSEWHERE_HALF or (theirs < ELSEWHERE_WHOLE and mine > ELSEWHERE_OWN * theirs):
        return None
    doc = case.index.docs.get(next(iter(a.named_docs)))
    return Refusal("named_place_off_topic", f"{REFUSAL}{doc.issuer if doc else '该地'}的文件没有规定这一点。")


def model_unmatched(case: Case) -> Refusal | None:
    """"泾县有没有像资阳那样搞“四方会审”?": the asked place's own sentence must speak of what the model
    place does about as much as the model's sentence does; a 泾县 sentence that shares only the topic's
    general words tells nothing of whether 泾县 does the same."""
    a = case.analysis
    model = a.model_docs
    if not model or len(a.named_docs) != 1 or not case.picks:
        return None
    words = a.within_named_place()
    own = max(words.coverage(p.text) for p in case.picks)
    theirs = max((words.coverage(p.text) for p in case.candidates if p.clause.doc_id in model), default=0.0)
    if own >= MODEL_SHARE * theirs:
        return None
    doc = case.index.docs.get(next(iter(a.named_docs)))
    like = "、".join(issuer_place(case.index.docs[d].issuer) for d in sorted(model))
    return Refusal("model_unmatched", f"{REFUSAL}{doc.issuer if doc else '该地'}的文件没有规定这一点,"
                                      f"{like}的做法见下方“可能相关”。")


PLACE_UNNAMED = Refusal("place_unnamed", f"{REFUSAL}相关文件没有写明是哪个地方。")


def place_unnamed(case: Case) -> Refusal | None:
    """"那篇经验材料说的是哪个市?": a place is asked, so the answer must come from a document that names
    its place (an issuer's place: 泾县, 资阳市); a text whose author and city are not named ("驻市市场监管局")
    does not tell which one."""
    a = case.analysis
    if a.named_docs or not case.picks or not lexicon().asks_place.search(a.text):
        return None
    if any(issuer_place(case.index.docs[p.clause.doc_id].issuer) for p in case.picks
           if p.clause.doc_id in case.index.docs):
        return None
    return PLACE_UNNAMED


LISTING_LEAD = "明确规定包括有"  # the verb before a partial list (明确……等20个部门), not part of what it lists


def _listing(text: str, m: re.Match[str]) -> str:
    """The partial list that `m` (……等20个部门, a lexicon.listed_some match) closes: from the last mark before it."""
    start = max((text.rfind(mark, 0, m.start()) for mark in ",,;;。:："), default=-1) + 1
    return text[start : m.end()]


def listed_in_part(case: Case) -> Refusal | None:
    """"那13种情形能不能全部列一下": the chosen sentence names a few of them and ends 等13种 — the documents
    give the number, not the list; say so rather than pass three items off as the thirteen."""
    lex, question = lexicon(), case.analysis.text
    asked = lex.counted_set.search(question)
    if asked is None or not (lex.asks_listing.search(question) or lex.set_items_asked.search(question)) or not case.picks:
        return None
    size = _as_number(asked.group(1))
    text = case.picks[0].clause.text
    for m in lex.listed_some.finditer(text):
        if _as_number(m.group(1)) != size:
            continue
        listed = _listing(text, m).lstrip(LISTING_LEAD)
        return Refusal("listed_in_part", f"{REFUSAL}文件只列举了其中几项(“{listed}”),没有列出全部{size}"
                                         f"{asked.group(2)}。")
    return None


def list_head_unnamed(case: Case) -> Refusal | None:
    """"回避的亲属包括哪些": a list asked of a thing (亲属) that no document names, and that no chosen clause
    names in another form (a 词林 synonym, a longer document word): whatever the clause lists (任职回避、
    定期轮岗) is not that thing's items."""
    a = case.analysis
    m = lexicon().asked_list_of.search(a.text)
    if m is None or "list" not in a.intents or not case.picks:
        return None
    head = question_tokens(m.group(1))
    thing = head[-1] if head else ""
    term = next((t for t in a.terms if t.word == thing), None)
    # a word with no bridge at all (学历) was dropped: nothing in any clause stands for it
    if (term is None and thing not in a.dropped) or len(thing) < 2 or thing in case.index.fulltext \
            or not dictionary_tag(thing).startswith("n"):
        return None
    if term is not None and any(term.found_in(p.clause.text) > 0 for p in case.picks):
        return None
    return Refusal("list_head_unnamed", _missing(case, f"“{thing}”的具体范围"))


def member_unlisted(case: Case) -> Refusal | None:
    """"公安局是不是联席会议成员?": the chosen sentence names a few members and ends 等20个部门, none of them
    the body asked about. The documents do not say whether it is one; quoting the partial list would read
    as a no (or, worse, as a yes)."""
    lex = lexicon()
    if not case.picks or not lex.asks_whether.search(case.analysis.text):
        return None
    if case.analysis.asks_amount:  # 几号前要把信息报组织部,15号吧: it asks a date, not whether one is a member
        return None
    # the asker (有没有财政局) is no part of the body's name
    asked = [b.lstrip("和与及跟同有") for b in lex.named_body.findall(lex.asks_whether.sub("、", case.analysis.text))]
    text = case.picks[0].clause.text
    for m in lex.listed_some.finditer(text):
        listed = _listing(text, m)
        if asked and not any(b in listed for b in asked):
            return Refusal("member_unlisted", f"{REFUSAL}文件只列举了其中几个(“{listed.lstrip(LISTING_LEAD)}”),"
                                              f"没有说明是否包括{'、'.join(asked)}。")
    return None


def other_rank(case: Case) -> Refusal | None:
    """"副职在一个岗位最长干几年": the sentence that would answer sets the rule for 一把手 (一个“一把手”在一地一岗
    不宜超过5年) and says nothing of deputies. A rule for one rank is no rule for another: say whose rule it is."""
    lex = lexicon()
    asked = lex.deputy.search(case.analysis.text)
    if asked is None or lex.principal.search(case.analysis.text) or not case.picks:
        return None
    lead = case.picks[0].text
    ruled = lex.principal.search(lead)
    if ruled is None or lex.deputy.search(lead):
        return None
    return Refusal("other_rank", f"{REFUSAL}文件规定的是{ruled.group(0)}的,没有规定{asked.group(0)}的。")


def _as_number(numeral: str) -> str:
    """13 and 十三 alike, as digits (a numeral cn_to_int cannot read stays as written)."""
    return numeral if numeral.isdigit() else str(cn_to_int(numeral) or numeral)


def choice_unaddressed(case: Case) -> Refusal | None:
    """"证件放组织部还是纪委?": when both alternatives are bodies and the chosen sentences name neither, the
    documents do not say which; quoting a sentence about the topic would look like an answer. So too when
    the alternatives are amounts or times the sentences do not state (过半数还是三分之二, 年初还是年底), or items the sentence lists
    side by side (直审、抽审) without saying which the case asked gets."""
    lex = lexicon()
    pieces = re.split(r"[?？,,;；]", case.analysis.question.strip().rstrip("?？"))
    last = pieces[-1]
    if last.startswith("还是") and len(pieces) >= 2:  # 是组织部长来谈,还是纪委书记来谈: one either-or
        last = pieces[-2] + last
    m = lex.asked_choice_bodies.search(last)
    if m is None or not case.picks:
        return None
    amounts = [_CHOICE_AMOUNT.search(x) or _CHOICE_TIME.search(x) for x in (m.group(1), m.group(2))]
    if amounts[0] and amounts[1]:  # 过半数还是三分之二: the amounts offered are the alternatives
        a, b = amounts[0].group(0), amounts[1].group(0)
        text = "".join(as_now(p.text) for p in case.picks)
        return None if a in text or b in text else Refusal("choice_unaddressed", _missing(case, f"是{a}还是{b}"))
    # the alternatives without the verb that leads into them (交给组织部还是公安局 → 组织部, 公安局)
    a, b = (_alternative(x) for x in (m.group(1), m.group(2)))
    text = "".join(p.text for p in case.picks)
    core_a, core_b = _body_core(a), _body_core(b)  # 组织部还是公安局, listed as 组织、公安两部门
    if len(core_a) >= 2 and len(core_b) >= 2 and (f"{core_a}、{core_b}" in text or f"{core_b}、{core_a}" in text):
        # 分类明确直审、抽审、内审等多种方式: both offered as items of one list, neither given to the case asked
        return Refusal("choice_unaddressed", _missing(case, f"是{a}还是{b}"))
    if lex.consequence.search(a) and lex.consequence.search(b):  # 诫勉还是党纪处分: sanctions, neither named
        return None if any(x in text for x in (a, b)) else Refusal("choice_unaddressed", _missing(case, f"是{a}还是{b}"))
    if not (lex.body_word.search(a) and lex.body_word.search(b)):
        return None
    if any(x in text or x.rstrip("部门") in text for x in (a, b)):
        return None
    return Refusal("choice_unaddressed", _missing(case, f"是{a}还是{b}"))


def bodies_offered(text: str) -> bool:
    """An either-or between bodies ("市委还是市纪委?"): beside 是哪个单位发的, it asks the same who."""
    lex = lexicon()
    m = lex.asked_choice_bodies.search(re.sub(r"[?？。!！]+$", "", text))
    return m is not None and all(lex.body_word.search(_alternative(x)) for x in m.groups())


def _body_core(name: str) -> str:
    """A body's name without the word for its kind (组织部 → 组织, 公安局 → 公安): how a list of bodies names
    them side by side (纪检监察、组织、保密、公安等部门)."""
    core = re.sub(r"(?:部门|部|局|厅|委员会)$", "", name)
    return core if len(core) >= 2 else name


def _alternative(words: str) -> str:
    """One alternative of an either-or without the verbs around it: 交公安局保管 → 公安局; 护照是统一交组织部
    → 组织部 (what follows the last verb that leads into a body); 组织部统一锁着 → 组织部."""
    lex = lexicon()
    core = lex.choice_tail.sub("", lex.choice_lead.sub("", words))
    core = re.split(lex.choice_lead.pattern.lstrip("^"), core)[-1] or core
    # what is done with it may follow in words of the asker's own (组织部统一锁着): the name ends on a body word
    named = re.match(rf".*(?:{lex.body_word.pattern.rstrip('$')})", core)
    return named.group(0) if named else core


def _asked_unstated(case: Case, asks: re.Pattern[str], states: re.Pattern[str]) -> bool:
    """The question asks something (`asks`) that no sentence about its topic states (`states`), in the
    sentence itself: a neighbour in the clause speaks of something else."""
    return (bool(asks.search(case.analysis.text)) and bool(case.picks)
            and not _stated(case, states, asks, whole_clause=False))


def reason_missing(case: Case) -> Refusal | None:
    """"是因为啥问题被取消的": the sentence about what happened must also say why (or to what end, or on
    what condition); a report that it happened is no reason."""
    lex = lexicon()
    if not case.analysis.asks_reason or not _asked_unstated(case, lex.asks_reason, lex.reason):
        return None
    if any(lex.purpose_opening.match(p.text) for p in case.picks):
        return None  # the quote was taken back to the purpose written before it (为切实加强……。近日,……出台)
    if any(lex.cause_opening.search(p.sentence[: p.start - p.sentence_span[0]]) for p in case.picks):
        return None  # the quote was cut from a sentence that opens with its cause (由于……,……人手少(3-5人))
    return Refusal("reason_missing", f"{REFUSAL}相关条款只说了这件事,没有说明原因。")


def rank_missing(case: Case) -> Refusal | None:
    """"派驻纪检监察组组长一般是啥级别": the sentence about the post must state a rank; one that names
    不同级别监督对象 speaks of others' ranks."""
    lex = lexicon()
    if not _asked_unstated(case, lex.asks_rank, lex.rank):
        return None
    return Refusal("rank_missing", _missing(case, "所问的职级"))


def sanction_unimposed(case: Case) -> Refusal | None:
    """"连续两年排后3位,是不是就直接免职了?": a sanction asked of by name (免职, or a grade: 记过), in a clause that asks whether
    (or which: 诫勉还是免职), is answered only by a rule that imposes it; the 约谈 a rule imposes on that
    case says nothing of 免职, and quoting it would read as a yes or a no."""
    lex = lexicon()
    if not case.picks:
        return None
    asked = [m for clause in re.split(r"[,，;；。?？]", case.analysis.text)
             if lex.asks_whether.search(clause) or "还是" in clause or lex.intent("yesno").ask.search(clause)
             for m in lex.named_sanction.finditer(clause)]
    if not asked:
        return None
    stems = [m.group("stem") or _SPOKEN_SANCTION[m.group("said")] for m in asked]  # 给免了 asks of 免职
    text = "".join(p.clause.text for p in case.picks)
    if any(stem in text for stem in stems):
        return None
    return Refusal("sanction_unimposed", _missing(case, f"“{stems[0]}”这样的处理"))


_SPOKEN_SANCTION = {"免": "免职", "撤": "撤职", "撸": "免职"}


def name_unstated(case: Case) -> Refusal | None:
    """"被取消评优资格的那个一把手叫啥名": a person's name is asked; the documents tell of cases without naming
    anyone, so only a quoted sentence holding a personal name (a byline's 张辉) answers."""
    if not case.picks or not lexicon().asks_name.search(case.analysis.text):
        return None
    # a name is a word jieba tags a person's in context that its dictionary does not hold as a word (邹福君,
    # 张辉; not 宣传部 or 廉政, which it also tags so)
    if any(flag == "nr" and 2 <= len(w) <= 3 and not in_dictionary(w) for p in case.picks for w, flag in tagged(p.text)):
        return None
    return Refusal("name_unstated", _missing(case, "所问的人的姓名"))


def criterion_missing(case: Case) -> Refusal | None:
    """"“蜗牛杯”是按什么标准评出来的": the sentence about the thing must state a standard, a condition or
    what it is judged by; one that only names the thing does not answer."""
    lex = lexicon()
    if not _asked_unstated(case, lex.asks_criterion, lex.criterion):
        return None
    return Refusal("criterion_missing", _missing(case, "所问的标准或条件"))


AFTER_CHOICE: tuple[Callable[[Case], Refusal | None], ...] = (
    named_place_silent, model_unmatched, named_place_off_topic, place_unnamed, amount_missing, amount_set_apart, counted_thing_unstated,
    consequence_missing, failing_unaddressed, body_missing, member_unlisted, other_rank,
    whether_left_open, sanction_unimposed, point_unaddressed, listed_in_part, list_head_unnamed, reason_missing, criterion_missing,
    rank_missing, name_unstated, choice_unaddressed)


def first_refusal(rules: Sequence[Callable[[Case], Refusal | None]], case: Case) -> Refusal | None:
    for rule in rules:
        found = rule(case)
        if found is not None:
            return found
    return None


# --- amounts ------------------------------------------------------------------------------------

# a range (3-5人) is one amount, and so is an approximate one (30余次, 20多个)
_NUMBER = rf"[\d{CN_COUNT}半]+(?:\s*[-—~～至到]\s*[\d{CN_COUNT}]+)?\s*(?:余|多)?\s*"
# a period of months is "N个月": "5月" is a date (今年5月), no time limit
_TIME_UNITS = r"工作日|天|日|周|星期|年"
# 2021年 is a year, not a period of one: "多长时间内不能提拔" is not answered by 2021年同…沟通30余次
_PERIOD = rf"(?<![\d每])(?!(?:19|20)\d{{2}}\s*年){_NUMBER}(?:个?(?:{_TIME_UNITS})|个月)"  # 每半年 is a rhythm
# a rhythm answers "多久一次" as a number does
# 月度台账, 季度分析: kept each month or quarter (一季度, 本季度 name one quarter, a date)
_RHYTHM = r"每(?:年|半年|季度|个?月|周|星期|天|日)|(?<![\d一二三四本上下年])(?:月度|季度)"
_DAYS = "工作日|天|日|周|星期"  # a number of days may be stated in weeks
_MONEY = "(?:万|亿)?元|万"
# a share of a whole: a percentage, a fraction, 一成 … 九成
_SHARE = rf"\d+(?:\.\d+)?\s*[%％]|百分之[\d{CN_DIGITS}]+|[{CN_DIGITS}\d]+分之[{CN_DIGITS}\d]+|[{CN_DIGITS[:-1]}]成"
_TWO_COUNTS = r"\d+\s*[:：比]\s*\d+"  # 1:2, a ratio of two counts
_RATIO = re.compile(rf"{_SHARE}|{_TWO_COUNTS}")  # 多少比例: a share, or a ratio of two counts (1:2)
_RATE = re.compile(rf"{_SHARE}|过半数|半数")  # a rate (得票率) is a share; 1:2 is not one
_SHARE_ONLY = re.compile(_SHARE)  # 占多大比例: a part of a whole
# a time of the year or of a meeting offered as one side of an either-or (年初查还是年底查, 会前报还是会后补)
_CHOICE_TIME = re.compile(r"年初|年中|年底|年末|上半年|下半年|月初|月中|月底|月末|季度末|季末|会前|会后|事前|事后")
# an amount offered as one side of an either-or: a share or majority, or a count of a unit
_CHOICE_AMOUNT = re.compile(rf"{_SHARE}|过半数|半数|[\d{CN_COUNT}]+\s*个?(?:工作日|季度|月|年|周|天|日|次|人|名|票)")
_CLASSES = r"[\u4e00-\u9fff]{0,8}?类别"
_UNIT_ALTS = {"工作日": _DAYS, "天": _DAYS, "日": _DAYS, "年": "年", "月": "个月", "周": "周|星期", "篇": "篇", "份": "份",
              "次": "次", "人": "人|名|位", "名": "名|人|位", "位": "位|名|人", "种": "种|类|项", "项": "项|条|种", "家": "家|个",
              # classes may be counted as 四个经济责任审计类别
              "类": f"类|种|{_CLASSES}", "级": "级", "档": f"档|类|级|等|{_CLASSES}", "批": "批", "部分": "部分|方面", "号": "日|号",
              "回": "次|回", "趟": "次|趟", "遍": "次|遍", "字": "字", "页": "页",
              "钱": _MONEY, "元": _MONEY, "万元": _MONEY, "万": _MONEY, "金额": _MONEY, "分": "分(?![之钟管工别])"}


_PERIOD_WORD = re.compile(r"[一每半]?(?:年|季度|个?月|周|天)|每\w{1,3}")  # 一年, 每季度: when, not what is counted
_COUNT_OF_TIMES = re.compile(rf"{_NUMBER}(?:次|回|趟|遍)")
_MONTH = re.compile(r"(?<![\d个])\d{1,2}\s*月(?!\s*(?:以内|之内|内))")  # 今年5月, not 1个月内
_DAY = re.compile(r"(?:\d{1,2}\s*月|每个?月)\s*\d{1,2}\s*[日号]")  # a day of the month, also of each month (每月15日前)
_DATE = re.compile(rf"(?:19|20)\d{{2}}\s*年|{_DAY.pattern}")  # a year, or a day of the month


@lru_cache(maxsize=256)  # asked of the same question by the choice and by several rules
def amount_pattern(question: str) -> re.Pattern[str]:
    """What a stated amount must look like to answer this question (any amount when no unit is asked),
    and not one the question itself states: "资阳113个单位里,A类各有多少个" asks of the 113, not for
    them. An either-or (一个月一次还是一个季度一次) offers its answer, so its amounts stay."""
    return _bounded(_unsaid(_amount_shape(question), question), question)


def _bounded(shape: re.Pattern[str], question: str) -> re.Pattern[str]:
    """A least asked (最少得干满几年) is not answered by a most (不宜超过5年, 7个工作日内), nor a most
    (最多能请几天) by a least (不得少于20天, 不低于1:2): the bound must point the way asked."""
    lex = lexicon()
    if lex.asks_least.search(question) and not lex.asks_most.search(question):
        return re.compile(rf"(?<!超过)(?<!超过\s)(?:{shape.pattern})(?!\s*(?:以内|之内|内|以下))")
    if lex.asks_most.search(question) and not lex.asks_least.search(question):
        return re.compile(rf"(?<!少于)(?<!低于)(?<!至少)(?:{shape.pattern})(?!\s*以上)")
    return shape


def _amount_shape(question: str) -> re.Pattern[str]:
    lex = lexicon()
    if dated := list(lex.asked_date.finditer(question)):  # 哪年哪天印发: a year or a day, not 今年5月
        return _DATE if any(m.group("year") for m in dated) else _DAY  # 几月几号: the day, not 2021年 alone
    if lex.asked_month.search(question):  # 几月份发的: 今年5月, not 1个月内
        return _MONTH
    if lex.asked_rate.search(question):  # 得票率要达到多少, 满意率低于多少比例: a percentage, not 1:2
        return _RATE
    if lex.asked_ratio.search(question):  # 超过多少比例: a share, not 一方面
        # 占多大比例 asks a part of a whole: a share; 1:2 (考察人选 to posts) is a ratio of two counts
        return _SHARE_ONLY if lex.asked_part.search(question) else _RATIO
    if lex.asked_age.search(question):  # 多大岁数以下: an age
        return re.compile(rf"{_NUMBER}周?岁")
    m = lex.asked_unit.search(question)
    told = lex.confirms_amount.search(question) if m is None else None
    if told is not None:  # 公示一般是5个工作日吧: an amount of the kind told (三分之二: a share; 35岁: an age)
        share, rate, unit, majority = told.group("share", "rate", "unit", "majority")
        if share or rate or majority:
            return _RATIO if share else _RATE  # 过半数 is a rate, as 得票率 is
        if unit == "岁":
            return re.compile(rf"{_NUMBER}周?岁")
        # a time told may be wrong in its unit too (一个月内办完吧 of a 7个工作日 rule); 一年一回: 每年 states it
        return re.compile(rf"{_PERIOD}|{_RHYTHM}")
    if m is None or len(re.findall(r"几|多少|多久|多长时间", question)) > 1:  # "多少个单位…分成几类": either will do
        return lex.amount
    if m.group(1) is None:  # 多久, 多长时间
        if _WITHIN.search(question):  # 约谈后多长时间内须提交: a time limit, which no rhythm (每半年) states
            return re.compile(rf"{_PERIOD}|第一时间")
        return re.compile(rf"{_PERIOD}|{_RHYTHM}|第一时间")
    # a day of the month (每月15日前) is a date, no number of days
    date = rf"(?<![月\d{CN_COUNT}])" if _UNIT_ALTS[m.group(1)] == _DAYS else ""
    # how many people for one place (一个位子最少几个人来比) is told by a ratio of people to places (1:2); how
    # many make up a team (考察组几个人) is not
    per = rf"|{_TWO_COUNTS}" if m.group(1) in _PEOPLE and lexicon().per_place.search(question) else ""
    # 多少项 is answered by 提请监督项44个 too: the counted noun ends in the measure word, its count follows
    after = rf"|(?<={m.group(1)}){_NUMBER}个" if m.group(1) in _COUNTED_BEFORE else ""
    return re.compile(rf"{date}{_NUMBER}个?(?:{_UNIT_ALTS[m.group(1)]}){per}{after}")


_COUNTED_BEFORE = frozenset({"项", "条", "种", "类"})  # measure words a noun may end in (监督项, 负面清单条)


_PEOPLE = frozenset({"人", "名", "位"})


_WITHIN = re.compile(r"(?:多长时间|多久|多少时间)(?:以|之)?内")


def _unsaid(shape: re.Pattern[str], question: str) -> re.Pattern[str]:
    said = sorted({m.group(0).strip() for m in shape.finditer(question) if re.search(r"\d|[" + CN_COUNT + "]", m.group(0))},
                  key=len, reverse=True)
    if not said or "还是" in question or lexicon().confirms_amount.search(question):
        return shape  # an either-or offers its answer; an amount asked to confirm is the one to find
    # a number is read whole: 13个 inside 113个 is the 113
    return re.compile(rf"(?<![\d{CN_COUNT}])(?!(?:{'|'.join(map(re.escape, said))}))(?:{shape.pattern})")
