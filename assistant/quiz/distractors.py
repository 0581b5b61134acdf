"""Wrong options of the same kind as the key: other durations, other bodies, sibling items of other lists.
None may be a second correct answer: a distractor never occurs in the
key's clause, never shares a family with a body the clause names, and never overlaps a true item."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.quiz.facts import ROLES, SHORT_BODIES, Fact, body_family, body_mentions
from assistant.quiz.rules import INSPECTIONS, MEASURES, measure_weight
from knowledge.numerals import CN_NUMBER, cn_to_int, int_to_cn
from knowledge.types import Clause

# values a key of each unit may take; the corpus' own values are added to these
_LADDERS: dict[str, tuple[float, ...]] = {
    "个工作日": (1, 2, 3, 5, 7, 10, 15, 20, 30),
    "工作日": (1, 2, 3, 5, 7, 10, 15, 20, 30),
    "天": (3, 5, 7, 10, 15, 20, 30, 45, 60, 90),
    "周": (1, 2, 3, 4),
    "个月": (1, 2, 3, 6, 12),
    "年": (1, 2, 3, 4, 5, 6, 8, 10),
    "日": (5, 10, 15, 20, 25),
}
PERIODS = ("每周", "每月", "每季度", "每半年", "每年", "每两年")
RATIOS = ("1:1", "1:1.5", "1:2", "1:3", "1:4", "1:5", "2:1")
# bodies that usually carry a level prefix (县委组织部, 市审计局)
_PREFIXED = ("委组织部", "纪委监委", "委巡察办", "委宣传部", "审计局", "直机关工委")
_UNPREFIXED = ("纪检监察机关", "组织人事部门", "审计机关", "司法机关", "人社部门", "公安机关", "信访部门", "纪委",
               "组织部", "干部部门")
# wrong values of a modal verb, for judge items that flip an obligation
MODAL_FLIPS = {"不得": "可", "严禁": "允许", "禁止": "允许", "必须": "无需", "应当": "无需"}


@dataclass
class Pools:
    """Material gathered from the whole corpus once per quiz."""

    values: dict[str, set[str]] = field(default_factory=dict)  # unit -> key texts (7个工作日, 两个工作日)
    bodies: set[str] = field(default_factory=set)
    items: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # group -> [(item, doc_id)]
    measures: list[str] = field(default_factory=list)  # MEASURES words the knowledge base uses
    quoted: set[str] = field(default_factory=set)  # measures the knowledge base only ever writes in quotes
    doc_texts: dict[str, str] = field(default_factory=dict)  # doc_id -> its clauses' text


def build_pools(facts: Iterable[Fact], clauses: Iterable[Clause]) -> Pools:
    pools = Pools()
    clauses = list(clauses)
    for f in facts:
        if f.kind in ("duration", "date", "count"):
            pools.values.setdefault(f.label, set()).add(f.key_text)
        if f.kind in ("list", "bodies") or (f.kind == "set" and f.group):
            for it in f.item_texts:
                pools.items.setdefault(f.group, []).append((it, f.clause.doc_id))
        if f.kind == "list" and f.group != "考核考察":
            # kinds of assessment listed under another head ("集中检查、重点抽查…等多种方式") are kinds still
            for it in f.item_texts:
                if it.endswith(INSPECTIONS) and len(it) >= 4:
                    pools.items.setdefault("考核考察", []).append((it, f.clause.doc_id))
    for group, words in KIND_WORDS.items():
        pools.items.setdefault(group, []).extend((w, "") for w in words)
    for c in clauses:
        pools.doc_texts[c.doc_id] = pools.doc_texts.get(c.doc_id, "") + "\n" + c.text
    corpus = "\n".join(c.text for c in clauses)
    pools.measures = sorted(w for w in MEASURES if w in corpus)
    pools.quoted = {w for w in pools.measures if corpus.count(w) == corpus.count(f"“{w}”")}
    for c in clauses:
        for a, b in body_mentions(c.text):
            pools.bodies.add(c.text[a:b])
    for prefix in ("县", "市"):
        pools.bodies.update(prefix + core for core in _PREFIXED)
    pools.bodies.update(_UNPREFIXED)
    return pools


def _split_number(key: str) -> tuple[str, str]:
    m = re.match(rf"(\d+(?:\.\d+)?|[{CN_NUMBER}]+)(.*)$", key)
    if not m:
        raise ValueError(f"not a quantity: {key!r}")
    return m.group(1), m.group(2)


def _render(n: float, like: str, unit: str) -> str:
    if like.isdigit() or "." in like:
        return f"{int(n) if n == int(n) else n}{unit}"
    return int_to_cn(int(n), before_measure=unit.startswith(("个", "周", "年"))) + unit


def _order(values: Sequence[float], key: float, difficulty: str, rng: random.Random, n: int) -> list[float]:
    """Pick n values: nearest to the key when hard, far apart when easy, a seeded mix otherwise."""
    def dist(v: float) -> float:
        return abs(math.log(v) - math.log(key)) if v > 0 and key > 0 else abs(v - key)

    near = sorted(values, key=lambda v: (dist(v), v))
    if difficulty == "hard":
        return near[:n]
    if difficulty == "easy":
        spread = near[::-1][: n * 2]
        return sorted(rng.sample(spread, min(n, len(spread))), key=dist)
    pool = near[: n + 2]
    return sorted(rng.sample(pool, min(n, len(pool))), key=dist)


def quantity(fact: Fact, pools: Pools, n: int, rng: random.Random, difficulty: str) -> list[str]:
    key = fact.key_text
    if fact.kind == "frequency":
        # 每年 -> 每两年 would differ by an insertion only, which a checker cannot call a contradiction
        others = [p for p in PERIODS if p != key and p not in fact.sentence_text
                  and not _subsequence(key, p) and not _subsequence(p, key)]
        idx = {p: i for i, p in enumerate(PERIODS)}
        k = idx.get(key, 3)
        return [PERIODS[i] for i in _order_idx([idx[p] for p in others], k, difficulty, rng, n)]
    if fact.kind == "ratio":
        others = [r for r in RATIOS if r != key]
        val = {r: _ratio(r) for r in others}
        picked = _order(list(val.values()), _ratio(key), difficulty, rng, n)
        return [next(r for r in others if val[r] == v) for v in picked]
    num, unit = _split_number(key)
    value = float(num) if num[0].isdigit() else float(cn_to_int(num) or 0)
    if value <= 0:
        return []
    ladder = set(_LADDERS.get(unit, ()))
    for seen in pools.values.get(fact.label, ()):
        s_num, s_unit = _split_number(seen)
        if s_unit == unit:
            ladder.add(float(s_num) if s_num[0].isdigit() else float(cn_to_int(s_num) or 0))
    if fact.kind == "count" or not ladder:
        base = int(value)
        ladder.update(v for v in (base - 2, base - 1, base + 1, base + 2, base + 5, base * 2, base // 2,
                                  round(base * 0.75), round(base * 1.25), round(base * 1.5), base + 10) if v > 0)
        if difficulty != "hard" and base >= 10:
            ladder = {v for v in ladder if abs(v - base) > 2}  # 112 for 113 is a trap, not a test
    ladder.discard(value)
    ladder = {v for v in ladder if v > 0}
    picked = _order(sorted(ladder), value, difficulty, rng, n)
    return [_render(v, num, unit) for v in picked]


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _order_idx(values: list[int], key: int, difficulty: str, rng: random.Random, n: int) -> list[int]:
    near = sorted(values, key=lambda v: (abs(v - key), v))
    if difficulty == "hard":
        return near[:n]
    pool = near[::-1][: n + 1] if difficulty == "easy" else near[: n + 1]
    return sorted(rng.sample(pool, min(n, len(pool))), key=lambda v: abs(v - key))


def _ratio(r: str) -> float:
    a, b = r.split(":")
    return float(a) / float(b)


def _families_in(text: str) -> set[str]:
    fams = {body_family(text[a:b]) for a, b in body_mentions(text)}
    # a short name counts where it stands in a list of bodies ("纪检监察、组织、保密、公安等部门"), not inside another
    # word ("予以组织处理", "组织生活"): else a family the clause never names is kept out of the options
    fams.update(body_family(s) for s in SHORT_BODIES if re.search(f"(?:^|[、和与及]){s}(?=[、和与及等])", text))
    return fams


# Items of a kind that a set of that kind can be offered when the knowledge base lists no other items of the
# kind at the set's width (the only other 渠道 it lists, 巡视巡察、信访举报, are longer, and one shares 信访),
# with why each is of the kind and yet no member of any set the documents name.
KIND_WORDS: dict[str, dict[str, str]] = {
    # no 渠道: every channel is either ruled out by common sense (座谈, 走访: meetings the organisation calls;
    # review 8) or arguably a member of the 五位一体 (微信 is 网络, 意见箱 is 信箱: review 9)
    # kinds of assessment a county assesses cadres by, none of which the documents name where a kind is asked:
    # a wrong option of the keys' own form ("××考核"), never an odd one out such as 巡视巡察
    "考核考察": {
        "任期考核": "assessment at the end of a term of office",
        "试用期考核": "assessment at the end of a probation period",
        "届中考核": "mid-term assessment of a leadership team",
        "日常考察": "day-to-day observation of a cadre by the organisation department",
    },
    # what is judged of a cadre: aspects an organisation weighs, of the width of the documents' own lists
    "干部表现": {
        "工作实绩": "results of one's work: weighed in every assessment, yet no item of a list of aspects here",
        "家庭情况": "a cadre's family circumstances: kept in files, no item of a list of aspects here",
        "能力水平": "ability: weighed in every assessment, yet no item of a list of aspects here",
        "精神状态": "morale: what front-line assessment looks at, no item of a list of aspects here",
    },
}

# Body families whose work includes supervising cadres, with why, closest first: a wrong option from one of these
# is a body a trainee could believe does the task; one from elsewhere (宣传, 公安, 财政) is ruled out without
# knowing the rule, so it is offered only when these run out. The party's own cadre bodies lead; 审计 and 信访 do
# narrower work a trainee tells by the name ("移交信访部门": review 8), so they come last.
SUPERVISORS = {
    "组织": "组织部门:干部的选拔、考核、管理监督",
    "巡察": "巡察机构:政治巡察,发现干部问题",
    "工委": "机关工委:机关党的建设和党员干部的教育监督",
    "纪检": "纪委监委、纪检监察机关:监督执纪问责",
    "审计": "审计机关:经济责任审计",
    "信访": "信访部门:受理涉及干部的来信来访",
}
CLOSEST = tuple(SUPERVISORS)
# families a reader could take for one another: 公安 is part of 政法 with 司法, 监察 goes with 纪检
_KIN = {"司法": {"公安"}, "公安": {"司法"}}


def body(fact: Fact, pools: Pools, n: int, rng: random.Random) -> list[str]:
    """Other bodies at the same level (县委组织部 -> 县纪委监委, 县委巡察办…), none of a family the clause names."""
    key = fact.key_text
    text = fact.clause.text
    prefix = key[0] if key[0] in "县市区州省" and len(key) > 3 else ""
    # families its own sentence names are kept out (one may share the task); a body the clause names elsewhere
    # ("《关于组织人事部门对领导干部进行提醒、函询和诫勉的实施细则》" before "及时移交…") is left out by name only
    banned = _families_in(text[fact.sentence[0]:fact.sentence[1]]) | {body_family(key)}
    banned |= {k for f in list(banned) for k in _KIN.get(f, set())}
    cands = sorted(b for b in pools.bodies
                   if b != key and b not in text and body_family(b) not in banned
                   and (b[0] == prefix if prefix else b[0] != "州"))
    # one per family: of the key's level where the family has one, the closest in length to the key. A key of no
    # level (纪检监察机关) may sit beside a county body (县委巡察办) when its family has no other name: else only
    # 审计、信访、人社 are left, and a trainee rules them out by name ("移交信访部门")
    by_family: dict[str, list[str]] = {}
    for b in cands:
        by_family.setdefault(body_family(b), []).append(b)
    choices = [min(bs, key=lambda b: (b[0] in "县市区省" and not prefix, abs(len(b) - len(key)), b))
               for bs in by_family.values()]
    rng.shuffle(choices)
    choices.sort(key=lambda b: CLOSEST.index(body_family(b)) if body_family(b) in CLOSEST else len(CLOSEST))
    # a seeded draw among the closest supervising bodies, so that a paper can offer 巡察 in one item and 工委 in
    # the next; 审计、信访 only when those run out ("移交信访部门" is ruled out by name: review 8)
    near = [b for b in choices if body_family(b) in CLOSEST[:4]]
    if len(near) > n:
        keep = set(rng.sample(near, n))
        choices = [b for b in choices if b in keep] + [b for b in choices if b not in keep]
    return choices[:n]


def measures(keys: list[str], clause: Clause, pools: Pools, n: int, rng: random.Random,
             other_weight: bool) -> list[str]:
    """Other measures the knowledge base names (rules.MEASURES), for a consequence ("进行整顿") or a run of
    measures ("提醒、函询、诫勉"): none the clause uses (it may impose that one on another case), none sharing
    words with a key (诫勉 / 诫勉谈话). A consequence takes the other weight first (整顿 -> 约谈, 诫勉谈话: wrong,
    not merely milder wording of the same), a run takes its own weight (提醒、函询、诫勉 -> 约谈)."""
    weight = measure_weight(keys[0])
    width = sum(map(len, keys)) / len(keys)
    cands = [w for w in pools.measures if w not in clause.text and not _overlaps(w, keys)
             and (abs(len(w) - width) <= 1.5 or other_weight)]
    if other_weight:  # a bare stem of a longer measure (提醒 of 提醒谈话) reads as a fragment after 进行/实行
        cands = [w for w in cands if not any(w != o and o.startswith(w) for o in pools.measures)]
    rng.shuffle(cands)
    cands.sort(key=lambda w: ((measure_weight(w) == weight) == other_weight, abs(len(w) - width)))
    return cands[:n]


def role(fact: Fact, n: int, rng: random.Random) -> list[str]:
    """Other people who could be named responsible (书记 -> 副书记, 纪检委员…), none the clause names."""
    key = fact.key_text
    cands = [r for r in ROLES if r != key and r not in fact.clause.text and key not in r and r not in key]
    rng.shuffle(cands)
    cands.sort(key=lambda r: abs(len(r) - len(key)))
    return cands[:n]


def short_bodies(fact: Fact, n: int, rng: random.Random) -> list[str]:
    """Departments named by their short names (纪检监察、组织、保密、公安): other departments."""
    banned = _families_in(fact.clause.text)
    cands = [s for s in ("审计", "财政", "信访", "宣传", "人社", "统计", "司法", "保密", "公安", "巡察")
             if s not in fact.clause.text and body_family(s) not in banned]
    rng.shuffle(cands)
    return cands[:n]


def _overlaps(a: str, items: Iterable[str]) -> bool:
    """a is, contains, or is made of much the same characters as an item (信息信访 / 信访举报)."""
    for it in items:
        if a in it or it in a:
            return True
        shared = set(a) & set(it)
        if len(shared) >= 2 and len(shared) * 2 >= min(len(set(a)), len(set(it))):
            return True
    return False


def siblings(fact: Fact, pools: Pools, n: int, rng: random.Random) -> list[str]:
    """Items of other lists of the same kind (方式, 渠道, 制度…) that the clause does not contain."""
    items = fact.item_texts
    # not the clause only: an item the same document names elsewhere ("坚持民主生活会和组织生活会制度") may be
    # one more right answer to a reader of that document
    text = pools.doc_texts.get(fact.clause.doc_id, fact.clause.text)
    width = sum(map(len, items)) / len(items)
    seen: set[str] = set()
    cands = []
    if not fact.group:
        return []
    endings = shared_endings(items)
    for it, doc_id in pools.items.get(fact.group, []):
        if it in seen or it in text or abs(len(it) - width) > 1.5:
            continue
        if endings:
            # keys of one form ("平时考核、专项考核、一线考核"): a wrong option of another form is the odd one out,
            # ruled out at sight; and the shared ending is no overlap ("任期考核" is no "平时考核"). Nor may the
            # wrong option name the whole kind ("干部考察" takes in every 考察 of a cadre)
            if not it.endswith(endings) or _overlaps(it[:-2], [k[:-2] for k in items]) or it[:-2] in GENERIC:
                continue
        elif _overlaps(it, items):
            continue
        seen.add(it)
        cands.append((doc_id != fact.clause.doc_id, it))
    cands.sort()
    rng.shuffle(cands)
    cands.sort(key=lambda c: not c[0])  # items from other documents first: less likely true here too
    return [it for _, it in cands[:n]]


# Words that name whom or what every item concerns, not one kind of it: "干部考察" among 换届考察, 任职考察.
GENERIC = frozenset({"干部", "领导干部", "党员", "工作", "组织", "日常工作"})


def shared_endings(items: Sequence[str]) -> tuple[str, ...]:
    """The endings ("考核", "考察") that the items share, when they share a form: at most one ending for every two
    items ("综合考核、换届考察、任职考察"); () when each item ends its own way ("信箱、信访、网络、电话、短信")."""
    if len(items) < 2 or any(len(it) < 4 for it in items):
        return ()
    endings = sorted({it[-2:] for it in items})
    return tuple(endings) if len(endings) <= (len(items) + 1) // 2 else ()


# Words a key covers: a kind or form of it (走访 is a form of 信访; 诫勉谈话 and 通报批评 are ways of 严肃处理).
# A wrong option that one of these keys covers is arguably right.
FORMS: dict[str, frozenset[str]] = {
    "信访": frozenset({"走访", "来信", "来访", "信件"}),
    "严肃处理": frozenset({"诫勉", "诫勉谈话", "通报批评", "批评教育", "组织处理", "纪律处分", "调整", "免职", "降职"}),
    "组织处理": frozenset({"调整", "免职", "降职", "停职检查", "调离岗位", "责令辞职"}),
}
# Keys that cover the other measures of their case: a single choice with such a key has no wrong options of its kind.
UMBRELLA_KEYS = frozenset(k for k in FORMS if k != "信访")


def covered(wrong: str, keys: Iterable[str]) -> bool:
    """Whether a wrong option is a kind or form of a key (走访 of 信访), or a key of it."""
    return any(wrong in FORMS.get(k, ()) or k in FORMS.get(wrong, ()) for k in keys)


def spliced(wrong: str, items: Sequence[str]) -> bool:
    """Whether a wrong option is the front of one item and the back of another ("年纪小但欲望大" +
    "工程小但利益大" -> "年纪小但利益大"): beside its two parents it is seen through at once."""
    for i in range(2, len(wrong) - 1):
        head, tail = wrong[:i], wrong[i:]
        if any(a.startswith(head) and b.endswith(tail) and a != b for a in items for b in items):
            return True
    return False


def for_items(fact: Fact, pools: Pools, n: int, rng: random.Random, difficulty: str) -> list[str]:
    """Wrong options for a question over a set or list of items."""
    if fact.kind == "bodies":
        if all(it in SHORT_BODIES for it in fact.item_texts):
            return short_bodies(fact, n, rng)
        fake = Fact("body", fact.clause, fact.sentence, fact.items[0])
        return body(fake, pools, n, rng)
    # never items of the set cut and rejoined: beside the items they come from they give themselves away
    return [w for w in siblings(fact, pools, n + 3, rng) if not spliced(w, fact.item_texts)][:n]


def flip_modal(modal: str) -> str:
    return MODAL_FLIPS[modal]
