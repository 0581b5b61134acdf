"""Find what is worth asking in a clause: time limits, frequencies, counts, ratios, responsible bodies,
named sets with their items (五联, 四小四大…), listed items of one kind (…等方式), and prohibitions or
obligations (不得, 必须, 严禁). Every fact points at verbatim spans of its clause."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.named_sets import NamedSet, find_set, names_in
from assistant.quiz.text import is_narrative, sentence_of
from knowledge.numerals import CN_AMOUNT, CN_DIGITS, cn_to_int, strip_item_mark
from knowledge.tokenize import tokenizer
from knowledge.types import Clause

# kind -> the label shown to trainers (QuizItem.fact)
KIND_LABELS = {
    "duration": "时限", "frequency": "频次", "date": "时限", "count": "数量", "ratio": "比例",
    "body": "责任主体", "bodies": "责任主体", "role": "责任主体", "set": "名称集合", "list": "列举", "obligation": "禁止与义务",
    "capacity": "身份",
}

_CN = CN_AMOUNT
# durations: 7个工作日, 1个月, 一周, 20天, 5年, 两个工作日
_DURATION = re.compile(rf"(?<![\d{_CN}第])(\d{{1,3}}|[{_CN}]{{1,3}})(个工作日|工作日|个月|天|周|年)(?!度|级|代|初|底)")
# counts (Arabic numerals only: "一个部门" is an article, "八项规定" a name): 113个单位, 13种, 5方面, 后3位
_COUNT = re.compile(r"(?<![\d.:])(\d{1,4})(个|种|项|方面|类|位)(?![\d])")
_RATIO = re.compile(r"(?<![\d.])\d+(?:\.\d+)?:\d+(?:\.\d+)?(?![\d])")
_DATE = re.compile(rf"每月(\d{{1,2}}|[{CN_DIGITS}]{{1,3}})日(?:前|之前|以前)")
_PERIOD = re.compile(r"每(半年|季度|年|月|周)(?![初中底末的都年])")
_MODAL = re.compile(r"不得|严禁|禁止|必须|应当")
# who answers for something: 推荐者个人为首推责任人, 书记要认真履行干部监督第一责任人职责
ROLES = ("书记", "副书记", "主要领导", "主要负责人", "分管领导", "纪检委员", "组织委员", "推荐者个人", "班子成员")
_ROLE = re.compile(r"(" + "|".join(sorted(ROLES, key=len, reverse=True)) + r")(?:为|是|要认真履行[^,,;;。]{0,10}?)"
                   r"(?:第一责任人|首推责任人|直接责任人)")
_APPROX_BEFORE = "近约逾超"
# after a number: "30余次", "一周左右" say about so much, which no key may be ("一般应给纪委留有一周左右的时间")
_APPROX_AFTER = ("余", "多", "左右", "上下")

_BODY_CORES = (
    "纪委监委", "纪检监察机关", "纪检监察机构", "纪检监察组", "纪检部门", "纪委",
    "委组织部", "组织人事部门", "组织部门", "组织部", "干部部门",
    "直机关工委", "委巡察办", "委宣传部", "审计局", "审计部门", "审计机关", "委审计委员会",
    "司法机关", "人社部门", "公安机关", "信访部门",
)
BODY = re.compile(r"([县市区州省])?(" + "|".join(sorted(_BODY_CORES, key=len, reverse=True)) + ")")
# short names of departments as they appear in lists: 纪检监察、组织、保密、公安等部门
SHORT_BODIES = ("纪检监察", "纪检", "组织", "保密", "公安", "审计", "财政", "信访", "宣传", "人社", "巡察",
                "统计", "司法", "组织人事")
_ROLE_BEFORE = ("向", "由", "报", "移交", "提交", "给", "交")
_ROLE_AFTER = ("要", "负责", "牵头", "应", "只需", "还", "重点", "将")
# a body's own part in a matter ("强化组织部门在股级干部职数配备、资格条件等方面的审核把关作用"): the body is who
# vets or decides there, as much a role as "县委组织部要…"
_ROLE_PART = re.compile(r"在[^,,;;。]{2,30}?的[\u4e00-\u9fff]{2,8}?作用")
# the capacity in which someone acts ("党员领导干部要以普通党员身份参加所在党支部(党小组)组织生活"), or the form a
# duty takes ("应以书面形式办理工作交接"): one answer, and the point of the rule (not as a leader, not by word of mouth)
_CAPACITY = re.compile(r"以([\u4e00-\u9fff]{2,6}?)(?:身份|形式)")

# what a list of items is a list of: "…等多种方式" -> 方式; "作为班子考核、干部使用和评先评优的重要参考" -> 参考
# (what a result is used for)
_HEAD = re.compile(
    rf"^(?:等)?(?:多种|各方|\d+|[{CN_DIGITS}]+个?)?"
    r"(方式|形式|部门|渠道|载体|制度|环节|手段|措施|程序|信息资源|力量|要求|事项|方面信息|方面|规定|情形|类别)"
    r"|^的(?:重要|主要)?(参考|依据)"
)
# lists whose heads share a group lend each other distractors; heads mapped to "" name no kind
# ("思想、政治、法律等方面" and "丰富形式、明确重点等方面" have nothing in common)
HEAD_GROUPS = {
    "方式": "方式", "形式": "方式", "手段": "方式", "措施": "方式", "载体": "载体",
    "部门": "部门", "力量": "部门",
    "渠道": "渠道", "制度": "制度", "规定": "制度", "环节": "环节", "程序": "环节",
    "信息资源": "", "事项": "", "要求": "", "方面": "", "情形": "", "类别": "",
    # what is known or judged of a cadre ("领导干部政治规矩、履职担当…等5方面信息", "对干部在政治表现、履行职责…
    # 等方面"): a list of 方面 is of this kind only when it is said of a cadre (lists() tells)
    "方面信息": "干部表现", "干部表现": "干部表现",
    # what a result is used for ("作为班子考核、干部使用和评先评优的重要参考")
    "参考": "用途", "依据": "用途",
    # closed runs with no head word, named by what their items are (rules.closed_runs): measures taken about a
    # cadre ("提醒、函询、诫勉"), kinds of assessment or inspection ("综合考核、换届考察、任职考察")
    "处理措施": "处理措施", "考核考察": "考核考察",
}
_LEADING_VERBS = (
    "采取", "运用", "综合运用", "通过", "包括", "围绕", "加强", "开展", "实行", "建立", "健全", "整合", "有效整合",
    "坚持", "落实", "执行", "严格执行", "强化", "推进", "发挥", "做到", "明确", "完善", "对", "从", "将", "把",
    "以", "由", "在", "为", "重点", "了解", "聚焦", "紧盯", "盯紧", "注重", "倡导", "反对", "防止", "做好",
)


@dataclass(frozen=True)
class Fact:
    """A testable statement in a clause. Spans are offsets into `clause.text`."""

    kind: str  # duration frequency date count ratio body bodies set list obligation
    clause: Clause
    sentence: tuple[int, int]
    key: tuple[int, int]
    items: tuple[tuple[int, int], ...] = ()
    label: str = ""  # unit (个工作日), period, set name (五联), list head (方式), modal (不得)
    head: str = ""  # what a set's items are (渠道 for “五位一体”的举报受理渠道), if the text says
    closed: bool = False  # the items are all there is (a named set, "…四部门"), not "A、B、C等"
    # the pieces of a long sentence that state this fact on their own ("党员领导干部要以普通党员身份参加所在
    # 党支部(党小组)组织生活"), for a statement or a stem; None: the sentence is short enough to be one
    part: tuple[int, int] | None = None

    @property
    def key_text(self) -> str:
        return self.clause.text[self.key[0]:self.key[1]]

    @property
    def item_texts(self) -> tuple[str, ...]:
        return tuple(self.clause.text[a:b] for a, b in self.items)

    @property
    def sentence_text(self) -> str:
        return self.clause.text[self.sentence[0]:self.sentence[1]]

    @property
    def group(self) -> str:
        """Facts of one group can lend each other distractors."""
        if self.kind in ("list", "bodies"):
            return HEAD_GROUPS.get(self.label, "")
        if self.kind == "set":
            return HEAD_GROUPS.get(self.head, "")
        return self.label


def _protected(text: str) -> list[tuple[int, int]]:
    """Spans inside quotes, book titles and brackets: names, not facts to blank out."""
    spans = []
    for open_, close in (("“", "”"), ("《", "》"), ("(", ")"), ("（", "）"), ("‘", "’")):
        for m in re.finditer(re.escape(open_) + "[^" + re.escape(close) + "]*" + re.escape(close), text):
            spans.append((m.start(), m.end()))
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


def _segment_at(text: str, pos: int) -> str:
    a = max(text.rfind(c, 0, pos) for c in ",,;;。:：\n") + 1
    ends = [i for i in (text.find(c, pos) for c in ",,;;。:：\n") if i >= 0]
    return text[a:min(ends, default=len(text))]


def _approximate(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1] in _APPROX_BEFORE) or text.startswith(_APPROX_AFTER, end)


def _ok(clause: Clause, start: int, end: int, protected: list[tuple[int, int]]) -> bool:
    return not _inside(start, protected) and not is_narrative(_segment_at(clause.text, start))


def _fact(kind: str, clause: Clause, start: int, end: int, label: str,
          items: tuple[tuple[int, int], ...] = (), closed: bool = False) -> Fact:
    lo = min([start, *[a for a, _ in items]])
    hi = max([end, *[b for _, b in items]])
    return Fact(kind, clause, sentence_of(clause.text, lo, hi), (start, end), items, label, closed=closed)


def quantities(clause: Clause) -> list[Fact]:
    text = clause.text
    prot = _protected(text)
    facts: list[Fact] = []
    for m in _DURATION.finditer(text):
        num, unit = m.group(1), m.group(2)
        if num.isdigit() and int(num) > 366 or not _ok(clause, m.start(), m.end(), prot):
            continue
        if _approximate(text, m.start(), m.end()):
            continue
        facts.append(_fact("duration", clause, m.start(), m.end(), unit))
    for m in _COUNT.finditer(text):
        if _approximate(text, m.start(), m.end()) or not _ok(clause, m.start(), m.end(), prot):
            continue
        if text[m.end():m.end() + 2] in ("工作", "月") or text[m.end():m.end() + 1] in "月年日天":
            continue
        facts.append(_fact("count", clause, m.start(), m.end(), m.group(2)))
    for m in _RATIO.finditer(text):
        if _ok(clause, m.start(), m.end(), prot):
            facts.append(_fact("ratio", clause, m.start(), m.end(), "比例"))
    for m in _DATE.finditer(text):
        if _ok(clause, m.start(), m.end(), prot):
            facts.append(_fact("date", clause, m.start(1), m.end(1) + 1, "日"))
    for m in _PERIOD.finditer(text):
        if not _ok(clause, m.start(), m.end(), prot):
            continue
        if _DATE.match(text, m.start()):
            continue  # 每月15日前: asked as a date
        seg = _segment_at(text, m.start())
        if any(f.kind == "duration" and f.key[0] > m.start() and text[f.key[0]:f.key[1]] in seg for f in facts):
            continue  # 每年进修时间不得少于20天: the duration is the better key
        facts.append(_fact("frequency", clause, m.start(), m.end(), "每"))
    return facts


def _family(body: str) -> str:
    for fam, marks in (("纪检", ("纪委", "纪检")), ("组织", ("组织", "干部部门")), ("审计", ("审计",)),
                       ("巡察", ("巡察",)), ("宣传", ("宣传",)), ("工委", ("工委",)), ("司法", ("司法",)),
                       ("人社", ("人社",)), ("公安", ("公安",)), ("信访", ("信访",)), ("保密", ("保密",)),
                       ("财政", ("财政",)), ("统计", ("统计",))):
        if any(m in body for m in marks):
            return fam
    return body


def body_family(body: str) -> str:
    """纪委监委, 纪检监察机关, 纪检 are one family: a distractor must come from another."""
    return _family(body)


def body_mentions(text: str) -> list[tuple[int, int]]:
    out = []
    for m in BODY.finditer(text):
        if m.group(2).startswith("委") and not m.group(1):
            continue
        out.append((m.start(), m.end()))
    return out


def bodies(clause: Clause) -> list[Fact]:
    """Single responsible bodies in a role position: 县委组织部要…, 向县委组织部通报, 移交纪检监察机关."""
    text = clause.text
    prot = _protected(text)
    mentions = body_mentions(text)
    facts = []
    for s, e in mentions:
        if not _ok(clause, s, e, prot):
            continue
        before, after = text[max(0, s - 2):s], text[e:e + 2]
        in_list = (before[-1:] in ("、", "和", "与", "及") and any(b == s - 1 or b == s - 2 for _, b in mentions)) or \
                  (after[:1] in ("、", "和", "与", "及") and any(a in (e + 1, e + 2) for a, _ in mentions))
        if in_list:
            continue
        if text[e:e + 4] == "负责同志" or text[e:e + 2] in ("组长", "书记", "主任", "成员", "委员"):
            continue  # a person of the body, not the body
        role = any(before.endswith(r) for r in _ROLE_BEFORE) or any(after.startswith(r) for r in _ROLE_AFTER) \
            or bool(_ROLE_PART.match(text, e))
        if role:
            facts.append(_fact("body", clause, s, e, body_family(text[s:e])))
    return facts


def _cuts(raw: str) -> list[int]:
    """Word boundaries of raw, plus the end of a leading verb glued to the next word (通过|考察)."""
    cuts, pos = [0], 0
    for w in tokenizer().lcut(raw):
        pos += len(w)
        cuts.append(pos)
    for p in list(cuts):
        for verb in _LEADING_VERBS:
            if raw.startswith(verb, p):
                cuts.append(p + len(verb))
    return sorted(set(cuts))


def roles(clause: Clause) -> list[Fact]:
    """Who answers for it: "党组织的主要领导为首推责任人" -> 主要领导."""
    text = clause.text
    prot = _protected(text)
    return [_fact("role", clause, m.start(1), m.end(1), "角色") for m in _ROLE.finditer(text)
            if _ok(clause, m.start(1), m.end(1), prot)]


def capacities(clause: Clause) -> list[Fact]:
    """In what capacity: "以普通党员身份参加…组织生活" -> 普通党员."""
    text = clause.text
    prot = _protected(text)
    return [_fact("capacity", clause, m.start(1), m.end(1), "身份") for m in _CAPACITY.finditer(text)
            if _ok(clause, m.start(1), m.end(1), prot)]


def _trim_first(raw: str, width: float) -> str:
    """The first item of a list also carries the words before it: "采取近距离考察" -> "近距离考察"."""
    best, best_score = raw, 1e9
    for p in _cuts(raw):
        cand = raw[p:]
        if not cand:
            continue
        verb = any(cand.startswith(v) for v in _LEADING_VERBS)
        score = abs(len(cand) - width) + (5 if verb else 0) + (0.5 if p == 0 else 0)
        if score < best_score:
            best, best_score = cand, score
    return best


def _trim_last(raw: str, width: float) -> tuple[str, str]:
    """The last item runs on into the sentence: "自我教育三个方面" -> ("自我教育", "三个方面")."""
    best, best_score = raw, 1e9
    for p in _cuts(raw)[1:]:
        score = abs(p - width)
        if score < best_score:
            best, best_score = raw[:p], score
    return best, raw[len(best):]


_LIST = re.compile(r"[\u4e00-\u9fff]{1,40}(?:、[\u4e00-\u9fff]{1,40})+")
_CONJ = re.compile(r"以及|和|及")
_INNER_BAD = {"在", "对", "从", "把", "将", "向", "由", "为", "以", "等", "是", "了"}


def _items_of(raws: list[str]) -> tuple[list[str], str, str] | None:
    """Items of a 、-run, the words after the list (its head), and a dropped catch-all ("其他…事项")."""
    for i, raw in enumerate(raws):
        cut = raw.find("等")
        if cut > 0 and i > 0:
            raws = [*raws[:i], raw[:cut]]
            tail = raw[cut:]
            break
    else:
        tail = ""
    inner = raws[1:-1]
    last_raw = raws[-1]
    catch_all = ""
    m = None
    for m in _CONJ.finditer(last_raw):
        pass
    last_items: list[str]
    if m is not None and m.start() > 0 and m.end() < len(last_raw):
        left, right = last_raw[:m.start()], last_raw[m.end():]
        if right.startswith("其他"):
            catch_all, last_items = right, [left]
        else:
            last_items = [left, right]
    else:
        last_items = [last_raw]
    known = [*inner, *last_items[:-1]] if tail or catch_all else inner
    width = sum(map(len, known)) / len(known) if known else 4.0
    if not tail and not catch_all:
        last, rest = _trim_last(last_items[-1], width)
        last_items[-1], tail = last, rest
    first = _trim_first(raws[0], width)
    whole = [(a, b) for a, b in body_mentions(raws[0]) if b == len(raws[0])]
    if whole and len(raws) > 1 and _is_body_item(raws[1]):
        first = raws[0][whole[0][0]:]  # 县纪检监察机关, not 纪检监察机关
    return [first, *inner, *last_items], tail, catch_all


# "……等5方面信息", "……等四项": 等 followed by the number of items listed closes the list (all are named)
_COUNTED = re.compile(rf"等(\d{{1,2}}|[{CN_DIGITS}两]{{1,2}})个?(?:方面|项|类|种|部门|个)")


def counted(text: str, end: int, n: int) -> bool:
    """Whether "等" at `end` is followed by the count of the n items listed before it: a closed list."""
    m = _COUNTED.match(text, end)
    if not m:
        return False
    num = m.group(1)
    return (int(num) if num.isdigit() else cn_to_int(num)) == n


def _is_body_item(item: str) -> bool:
    return item in SHORT_BODIES or any(a == 0 and b == len(item) for a, b in body_mentions(item))


def lists(clause: Clause) -> list[Fact]:
    """Items of one kind listed with 、: 集中检查、重点抽查、专项检查、年度自查等多种方式."""
    text = clause.text
    prot = _protected(text)
    facts = []
    tok = tokenizer()
    for m in _LIST.finditer(text):
        if _inside(m.start(), prot) or is_narrative(_segment_at(text, m.start())):
            continue
        parsed = _items_of(m.group(0).split("、"))
        if parsed is None:
            continue
        items, tail, catch_all = parsed
        if len(items) < 3 or not all(2 <= len(it) <= 12 for it in items):
            continue
        if any(w in _INNER_BAD for it in items for w in tok.lcut(it)):
            continue  # two lists run together: "巡察监督在资源、力量"
        offs = []
        pos = m.start()
        for it in items:
            pos = text.find(it, pos)
            offs.append((pos, pos + len(it)))
            pos += len(it)
        if any(a < 0 for a, _ in offs):
            continue
        head_m = _HEAD.match(tail) or _HEAD.match(text[offs[-1][1]:offs[-1][1] + 12])
        head = (head_m.group(1) or head_m.group(2)) if head_m else ""
        if head == "方面" and re.search(r"干部(?:在|的)?$", text[max(0, offs[0][0] - 4):offs[0][0]]):
            head = "干部表现"  # "对干部在政治表现、履行职责…等方面": what is judged of a cadre
        if not head and catch_all:
            head = next((h for h in HEAD_GROUPS if catch_all.endswith(h)), "")
        closed = not catch_all and (not text.startswith("等", offs[-1][1]) or counted(text, offs[-1][1], len(items)))
        if sum(_is_body_item(it) for it in items) >= 3:
            facts.append(_fact("bodies", clause, offs[0][0], offs[-1][1], "部门", tuple(offs), closed))
        elif head and HEAD_GROUPS.get(head) != "部门":
            facts.append(_fact("list", clause, offs[0][0], offs[-1][1], head, tuple(offs), closed))
    return facts


def obligations(clause: Clause) -> list[Fact]:
    text = clause.text
    prot = _protected(text)
    facts = []
    for m in _MODAL.finditer(text):
        if not _ok(clause, m.start(), m.end(), prot) or text[m.start() - 1:m.start()] in ("种", "类", "项"):
            continue  # "13种应当对…问责的情形" names cases, it imposes nothing
        f = _fact("obligation", clause, m.start(), m.end(), m.group(0))
        sentence = f.sentence_text.rstrip()
        if len(sentence) >= 15 and not sentence.endswith((":", "：")):
            facts.append(f)
    return facts


def named_sets(clauses: Iterable[Clause]) -> list[NamedSet]:
    """Named sets whose items the documents list (五联, 四小四大, 五个必谈…); names with no listing are skipped."""
    clauses = list(clauses)
    corpus = "\n".join(c.text for c in clauses)
    found = [find_set(name, clauses) for name in names_in(corpus, corpus)
             if f"“{name}”" in corpus or re.fullmatch(r".个(?:机制|制度)", name)]
    return [s for s in found if s.items and not s.parts and s.clause is not None and len(s.items) == s.count
            and all(re.search(r"[\u4e00-\u9fff]", it) for it in s.items)]


def set_facts(named: NamedSet) -> list[Fact]:
    clause = named.clause
    assert clause is not None
    text = clause.text
    start = text.find(named.quote)
    pos, offs = start, []
    for it in named.items:
        pos = text.find(it, pos)
        offs.append((pos, pos + len(it)))
        pos += len(it)
    name_pos = min((m.start() for m in re.finditer(re.escape(named.name), text)),
                   key=lambda p: abs(p - start), default=start)
    lo, hi = min(start, name_pos), max(start + len(named.quote), name_pos + len(named.name))
    after = text[name_pos + len(named.name):name_pos + len(named.name) + 12]
    head = next((h for h in HEAD_GROUPS if re.match(r"^[”\"」]?的?[\u4e00-\u9fff]{0,4}" + h, after)), "")
    return [Fact("set", clause, sentence_of(text, lo, hi), (start, start + len(named.quote)), tuple(offs),
                 named.name, head, closed=True)]


def find_facts(clause: Clause, sets: Iterable[NamedSet] = ()) -> list[Fact]:
    """All facts of a clause, set listings first; list facts that merely repeat a set's items are dropped."""
    own_sets = [f for s in sets if s.clause is not None and s.clause.id == clause.id for f in set_facts(s)]
    facts = own_sets + quantities(clause) + bodies(clause) + roles(clause) + capacities(clause) + obligations(clause)
    for f in lists(clause):
        if any(f.key[0] < s.key[1] and s.key[0] < f.key[1] for s in own_sets):
            continue
        facts.append(f)
    headings = {strip_item_mark(p).rstrip("。") for p in clause.path}
    return [f for f in facts if len(f.sentence_text) >= 12 and f.sentence_text.rstrip("。") not in headings]
