"""What a paper asks: the sentences of the documents ("rules"), and the facts in each worth a question.

A rule is one sentence of a clause (a clause of 泾县《实施意见》 holds several: a deadline, a prohibition,
a named system); a long sentence states several things, each by its own part ("应以书面形式办理工作交接",
"工作交接一般应在7个工作日内办结"). A paper asks each statement at most once, and `--exclude` keeps an earlier
paper's sentences out.

Binding documents (catalog kind 实施意见, 规定 …) come first and alone by default; 范文, 新闻报道 and
unregistered uploads only when the trainer asks for practice, and then only who does what and what a named practice
comprises: never their statistics, deadlines or meeting calendars, an author's suggestion or opinion, a remark
made at a meeting, nor a commentary (评论文章), which states its author's views."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from assistant.quiz.facts import BODY, ROLES, Fact, body_mentions, find_facts, named_sets
from assistant.quiz.text import is_narrative, place_of, segments
from knowledge.catalog import is_binding
from knowledge.index import Index
from knowledge.numerals import strip_item_mark
from knowledge.sentences import sentence_spans
from knowledge.tokenize import tokenizer
from knowledge.types import Clause, DocInfo

# Sentences that report the document itself, not a rule in it ("近日,泾县县委组织部出台《…》").
_ABOUT_THE_DOCUMENT = re.compile(r"近日|出台|印发|专稿")
# A sentence that leans on the one before it ("对此,…", "为此,…") is no rule a stem can state alone.
_ANAPHOR = re.compile(r"^(?:对此|为此|据此|因此|此外|这样|这些|这种|这一|此类)")
# Words that make a sentence of a practice text a rule or a measure rather than a report.
_NORMATIVE = frozenset("要 应 应当 应该 须 必须 不得 严禁 禁止 一般 原则上 不宜 不低于 不少于 至少 实行 建立 健全".split())
# What a practice question may ask: who does what (a body, a role, a group of bodies), what a named practice
# comprises (a named set, a closed list, a name), in what capacity, and how often a supervision measure is applied
# to cadres ("每年要对党员领导干部进行一次民主评议"). Never a count, ratio or date of one place (a statistic, not a
# rule), nor its deadlines and the calendar of its own meetings ("提前两个工作日报备", "每季度视情召开专题会议"):
# those are one place's office routine, trivia to a cadre elsewhere.
# Never the names or lists of a place's model either ("“五联”模式包括…", "5方面信息"): a slogan list of one
# place is a news item's trivia, not a practice a cadre elsewhere learns from.
_PRACTICE_KINDS = frozenset({"body", "bodygroup", "role", "capacity", "frequency"})
_MEETING = re.compile(r"召开|会议|例会")
# Kinds of non-binding text that state an author's views, with why: what it proposes is no practice of any place.
PROPOSAL_KINDS = {"评论文章": "an author's commentary: what he proposes (要…), not what any place does"}
# An author's suggestion in a practice text ("我们建议,下一步要…", "…较大比重,建议要从…着手"): it and every later
# sentence of its part of the document (the same top heading) are proposals, not practice.
_SUGGESTS = re.compile(r"(?:我们|笔者|本文|特此)建议|(?:^|[,，:：;；])建议(?:[,，:：]|要|应|将|把|从|在|对|由)")
# A sentence that gives the author's opinion rather than a practice ("一般地说,…不宜超过5年").
_OPINION = re.compile(r"一般地说|一般来说|一般而言|不宜|我们认为|笔者认为|我认为")
# Someone's words reported ("派驻纪检组强调,要…", "…在会议上指出,…"), and a sentence that carries them on
# ("同时,领导班子成员之间要…"): a remark made at a meeting, not a practice.
_REPORTED = re.compile(r"(?:强调|指出|表示|认为|要求大家)[,，:：]")
_CARRIES_ON = re.compile(r"^(?:同时|此外|另外|并且|还|也)")
# Quoted words that are no system or rule name, with why.
NOT_A_NAME = {
    "一把手": "单位主要负责人的俗称,不是制度名称",
    "八小时以外": "时间范围,不是制度名称",
    "关键少数": "对象的称呼,不是制度名称",
}
# A quoted name is a system or requirement when the words around it say so.
# Only names a rule puts to work ("实行“一票否决”", "“五个不直接分管”制度"); names of what is to be fought
# ("不搞“一言堂”", "整治“六不”作风") are left out: any other evil would fill the gap as well.
_NAME_BEFORE = re.compile(r"(?:实行|执行|落实|坚持|贯彻落实|推行|建立|开展)[^,,;;。“”、]{0,6}$")
_NAME_AFTER = re.compile(r"^[^,,;;。、“”]{0,4}?(?:制度|要求|机制|模式|活动|渠道)")
_NEGATIVE_BEFORE = re.compile(r"(?:不搞|反对|防止|整治|严防|杜绝|纠正|克服|摒弃|搞|做)[^,,;;。]{0,4}$")
# A quoted name credited to another authority ("全面落实国务院“收支两条线”规定") is that authority's rule, cited
# in passing: a practice text is asked for what it does, and a binding one for what it itself requires.
_CITED_AUTHORITY = re.compile(r"(?:国务院|中共中央|党中央|中央|中办|国办|中组部|中纪委)$")
# Quoted names that label something other than a system a cadre must apply, by the word after them, with why.
# The sentence is asked by the rule it states instead ("将重点工作完成情况作为班子考核…的重要参考").
NOT_A_SYSTEM_AFTER = {
    "活动": "a local campaign's label (围绕“三比三创三争”活动): the documents never say what it holds, so a gap in "
            "it tests only the memory of a slogan",
}
_TERM = re.compile(r"“([\u4e00-\u9fff0-9]{2,8})”")
_JOINERS = ("、", "和", "及", "与", "以及")


@dataclass(frozen=True)
class Rule:
    clause: Clause
    span: tuple[int, int]
    doc: DocInfo
    # a practice sentence that reports what was done ("近年来,资阳市积极探索…“五联”模式"): only the named set it
    # lists is asked, since the set is what the practice is
    reported: bool = False

    @property
    def id(self) -> str:
        return f"{self.clause.id}@{self.span[0]}"

    @property
    def text(self) -> str:
        return self.clause.text[self.span[0]:self.span[1]]

    @property
    def binding(self) -> bool:
        return is_binding(self.doc.kind)


def is_place_practice(doc: DocInfo) -> bool:
    """Whether a non-binding document reports what a named place does: its catalog names an issuer of a place
    (四川省资阳市纪委监委…). An unsigned 范文 is no place's practice: what it says is its author's design of a
    system ("应将名单提交纪委征求意见"), which a paper may not present as anyone's 做法."""
    return bool(place_of(doc.issuer or ""))


def doc_of(index: Index, clause: Clause) -> DocInfo:
    return index.docs.get(clause.doc_id) or DocInfo(doc_id=clause.doc_id, title=clause.doc_title)


def rules_of(index: Index, clauses: Iterable[Clause], include_practice: bool,
             sets: list | None = None) -> list[Rule]:  # type: ignore[type-arg]
    """The sentences of `clauses` that state something a cadre is to do, know or avoid."""
    listed = {(st.clause.id, st.quote) for st in (all_sets(index) if sets is None else sets) if st.clause is not None}
    out = []
    suggesting: set[tuple[str, str]] = set()  # (doc, top heading) parts an author's suggestion has opened
    for clause in clauses:
        doc = doc_of(index, clause)
        binding = is_binding(doc.kind)
        if not binding and (not include_practice or doc.kind in PROPOSAL_KINDS or not is_place_practice(doc)):
            continue
        headings = {strip_item_mark(p).rstrip("。") for p in clause.path}
        part = (clause.doc_id, clause.path[0] if clause.path else "")
        reported = False
        for s, e in sentence_spans(clause.text):
            text = clause.text[s:e]
            bare = strip_item_mark(text).rstrip("。;;")
            if not binding:
                if _SUGGESTS.search(text):
                    suggesting.add(part)
                reported = bool(_REPORTED.search(text)) or (reported and bool(_CARRIES_ON.match(bare)))
                if part in suggesting or reported or _OPINION.search(text):
                    continue  # an author's proposal or opinion, or a remark made at a meeting: no practice
            if not binding and is_narrative(text) and any(cid == clause.id and q in text for cid, q in listed):
                out.append(Rule(clause, (s, e), doc, reported=True))
                continue
            if len(bare) < 12 or bare in headings or _ABOUT_THE_DOCUMENT.search(text) or is_narrative(text):
                continue
            if _ANAPHOR.match(bare):
                continue  # "对此,必须严格实行…": what "此" is lies in the sentence before, which a stem lacks
            if not binding and text.startswith("“"):
                continue  # someone quoted in a report: a remark, not a practice
            if not binding and not any(w in _NORMATIVE or w.startswith("每") for w in tokenizer().lcut(text)):
                continue  # a report of what was done, or a fragment: no practice to learn from
            out.append(Rule(clause, (s, e), doc))
    return out


def facts_of(rule: Rule, sets: list, corpus_terms: set[str]) -> list[Fact]:  # type: ignore[type-arg]
    """The facts whose key lies in the rule's sentence, worth asking for a document of this kind."""
    s, e = rule.span
    found = [f for f in find_facts(rule.clause, sets) if s <= f.key[0] and f.key[1] <= e]
    if rule.reported:
        return [f for f in found if f.kind in _PRACTICE_KINDS]  # a model's name list is no practice to learn
    # the capacity one acts in is stated by its own part of a long sentence, asked without the rest
    found = [replace(f, part=part_of(rule.clause.text, rule.span, f.key)) if f.kind in ("capacity", "obligation")
             else f for f in found]
    found += body_groups(rule) + terms(rule) + closed_runs(rule, found)
    if rule.binding and (not any(f.kind == "obligation" for f in found) or any(f.part for f in found)):
        found += duties(rule)  # a long sentence's parts are statements of their own, beside its obligations
    found += consequences(rule)
    if not worth_asking(rule, found):
        return []  # an exhortation ("加强…建设", "收集整合、甄别筛选、分析研判"): nothing a trainee can be held to
    out = []
    for f in found:
        if f.kind == "bodies" and not f.closed and _ACTS.match(rule.clause.text, f.key[1]):
            out.append(f)  # "县纪检监察机关、县委组织部、县直机关工委等要…": who acts, stated true (open: never swapped)
            continue
        if f.kind in ("list", "bodies") and not f.closed:
            continue  # "A、B、C等": a distractor may be true too
        if f.kind == "bodies":
            continue  # closed groups of bodies are asked as body groups
        if not rule.binding and f.kind not in _PRACTICE_KINDS:
            continue
        if not rule.binding and f.kind == "frequency" and _MEETING.search(rule.text):
            continue  # a place's calendar of meetings
        out.append(f)
    return out


# an open group of bodies that is the subject of a duty: "…等要", "…等部门负责"
_ACTS = re.compile(r"等(?:部门|单位)?(?:要|应|负责|牵头)")


def body_groups(rule: Rule) -> list[Fact]:
    """Two or more bodies joined by 、/和/及 and not followed by 等: "由县纪委监委、县委组织部负责同志进行约谈"."""
    text = rule.clause.text
    s, e = rule.span
    mentions = [(a, b) for a, b in body_mentions(text) if s <= a and b <= e]
    groups: list[list[tuple[int, int]]] = []
    for a, b in mentions:
        if groups and text[groups[-1][-1][1]:a] in _JOINERS:
            groups[-1].append((a, b))
        else:
            groups.append([(a, b)])
    out = []
    for g in groups:
        end = g[-1][1]
        if len(g) < 2 or text.startswith("等", end):
            continue
        if any(text[b:b + 2] in ("组长", "书记", "主任") for _, b in g):
            continue
        out.append(Fact("bodygroup", rule.clause, rule.span, (g[0][0], end), tuple(g), "部门", closed=True))
    return out


# Runs that are exhortations (what to value or oppose: "政治性、时代性、原则性", "宗派主义、圈子文化"), not rules
# with one answer a trainee can be held to: the piece carries one of these words, or the items are 3 characters.
EXHORTATION = ("倡导", "反对", "防止", "增强", "提升", "警醒", "弘扬", "树立")
_RUN = re.compile(r"[\u4e00-\u9fff]{2,10}(?:、[\u4e00-\u9fff]{2,10}){2,}")

# What a rule does about a case (a consequence: "对政治建设薄弱的领导班子进行整顿") or the supervisory measures it
# names ("加大提醒、函询、诫勉工作力度"), with the weight a trainee must tell apart (mild: a reminder or a talk;
# severe: a sanction, reorganisation, removal or handing over) and why each is one. A sentence "对…的干部/领导班子
# + one of these" states what follows for that case, a specific even without 要/必须. The same table gives a
# measure's wrong options (other measures the knowledge base names), so "实行“一票否决”" is never offered a slogan
# such as 四个意识, and a run of these words has known item boundaries however short the items are.
MEASURES: dict[str, tuple[str, str]] = {
    "提醒": ("mild", "组织人事部门对领导干部的提醒、函询、诫勉三种措施之一"),
    "函询": ("mild", "同上:书面询问,要求本人说明情况"),
    "诫勉": ("mild", "同上:告诫勉励,不是处分"),
    "提醒纠正": ("mild", "对苗头性、倾向性问题的处理:指出并要求改正"),
    "提醒谈话": ("mild", "谈话提醒,不是处分"),
    "批评教育": ("mild", "批评并教育,不是处分"),
    "诫勉谈话": ("mild", "诫勉的谈话形式,不是处分"),
    "约谈": ("mild", "由负责同志谈话督促,职务不变"),
    "通报批评": ("mild", "在一定范围通报,不是处分"),
    "严肃处理": ("severe", "依纪依规从严处理"),
    "整顿": ("severe", "对领导班子的组织整顿"),
    "调整优化": ("severe", "调整领导班子的组成"),
    "调整": ("severe", "调离现任职务"),
    "组织处理": ("severe", "停职检查、调整职务、责令辞职、降职、免职等组织措施"),
    "纪律处分": ("severe", "党纪处分"),
    "一票否决": ("severe", "一项不过关即在考察、评优中否定"),
}
_SEVERE = "severe"
# Measures taken on one kind of object only, with it: a false statement puts them only in a case about that kind
# ("对…苗头性、倾向性问题,及时进行调整" does not read as a rule at all, so it tests nothing).
MEASURE_OBJECTS = {"整顿": "领导班子", "调整优化": "领导班子", "调整": "干部"}


def measure_weight(word: str) -> str:
    """"severe" or "mild" for a consequence ("移交纪检监察机关和司法机关" is severe), "" for no measure."""
    if word.startswith("移交"):
        return _SEVERE
    return MEASURES.get(word, ("", ""))[0]


# Words of a case that state how grave it is, with the weight they give it: a consequence fitting that weight
# is answered from the case itself ("苗头性、倾向性问题" -> 提醒纠正 whichever way it is asked: as true it is
# common sense, swapped to 严肃处理 it is wrong by common sense), so it is not asked.
CASE_WEIGHT = {"苗头性": "mild", "倾向性": "mild", "违法": "severe", "违纪": "severe", "失职": "severe"}

# a consequence imposed in a sentence: one of MEASURES, or handing the case over to the bodies that try it
_WHAT = "|".join(sorted(MEASURES, key=len, reverse=True))
_CONSEQUENCE = re.compile(r"(?:及时|严肃)?(?:进行|予以)?(?P<what>" + _WHAT + r"|"
                          r"移交[\u4e00-\u9fff]{2,10}?机关(?:和[\u4e00-\u9fff]{2,8}?机关)?)(?=[,，。;；]|$)")
# the consequence must follow its object directly ("…的干部严肃处理") or open its piece (",及时进行提醒纠正")
_OBJECT_ENDS = ("的干部", "的领导干部", "的党员干部", "的领导班子")
MAX_DUTY = 80  # characters: a longer sentence is no one statement a trainee can judge; its parts may be


def consequence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, "severe"/"mild") of the consequences in text[start:end] that a sentence imposes."""
    return [(a, b, level) for a, b, level, _ in _consequences(text, start, end)]


def _consequences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str, tuple[int, int]]]:
    """As consequence_spans, with the span of what is done ("整顿" of "进行整顿")."""
    end = len(text) if end is None else end
    out = []
    for m in _CONSEQUENCE.finditer(text, start, end):
        piece = max(text.rfind(ch, 0, m.start()) for ch in ",，;；。") + 1
        prefix = text[max(piece, start):m.start()]
        if prefix and not prefix.endswith(_OBJECT_ENDS):
            continue  # "由…负责同志进行约谈", "并视情予以组织处理": not what follows for a case
        out.append((m.start(), m.end(), measure_weight(m.group("what")), m.span("what")))
    return out


def part_of(text: str, sentence: tuple[int, int], key: tuple[int, int]) -> tuple[int, int] | None:
    """The pieces of a long sentence that state the fact at `key` on their own, or None for a short sentence.

    A long sentence strings several statements together ("坚持和落实…等制度,党员领导干部要以普通党员身份参加…
    组织生活,用好…武器,增强…"); a trainee can judge one of them, not the string. The part is the piece holding the
    key, with the pieces before it while it leans on them (it opens on its predicate: "应以书面形式…")."""
    if sentence[1] - sentence[0] <= MAX_DUTY:
        return None
    pieces = segments(text, *sentence)
    i = next((k for k, (a, b) in enumerate(pieces) if a <= key[0] < b), None)
    j = next((k for k, (a, b) in enumerate(pieces) if a < key[1] <= b), None)
    if i is None or j is None:
        return None
    while i > 0 and _LEANS.match(text, pieces[i][0]):
        i -= 1
    a, b = pieces[i][0], pieces[j][1]
    return (a, b) if 12 <= b - a <= MAX_DUTY else None


# a piece that opens on its predicate leans on the piece before for its subject
_LEANS = re.compile(r"(?:要|应当|应|须|必须|并|及时|原则上|不得|严禁|一般|均|都)")


def closed_runs(rule: Rule, found: list[Fact]) -> list[Fact]:
    """A 、-run of three or more like items with no 等 after it ("平时考核、专项考核、一线考核力度"): closed, so a
    cloze of one item has one answer. Items are cut to the length the inner items have. Short items are taken
    only when every one is a known measure ("加大提醒、函询、诫勉工作力度"), where the cut is no guess."""
    text = rule.clause.text
    s, e = rule.span
    out = []
    for m in _RUN.finditer(text, s, e):
        parts = m.group(0).split("、")
        width = max(len(p) for p in parts[1:-1])
        first, last = parts[0][-width:], parts[-1][:width]
        items = [first, *parts[1:-1], last]
        piece_start = max(text.rfind(ch, 0, m.start()) for ch in ",,;;。:") + 1
        measures = all(it in MEASURES for it in items)
        if (len(items[0]) < 4 and not measures) or any(w in text[max(s, piece_start):m.end()] for w in EXHORTATION):
            continue
        if len({len(it) for it in items}) != 1 or text.startswith("等", m.start() + len(m.group(0)) - len(parts[-1])
                                                                    + len(last)):
            continue  # items of unequal length: where the first starts and the last ends is a guess
        end = m.end() - len(parts[-1]) + len(last)
        piece_end = min([i for i in (text.find(ch, end) for ch in ",,;;。") if i >= 0], default=e)
        if "等" in text[end:piece_end] or any(f.kind in ("list", "set", "bodies", "bodygroup") and f.key[0] < m.end()
                              and m.start() < f.key[1] for f in found):
            continue
        offs, pos = [], m.start() + len(parts[0]) - len(first)
        for it in items:
            pos = text.find(it, pos)
            offs.append((pos, pos + len(it)))
            pos += len(it)
        out.append(Fact("list", rule.clause, rule.span, (offs[0][0], offs[-1][1]), tuple(offs), run_label(items),
                        closed=True))
    return out


# The last words of kinds of assessment and inspection: a run whose items all end in one of these names the kinds
# a rule applies to ("贯穿综合考核、换届考察、任职考察全过程"), a closed list of things, not of work verbs.
INSPECTIONS = ("考核", "考察", "检查", "抽查", "自查", "审计", "巡察", "测评", "评议")


def run_label(items: list[str] | tuple[str, ...]) -> str:
    """What a run with no head word lists, when its items say so: 处理措施, 考核考察, else ""."""
    if all(it in MEASURES for it in items):
        return "处理措施"
    if all(it.endswith(INSPECTIONS) and len(it) >= 4 for it in items):
        return "考核考察"
    return ""


# What makes a sentence worth asking: a number or time limit, a body or role that answers for it, a named
# system, a named set, a prohibition or obligation, a consequence, the capacity one acts in, or a closed list of
# things of one named kind (measures, kinds of assessment, what a result is used for). A sentence with only a
# list of work verbs or an open "……等" list of bodies is an exhortation, and is not asked.
SPECIFIC_KINDS = frozenset({"duration", "frequency", "date", "count", "ratio", "body", "bodygroup", "bodies", "role",
                            "term", "set", "obligation", "consequence", "capacity"})
# a time relation that is a rule's specific too ("县委巡察期间,要同步对…开展专项检查")
TIMING = re.compile(r"期间|同步")


def specific_list(f: Fact) -> bool:
    """A closed list whose items are of one named kind: what the trainee must name is fixed by the text."""
    return f.kind == "list" and f.closed and bool(f.group)


def worth_asking(rule: Rule, facts: list[Fact]) -> bool:
    return any(f.kind in SPECIFIC_KINDS or specific_list(f) for f in facts) or bool(TIMING.search(rule.text))


def carries_specific(rule: Rule, facts: list[Fact]) -> bool:
    """A true statement copied from the rule is worth judging only when it states a specific a trainee can
    get wrong (a body, a number, a named system, a prohibition); a consequence alone reads as common sense
    ("对…苗头性问题,及时进行提醒纠正"), so it is asked by changing it (see `consequences`)."""
    return any(f.kind in SPECIFIC_KINDS - {"consequence"} or specific_list(f) for f in facts) \
        or bool(TIMING.search(rule.text))


# what makes a statement specific enough to be judged true as written: a number or period, a named system, a
# prohibition or obligation, a time relation, a role or body that acts, or a run of three or more things
_SPECIFIC_WORDS = re.compile(r"\d|每[年月周季半]|定期|“[^”]+”|不得|严禁|必须|期间|同步|书面|[一二两三四五六七八九十]个(?:工作日|月)")


def states_specific(statement: str) -> bool:
    """Whether a statement copied from a rule (a part of a long sentence) says something a trainee can get
    wrong, not only what to strive for ("全面收集干部监督信息"). The bodies a statement is addressed to are no
    such thing ("县纪检监察机关、县委组织部…等要常态化开展效能考评明察暗访…切实创优效能作风" is an exhortation
    whoever it names); a body something goes to or that decides is ("由县委组织部审批", "移交纪检监察机关"). Nor is
    a run of bodies, or of slogans of one pattern ("管好关键人、管到关键处、管住关键事"): only a run of things."""
    bare = re.sub(r"[(（][^)）]*[)）]", "", statement)
    return bool(_SPECIFIC_WORDS.search(bare) or any(_run_of_things(m.group()) for m in _RUN.finditer(bare))
                or any(bare[max(0, a - 2):a].endswith(_TO_BODY) for a, _ in body_mentions(bare))
                or any(r in bare for r in ROLES))


_TO_BODY = ("由", "向", "报", "移交", "交", "经")


def _run_of_things(run: str) -> bool:
    items = run.split("、")
    if all(body_mentions(i) for i in items):
        return False
    first = items[0]
    # slogans of one pattern share a word in every item (管好关键人、管到关键处: 关键)
    return not any(all(first[j:j + 2] in i for i in items[1:]) for j in range(len(first) - 1))


def consequences(rule: Rule) -> list[Fact]:
    """What follows for a case. In a long sentence the consequence is asked by its own part ("对推进重点工作力度
    不大、成效不明显的领导班子及时进行调整优化"), which states it whole. The fact's label is its weight; its one
    item is what is done ("调整优化" of "及时进行调整优化"), the gap of a choice item."""
    if not rule.binding:
        return []
    s, e = rule.span
    text = rule.clause.text
    out = []
    for a, b, level, what in _consequences(text, s, e):
        part = part_of(text, rule.span, (a, b))
        if e - s > MAX_DUTY and part is None:
            continue
        piece = max(text.rfind(ch, s, a) for ch in ",,;;。") + 1
        if not text[max(s, piece):a].strip("及时严肃进行予以"):  # ",及时进行提醒纠正": the case is the piece before
            piece = max(text.rfind(ch, s, max(s, piece - 1)) for ch in ",,;;。") + 1
        if any(w in text[max(s, piece):a] and weight == level for w, weight in CASE_WEIGHT.items()):
            continue  # "对…苗头性、倾向性问题,及时进行提醒纠正": the case names its weight, so does common sense
        out.append(Fact("consequence", rule.clause, rule.span, (a, b), (what,), level, part=part))
    return out


# A detail a false statement may change, with the value it changes to and why that is another rule, not the
# opposite of this one (the modal words 必须/不得 are never changed). The changed statement must contradict the
# rule, not merely say what it leaves unsaid: "乡镇党政副职…原则上不得同时请假外出" (for 正职) reads as a sensible
# rule of its own, so 正职 is not changed.
DETAIL_SWAPS = {
    "审核把关": ("备案登记", "what the body does: vet, not merely record"),
    "普通党员": ("领导干部", "in what capacity: as an ordinary member, not in one's leading post"),
}
# (重要参考 -> 前置条件 is not here: the seventh review read it as the same rule said more strongly, a change of
# tone that a careful trainee can argue either way)
# (书面形式 -> 口头形式 is not here: a lax counterpart is judged false by common sense, check.COMMON_SENSE_DOWNGRADES)
# (no value here may be an absolute word such as 唯一依据: check.ABSOLUTE_WORDS refuses the statement)
# 要 as a modal verb, not inside a word (重要, 首要, 主要, 要求, 要点)
_MODAL_YAO = r"(?<![重首主需纪摘提概简])要(?![求点素事害件闻务])"
_DUTY = re.compile(_MODAL_YAO + r"|不得|必须|严禁|及时|同步|原则上")
# a piece that names who must do something ("党员领导干部要以…", "县委组织部要…")
_SUBJECT_DUTY = re.compile(r"[^,，;；。]{2,30}?(?:" + _MODAL_YAO + r"|应当|应|须|必须)")


# a piece that names what it speaks of only by a pronoun ("准确掌握他们的思想动态…") cannot stand alone
_PRONOUN = re.compile(r"他们|她们|其|此|该")


def duties(rule: Rule) -> list[Fact]:
    """A binding sentence that tells someone to do something, asked as a whole (判断): true as written, false
    with one detail of DETAIL_SWAPS changed. A long sentence is asked by the part that names who must do it
    ("党员领导干部要以普通党员身份参加所在党支部(党小组)组织生活"). Exhortations ("倡导…", "反对…") are left out."""
    text = rule.clause.text
    s, e = rule.span
    if e - s <= MAX_DUTY:
        # a modal, or a detail the sentence prescribes ("作为…的重要参考") that a false statement can change
        spans = [rule.span] if _DUTY.search(rule.text) or any(w in rule.text for w in DETAIL_SWAPS) else []
    else:
        pieces = segments(text, s, e)
        spans = [p for a, b in pieces if _SUBJECT_DUTY.match(text, a)
                 for p in [part_of(text, rule.span, (a, b))] if p is not None]
        # a detail to change in a part that leans on the piece before for its subject ("干部在调动、免职、辞职…时,
        # 应以书面形式办理工作交接")
        spans += [p for w in DETAIL_SWAPS for m in re.finditer(w, text[s:e])
                  for p in [part_of(text, rule.span, (s + m.start(), s + m.end()))] if p is not None]
        # a further predicate of the subject's duty that lists what it covers ("县委组织部要建立…档案,…,将干部个人
        # 重大事项报告、经济责任审计结果报告…等归入干部监督信息档案"): a statement of its own
        after_duty = False
        for a, b in pieces:
            if _SUBJECT_DUTY.match(text, a):
                after_duty = True
                continue
            bare = re.sub(r"[(（][^)）]*[)）]", "", text[a:b])  # a set's members in brackets are asked as the set
            if after_duty and _RUN.search(bare) and 12 <= b - a <= MAX_DUTY and not _PRONOUN.search(bare):
                spans.append((a, b))
    out = []
    for a, b in dict.fromkeys(spans):
        piece = text[a:b]
        if any(w in piece for w in EXHORTATION):
            continue
        swap = next(((a + piece.find(w), a + piece.find(w) + len(w)) for w in DETAIL_SWAPS if w in piece), (a, b))
        out.append(Fact("duty", rule.clause, rule.span, swap, (), "要求", part=None if (a, b) == rule.span else (a, b)))
    return out


def terms(rule: Rule) -> list[Fact]:
    """Named systems and requirements in quotes: 实行“一票否决”, “五个不直接分管”制度, “三个区分开来”要求."""
    text = rule.clause.text
    s, e = rule.span
    titles = [(t.start(), t.end()) for t in re.finditer(r"《[^》]*》", text)]
    out = []
    for m in _TERM.finditer(text, s, e):
        name = m.group(1)
        if name in NOT_A_NAME or any(a < m.start() < b for a, b in titles):
            continue  # a word inside a document's title names no system of this one
        before, after = text[s:m.start()], text[m.end():e]
        if _NEGATIVE_BEFORE.search(before) or not (_NAME_BEFORE.search(before) or _NAME_AFTER.match(after)):
            continue
        if after.startswith(tuple(NOT_A_SYSTEM_AFTER)) or _CITED_AUTHORITY.search(before):
            continue
        if before.endswith(("、", "和", "及")) or after.startswith(("、", "和", "及")):
            continue  # one system of a list of systems: another system fills the gap as well
        out.append(Fact("term", rule.clause, rule.span, (m.start(1), m.end(1)), (), "名称"))
    return out


def corpus_terms(index: Index) -> set[str]:
    """Every quoted short name in the knowledge base: the pool that single-choice name items draw from."""
    names = set()
    for c in index.clauses:
        for m in _TERM.finditer(c.text):
            if m.group(1) not in NOT_A_NAME and not BODY.fullmatch(m.group(1)):
                names.add(m.group(1))
    return names


def all_sets(index: Index) -> list:  # type: ignore[type-arg]
    return named_sets(index.clauses)
