"""Turn facts into quiz items and pick a varied, reproducible set of them.

Each fact offers candidate items (a cloze of a time limit, a single choice among bodies, a multiple choice
over a named set, a judge item that changes one fact…). Candidates that fail `check_item` are dropped;
the rest are scored and picked type by type, no two near-duplicates, spread over clauses."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

from assistant.quiz import distractors as dis
from assistant.quiz.check import check_item
from assistant.quiz.facts import KIND_LABELS, Fact, find_facts, named_sets
from assistant.quiz.text import (
    BLANK,
    PAREN,
    SET_LISTING,
    finish,
    lead,
    norm,
    segments,
    sentence_of,
    similarity,
    source_label,
    window,
)
from assistant.quiz.types import JUDGE_OPTIONS, TYPES, QuizCitation, QuizError, QuizItem, QuizOptions
from knowledge.index import Index
from knowledge.tokenize import tokenizer
from knowledge.types import Clause

LETTERS = "ABCDEF"
QUANTITY_KINDS = ("duration", "frequency", "date", "count", "ratio")
# how much context a stem carries (characters of the clause around the key)
BUDGET = {"easy": 72, "medium": 64, "hard": 48}
# options of a multiple-choice item
MULTI_OPTIONS = {"easy": 4, "medium": 5, "hard": 6}
NEAR_DUPLICATE = 0.6
# words that make a sentence of a sample text (范文) a rule rather than a report ("重要" is no "要")
_NORMATIVE = frozenset("要 应 应当 应该 须 必须 不得 严禁 禁止 一般 原则上 不宜 不低于 不少于 至少 实行 建立 健全".split())
MAX_PER_CLAUSE = 4
MAX_QUOTE = 160  # characters of source sentence an explanation quotes before it quotes the stem's span only

_KIND_WEIGHT = {"role": 0.8, "set": 1.0, "duration": 1.0, "frequency": 1.0, "date": 1.0, "ratio": 1.0, "count": 0.8,
                "bodies": 0.85, "body": 0.75, "obligation": 0.75, "list": 0.6}
_FIT = {
    "cloze": {"duration": 1.0, "frequency": 1.0, "date": 1.0, "ratio": 1.0, "count": 0.9, "set": 0.9, "body": 0.6,
              "bodies": 0.7, "list": 0.5, "role": 0.6},
    "single": {"duration": 1.0, "frequency": 1.0, "date": 1.0, "ratio": 1.0, "count": 0.9, "body": 1.0, "set": 0.9,
               "bodies": 0.7, "list": 0.6, "role": 1.0},
    "multiple": {"set": 1.0, "bodies": 1.0, "list": 1.0},
    # judge items take obligations first: the other types cannot use them, while time limits and bodies
    # make better cloze and single-choice items
    "judge": {"obligation": 1.0, "duration": 0.65, "frequency": 0.65, "date": 0.65, "ratio": 0.65, "count": 0.6,
              "body": 0.6, "set": 0.6, "role": 0.6},
}


@dataclass(frozen=True)
class Candidate:
    item: QuizItem
    fact: Fact
    score: float
    variant: str = ""  # judge: "true" / "false"


def generate_quiz(index: Index, options: QuizOptions) -> list[QuizItem]:
    """Items drawn from the clauses `options` selects; fewer than `options.count` when the text runs out."""
    clauses = select_clauses(index, options)
    sets = named_sets(index.clauses)
    all_facts = [f for c in index.clauses for f in find_facts(c, sets)]
    pools = dis.build_pools(all_facts, index.clauses)
    chosen = {c.id for c in clauses}
    facts = [f for f in all_facts if f.clause.id in chosen and _worth_asking(f, index)]
    if not facts:
        raise QuizError("所选范围内没有可出题的内容(时限、频次、责任主体、名称集合、禁止性规定等),请放宽 --doc 或 --heading")
    rng = random.Random(options.seed)
    wanted = set(options.types)
    cands: list[Candidate] = []
    for fact in facts:
        for cand in _candidates(fact, pools, rng, options.difficulty, wanted):
            if not check_item(cand.item, index):
                cands.append(cand)
    picked = _pick(cands, options, rng)
    order = {t: i for i, t in enumerate(TYPES)}
    picked.sort(key=lambda c: (order[c.item.type], c.fact.clause.doc_id, c.fact.clause.ordinal, c.fact.key))
    return [replace(c.item, id=f"q{i:03d}") for i, c in enumerate(picked, 1)]


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


def _worth_asking(fact: Fact, index: Index) -> bool:
    doc = index.docs.get(fact.clause.doc_id)
    sample = doc is not None and doc.level == "其他"  # 范文: work reports and essays
    if sample and fact.kind == "count":
        return False  # "划分为a级部门14个" reports a result, it is no rule
    words = tokenizer().lcut(fact.sentence_text)
    if sample and fact.kind not in ("role", "set") and not any(w in _NORMATIVE or w.startswith("每") for w in words):
        return False  # a 范文's self-criticism or a fragment ("对那些连续两年…的领导干部;") states no rule
    if fact.kind == "obligation":
        text = fact.clause.text
        if text[fact.key[1]:fact.key[1] + 1] in ("要", "的", "是") or fact.label not in dis.MODAL_FLIPS:
            return False
        # who must (not) do it: a subject in the same piece, or a condition just before ("…推荐的,必须…")
        piece_start = max(text.rfind(c, 0, fact.key[0]) for c in ",,;;。:：\n") + 1
        if fact.key[0] - piece_start < 2:
            prev_end = piece_start - 1
            prev_start = max(text.rfind(c, 0, prev_end) for c in ",,;;。:：\n") + 1
            prev = text[prev_start:prev_end]
            if not (prev.endswith("的") or prev.startswith(("对", "凡"))):
                return False
    return True


def _doc_weight(fact: Fact, index: Index) -> float:
    doc = index.docs.get(fact.clause.doc_id)
    return 0.6 if doc is not None and doc.level == "其他" else 1.0


# ---------------------------------------------------------------- candidates

def _candidates(fact: Fact, pools: dis.Pools, rng: random.Random, difficulty: str,
                wanted: set[str]) -> Iterator[Candidate]:
    maker = _Maker(fact, pools, rng, difficulty)
    makers = {
        "cloze": maker.cloze, "single": maker.single, "multiple": maker.multiple,
    }
    for item_type in ("cloze", "single", "multiple"):
        if item_type == "cloze" and fact.items and not fact.closed:
            continue  # "动议、研究、考核、公示、____等环节": anything could fill an open list
        if item_type in wanted and fact.kind in _FIT[item_type]:
            item = makers[item_type]()
            if item is not None:
                yield Candidate(item, fact, _FIT[item_type][fact.kind] * _KIND_WEIGHT[fact.kind])
    if "judge" in wanted and fact.kind in _FIT["judge"]:
        for variant, item in maker.judges():
            yield Candidate(item, fact, _FIT["judge"][fact.kind] * _KIND_WEIGHT[fact.kind], variant)


class _Maker:
    """Builds the items one fact can carry."""

    def __init__(self, fact: Fact, pools: dis.Pools, rng: random.Random, difficulty: str) -> None:
        self.fact, self.pools, self.rng, self.difficulty = fact, pools, rng, difficulty
        self.clause = fact.clause
        self.text = fact.clause.text
        if fact.kind == "set":
            self.win = _set_window(fact)
        else:
            self.win = window(self.text, fact.sentence, fact.key, BUDGET[difficulty])

    # -- shared pieces
    def body(self, span: tuple[int, int] | None = None, fill: str | None = None) -> str:
        """The window, with text[span] replaced by `fill` when given."""
        a, b = self.win
        if span is None or fill is None:
            return self.text[a:b]
        return self.text[a:span[0]] + fill + self.text[span[1]:b]

    def quote(self) -> str:
        """The sentence(s) the stem comes from; just the stem's own words when the sentence runs on."""
        s, e = sentence_of(self.text, *self.win)
        if e - s > MAX_QUOTE:
            s, e = self.win
        return self.text[s:e].strip()

    def stem(self, body: str) -> str:
        return lead(self.clause, self.text[self.win[0]:self.win[1]]) + finish(body)

    def item(self, item_type: str, stem: str, options: tuple[str, ...], answer: str, why: str) -> QuizItem:
        quote = self.quote()
        c = self.clause
        explanation = f"{why}出处:{source_label(c.doc_title, c.path)}。原文:“{quote}”"
        return QuizItem(id="", type=item_type, stem=stem, options=options, answer=answer, explanation=explanation,
                        citation=QuizCitation(c.doc_id, c.doc_title, c.id, tuple(c.path), quote),
                        difficulty=self.difficulty, fact=KIND_LABELS[self.fact.kind])

    def lettered(self, right: list[str], wrong: list[str]) -> tuple[tuple[str, ...], str]:
        texts = [(t, True) for t in right] + [(t, False) for t in wrong]
        self.rng.shuffle(texts)
        options = tuple(f"{LETTERS[i]} {t}" for i, (t, _) in enumerate(texts))
        answer = "".join(LETTERS[i] for i, (_, ok) in enumerate(texts) if ok)
        return options, answer

    def wrong_values(self, n: int) -> list[str]:
        f = self.fact
        if f.kind in QUANTITY_KINDS:
            return dis.quantity(f, self.pools, n, self.rng, self.difficulty)
        if f.kind == "body":
            return dis.body(f, self.pools, n, self.rng)
        if f.kind == "role":
            return dis.role(f, n, self.rng)
        if f.kind in ("set", "bodies", "list"):
            return dis.for_items(f, self.pools, n, self.rng, self.difficulty)
        return []

    # -- item types
    def cloze(self) -> QuizItem | None:
        f = self.fact
        if f.items:  # one item of a set or list: "巡察整改联督、____、重要事项联审…"
            i = self.rng.randrange(len(f.items))
            span, key = _item_key(f, i)
        else:
            span, key = f.key, f.key_text
        stem = self.stem(self.body(span, BLANK))
        return self.item("cloze", stem, (), key, f"应填“{key}”。")

    def single(self) -> QuizItem | None:
        f = self.fact
        if f.kind == "set":
            return self._single_not_in_set()
        wrong = self.wrong_values(3)
        if len(wrong) < 3:
            return None
        if f.items:  # one item of a list: "集中检查、（　）、专项检查、年度自查等多种方式"
            i = self.rng.randrange(len(f.items))
            span, key = f.items[i], f.item_texts[i]
        else:
            span, key = f.key, f.key_text
        options, answer = self.lettered([key], wrong)
        stem = self.stem(self.body(span, PAREN))
        return self.item("single", stem, options, answer, f"正确答案为“{key}”。")

    def _single_not_in_set(self) -> QuizItem | None:
        f = self.fact
        wrong = self.wrong_values(1)
        if not wrong or len(f.items) < 3:
            return None
        right = self.rng.sample(list(f.item_texts), 3)
        right.sort(key=f.item_texts.index)
        texts = right + wrong
        self.rng.shuffle(texts)
        options = tuple(f"{LETTERS[i]} {t}" for i, t in enumerate(texts))
        answer = LETTERS[texts.index(wrong[0])]
        phrase = _set_phrase(f)
        stem = lead(self.clause, "") + f"下列选项中,不属于{phrase}的是{PAREN}"
        why = f"“{wrong[0]}”不属于{phrase};{phrase}包括:{'、'.join(f.item_texts)}。"
        return self.item("single", stem, options, answer, why)

    def multiple(self) -> QuizItem | None:
        f = self.fact
        total = MULTI_OPTIONS[self.difficulty]
        n_wrong_max = min(3, max(1, total - len(f.items)))
        wrong = self.wrong_values(n_wrong_max)
        if not wrong:
            return None
        n_true = min(len(f.items), total - len(wrong))
        if n_true < 2:
            return None
        right = sorted(self.rng.sample(list(f.item_texts), n_true), key=f.item_texts.index)
        options, answer = self.lettered(right, wrong)
        missing = "、".join(f"“{w}”" for w in wrong)
        if f.kind == "set":
            phrase = _set_phrase(f)
            stem = lead(self.clause, "") + f"下列选项中,属于{phrase}的有{PAREN}"
            why = f"{phrase}包括:{'、'.join(f.item_texts)};{missing}不在其中。"
        else:
            stem = self.stem(self.body(f.key, PAREN))
            why = f"原文列举的是:{'、'.join(f.item_texts)};{missing}未列入。"
        return self.item("multiple", stem, options, answer, why)

    def judges(self) -> Iterator[tuple[str, QuizItem]]:
        f = self.fact
        if f.kind == "set":
            yield from self._set_judges()
            return
        stem = self.stem(self.body())
        yield "true", self.item("judge", stem, JUDGE_OPTIONS, "A", "正确。该表述与原文一致。")
        if f.kind == "obligation":
            span, orig, changed = f.key, f.key_text, dis.flip_modal(f.label)
        else:
            wrong = self.wrong_values(1)
            if not wrong:
                return
            span, orig, changed = f.key, f.key_text, wrong[0]
        stem = self.stem(self.body(span, changed))
        why = f"错误。原文为“{orig}”,题干改成了“{changed}”。"
        yield "false", self.item("judge", stem, JUDGE_OPTIONS, "B", why)

    def _set_judges(self) -> Iterator[tuple[str, QuizItem]]:
        """“五联”模式包括A、B、C、D、E。 — true as listed, false with one item swapped for a look-alike."""
        f = self.fact
        phrase = _set_phrase(f)
        items = list(f.item_texts)
        head = lead(self.clause, "")
        yield "true", self.item("judge", f"{head}{phrase}{SET_LISTING}{'、'.join(items)}。", JUDGE_OPTIONS, "A",
                                "正确。该表述与原文一致。")
        wrong = dis.recombined(f, 1, self.rng) or dis.siblings(f, self.pools, 1, self.rng)
        if not wrong:
            return
        i = self.rng.randrange(len(items))
        changed = [*items[:i], wrong[0], *items[i + 1:]]
        why = f"错误。{phrase}包括{'、'.join(items)},其中没有“{wrong[0]}”(原文为“{items[i]}”)。"
        yield "false", self.item("judge", f"{head}{phrase}{SET_LISTING}{'、'.join(changed)}。", JUDGE_OPTIONS, "B",
                                 why)


def _item_key(f: Fact, i: int) -> tuple[tuple[int, int], str]:
    """The part of set item i to blank out: "提拔使用时必谈" -> "提拔使用" when all items end in 时必谈."""
    items = f.item_texts
    suffix = items[0]
    for it in items[1:]:
        while not it.endswith(suffix):
            suffix = suffix[1:]
    a, b = f.items[i]
    if len(suffix) >= 2 and b - a - len(suffix) >= 2:
        b -= len(suffix)
    return (a, b), f.clause.text[a:b]


def _set_window(f: Fact) -> tuple[int, int]:
    """From the piece that names the set through the end of its items: "做到“五个必谈”:…时必谈"."""
    text = f.clause.text
    name_pos = min((m.start() for m in re.finditer(re.escape(f.label), text)), key=lambda p: abs(p - f.key[0]))
    lo = min(name_pos, f.key[0])
    hi = max(name_pos + len(f.label), f.key[1])
    segs = segments(text, *f.sentence)
    a = next((s for s, e in segs if s <= lo < e), lo)
    b = next((e for s, e in segs if s < hi <= e), hi)
    return a, b


def _set_phrase(f: Fact) -> str:
    """How a stem names the set: “五联”模式, “四小四大”问题, 干部选拔任用“四个机制”."""
    text = f.clause.text
    name = f.label
    pos = text.find(f"“{name}”")
    if pos >= 0:
        after = text[pos + len(name) + 2:]
        after = re.sub(r"^[(（][^)）]*[)）]", "", after)
        m = re.match(r"的?([\u4e00-\u9fff]{0,6}?(?:模式|制度|机制|问题|渠道))", after)
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

def allocate(count: int, types: tuple[str, ...]) -> dict[str, int]:
    base, extra = divmod(count, len(types))
    return {t: base + (1 if i < extra else 0) for i, t in enumerate(types)}


def _pick(cands: list[Candidate], options: QuizOptions, rng: random.Random) -> list[Candidate]:
    jitter = {id(c): 0.75 + 0.5 * rng.random() for c in cands}
    pools = {t: [c for c in cands if c.item.type == t] for t in options.types}
    picked: list[Candidate] = []
    norms: list[str] = []
    used_facts: Counter[tuple[str, tuple[int, int]]] = Counter()
    per_clause: Counter[str] = Counter()
    judge_true = 0

    def value(c: Candidate) -> float:
        v = c.score * jitter[id(c)] - 0.35 * per_clause[c.fact.clause.id] \
            - 0.5 * used_facts[(c.fact.clause.id, c.fact.key)]
        # variety: not the same answer twice in a row of 单选, not one clause filling the 判断 section
        v -= 0.4 * sum(1 for p in picked if p.item.type == c.item.type and p.item.answer_texts == c.item.answer_texts
                       and c.item.type != "judge")
        v -= 0.4 * sum(1 for p in picked if p.item.type == c.item.type and p.fact.clause.id == c.fact.clause.id)
        if c.variant:  # keep true and false judge items balanced
            judge = sum(1 for p in picked if p.item.type == "judge")
            want_true = judge_true * 2 < judge + 1
            v += 0.3 if (c.variant == "true") == want_true else -0.3
        return v

    def acceptable(c: Candidate, cap: int) -> bool:
        if used_facts[(c.fact.clause.id, c.fact.key)] >= 2 or per_clause[c.fact.clause.id] >= cap:
            return False
        n = norm(c.item.stem)
        return all(similarity(n, other) < NEAR_DUPLICATE for other in norms)

    # a first pass spreads items over clauses; when that runs dry (a narrow --doc), a clause may give more
    for cap in (MAX_PER_CLAUSE, 10 * MAX_PER_CLAUSE):
        if len(picked) >= options.count:
            break
        quota = allocate(options.count, options.types)
        for item in picked:
            quota[item.item.type] -= 1
        exhausted: set[str] = set()
        while len(picked) < options.count and len(exhausted) < len(options.types):
            for t in options.types:
                if t in exhausted or quota[t] <= 0 or len(picked) >= options.count:
                    continue
                best = max((c for c in pools[t] if acceptable(c, cap)), key=value, default=None)
                if best is None:
                    # this type ran out: hand what is left of its share to the others
                    exhausted.add(t)
                    rest = [k for k in options.types if k not in exhausted]
                    for i in range(max(0, quota[t])):
                        if rest:
                            quota[rest[i % len(rest)]] += 1
                    quota[t] = 0
                    continue
                picked.append(best)
                quota[t] -= 1
                norms.append(norm(best.item.stem))
                used_facts[(best.fact.clause.id, best.fact.key)] += 1
                per_clause[best.fact.clause.id] += 1
                if best.variant == "true":
                    judge_true += 1
            if all(quota[t] <= 0 for t in options.types if t not in exhausted):
                break
    return picked
