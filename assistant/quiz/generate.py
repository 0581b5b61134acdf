"""Turn the rules of the documents into quiz items and pick a paper: one item per statement, binding rules first.

Each fact of a rule offers candidate items (a cloze of a time limit, a single choice among bodies or system
names, a multiple choice over a closed list, a judge item that changes one detail…). Candidates that fail
`check_item` against the whole knowledge base are dropped; a paper then takes at most one item per statement (a
sentence, or each part of a long one) under the paper-wide rules of `_pick` (no key twice, no fact twice, no item
that shows another's answer, practice a small part), and marks it out of 100; a bank takes every item. Fewer
statements than asked for give fewer items, with a note that says why."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from assistant.quiz import distractors as dis
from assistant.quiz.check import check_item
from assistant.quiz.facts import BODY, SHORT_BODIES, Fact, body_family, body_mentions, find_facts
from assistant.quiz.rules import (
    DETAIL_SWAPS,
    MAX_DUTY,
    MEASURE_OBJECTS,
    MEASURES,
    Rule,
    all_sets,
    carries_specific,
    closed_runs,
    consequence_spans,
    corpus_terms,
    facts_of,
    measure_weight,
    rules_of,
    states_specific,
)
from assistant.quiz.text import (
    BLANK,
    PAREN,
    finish,
    heading,
    lead_for,
    segments,
    sentence_of,
    short_title,
    source_label,
    strip_lead,
    window,
)
from assistant.quiz.types import (
    FALSE,
    JUDGE_OPTIONS,
    PAPER_TOTAL,
    POINTS,
    TRUE,
    TYPES,
    QuizCitation,
    QuizError,
    QuizItem,
    QuizOptions,
    QuizResult,
)
from knowledge.catalog import issuer_shown
from knowledge.index import Index
from knowledge.numerals import CN_AMOUNT, CN_COUNT, cn_to_int, int_to_cn
from knowledge.sentences import full_sentence_span, split_sentences
from knowledge.tokenize import tokenizer
from knowledge.types import Clause

LETTERS = "ABCDEFGH"
QUANTITY_KINDS = ("duration", "frequency", "date", "count", "ratio")
BUDGET = {"easy": 72, "medium": 64, "hard": 52}  # characters of the clause a stem carries around the key
FALSE_VARIANTS = 3  # changes per false statement: the paper takes one no other statement makes
VARIANTS = 6  # draws of wrong options per choice item: the paper takes one whose wrong options no item shows
MAX_QUOTE = 170  # characters of the rule an explanation quotes before it quotes the stem's span only
# what a cadre must know, most first: prohibitions and deadlines, who approves, named systems, consequences
_WEIGHT = {"duration": 1.0, "frequency": 0.95, "date": 0.95, "count": 0.8, "ratio": 0.9, "body": 0.9,
           "bodygroup": 0.95, "term": 0.95, "set": 0.9, "list": 0.6, "role": 0.85, "obligation": 0.8, "duty": 0.5,
           "consequence": 0.85, "capacity": 0.85, "bodies": 0.7}
FACT_LABELS = {"duration": "时限", "frequency": "频次", "date": "时限", "count": "数量", "ratio": "比例",
               "body": "责任主体", "bodygroup": "责任主体", "role": "责任主体", "term": "制度名称",
               "set": "名称集合", "list": "列举", "obligation": "禁止与义务", "duty": "工作要求", "statement": "综合",
               "consequence": "处理后果", "capacity": "身份", "bodies": "责任主体"}
# share of a paper by type, before supply bends it
_SHARE = {"cloze": 0.25, "single": 0.3, "multiple": 0.2, "judge": 0.25}
_MODALS = ("不得", "严禁", "禁止", "必须", "原则上不得")


@dataclass(frozen=True)
class Candidate:
    item: QuizItem
    rule: Rule
    score: float
    variant: str = ""  # judge: "true" / "false"
    # the part of the clause the item states (its stem's window, or a judge's statement): a paper may ask two
    # parts of one long sentence ("应以书面形式办理工作交接" and "工作交接一般应在7个工作日内办结"), never one twice
    span: tuple[int, int] = (0, 0)


# ---------------------------------------------------------------- entry points

def generate_quiz(index: Index, options: QuizOptions) -> list[QuizItem]:
    """The items of `build_quiz`; fewer than `options.count` when the documents support fewer."""
    return list(build_quiz(index, options).items)


def build_quiz(index: Index, options: QuizOptions) -> QuizResult:
    clauses = select_clauses(index, options)
    rules = rules_of(index, clauses, options.include_practice)
    if not rules:
        hint = "" if options.include_practice else ";所选范围只有范文、新闻报道或评论文章时,可加 --include-practice"
        raise QuizError(f"所选范围内没有可出题的条文(时限、审批主体、禁止性规定、制度名称等){hint}")
    rng = random.Random(options.seed)
    sets = all_sets(index)
    names = corpus_terms(index)
    # closed runs ("平时考核、专项考核、一线考核") lend their items to other runs of their kind
    runs = [f for r in rules_of(index, index.clauses, True) for f in closed_runs(r, [])]
    pools = dis.build_pools([f for c in index.clauses for f in _clause_facts(c, sets, names)] + runs, index.clauses)
    wanted = set(options.types)
    by_rule: dict[str, list[Candidate]] = {}
    doc_clauses: dict[str, list[Clause]] = {}
    for c in index.clauses:
        doc_clauses.setdefault(c.doc_id, []).append(c)
    for rule in rules:
        facts = facts_of(rule, sets, names)
        # a true statement must state a specific; one holding a detail to change (作为…的重要参考) or a
        # consequence ("…的干部及时移交纪检监察机关和司法机关") is asked by changing it (_Maker.judges)
        true_ok = carries_specific(rule, facts)
        for fact in facts:
            maker = _Maker(rule, fact, pools, names, rng, options.difficulty, doc_clauses[rule.clause.doc_id],
                           true_ok)
            for cand in maker.candidates(wanted):
                if answered_by_issuer(cand.item, rule) or implausible_swap(cand.item, rule, index):
                    continue
                if not check_item(cand.item, index):
                    by_rule.setdefault(rule.id, []).append(cand)
    available = len(by_rule)
    rule_of = {r.id: r for r in rules}
    # an earlier paper's sentences stay out whole, to their 。: a part it did not ask is the same clause to a trainer
    asked_before = {_full_stop(rule_of[k]) for k in options.exclude_rules if k in rule_of}
    open_rules = {k: v for k, v in by_rule.items()
                  if k not in options.exclude_rules and _full_stop(rule_of[k]) not in asked_before}
    if options.bank:
        picked = _bank(open_rules)
    else:
        picked = _pick(open_rules, rule_of, options, rng)
        picked = [c for c in picked if not check_item(c.item, index)]  # 「下列说法正确的是」 items, made late
    order = {t: i for i, t in enumerate(TYPES)}
    picked.sort(key=lambda c: (order[c.item.type], not c.rule.binding, c.rule.clause.doc_id,
                               c.rule.clause.ordinal, c.span))
    picked = _spread(picked)
    marks = POINTS if options.bank else paper_marks(Counter(c.item.type for c in picked))
    items = tuple(replace(c.item, id=f"q{i:03d}", points=marks[c.item.type]) for i, c in enumerate(picked, 1))
    return QuizResult(items, available, tuple(_notes(items, options, by_rule, rule_of, rules)))


def _spread(picked: list[Candidate]) -> list[Candidate]:
    """Document order within each type, except that an item does not follow one offering a wrong option of the
    same family (巡察 in items 22, 23, 24 and 25 reads as "巡察 is never the answer"): it waits for the next item."""
    out: list[Candidate] = []
    rest = list(picked)
    while rest:
        last = out[-1] if out else None
        fams = set(wrong_families(last.item)) if last else set()
        group = [c for c in rest if c.item.type == rest[0].item.type and c.rule.binding == rest[0].rule.binding]
        # nor does an item follow one asked from the same sentence (two items of one sentence side by side read as
        # one exercise, and the second is half answered by the first)
        nxt = next((c for c in group if not fams & set(wrong_families(c.item))
                    and not (last and last.rule.id == c.rule.id)),
                   next((c for c in group if not (last and last.rule.id == c.rule.id)), rest[0]))
        rest.remove(nxt)
        out.append(nxt)
    return out


def _clause_facts(clause: Clause, sets: list, names: set[str]) -> list[Fact]:  # type: ignore[type-arg]
    return find_facts(clause, sets)


def select_clauses(index: Index, options: QuizOptions) -> list[Clause]:
    unknown = [d for d in options.doc_ids if d not in index.docs]
    if unknown:
        raise QuizError(f"索引中没有文档 {', '.join(unknown)};可选: {', '.join(sorted(index.docs))}")
    clauses = [c for c in index.clauses if not options.doc_ids or c.doc_id in options.doc_ids]
    if options.headings:
        clauses = [c for c in clauses if any(h in p for h in options.headings for p in c.path)]
        if not clauses:
            raise QuizError(f"没有条款位于标题 “{'、'.join(options.headings)}” 之下,请检查 --heading 的写法")
    return clauses


def _notes(items: tuple[QuizItem, ...], options: QuizOptions, by_rule: dict[str, list[Candidate]],
           rule_of: dict[str, Rule], rules: list[Rule]) -> list[str]:
    """What the trainer should know, in Chinese: why fewer items than asked, what --include-practice adds."""
    notes = []
    binding = sum(1 for k in by_rule if rule_of[k].binding)
    practice = len(by_rule) - binding
    excluded = sum(1 for k in by_rule if k in options.exclude_rules)
    asked = {r for it in items for r in it.rules}
    if options.bank:
        notes.append(f"题库共 {len(items)} 道题,覆盖 {len(asked)} 条条文(有约束力的文件 {binding} 条"
                     + (f",范文/报道等做法 {practice} 条" if options.include_practice else "") + ")。")
    elif len(items) < options.count:
        text = (f"只生成了 {len(items)} 道题(要求 {options.count} 道):所选文档中值得出题的条文共 {len(by_rule)} 条"
                f"(有约束力的文件 {binding} 条"
                + (f",范文、新闻报道、评论文章 {practice} 条" if options.include_practice else "")
                + "),一份试卷每条条文只考一道题,不用琐碎内容凑数"
                + (f";另有 {len(by_rule) - len(items)} 条与已选的题答案相同或同类、共用干扰项或互相提示,未出题"
                   if len(by_rule) > len(items) else "") + "。")
        if excluded:
            text += f"其中 {excluded} 条已在 --exclude 指定的试卷中考过。"
        notes.append(text)
        if not options.include_practice:
            notes.append("如需更多题目,可加 --include-practice,把范文、新闻报道、评论文章中的做法作为“做法”题纳入"
                         "(题干写明是某地做法,不作为规定);或用 --bank 生成全部可出的题。")
    return notes


# ---------------------------------------------------------------- candidates

class _Maker:
    """Builds the items one fact of one rule can carry."""

    def __init__(self, rule: Rule, fact: Fact, pools: dis.Pools, names: set[str], rng: random.Random,
                 difficulty: str, doc_clauses: list[Clause], true_ok: bool = True) -> None:
        self.doc_clauses = doc_clauses
        self.true_ok = true_ok  # a true statement copied from this rule states a specific (rules.carries_specific)
        self.rule, self.fact, self.pools, self.names, self.rng = rule, fact, pools, names, rng
        self.difficulty = difficulty
        self.clause = fact.clause
        self.text = fact.clause.text
        # a fact stated by its own part of a long sentence is asked within that part (rules.part_of)
        span = fact.part or rule.span
        self.win = _set_window(fact, rule) if fact.kind == "set" else \
            _with_subject(self.text, span, fact.key,
                          _complete(self.text, span, window(self.text, span, fact.key, BUDGET[difficulty])),
                          2 * BUDGET[difficulty])
        self.win = _without_the_key(self.text, self.win, fact)
        doc = rule.doc
        self.lead = lead_for(doc.issuer, doc.title or self.clause.doc_title, doc.kind, rule.binding)

    def candidates(self, wanted: set[str]) -> Iterator[Candidate]:
        kind = self.fact.kind
        w = _WEIGHT.get(kind, 0.5)
        makers: dict[str, list] = {  # type: ignore[type-arg]
            "cloze": [self.cloze], "single": [self.single], "judge": [],
            # a named set offers one item per number of keys, so a paper can vary them
            "multiple": [lambda k=k: self.multiple(k) for k in self.key_counts()],
        }
        for t in ("cloze", "single", "multiple"):
            if t not in wanted:
                continue
            for make in makers[t]:
                # a choice item comes in a few draws of its wrong options, so a paper can take the draw that
                # repeats no other item's options (a bank takes the first)
                seen: set[frozenset[str]] = set()
                for _ in range(1 if t == "cloze" else VARIANTS):
                    item = make()
                    if item is None or frozenset(item.options) in seen:
                        continue
                    seen.add(frozenset(item.options))
                    yield Candidate(item, self.rule, w * (1.0 if t != "cloze" or kind in QUANTITY_KINDS else 0.9),
                                    span=self.win)
        if "judge" in wanted:
            for variant, item, span in self.judges():
                yield Candidate(item, self.rule, w * 0.9, variant, span)

    # -- shared pieces
    def body(self, span: tuple[int, int] | None = None, fill: str | None = None,
             win: tuple[int, int] | None = None) -> str:
        a, b = win or self.win
        if span is None or fill is None:
            return self.text[a:b]
        return self.text[a:span[0]] + fill + self.text[span[1]:b]

    def stem(self, body: str) -> str:
        return self.lead + finish(body)

    def quote(self) -> str:
        s, e = self.rule.span
        if e - s > MAX_QUOTE:
            s, e = sentence_of(self.text, *self.win)
            if e - s > MAX_QUOTE:
                s, e = self.win
        return self.text[s:e].strip()

    def citation(self) -> QuizCitation:
        c, doc = self.clause, self.rule.doc
        return QuizCitation(c.doc_id, c.doc_title, c.id, tuple(c.path), self.quote(), doc.issuer, doc.kind)

    def item(self, item_type: str, stem: str, options: tuple[str, ...], answer: str | tuple[str, ...],
             why: str, difficulty: str) -> QuizItem:
        cit = self.citation()
        where = source_label(self.clause.doc_title, self.clause.path)
        kind_note = "" if self.rule.binding else f"(该材料为{self.rule.doc.kind or '未登记材料'},所述为做法,不是规定)"
        explanation = f"{why}出处:{issuer_shown(self.rule.doc.issuer, self.rule.doc.kind)}{where}{kind_note}。原文:“{cit.quote}”"
        return QuizItem(id="", type=item_type, stem=stem, options=options, answer=answer, explanation=explanation,
                        citation=cit, difficulty=difficulty, fact=FACT_LABELS[self.fact.kind],
                        rules=(self.rule.id,), topic=_topic(self.clause), points=POINTS[item_type],
                        binding=self.rule.binding)

    def lettered(self, right: list[str], wrong: list[str]) -> tuple[tuple[str, ...], str]:
        texts = [(t, True) for t in right] + [(t, False) for t in wrong]
        self.rng.shuffle(texts)
        return tuple(t for t, _ in texts), "".join(LETTERS[i] for i, (_, ok) in enumerate(texts) if ok)

    def wrong_values(self, n: int) -> list[str]:
        """Wrong options of the key's kind, none a form the key covers (走访 beside 信访) nor cut from two keys."""
        keys = list(self.fact.item_texts) if self.fact.items else [self.fact.key_text]
        return [w for w in self._wrong_values(n + 3) if not dis.covered(w, keys)
                and not dis.spliced(w, keys)][:n]

    def _wrong_values(self, n: int) -> list[str]:
        f = self.fact
        if f.kind in QUANTITY_KINDS:
            return dis.quantity(f, self.pools, n, self.rng, self.difficulty)
        if f.kind == "body":
            return dis.body(f, self.pools, n, self.rng)
        if f.kind == "role":
            return dis.role(f, n, self.rng)
        if f.kind == "term":
            return self.wrong_names(n)
        if f.kind == "bodygroup":
            fake = Fact("body", f.clause, f.sentence, f.items[0])
            return [b for b in dis.body(fake, self.pools, n + 3, self.rng) if _plain_body(b, f)][:n]
        if f.kind == "list" and f.label == "处理措施":
            return dis.measures(list(f.item_texts), self.clause, self.pools, n, self.rng, other_weight=False)
        if f.kind in ("set", "list"):
            return dis.for_items(f, self.pools, n, self.rng, self.difficulty)
        return []

    def wrong_names(self, n: int) -> list[str]:
        """Other system names of the knowledge base, of the key's shape ("一票否决" -> "一案双查")."""
        key = self.fact.key_text
        numbered = bool(re.match(rf"[{CN_COUNT}]", key))
        own = "\n".join(c.text for c in self.doc_clauses)  # a name this document uses may be right elsewhere in it
        cands = sorted(x for x in self.names if x != key and f"“{x}”" not in own and key not in x
                       and x not in key and abs(len(x) - len(key)) <= 2)
        self.rng.shuffle(cands)
        cands.sort(key=lambda x: (bool(re.match(rf"[{CN_COUNT}]", x)) != numbered, abs(len(x) - len(key))))
        return cands[:n]

    # -- item types
    def _key_span(self) -> tuple[tuple[int, int], str] | None:
        """What a cloze blanks: the number, body, name, capacity or time limit; never one item of an enumeration
        ("平时考核、____、一线考核" has several defensible fills and tests wording). Nor a named set's name: its
        sentence lists the members, and counting them gives the name away ("信箱、信访、网络、电话和短信“____”的
        举报受理渠道" -> 五位一体); a set is asked over its members (多选, 判断) instead."""
        f = self.fact
        if f.kind in ("obligation", "bodygroup", "bodies", "duty", "list", "consequence", "set"):
            return None
        return f.key, f.key_text

    def cloze(self) -> QuizItem | None:
        if self.fact.kind in ("role", "body"):
            return None  # who answers for it is asked by choice: a gap for a body has several right spellings
            # (纪委, 纪检监察机关, 县纪委监委), and a grader cannot tell a near miss from a wrong body
        found = self._key_span()
        if found is None:
            return None
        span, key = found
        fills = accepted_fills(self.clause, span, key, self.doc_clauses, self.fact.kind in QUANTITY_KINDS)
        level = "hard" if self.fact.kind in ("list", "set", "term") else "medium"
        return self.item("cloze", self.stem(self.body(span, BLANK)), (), fills, f"应填“{key}”。", level)

    def single(self) -> QuizItem | None:
        f = self.fact
        if f.kind == "set":
            return self._single_not_in_set()
        if f.kind == "consequence":
            what = f.items[0]
            return self._single_measure(what) if self.text[what[0]:what[1]] in MEASURES else None
        if f.kind in ("obligation", "bodygroup", "bodies", "list", "duty", "capacity"):
            return None
        if f.kind == "term" and not re.search(r"对[^,,;;。]{2,40}实行“$", self.text[self.rule.span[0]:f.key[0]]):
            return None  # "严格执行“（　）”制度": any system the documents name would do; "对…实行“（　）”" has one
        if f.kind == "term":
            # "对…实行“（　）”" imposes something on a case: its wrong options are other measures, never slogans
            return self._single_measure(f.key)
        wrong = self.wrong_values(3)
        if len(wrong) < 3:
            return None
        span, key = f.key, f.key_text
        options, answer = self.lettered([key], wrong)
        return self.item("single", self.stem(self.body(span, PAREN)), options, answer, f"正确答案为“{key}”。",
                         "medium")

    def _single_measure(self, span: tuple[int, int]) -> QuizItem | None:
        """What is done about a case ("对政治建设薄弱的领导班子进行（　）"): the wrong options are other measures
        the knowledge base names, of the other weight first (dis.measures), none that the clause itself uses,
        none taken on another kind of object (整顿 is for a 领导班子), and a name the documents only quote
        (“一票否决”) only where the gap is a quoted name too."""
        key = self.text[span[0]:span[1]]
        if key in dis.UMBRELLA_KEYS or _norm(key) in dis.UMBRELLA_KEYS:
            return None  # 严肃处理 covers 诫勉谈话 and 通报批评: every other measure is arguably right too
        piece = max(self.text.rfind(ch, 0, span[0]) for ch in ",，;；。") + 1
        case = self.text[piece:span[0]]
        quoted = self.text[span[0] - 1:span[0]] == "“"
        # never a measure of a closed run this document prescribes ("加大提醒、函询、诫勉工作力度"): it is right
        # elsewhere on the paper, and the item that keys the run would be given away
        own = "\n".join(c.text for c in self.doc_clauses)
        listed = {w for w in self.pools.measures if _in_closed_run(w, own)}
        pool = [w for w in self.pools.measures if _fits(w, case) and (quoted or w not in self.pools.quoted)
                and w not in listed]
        wrong = dis.measures([key], self.clause, replace(self.pools, measures=pool), 3, self.rng, other_weight=True)
        if len(wrong) < 3:
            return None
        options, answer = self.lettered([key], wrong)
        return self.item("single", self.stem(self.body(span, PAREN)), options, answer, f"正确答案为“{key}”。",
                         "medium")

    def _single_not_in_set(self) -> QuizItem | None:
        f = self.fact
        wrong = self.wrong_values(1)
        if not wrong or len(f.items) < 3:
            return None
        right = sorted(self.rng.sample(list(f.item_texts), 3), key=f.item_texts.index)
        texts = [*right, wrong[0]]
        self.rng.shuffle(texts)
        phrase = _set_phrase(f)
        stem = self.lead + f"下列选项中,不属于{phrase}的是{PAREN}"
        why = f"“{wrong[0]}”不属于{phrase};{phrase}包括:{'、'.join(f.item_texts)}。"
        return self.item("single", stem, tuple(texts), LETTERS[texts.index(wrong[0])], why, "medium")

    def key_counts(self) -> list[int]:
        f = self.fact
        if f.kind == "set":
            return list(range(2, min(len(f.items), 5) + 1))
        return [len(f.items)] if f.kind in ("list", "bodygroup") else []

    def multiple(self, k: int) -> QuizItem | None:
        """Closed lists only; 2 to all options keyed, so a guess "all but one" does not pay. A list asked in
        place ("移交（　）") offers all its items; a named set asked by name offers k of them."""
        f = self.fact
        if f.kind not in ("set", "list", "bodygroup"):
            return None
        # options always outnumber keys: a set of five offered as five options, all keyed, is answered by
        # counting ("“五位一体”…" with A-E all right); five options where the knowledge base gives enough wrong
        # ones of the keys' kind (a lone wrong option among three keys is found by elimination); at most 5 (the
        # import templates stop at E)
        n = len(f.items)
        total = 5
        if k >= total:
            return None
        wrong = self.wrong_values(total - k)
        if len(wrong) < 2:
            return None  # a lone wrong option (座谈 beside four reporting channels) is found by elimination
        total = k + len(wrong)
        right = sorted(self.rng.sample(list(f.item_texts), k), key=f.item_texts.index)
        options, answer = self.lettered(right, wrong)
        missing = "、".join(f"“{w}”" for w in wrong)
        tail = f";{missing}不在其中"
        if f.kind == "set":
            phrase = _set_phrase(f)
            stem = self.lead + f"下列选项中,属于{phrase}的有{PAREN}"
            why = f"{phrase}包括:{'、'.join(f.item_texts)}{tail}。"
        else:
            if k < n:
                return None  # a list asked in place must offer all its items
            stem = self.stem(self.body(f.key, PAREN))
            why = f"原文列举的是:{'、'.join(f.item_texts)}{tail}。"
        level = "hard" if k in (2, total - 1) else "medium"
        return self.item("multiple", stem, options, answer, why, level)

    def judges(self) -> Iterator[tuple[str, QuizItem, tuple[int, int]]]:
        f = self.fact
        if f.kind == "set":
            for variant, item in self._set_judges():
                yield variant, item, self.win
            return
        whole = self.rule.span[1] - self.rule.span[0] <= MAX_DUTY
        # a statement is the whole sentence when short, else the fact's own part of it, else the stem's window
        win = f.part or (self.rule.span if whole else self.win)
        if f.kind == "list":
            # a list copied as true is judged by its looks; a closed list is asked as 多选, or when it is too long
            # for one (five items or more fill every option), by a statement with one item swapped
            if f.closed and len(f.items) >= 5:
                for item in self._list_judge():
                    yield "false", item, self.win
            return
        if f.kind == "consequence":
            for item in self._consequence_judge(win):
                yield "false", item, win
            return
        # a true statement states a specific, and holds no detail to change or consequence: those are asked by
        # changing them ("以普通党员身份", "及时移交…" copied as true would be answered by common sense)
        said = self.text[win[0]:win[1]]
        true = self.true_ok and states_specific(said) and not any(w in said for w in DETAIL_SWAPS) \
            and not consequence_spans(self.text, *win)
        if f.kind == "bodies":
            # an open group of bodies ("…等要…"): stated true; a swapped body might be one of the 等
            if true:
                yield "true", self._true(win), win
            return
        if f.kind == "duty":
            # a detail the sentence prescribes ("作为…的重要参考") is asked by changing it; the sentence copied
            # as true would be the same rule asked the easy way
            if true and f.key_text not in DETAIL_SWAPS:
                yield "true", self._true(win), win
            if f.key_text in DETAIL_SWAPS:
                new = DETAIL_SWAPS[f.key_text][0]
                why = f"错误。原文为“{f.key_text}”,题干改成了“{new}”。"
                yield "false", self.item("judge", self.stem(self.body(f.key, new, win)), JUDGE_OPTIONS,
                                         FALSE, why, "medium"), win
            return
        if f.kind == "obligation":
            if f.label not in _MODALS or not true:
                return
            yield "true", self._true(win), win
            return
        if true:
            yield "true", self._true(win), win
        if f.kind in ("body", "bodygroup") and not states_specific(said):
            return  # the bodies an exhortation is addressed to, swapped ("司法机关…要着力管好关键人"): no rule to know
        # a false statement comes in a few changes, so a paper can take one whose change no other item makes
        # ("县委组织部" swapped out twice, "提醒纠正" put in twice read as one lesson)
        for span, orig, new in self.false_details(FALSE_VARIANTS):
            why = f"错误。原文为“{orig}”,题干改成了“{new}”。"
            yield "false", self.item("judge", self.stem(self.body(span, new, win)), JUDGE_OPTIONS, FALSE, why,
                                     "medium"), win

    def _true(self, win: tuple[int, int]) -> QuizItem:
        return self.item("judge", self.stem(self.body(win=win)), JUDGE_OPTIONS, TRUE, "正确。该表述与原文一致。",
                         "easy")

    def _list_judge(self) -> Iterator[QuizItem]:
        """A closed list of five or more ("…政治规矩、履职担当、遵规守纪、作风形象、干群评价等5方面信息"), stated
        with one item swapped for an item of the same kind from elsewhere: false."""
        f = self.fact
        wrong = self.wrong_values(1)
        if not wrong:
            return
        i = self.rng.randrange(len(f.items))
        span = f.items[i]
        orig = self.text[span[0]:span[1]]
        why = f"错误。原文为“{orig}”,题干改成了“{wrong[0]}”;原文列举的是:{'、'.join(f.item_texts)}。"
        yield self.item("judge", self.stem(self.body(span, wrong[0])), JUDGE_OPTIONS, FALSE, why, "medium")

    def _consequence_judge(self, win: tuple[int, int]) -> Iterator[QuizItem]:
        """False only: the consequence of the other severity, as this document words it elsewhere, in place of
        this one ("…苗头性、倾向性问题,及时移交纪检监察机关和司法机关")."""
        f = self.fact
        if not (win[0] <= f.key[0] and f.key[1] <= win[1]):
            return
        piece = max(self.text.rfind(ch, 0, f.key[0]) for ch in ",，;；。") + 1
        case = self.text[piece:f.key[0]]  # "对政治建设薄弱的领导班子": whom this consequence is for
        # never a measure this document prescribes for a neighbouring case (提醒纠正 for 遵守组织制度方面的苗头性
        # 问题 beside 严肃处理 for 执行民主集中制不够严格): a reader can argue it applies; a measure of the knowledge
        # base this document never names, of the other weight
        own = "\n".join(c.text for c in self.doc_clauses)
        others = sorted({w for w in self.pools.measures if w not in own and _fits(w, case)
                         and measure_weight(w) != f.label and w not in self.pools.quoted
                         and not dis.covered(w, [f.key_text])})
        if case.endswith("领导班子"):
            # a measure on a person (诫勉谈话, 通报批评) put on a 领导班子 is false by common sense or arguable:
            # only another measure on a 班子 would do, else the consequence is asked by choice
            others = [w for w in others if MEASURE_OBJECTS.get(w) == "领导班子"]
        if not others:
            return
        # keep the words the sentence leads the measure with ("及时进行"): swap what is done, not how soon; a few
        # changes, so a paper can take one no other statement makes
        orig = f.key_text
        lead = _MEASURE_LEAD.match(orig).group()  # type: ignore[union-attr]
        self.rng.shuffle(others)
        for new in others[:FALSE_VARIANTS]:
            new = lead + _MEASURE_LEAD.sub("", new, count=1)
            why = f"错误。原文为“{orig}”,题干改成了“{new}”。按原文,这种情形的处理是“{orig}”,文件没有规定“{new}”。"
            yield self.item("judge", self.stem(self.body(f.key, new, win)), JUDGE_OPTIONS, FALSE, why, "medium")

    def false_details(self, n: int) -> list[tuple[tuple[int, int], str, str]]:
        """Up to n changes of one detail: the number, the body, the period or the system's name; never the modal
        word. A detail with its own counterpart (DETAIL_SWAPS) has that one change only."""
        f = self.fact
        if f.kind in ("obligation", "list", "duty"):
            return []
        if f.key_text in DETAIL_SWAPS:  # "以普通党员身份" -> "以领导干部身份": the detail's own counterpart
            new = DETAIL_SWAPS[f.key_text][0]
            # never one the sentence already holds ("党员领导干部要以领导干部身份…" contradicts itself: review 9)
            return [] if new in self.text[f.sentence[0]:f.sentence[1]] else [(f.key, f.key_text, new)]
        wrong = self.wrong_values(n)
        if f.kind == "bodygroup":
            out = []
            for w in wrong:
                i = self.rng.randrange(len(f.items))
                span = f.items[i]
                out.append((span, self.text[span[0]:span[1]], w))
            return out
        return [(f.key, f.key_text, w) for w in wrong]

    def false_detail(self) -> tuple[tuple[int, int], str, str] | None:
        """One detail changed (the first of false_details)."""
        found = self.false_details(1)
        return found[0] if found else None

    def _set_judges(self) -> Iterator[tuple[str, QuizItem]]:
        """False only: the set copied verbatim as true tests nothing (its members read naturally together). One
        member is swapped for a sibling of another set. Never two members mixed up ("职务小但胆子大" among the
        四小四大): a word game judged by the ring of it, and the list reads as incomplete rather than wrong."""
        f = self.fact
        phrase = _set_phrase(f)
        items = list(f.item_texts)
        wrong = [w for w in dis.siblings(f, self.pools, 4, self.rng) if not dis.spliced(w, items)
                 and not dis.covered(w, items)][:1]  # 走访 is a form of 信访: the changed set is still right
        if not wrong:
            return
        i = self.rng.randrange(len(items))
        changed = [*items[:i], wrong[0], *items[i + 1:]]
        why = f"错误。{phrase}包括{'、'.join(items)},其中没有“{wrong[0]}”(原文为“{items[i]}”)。"
        yield "false", self.item("judge", f"{self.lead}{phrase}包括{'、'.join(changed)}。", JUDGE_OPTIONS, FALSE,
                                 why, "medium")


def _in_closed_run(word: str, text: str) -> bool:
    """Whether `word` is one item of a run without 等 ("提醒、函询、诫勉" yes; "提醒谈话、批评教育等手段" no)."""
    for m in re.finditer(rf"(?<=、){word}(?!谈话|纠正)|{word}(?=、)", text):
        piece = re.split(r"[,，。;；]", text[m.start():], maxsplit=1)[0]
        before = re.split(r"[,，。;；]", text[:m.start()])[-1]
        if "、" in piece + before[-6:] and "等" not in piece:
            return True
    return False


_MEASURE_LEAD = re.compile(r"(?:及时|严肃)?(?:进行|予以)?")
_OPENS_A_PHRASE = ("对", "在", "从", "按照", "根据", "为", "将", "把", "向", "与", "围绕", "针对", "结合")


def _complete(text: str, span: tuple[int, int], win: tuple[int, int]) -> tuple[int, int]:
    """A window must not stop on a phrase that waits for its verb ("对在巡视巡察…中发现的干部问题,"): take the
    next piece of the sentence too."""
    a, b = win
    segs = [(s, e) for s, e in segments(text, *span) if s >= b]
    last = next((s for s, e in reversed(segments(text, *span)) if e <= b), a)
    piece = text[max(a, last):b].strip()
    while segs and piece.startswith(_OPENS_A_PHRASE):
        s, e = segs.pop(0)
        b = e
        piece = text[s:e].strip()
    return a, b


# a piece that names who acts: "各单位党委(党组、党工委)书记要认真履行…", "县委组织部要…"
_SUBJECT = re.compile(r"^[^,，;；。]{2,30}?(?:要|应当|应|须|必须|负责)")


def _with_subject(text: str, span: tuple[int, int], key: tuple[int, int], win: tuple[int, int],
                  limit: int) -> tuple[int, int]:
    """A stem keeps the subject of its sentence: "（　）报告1次" without who reports is ambiguous, so a window
    that starts after the piece naming who acts takes that piece (and what lies between) along."""
    a, b = win
    pieces = segments(text, *span)
    if any(_SUBJECT.match(text[s:e]) for s, e in pieces if a <= s <= key[0]):
        return win  # the window names who acts, or the key is who acts ("（　）要建立…档案")
    subject = next((s for s, e in reversed(pieces) if e <= a and _SUBJECT.match(text[s:e])), None)
    if subject is None or b - subject > limit:
        return win
    return subject, b


def _fits(consequence: str, case: str) -> bool:
    """A measure taken on one kind of object only (整顿 a 领导班子) fits a case about that kind of object."""
    what = next((w for w in MEASURE_OBJECTS if consequence.endswith(w)), None)
    return what is None or case.endswith(MEASURE_OBJECTS[what])


def answers_of(fact: Fact) -> list[str]:
    """The words an item on `fact` asks for: its key, a consequence's measure, a list's or a set's items."""
    if fact.kind in ("list", "bodygroup", "set", "consequence"):
        words = list(fact.item_texts) + ([fact.label] if fact.kind == "set" else [])
    else:
        words = [fact.key_text]
    return [w for w in words if len(w) >= 2]


def _without_the_key(text: str, win: tuple[int, int], fact: Fact) -> tuple[int, int]:
    """A stem must not show its answer: when the words asked for occur in the window besides the gap ("凡未经纪委
    审查不得提交会议研究,…由（　）牵头"), the pieces that hold them are left out, from either end of the window,
    so long as the key's own piece stays. What cannot be left out so is caught by check.gives_away."""
    if fact.kind == "set":
        return win  # a set is asked by name or over its items, never in its own sentence's window
    lo, hi = fact.key[0], fact.key[1]
    words = answers_of(fact)

    def leaks(a: int, b: int) -> bool:
        for w in words:
            pos = text.find(w, a, b)
            while pos >= 0:
                if not (lo <= pos and pos + len(w) <= hi):
                    return True
                pos = text.find(w, pos + 1, b)
        return False

    pieces = segments(text, *win)
    while len(pieces) > 1 and pieces[0][1] <= lo and leaks(*pieces[0]):
        pieces.pop(0)
    while len(pieces) > 1 and pieces[-1][0] >= hi and leaks(*pieces[-1]):
        pieces.pop()
    return (pieces[0][0], pieces[-1][1]) if pieces else win


def _plain_body(b: str, f: Fact) -> bool:
    """A group's distractor is of the group's level: 县纪委监委、县委组织部 -> 县审计局, not 市审计局. A group of
    no level (纪检监察机关、司法机关) may take a county body (县委巡察办) where its family has no other name."""
    first = f.item_texts[0]
    return (b[0] == first[0]) if first[0] in "县市区州省" else b[0] not in "市区州省"


def _topic(clause: Clause) -> str:
    """知识点: the heading the clause sits under ("严格执行干部离任规定")."""
    return heading(clause) or short_title(clause.doc_title, "")


def accepted_fills(clause: Clause, span: tuple[int, int], key: str, same_doc: list[Clause],
                   number: bool) -> tuple[str, ...]:
    """Every defensible fill: the clause's words, the same number written the other way ("7个工作日",
    "七个工作日"), and any other words the same document puts between the same neighbours."""
    fills = [key]
    m = re.match(rf"^(每?)(\d+|[{CN_AMOUNT}]+)(.*)$", key) if number else None
    if m:
        pre, num, unit = m.groups()
        value = int(num) if num.isdigit() else cn_to_int(num)
        if value:
            for alt in (str(value), int_to_cn(value, before_measure=True), int_to_cn(value, before_measure=False)):
                fills.append(pre + alt + unit)
    text = clause.text
    before, after = text[max(0, span[0] - 6):span[0]], text[span[1]:span[1] + 6]
    if len(before) >= 4 and len(after) >= 2:
        pattern = re.compile(re.escape(before) + f"([^,,;;。“”]{{1,{len(key) + 6}}}?)" + re.escape(after))
        for other in same_doc:
            for mm in pattern.finditer(other.text):
                fills.append(mm.group(1))
    out: list[str] = []
    for x in fills:
        if x and x not in out:
            out.append(x)
    return tuple(out)


def _set_window(f: Fact, rule: Rule) -> tuple[int, int]:
    text = f.clause.text
    name_pos = min((m.start() for m in re.finditer(re.escape(f.label), text)), key=lambda p: abs(p - f.key[0]))
    lo = min(name_pos, f.key[0])
    hi = max(name_pos + len(f.label), f.key[1])
    segs = segments(text, *f.sentence)
    a = next((s for s, e in segs if s <= lo < e), lo)
    b = next((e for s, e in segs if s < hi <= e), hi)
    return a, b


def _set_phrase(f: Fact) -> str:
    """How a stem names the set: “五位一体”的举报受理渠道, “四小四大”问题."""
    text = f.clause.text
    name = f.label
    pos = text.find(f"“{name}”")
    if pos >= 0:
        after = text[pos + len(name) + 2:]
        after = re.sub(r"^[(（][^)）]*[)）]", "", after)
        m = re.match(r"(的?[\u4e00-\u9fff]{0,6}?(?:模式|制度|机制|问题|渠道))", after)
        return f"“{name}”" + (m.group(1) if m else "")
    pos = text.find(name)
    words = tokenizer().lcut(text[max(0, pos - 8):pos])
    before = ""
    for w in reversed(words):
        if len(before) + len(w) > 6 or not re.fullmatch(r"[\u4e00-\u9fff]+", w):
            break
        before = w + before
    return f"{before}“{name}”"


# ---------------------------------------------------------------- picking

def _bank(by_rule: dict[str, list[Candidate]]) -> list[Candidate]:
    """Every worthwhile item: per statement (a rule, or each part of a long one), one of each type it supports
    (a false judge item before a true one)."""
    out = []
    for cands in by_rule.values():
        seen: set[tuple[int, str]] = set()
        parts = _clusters([c.span for c in cands])
        for c in sorted(cands, key=lambda c: (c.variant != "false", -c.score, c.span)):
            key = (parts[c.span], c.item.type)
            if key in seen:
                continue
            seen.add(key)
            out.append(c)
    return out


def _clusters(spans: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Overlapping spans grouped: span -> the number of its group (one statement of a sentence)."""
    group: dict[tuple[int, int], int] = {}
    n, end = -1, -1
    for a, b in sorted(set(spans)):
        if a >= end:
            n += 1
            end = b
        else:
            end = max(end, b)
        group[(a, b)] = n
    return group


# marks an item may carry on a paper: whole marks, and half marks where no whole scheme reaches the total
_MARKS = tuple(x / 2 for x in range(2, 41))
# a paper's marks by type before scaling to 100: 填空 2, 单选 2 to 3, 多选 4 (all of several), 判断 2
PAPER_WEIGHTS = {"cloze": 2.0, "single": 2.5, "multiple": 4.0, "judge": 2.0}
MIN_SCALED = 10  # items: a shorter quiz keeps the bank's marks (practice, not an exam paper out of 100)


def paper_marks(counts: Counter[str] | dict[str, int], total: int = PAPER_TOTAL) -> dict[str, float]:
    """Marks per type so that the paper's items sum to `total` (100): as close to PAPER_WEIGHTS' proportions
    (填空 2, 单选 2.5, 多选 4, 判断 2) as whole marks allow, a 多选 worth more than a 单选, a 判断 the least (at
    least 2 where a scheme allows), 填空 and
    单选 alike where they can be; half marks only when no whole scheme sums to the total. A quiz of fewer than
    MIN_SCALED items, or one no scheme fits, keeps the bank's marks."""
    types = [t for t in TYPES if counts.get(t)]
    fallback: dict[str, float] = {t: POINTS[t] for t in types}
    if sum(counts[t] for t in types) < MIN_SCALED:
        return fallback
    scale = total / sum(counts[t] * PAPER_WEIGHTS[t] for t in types)
    best: tuple[float, dict[str, float]] | None = None

    def consider(m: dict[str, float]) -> None:
        nonlocal best
        # a 单选 (one of four) is worth no more than a 填空 (recall) plus one; a 多选 more than a 单选; a 判断
        # the least
        if m.get("single", 0) > m.get("cloze", 99) + 1 or m.get("multiple", 99) <= m.get("single", 0) or \
                any(m[t] < m.get("judge", 0) for t in m if t != "judge"):
            return
        cost = sum(counts[t] * (m[t] - PAPER_WEIGHTS[t] * scale) ** 2 for t in m)
        cost += 30 * (m.get("judge", 2) < 2)  # a 判断 worth 1 of 100 is not worth answering
        cost += 100 * sum(m[t] != int(m[t]) for t in m) + (5 if m.get("cloze", 0) != m.get("single", 0) and
                                                           "cloze" in m and "single" in m else 0)
        if best is None or cost < best[0]:
            best = (cost, dict(m))

    def search(i: int, chosen: dict[str, float], left: float) -> None:
        t = types[i]
        if i == len(types) - 1:
            mark = left / counts[t]
            if mark in _MARKS:
                consider({**chosen, t: mark})
            return
        for mark in _MARKS:
            if counts[t] * mark < left:
                search(i + 1, {**chosen, t: mark}, left - counts[t] * mark)

    search(0, {}, float(total))
    marks = best[1] if best else fallback
    return {t: (int(v) if v == int(v) else v) for t, v in marks.items()}


def allocate(count: int, types: tuple[str, ...]) -> dict[str, int]:
    share = {t: _SHARE[t] for t in types}
    total = sum(share.values())
    quota = {t: int(count * share[t] / total) for t in types}
    for t in sorted(types, key=lambda t: -share[t]):
        if sum(quota.values()) >= count:
            break
        quota[t] += 1
    return quota


def _pick(by_rule: dict[str, list[Candidate]], rule_of: dict[str, Rule], options: QuizOptions,
          rng: random.Random) -> list[Candidate]:
    """The paper: the scarcest type first, binding rules and heavier facts first, seeded jitter.

    A paper asks each sentence once, to its 。: of "应以书面形式办理工作交接…工作交接一般应在7个工作日内办结" one
    item, and of rules split at ";" one of them (_full_stop). Across the paper no key
    is the answer twice, no two choice items share their right answers, no two items test the same fact (a body
    and a rhythm), no false statement repeats another's change, no item shows another's answer from its own
    paragraph, and practice is a small part: one item a part of its document, at most PRACTICE_SHARE of the paper."""
    jitter = {k: rng.random() for k in sorted(by_rule)}
    free = set(by_rule)
    count = min(options.count, len(by_rule))
    quota = allocate(count, options.types)
    supply = {t: sum(1 for k in by_rule if any(c.item.type == t for c in by_rule[k])) for t in options.types}
    picked: list[Candidate] = []
    versatile = {k for k, cands in by_rule.items() if any(c.item.type in ("single", "cloze") for c in cands)}
    gapped = {k for k, cands in by_rule.items() if any(c.item.type == "cloze" for c in cands)}
    answers: Counter[str] = Counter()
    judge_false = 0
    used_wrong: Counter[str] = Counter()  # families of the wrong options and changed details the paper offered
    option_sets: set[tuple[frozenset[str], frozenset[str]]] = set()
    max_practice = max(1, int(count * PRACTICE_SHARE))
    contested: Counter[str] = Counter()  # wrong options of multiple choice, by how many sentences' draws use them
    for k, cands in by_rule.items():
        contested.update({w for c in cands if c.item.type == "multiple" for w in wrong_texts(c.item)})

    def clash(c: Candidate) -> bool:
        """Whether c cannot join the paper as it stands (the hard rules above)."""
        if any(p.item is c.item for p in picked):
            return True
        if any(_full_stop(p.rule) == _full_stop(c.rule) for p in picked):
            return True  # one item a sentence, to its 。: two of one (书面 and 7个工作日) read as one clause asked twice
        if _option_set(c.item) in option_sets and c.item.type in ("single", "multiple"):
            return True
        if c.item.type == "multiple" and any(p.item.type == "multiple" and p.item.key == c.item.key for p in picked):
            return True  # BCE keyed twice: a trainee who notices marks BCE again
        key = said_key(c.item)
        if key and any(same_key(said_key(p.item), key) for p in picked):
            return True  # "每年" as the answer of item after item is guessed; 调整 beside 调整优化, 纪委 beside 纪检监察组
        keys = keyed_set(c.item)
        if keys and any(key_families(keyed_set(p.item)) == key_families(keys) for p in picked):
            return True  # 县纪委监委 + 县委组织部, then 纪检监察机构 + 组织人事部门: one teaches the other
        if any(wrong_cover(p.item, c.item) or wrong_cover(c.item, p.item) for p in picked):
            return True  # 函询, 诫勉谈话, 提醒纠正 offered wrong in one item, 提醒、函询、诫勉 the key of another
        if any(reused_wrong(p.item, c.item) for p in picked):
            return True  # 任期考核 wrong in two items, 每季度 put into two statements: learnt as "never the answer"
        if any(key_offered_wrong(p.item, c.item) or key_offered_wrong(c.item, p.item) for p in picked):
            return True  # 整顿 the answer of one item and a wrong option of the next: one of them is learnt wrong
        took = swapped_word(c.item)
        if took and any(same_key(said_key(p.item), took) for p in picked):
            return True  # 调整优化 the answer of one item, 调整 swapped out of a statement: the same fact twice
        if key and any(same_key(swapped_word(p.item), key) for p in picked):
            return True
        orig = changed_from(c.item)
        if orig and any(changed_from(p.item) == orig for p in picked):
            return True  # 县委组织部 swapped out of two statements: the same change, learnt once
        pair = swap_pair(c.item)
        if pair and any(swap_pair(p.item) == pair for p in picked):
            return True  # 严肃处理 -> 提醒纠正 and back, 组织部 -> 纪检 twice: the same change learnt once
        new = changed_to(c.item)
        if new and any((put := changed_to(p.item)) and (new in put or put in new) for p in picked):
            return True  # "每季度" put into two false statements: the wrong value is learnt, not the rules
        if any(same_fact(p.item, c.item) for p in picked):
            return True
        if any(gives_away_other(p, c) or gives_away_other(c, p) for p in picked
               if p.rule.clause.id == c.rule.clause.id):
            return True
        if any(shows_all_keys(p.item, c.item) or shows_all_keys(c.item, p.item) for p in picked):
            return True  # "县纪委监委、县委组织部要…开展廉政教育" beside "由（　）负责同志进行约谈" keyed the same two
        if not c.rule.binding:
            if sum(not p.rule.binding for p in picked) >= max_practice:
                return True
            if any(not p.rule.binding and _section(p.rule) == _section(c.rule) for p in picked):
                return True  # one practice item a part of its document: its neighbours say much the same
        return False

    def rank(c: Candidate) -> float:
        if clash(c):
            return -100.0
        v = c.score + (1.0 if c.rule.binding else 0.0) + 0.6 * jitter[c.rule.id]
        v -= 0.3 * max(0, len(strip_lead(c.item.stem)) - 70) / 30  # of two, the stem that says it shorter
        v -= 0.5 * answers[c.item.key if c.item.type != "judge" else ""]  # no run of the same keyed letter
        # a wrong option offered again and again (县委宣传部, 巡察 in four items) is learnt as "never the answer"
        v -= 1.0 * sum(used_wrong[w] for w in wrong_families(c.item))
        # a multiple choice's wrong options are its own on the paper: of its draws, the one that leaves other
        # sentences the wrong options they can use ("任期考核" taken by one list of assessments starves the other)
        v -= 0.4 * sum(contested[w] for w in wrong_texts(c.item) if c.item.type == "multiple")
        if c.item.type == "multiple":  # vary the number of keys across the paper; five options where possible
            v -= 0.8 * sum(1 for p in picked if p.item.type == "multiple" and len(p.item.key) == len(c.item.key))
            v -= 0.6 * (5 - len(c.item.options))
        if c.item.type == "judge":
            judges = sum(1 for p in picked if p.item.type == "judge")
            want_false = judge_false * 2 < judges + 1
            v += 2.0 if (c.variant == "false") == want_false else -2.0
            if c.variant == "true" and c.rule.id in versatile:
                v -= 1.5  # a deadline is better asked as a choice or a gap than as a true statement
            if c.rule.id in gapped:
                v -= 1.0  # a name or number is asked by its gap, not by a swapped name few have heard of
        return v

    def take(c: Candidate) -> None:
        nonlocal judge_false
        picked.append(c)
        free.discard(c.rule.id)
        answers[c.item.key] += 1
        judge_false += c.variant == "false"
        used_wrong.update(wrong_families(c.item))
        if c.item.type in ("single", "multiple"):
            option_sets.add(_option_set(c.item))

    def drop(p: Candidate) -> None:
        nonlocal judge_false
        picked.remove(p)
        if not any(q.rule.id == p.rule.id for q in picked):
            free.add(p.rule.id)
        answers[p.item.key] -= 1
        judge_false -= p.variant == "false"
        used_wrong.subtract(wrong_families(p.item))
        option_sets.clear()
        option_sets.update(_option_set(q.item) for q in picked if q.item.type in ("single", "multiple"))

    def tips(c: Candidate) -> bool:
        """Whether c, a statement, would tip the paper's true and false statements more than one apart."""
        if c.item.type != "judge":
            return False
        gap = judge_gap(picked) + (1 if c.variant == "true" else -1)
        return abs(gap) > 1

    def best_of(pool: list[Candidate], bias: Callable[[Candidate], float] = lambda c: 0.0) -> Candidate | None:
        if not pool:
            return None
        best = max(pool, key=lambda c: (rank(c) + bias(c), c.rule.id, c.span, c.item.stem))
        return None if rank(best) <= -100.0 else best

    # 「下列说法正确的是」 items take four rules each: only from rules a paper would otherwise leave unasked
    statements = 0
    if "single" in options.types and len(by_rule) - count >= 3:
        statements = min((len(by_rule) - count) // 3, max(1, count // 10))
    # the scarce types first; judge before the rest, so that rules with a detail to change can make false items
    order = {"multiple": 0, "judge": 1, "cloze": 2, "single": 3}
    for t in sorted(options.types, key=lambda t: (order[t], supply[t])):
        want = quota[t]
        while want > 0:
            best = best_of([c for cands in by_rule.values() for c in cands if c.item.type == t])
            if best is None:
                break
            take(best)
            want -= 1
    # what a type could not supply goes to the others
    while len(picked) < count:
        best = best_of([c for cands in by_rule.values() for c in cands],
                       lambda c: -0.3 * sum(p.item.type == c.item.type for p in picked) / 4)
        if best is None:
            break
        take(best)
    # a statement kept off only by one item's draw makes room: that item is asked another way (another draw of its
    # wrong options, or another item of its sentence) and the statement joins the paper
    _make_room(picked, count, by_rule, rule_of, free, clash, take, drop)
    # binding rules before practice: an unasked binding rule takes the place of a practice item of a type it
    # offers (a paper's quotas by type may have filled up with practice while it waited)
    for k in sorted(free):
        if not rule_of[k].binding:
            continue
        for p in [p for p in reversed(picked) if not p.rule.binding]:
            picked.remove(p)
            mine = best_of([c for c in by_rule[k] if c.item.type == p.item.type])
            if mine is None:
                picked.append(p)
                continue
            free.add(p.rule.id)
            take(mine)
            break
    _balance_judges(picked, by_rule, best_of, take, drop)
    # what balancing left short is filled again, by items that keep the balance
    _make_room(picked, count, by_rule, rule_of, free, lambda c: clash(c) or tips(c), take, drop)
    for _ in range(statements):
        made = _statement_item(by_rule, free, rule_of, rng)
        if made is None:
            break
        cand, used = made
        # it replaces the last single-rule single-choice item, so the paper keeps its size
        singles = [p for p in picked if p.item.type == "single"]
        if singles and len(picked) >= count:
            picked.remove(singles[-1])
        picked.append(cand)
        free -= used
    return picked[:max(count, 0)]


def _make_room(picked: list[Candidate], count: int, by_rule: dict[str, list[Candidate]], rule_of: dict[str, Rule],
               free: set[str], clash: Callable[[Candidate], bool], take: Callable[[Candidate], None],
               drop: Callable[[Candidate], None]) -> None:
    """Add binding items the greedy pick left out while the paper is short: an item that fits is taken; one kept
    off by a single picked item is taken when that item can give way to another of its sentence (another draw of
    wrong options: "整顿" offered wrong in the 提醒、函询、诫勉 item kept "对政治建设薄弱的领导班子进行整顿" off; or
    another type: 调整优化 asked by choice rather than by the false statement whose change 严肃处理 needs) which
    clashes with neither. Unasked sentences first, then further facts of asked ones; never fewer items."""
    def order(c: Candidate) -> tuple[bool, bool, float, str, tuple[int, int], str]:
        # a choice or a gap before another statement: a paper of statements is marked by guessing
        return (c.rule.id not in free, c.item.type == "judge", -c.score, c.rule.id, c.span, c.item.stem)

    tried: set[int] = set()
    while len(picked) < count:
        pool = sorted((c for k, cands in by_rule.items() if rule_of[k].binding for c in cands
                       if id(c) not in tried and not any(p.item is c.item for p in picked)), key=order)
        done = False
        for c in pool:
            tried.add(id(c))
            if not clash(c):
                take(c)
                done = True
                break
            for p in list(picked):
                drop(p)
                if clash(c):
                    take(p)
                    continue
                take(c)
                # another draw of the same type first, else another item of its sentence
                alt = next((a for a in sorted(by_rule[p.rule.id], key=lambda a: (a.item.type != p.item.type,
                                                                              -a.score, a.span, a.item.stem))
                            if a.item is not p.item and not clash(a)), None)
                if alt is None:
                    drop(c)
                    take(p)
                    continue
                take(alt)
                done = True
                break
            if done:
                break
        if not done:
            return


def _full_stop(rule: Rule) -> tuple[str, int]:
    """The sentence a rule is in, to its 。: rules split at ";" ("贯彻落实“三个区分开来”要求…;对受到诬告、陷害的
    党员干部…实行“一案双查”") are one sentence to a trainer."""
    return rule.clause.id, full_sentence_span(rule.clause.text, rule.span[0])[0]


def judge_gap(picked: list[Candidate]) -> int:
    """True statements minus false ones."""
    return sum((c.variant == "true") - (c.variant == "false") for c in picked if c.item.type == "judge")


def _balance_judges(picked: list[Candidate], by_rule: dict[str, list[Candidate]],
                    best_of: Callable[..., Candidate | None], take: Callable[[Candidate], None],
                    drop: Callable[[Candidate], None]) -> None:
    """A paper's statements are about half true, half false (within one): "all √" must not pay. A statement of
    the larger side gives way, last picked first, to a statement of the other side or an item of another type;
    what is left short is filled again by _make_room."""
    while abs(gap := judge_gap(picked)) > 1:
        side = "true" if gap > 0 else "false"
        victim = next(p for p in reversed(picked) if p.item.type == "judge" and p.variant == side)
        drop(victim)
        pool = [c for cands in by_rule.values() for c in cands if c is not victim and c.rule.id != victim.rule.id
                and (c.item.type != "judge" or c.variant != side)]
        mine = best_of(pool)
        if mine is not None:
            take(mine)


# at most this share of a paper is practice (范文, 新闻报道): the paper is mostly what binds its readers
PRACTICE_SHARE = 0.2


def _section(rule: Rule) -> tuple[str, str]:
    """The part of its document a rule is in: its top heading, or its clause when the document has none."""
    path = rule.clause.path
    return rule.clause.doc_id, (path[0] if path else rule.clause.id)


_ADVERBS = re.compile(r"^(?:及时|严肃)?(?:进行|予以)?")


def _norm(word: str) -> str:
    """A measure without the adverbs before it: 及时进行调整 → 调整."""
    return _ADVERBS.sub("", word)


def said_key(item: QuizItem) -> str:
    """The words a cloze or single-choice item has the trainee write or pick ("每年"), "" for other items."""
    if item.type not in ("cloze", "single") or "下列" in item.stem:
        return ""
    return _norm(item.answer_texts[0])


def same_key(a: str, b: str) -> bool:
    """Two keys a trainee learns as one: equal, one inside the other (调整, 调整优化), or bodies of one family
    (纪委, 纪检监察组)."""
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a)):
        return True
    return bool(BODY.search(a) and BODY.search(b)) and body_family(a) == body_family(b)


def key_families(keys: frozenset[str]) -> frozenset[str]:
    """A key set by kind: {县纪委监委, 县委组织部} and {纪检监察机构, 组织人事部门} are both {纪检, 组织}."""
    return frozenset(_kind_of(k) for k in keys)


def wrong_cover(a: QuizItem, b: QuizItem) -> bool:
    """Whether a's wrong options hold most of the multiple-choice b's keys (函询, 诫勉谈话, 提醒纠正 against the
    key 提醒、函询、诫勉): a trainee who did a sets b's answer aside as a group, or the other way round."""
    keys = keyed_set(b)
    wrong = wrong_texts(a) if a.type in ("single", "multiple") else []
    if len(keys) < 2 or not wrong or a is b:
        return False
    hits = sum(any(w.startswith(k) or k.startswith(w) for w in wrong) for k in keys)
    return hits >= 2 and hits * 2 >= len(keys)


def reused_wrong(a: QuizItem, b: QuizItem) -> bool:
    """Whether two items offer the same wrong value where a trainee notices it: a wrong option of one multiple
    choice met again in another, or the value one false statement puts in met again in another (single choices,
    drawing on the small pools of periods, bodies and measures, may share one; rank() spreads those)."""
    if a.type not in ("multiple", "judge") or b.type not in ("multiple", "judge"):
        return False
    return bool({_norm(w) for w in wrong_texts(a)} & {_norm(w) for w in wrong_texts(b)})


def key_offered_wrong(a: QuizItem, b: QuizItem) -> bool:
    """Whether a right answer of the choice item a is a wrong option of the choice item b (整顿 keyed in one,
    offered wrong in the next): a trainee takes one item's answer from the other, or doubts both."""
    if a.type not in ("single", "multiple") or b.type not in ("single", "multiple") or "下列" in a.stem:
        return False
    return bool({_norm(k) for k in a.answer_texts} & {_norm(w) for w in wrong_texts(b)})


def answered_by_issuer(item: QuizItem, rule: Rule) -> bool:
    """Whether a who-item asks for the body that issued the rule (泾县县委组织部's rule: "（　）要建立县管领导班子和
    领导干部监督信息档案" → 县委组织部), or a false statement takes that body out ("强化纪检部门在股级干部职数配备…
    的审核把关作用"): a trainee answers by who wrote the document, not by knowing the rule. Stated true it is asked."""
    issuer = next((m.group() for m in BODY.finditer(rule.doc.issuer or "")), "")
    if not issuer or not rule.binding:
        return False
    mine = body_family(issuer)
    if item.type in ("single", "multiple") and item.fact == FACT_LABELS["body"]:
        return any(BODY.search(k) and body_family(k) == mine for k in item.answer_texts)
    took = swapped_word(item)
    return bool(took and BODY.search(took) and body_family(took) == mine)


def implausible_swap(item: QuizItem, rule: Rule, index: Index) -> bool:
    """Whether a false statement puts in a word no document uses with what the sentence says around it
    ("及时移交人社部门", "举报受理渠道包括…座谈"): it is judged false by common sense, not by knowing the rule.
    The word put in must occur, in some other sentence of the knowledge base, beside a word that stands next to
    the changed detail here (移交, 举报, 渠道, 廉政教育)."""
    if item.type != "judge" or item.key != FALSE or item.fact == FACT_LABELS["consequence"]:
        return False  # a consequence is changed to one of the other weight the documents name (rank decides)
    took, new = swap_of(item)
    took = _norm(took)
    m = _SET_SWAPPED.search(item.explanation)
    if m:
        new, took = m.group(1), m.group(2)
    text = rule.text
    at = text.find(took) if took else -1
    if not new or at < 0 or new.startswith("每") or re.search(f"[0-9{CN_COUNT}]", new):
        return False  # a number, a period: any reader needs the rule to tell
    # what the sentence does around the change, bodies aside: "县纪委监委、县委组织部要针对新入职…开展廉政教育" with
    # 县委巡察办 put in must find 巡察办 doing something of the kind elsewhere, not only standing beside 县委组织部
    around = text[max(0, at - 12):at] + "," + text[at + len(took):at + len(took) + 12]
    near = {w for w in tokenizer().lcut(around) if len(w) >= 2 and w not in _GENERIC and not BODY.search(w)}
    if not near:
        return False
    for sent in _sentences(index):
        if new in sent and sent != text and any(w in sent for w in near):
            return False
    return True


_SET_SWAPPED = re.compile(r"其中没有“([^”]+)”\(原文为“([^”]+)”\)")
_SENTENCES: dict[int, tuple[object, list[str]]] = {}


def _sentences(index: Index) -> list[str]:
    hit = _SENTENCES.get(id(index.clauses))
    if hit is None or hit[0] is not index.clauses:
        hit = (index.clauses, [sent for c in index.clauses for sent in split_sentences(c.text)])
        _SENTENCES.clear()
        _SENTENCES[id(index.clauses)] = hit
    return hit[1]


def swap_of(item: QuizItem) -> tuple[str, str]:
    """What a false statement took out and what it put in, as written ("", "" for other items)."""
    m = _SWAPPED.search(item.explanation) if item.type == "judge" and item.key == FALSE else None
    return (m.group(1), m.group(2)) if m else ("", "")


def swapped_word(item: QuizItem) -> str:
    """The word a false statement took out (调整), "" for other items."""
    return _norm(swap_of(item)[0])


# Words every sentence of a cadre-supervision document holds: two items sharing only these share no topic.
_GENERIC = frozenset("干部 领导 领导干部 工作 单位 县 县管 进行 加强 严格 及时 开展 落实 认真 执行 有关 相关 要 应 等 对 的 和 "
                     "及 以及 在 将 把 与 或 并 为 按照 根据 规定 制度 要求 情况 问题 方面 本 各 党员 班子 领导班子".split())


def changed_from(item: QuizItem) -> str:
    """What a false statement took out, by kind (县委组织部 -> 组织), "" for other items."""
    took = swap_of(item)[0]
    return _kind_of(_norm(took)) if took else ""


def keyed_set(item: QuizItem) -> frozenset[str]:
    """The right answers of a multiple-choice item, empty for other items."""
    return frozenset(item.answer_texts) if item.type == "multiple" else frozenset()


def swap_pair(item: QuizItem) -> frozenset[str]:
    """What a false statement changed, as an unordered pair of kinds (组织 <-> 纪检, 严肃处理 <-> 提醒纠正)."""
    took, new = swap_of(item)
    return frozenset(_kind_of(_norm(w)) for w in (took, new)) if took else frozenset()


_SWAPPED = re.compile(r"原文为“([^”]+)”,题干改成了“([^”]+)”")


def changed_to(item: QuizItem) -> str:
    """The wrong value a false statement puts in, by kind (提醒纠正, 组织 for any organisation department)."""
    new = swap_of(item)[1]
    return _kind_of(_norm(new)) if new else ""


def _kind_of(word: str) -> str:
    """A body by its family (县委组织部, 组织部门 -> 组织), anything else as itself."""
    return body_family(word) if BODY.search(word) else word


_PERIOD_OR_NUMBER = re.compile(r"每(?:半年|季度|年|月|周)|\d+个?(?:工作日|月|天|年|周|日)")


def _fact_words(item: QuizItem) -> tuple[set[str], set[str]]:
    """The bodies (by family) and the periods or amounts an item speaks of, a false statement's original too."""
    text = strip_lead(item.stem) + " " + " ".join(item.answer_texts if item.type != "judge" else _asked(item))
    families = {body_family(text[a:b]) for a, b in body_mentions(text)}
    return families, set(_PERIOD_OR_NUMBER.findall(text))


def same_fact(a: QuizItem, b: QuizItem) -> bool:
    """Two items about the same body doing something at the same rhythm ("各成员单位每月向县委组织部通报" and
    资阳市 "每月15日前各成员单位向组织部通报"): the second is the first again, and each shows the other's key."""
    if a.citation.clause_id == b.citation.clause_id:
        return False  # parts of one paragraph are told apart by their spans
    fa, na = _fact_words(a)
    fb, nb = _fact_words(b)
    return bool(fa & fb) and bool({_norm(w)[:3] for w in na} & {_norm(w)[:3] for w in nb})


def _shows(item: QuizItem, word: str) -> bool:
    """Whether an item shows a trainee `word`: in its stem (without the lead), or as one of its options (an option
    "调整优化" does not show "调整")."""
    return word in strip_lead(item.stem) or (item.type in ("single", "multiple") and word in item.options)


def _asked(item: QuizItem) -> list[str]:
    """What an item asks the trainee to supply: its right answers, or a false statement's original words."""
    if item.type == "judge":
        took = swap_of(item)[0]
        return [took] if took else []
    return [w for w in item.answer_texts if len(w) >= 2]


def shows_all_keys(a: QuizItem, b: QuizItem) -> bool:
    """Whether b states every right answer of the multiple-choice item a, wherever b comes from: a combination of
    bodies or measures shown whole is the answer shown."""
    keys = keyed_set(a)
    return bool(keys) and a is not b and all(_shows(b, k) for k in keys) and b.type != "multiple"


def gives_away_other(a: Candidate, b: Candidate) -> bool:
    """Whether b, from a's paragraph, shows what a asks: the one word a gap or a single choice wants, the original
    of a false statement, or most of a multiple choice's keys (one of three shown leaves the item to be answered)."""
    asked = _asked(a.item)
    hits = sum(_shows(b.item, w) for w in asked)
    return hits * 2 > len(asked) if a.item.type == "multiple" else hits > 0


def _option_set(item: QuizItem) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(item.options), frozenset(item.answer_texts)


_CHANGED = re.compile(r"题干改成了“([^”]+)”")


def wrong_families(item: QuizItem) -> list[str]:
    """The kinds of wrong values an item shows: bodies by family (县委巡察办, 专项巡察 -> 巡察), else the text."""
    out = []
    for w in wrong_texts(item):
        fam = next((body_family(s) for s in SHORT_BODIES if s in w), "") or (_kind_of(w) if BODY.search(w) else w)
        out.append(fam)
    return out


def wrong_texts(item: QuizItem) -> list[str]:
    """The wrong values an item shows: a choice item's wrong options, a false statement's changed detail."""
    if item.type in ("single", "multiple"):
        return [o for i, o in enumerate(item.options) if LETTERS[i] not in item.key]
    if item.type == "judge" and item.key == FALSE:
        # "及时进行提醒纠正" and "进行提醒纠正" offer the same wrong consequence
        return [re.sub(r"^(?:及时|严肃)?(?:进行|予以)?", "", w) for w in _CHANGED.findall(item.explanation)[:1]]
    return []


def _statement_item(by_rule: dict[str, list[Candidate]], free: set[str], rule_of: dict[str, Rule],
                    rng: random.Random) -> tuple[Candidate, set[str]] | None:
    """「下列说法正确的是」: one true statement and three with one detail changed, from four rules of one document."""
    by_doc: dict[str, list[str]] = {}
    for k in sorted(free):
        if rule_of[k].binding:
            by_doc.setdefault(rule_of[k].clause.doc_id, []).append(k)
    for keys in by_doc.values():
        rng.shuffle(keys)
        made: list[tuple[str, str, str, Candidate]] = []  # (rule id, statement, why, candidate)
        for want_true in (True, False, False, False):
            for k in keys:
                if any(m[0] == k for m in made):
                    continue
                found = [(c, st) for c in by_rule[k] if c.item.type == "judge"
                         for st in [_statement_of(c, want_true)] if st is not None]
                if not found:
                    continue
                cand, stmt = found[0]
                made.append((k, stmt[0], stmt[1], cand))
                break
        if len(made) < 4:
            continue
        texts = [m[1] for m in made]
        order = list(range(4))
        rng.shuffle(order)
        options = tuple(texts[i] for i in order)
        answer = LETTERS[order.index(0)]
        true_cand = made[0][3]
        doc = rule_of[made[0][0]].doc
        stem = f"按照{doc.issuer}《{short_title(doc.title, doc.kind)}》的规定,下列说法正确的是{PAREN}"
        wrongs = ";".join(sorted(f"{LETTERS[order.index(i)]}项{made[i][2]}" for i in range(1, 4)))
        cit = true_cand.item.citation
        also = tuple(m[3].item.citation for m in made[1:])
        where = issuer_shown(doc.issuer, doc.kind) + source_label(cit.doc_title, cit.path)
        explanation = f"正确答案为{answer}。{wrongs}。出处:{where}。原文:“{cit.quote}”"
        item = QuizItem(id="", type="single", stem=stem, options=options, answer=answer, explanation=explanation,
                        citation=cit, difficulty="medium", fact=FACT_LABELS["statement"],
                        rules=tuple(m[0] for m in made), topic=true_cand.item.topic, points=POINTS["single"],
                        binding=True, also=also)
        return Candidate(item, rule_of[made[0][0]], 1.0), {m[0] for m in made}
    return None


def _statement_of(cand: Candidate, true: bool) -> tuple[str, str] | None:
    item = cand.item
    body = strip_lead(item.stem)
    if len(body) > 60 or item.fact == FACT_LABELS["set"]:  # "“五位一体”…包括…" is no sentence of the text
        return None
    if true and item.answer == TRUE:
        return body, ""
    if not true and item.answer == FALSE:
        m = re.search(r"原文为“([^”]+)”,题干改成了“([^”]+)”", item.explanation)
        return (body, f"原文为“{m.group(1)}”而非“{m.group(2)}”") if m else None
    return None
