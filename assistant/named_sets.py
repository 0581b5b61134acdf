"""Named sets such as 五个必谈, 四小四大, 五联, 四个机制: find the name, its items, check the count."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.numerals import CN_COUNT, CN_DIGITS, cn_to_int, strip_ordinal
from knowledge.sequences import common_subsequence
from knowledge.types import Clause

_NUM = CN_COUNT
NAME = re.compile(
    rf"(?<=“)(?:([{_NUM}])[\u4e00-\u9fff](?:\1[\u4e00-\u9fff]){{1,3}}|[{_NUM}][\u4e00-\u9fff]{{1,4}})(?=”)"
    rf"|[{_NUM}][个种项条对][\u4e00-\u9fff]{{1,8}}"
    rf"|[{_NUM}]小[{_NUM}]大|[{_NUM}]联(?![系合动络])|[{_NUM}]位一体|[{_NUM}]项机制|[{_NUM}]个机制"
)
# A set counted in figures (5个部分25项工作): a name only when its items are asked for, as a document's
# figures count many things that are no set (20个部门, 113个单位)
FIGURE_NAME = re.compile(r"(?<!\d)\d{1,3}[个种项条][\u4e00-\u9fff]{1,8}")
# Names that are always a set (五个必谈, 四小四大, 五联, and any name that repeats its numeral: 三比三创三争);
# a quoted "五公开" counts only when its items are asked for.
CLASSIC_NAME = re.compile(rf"[{_NUM}][个种项条对]|[{_NUM}]小[{_NUM}]大|[{_NUM}]联|[{_NUM}]位一体|[{_NUM}]项机制|[{_NUM}]个机制"
                          rf"|([{_NUM}])[\u4e00-\u9fff](?:\1[\u4e00-\u9fff]){{1,3}}$")


@dataclass(frozen=True)
class NamedSet:
    name: str
    count: int
    items: tuple[str, ...]
    clause: Clause | None
    quote: str  # the verbatim span that lists the items (or mentions the name)
    # Items that are the headings of the clauses after the name's clause ("五公开": / 一是决策要公开。…):
    # each with its clause and the verbatim heading sentence.
    parts: tuple[tuple[Clause, str], ...] = ()


def set_size(name: str) -> int:
    number = set_number(name)
    if number.isdigit():  # 25项工作: a count written in figures
        return int(number)
    return (cn_to_int(number) or 0) if number and number in CN_COUNT else 0


def set_number(name: str) -> str:
    """The numeral a set's name opens with: 五 of 五个必谈, 25 of 25项工作."""
    digits = re.match(r"\d+", name)
    return digits.group(0) if digits else name[:1]


def items_asked(text: str, name: str) -> bool:
    """Whether the question asks for a set's items: 具体/包括哪些/是什么, 哪五个/哪几样, or the set's own word asked
    of ("“五公开”都公开哪些": what does it make public)."""
    # "目的是什么" asks what for, not what the set holds; "还有一对是啥" asks for the items not yet said
    if re.search(rf"具体|哪[“\"「]?[{_NUM}\d]|哪几|包括哪|分别|指什么|(?<!目的|原因|用意|意义|作用)是(?:什么|啥)|有哪些"
                 rf"|(?:还有|另外|另)[{_NUM}]?[个对项条种样]", text):
        return True
    stem = re.sub(rf"^[{_NUM}][个种项条对]?", "", name)
    # right after the name: "“五公开”中的个人情况公开要公开哪些" asks of one item, not for the items
    # a pause may come between them, and 些啥 is spoken 哪些 ("五公开,都公开些啥")
    return len(stem) >= 1 and bool(re.search(rf"{re.escape(name)}[”\"」]?[,，]?[都又还要]{{0,2}}{re.escape(stem)}"
                                             rf"[了的]?些?(?:哪些|什么|啥)", text))


_QUOTED_NAME = re.compile(rf"“([{_NUM}][\u4e00-\u9fff]{{1,4}})”")


def names_in(text: str, corpus: str | None = None) -> list[str]:
    """Named sets a question asks about, e.g. ["五个必谈"]. With `corpus`, a name that runs on into
    the question ("五个必谈是什么") is cut back to the longest prefix the documents use."""
    names = []
    # a name the documents quote (“五公开”), written by the asker without quotes (管一把手的五公开)
    quoted = [] if corpus is None else [q for q in dict.fromkeys(_QUOTED_NAME.findall(corpus)) if q in text]
    for m in (*NAME.finditer(text), *FIGURE_NAME.finditer(text), *(re.search(re.escape(q), text) for q in quoted)):
        if m is None:
            continue
        name = m.group(0)
        if corpus is not None:
            name = next((name[:n] for n in range(len(name), 1, -1) if name[:n] in corpus), "").rstrip("的")
        asks_items = items_asked(text, name)
        listed = f"“{name}”" in corpus or f"{name}(" in corpus if corpus is not None else True
        if corpus is not None and name and not (listed or (asks_items and set_size(name) >= 3 and len(name) >= 4)):
            continue  # a named set is quoted or followed by its list somewhere; "两个部门" is just a count
        if not CLASSIC_NAME.match(name) and not asks_items:
            continue  # "三重一大" in a question about something else is a topic, not a request for its items
        if name and name not in names and set_size(name) >= 2:
            names.append(name)
    return names


def _split_items(body: str) -> list[str]:
    parts = re.split(r"[、;；]|(?<=[\u4e00-\u9fff])和(?=[\u4e00-\u9fff]{2,}(?:机制|制度)$)", body)
    items = [p.strip(" ,,。:：“”") for p in parts]
    return [i for i in items if i]


def _after_name(text: str, end: int) -> tuple[list[str], int, int] | None:
    """Items in brackets or after a colon directly following the name: 四小四大(…), 五个必谈:…"""
    rest = text[end:]
    m = re.match(r"[”\"」]?(?:制度|机制|模式)?\s*[(（]([^()（）]{4,200})[)）]", rest)
    if m:
        return _split_items(m.group(1)), end + m.start(1), end + m.end(1)
    m = re.match(r"[”\"」]?\s*[:：]([^。]{4,300})。?", rest)
    if m:
        return _split_items(m.group(1)), end + m.start(1), end + m.end(1)
    return None


def _before_name(text: str, start: int, count: int) -> tuple[list[str], int, int] | None:
    """Items listed just before the name: 巡察整改联督、…、监督信息联享“五联”模式."""
    head = text[:start].rstrip("“\"「")
    cut = max(head.rfind(c) for c in "。;;:,,") + 1
    segment = head[cut:]
    parts = segment.split("、")
    if "和" in parts[-1]:  # "电话和短信": the last two items are joined by 和
        parts[-1:] = parts[-1].split("和", 1)
    if len(parts) < 2:
        return None
    others = [len(p) for p in parts[1:]]
    width = max(others)
    first = parts[0][-width:] if len(parts[0]) > width + 2 else parts[0]
    items = [first.strip(), *[p.strip() for p in parts[1:]]]
    s = start - len(text[:start]) + len(head) - len(segment) + (len(parts[0]) - len(first))
    return items, s, len(head)


_ORDINALS = (CN_DIGITS, "(", ")"), (CN_DIGITS, "", "是"), (CN_DIGITS, "（", "）"), \
    ("123456789", "", "、"), ("123456789", "", ".")


def _heading_items(after: list[Clause], count: int) -> tuple[tuple[Clause, str], ...]:
    """The next `count` clauses when they open with consecutive ordinals (一是… 二是…, (一)… (二)…)."""
    if len(after) < count:
        return ()
    for digits, left, right in _ORDINALS:
        parts = []
        for k, clause in enumerate(after[:count]):
            marker = f"{left}{digits[k]}{right}"
            text = clause.text.lstrip()
            if not text.startswith(marker):
                break
            sentence = re.match(r"[^。;；\n]*[。;；]?", text).group(0)  # type: ignore[union-attr]
            parts.append((clause, sentence))
        if len(parts) == count:
            return tuple(parts)
    return ()


ITEM_OPEN = re.compile(rf"\s*([{CN_DIGITS}])是")  # an item that 一是, 二是 … begins


def clauses_under(clause: Clause, ordered: list[Clause]) -> list[Clause]:
    """The clauses after `clause` (in `ordered`, the documents' order) that stand under its heading, up to
    where the document leaves its section."""
    depth = len(clause.path)
    out: list[Clause] = []
    for c in ordered:
        if c.doc_id != clause.doc_id or c.ordinal <= clause.ordinal:
            continue
        if len(c.path) <= depth or c.path[:depth] != clause.path:
            break  # left the clause's section
        out.append(c)
    return out


def _section_items(clause: Clause, ordered: list[Clause], count: int) -> tuple[tuple[Clause, str], ...]:
    """The headings of the sections that follow a clause one level below it, when there are exactly
    `count` of them: a set announced in an introduction whose items are the document's sections."""
    depth = len(clause.path)
    heads: list[tuple[Clause, str]] = []
    for c in clauses_under(clause, ordered):
        heading = c.path[depth]
        if not heads or heads[-1][1] != heading:
            if not c.text.startswith(heading):
                return ()  # the heading is not quoted verbatim in its clause: cannot cite it
            heads.append((c, heading))
    return tuple(heads) if len(heads) == count and count >= 2 else ()


def _ordinal_run(clause: Clause, ordered: list[Clause], end: int, count: int) -> tuple[tuple[Clause, str], ...]:
    """Items that follow the name, each a sentence opened by 一是 … N是, exactly `count` of them, in the
    name's own clause and the clauses right after it ("紧盯三个环节,……。一是完善选人用人机制,……" / "二是……"
    / "三是……"): each with its clause and its verbatim sentence."""
    after = [c for c in ordered if c.doc_id == clause.doc_id and c.ordinal > clause.ordinal][:count]
    parts: list[tuple[Clause, str]] = []
    for c, text in [(clause, clause.text[end:]), *((c, c.text) for c in after)]:
        sentences = re.findall(r"[^。;；\n]+[。;；]?", text)
        if c is not clause and not (sentences and ITEM_OPEN.match(sentences[0])):
            break  # a clause that does not go on with the next item has left the list
        for sentence in sentences:
            m = ITEM_OPEN.match(sentence)
            if m is None:
                continue  # an item's own further sentences
            if m.group(1) != CN_DIGITS[len(parts)] or len(parts) == count:
                return ()  # not the next ordinal, or one more than the name counts
            parts.append((c, sentence.strip()))
    return tuple(parts) if len(parts) == count else ()


def _ordinal_strip(sentence: str) -> str:
    return strip_ordinal(sentence)


def _sentence_of(text: str, pos: int, end: int) -> str:
    """The sentence (or ;-item) that holds text[pos:end], as quoted: from the last stop before it through
    the first stop after it."""
    start = max(text.rfind(c, 0, pos) for c in "。;;\n") + 1
    stop = min((i for i in (text.find(c, end) for c in "。;;\n") if i >= 0), default=len(text))
    return text[start : stop + 1].strip()


def find_set(name: str, clauses: list[Clause]) -> NamedSet:
    """The items of a named set from the clauses that mention it; the first complete listing wins."""
    count = set_size(name)
    mention: NamedSet | None = None
    ordered = sorted(clauses, key=lambda c: (c.doc_id, c.ordinal))
    for clause in clauses:
        text = clause.text
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if re.fullmatch(r"[”\"」]?\s*[:：]\s*", text[end:]):  # the items are the next clauses' headings
                after = [c for c in ordered if c.doc_id == clause.doc_id and c.ordinal > clause.ordinal]
                parts = _heading_items(after, count)
                if parts:
                    sent_start = max(text.rfind(c, 0, pos) for c in "。;;\n") + 1
                    return NamedSet(name, count, tuple(_ordinal_strip(q) for _, q in parts), clause,
                                    text[sent_start:].strip(), parts)
            sections = _section_items(clause, ordered, count)
            if sections:  # "把握好三对关系" heading a document whose next sections are the three
                return NamedSet(name, count, tuple(h for _, h in sections), clause,
                                _sentence_of(text, pos, end), sections)
            run = _ordinal_run(clause, ordered, end, count) if count >= 2 else ()
            if run:  # 紧盯三个环节,……。一是…… / 二是…… / 三是……
                heads = tuple(re.match(r"[^,,;；。]*", _ordinal_strip(q)).group(0) for _, q in run)  # type: ignore[union-attr]
                return NamedSet(name, count, heads, clause, _sentence_of(text, pos, end), run)
            for found in (_after_name(text, end), _before_name(text, pos, count)):
                if found and len(found[0]) == count:
                    items, s, e = found
                    return NamedSet(name, count, tuple(items), clause, text[s:e])
            if mention is None:
                mention = NamedSet(name, count, (), clause, _sentence_of(text, pos, end))
            pos = text.find(name, end)
    return mention or NamedSet(name, count, (), None, "")


_ANY_SET = re.compile(rf"[“\"]([{_NUM}][个种项条][\u4e00-\u9fff]{{1,6}})[”\"]|([{_NUM}][个种项条][\u4e00-\u9fff]{{1,6}}?)具体")


_COINED = re.compile(rf"[“\"]([{_NUM}][\u4e00-\u9fff]{{1,2}})[”\"]")


def coined_set(question: str, corpus: str) -> str:
    """A set the asker names in quotes by its count and one word ("三用") that the documents never write:
    its items may still be listed, each holding that word (用权、用财、用人). Unlike unknown_set's names
    (三个圈), such a name may be a term, not a set: when no listing is found the question is answered as
    any other."""
    for m in _COINED.finditer(question):
        name = m.group(1)
        if name not in corpus and set_size(name) >= 2:
            return name
    return ""


def unknown_set(question: str, corpus: str) -> str:
    """A named set the question quotes (or asks 具体 about) that the documents never mention."""
    for m in _ANY_SET.finditer(question):
        name = m.group(1) or m.group(2)
        if name and name not in corpus:
            return name
    return ""


_CORE = re.compile(rf"^[{_NUM}][个种项条]?")
DESCRIBED_MIN = 4  # characters of a set's name (less its number) that a question must repeat to ask for it


def described_names(question: str, clauses: list[Clause]) -> list[str]:
    """Named sets a question describes without naming them: "一把手不能直接分管哪些工作?" repeats
    "直接分管" of 主要负责人“五个不直接分管” in the clauses it retrieved, and asks for that set's items."""
    found = []
    question = _MUST.sub("必", question)  # 一定得谈 is 必谈 in speech (五个必谈)
    for clause in clauses:
        for m in NAME.finditer(clause.text):
            name = m.group(0)
            if not clause.text[: m.start()].endswith("“"):
                continue  # a set is named in quotes; "两个工作日报纪检监察" is a phrase that starts with a number
            core = _CORE.sub("", name).lstrip("不")
            common = _longest_common(core, question)
            # or its verb and name less the number: "实行“五公开”" asked as 在哪些方面实行公开
            verb = clause.text[max(0, m.start() - 3) : m.start() - 1]
            said = (common >= DESCRIBED_MIN and common >= 0.6 * len(core)) or (
                len(core) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]{2}", verb) is not None and verb + core in question)
            # "有五样事不能直接管,是哪五样": the set's own number, and most of its name's characters in order
            counted = bool(re.search(rf"{name[0]}[个样件项条种类]|哪{name[0]}", question)) and name[0] in _NUM
            if (said or (counted and common_subsequence(core, question) >= DESCRIBED_ORDER * len(core))) and name not in found:
                found.append(name)
    return found


_MUST = re.compile(r"一定(?:得|要)|必须|非得|务必")  # must, as speech says it; a set's name writes 必
DESCRIBED_ORDER = 0.75  # with the set's number asked, this share of its name's characters, in order


def counted_names(question: str, clauses: list[Clause]) -> list[str]:
    """Sets a question asks for by their measure word and noun ("要把握好哪几对关系" of 把握好三对关系),
    quoted in the clauses or not. The match is close enough to look past the first few clauses."""
    found = []
    for clause in clauses:
        for m in NAME.finditer(clause.text):
            if _counted_alike(m.group(0), question) and m.group(0) not in found:
                found.append(m.group(0))
    return found


def _counted_alike(name: str, question: str) -> bool:
    """The question asks which ones (哪几/哪些) in the set's own measure word and noun: 哪几对关系 of 三对关系.
    Quoted or not, a count in the same measure and noun is what it asks for. Only a measure word of its
    own (对, 种, 项, 条, 类): 个 counts anything (哪几个环节 of a selection, not the report's 紧盯三个环节),
    and a noun of two characters at least."""
    m = re.match(rf"[{_NUM}]([种项条对类])([\u4e00-\u9fff]{{2,}})", name)
    if m is None:
        return False
    asked = re.search(rf"哪(?:几|些)\s*{m.group(1)}([\u4e00-\u9fff]{{2,}})", question)
    return asked is not None and (asked.group(1).startswith(m.group(2)) or m.group(2).startswith(asked.group(1)))


def _longest_common(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def suffix_set(name: str, clauses: list[Clause]) -> NamedSet:
    """A set named by its count and the word its items share, at their end ("三个圈" → 工作圈、生活圈、
    社交圈) or at their start ("三用" → 用权、用财、用人; "三不" → 不提名, 不讨论, 不通过, each ending a phrase)."""
    count = set_size(name)
    word = _CORE.sub("", name)
    if count < 2 or not 1 <= len(word) <= 2:
        return NamedSet(name, count, (), None, "")
    for item in (rf"[\u4e00-\u9fff]{{1,4}}?{re.escape(word)}", rf"{re.escape(word)}[\u4e00-\u9fff]{{1,2}}?"):
        listing = re.compile(rf"{item}(?:[、和与及]{item})+")
        for clause in clauses:
            for m in listing.finditer(clause.text):
                items = re.split(r"[、和与及]", m.group(0))
                if len(items) == count:
                    return NamedSet(name, count, tuple(items), clause, m.group(0))
    # or each item ends a phrase of one sentence ("三不": 多数人不赞成的不提名,……的不讨论,……的不通过), the
    # phrase saying when it applies; read in the best clause only, as such endings are common (another "三不",
    # 总揽不包揽、分工不分家、放手不撒手, is no listing of this kind, and the question asked of it retrieves its own)
    found = _phrase_ends(name, count, word, clauses[0]) if clauses else None
    if found is not None:
        return found
    return NamedSet(name, count, (), None, "")


def _phrase_ends(name: str, count: int, word: str, clause: Clause) -> NamedSet | None:
    """`count` phrases in a row of one sentence, each ending on `word` and a few characters of one length
    (不提名, 不讨论, 不通过: parallel members), with no such phrase beside them (……说了算的不良倾向 is none)."""
    ending = re.compile(rf"{re.escape(word)}[\u4e00-\u9fff]{{1,3}}$")
    for sentence in re.finditer(r"[^。]+", clause.text):
        phrases = list(re.finditer(r"[^,，;；]+", sentence.group(0)))
        for i in range(len(phrases) - count + 1):
            run = [ending.search(p.group(0)) for p in phrases[i : i + count]]
            sizes = {len(m.group(0)) for m in run if m}
            beside = [j for j in (i - 1, i + count) if 0 <= j < len(phrases)
                      and (e := ending.search(phrases[j].group(0))) is not None and len(e.group(0)) in sizes]
            if all(run) and len(sizes) == 1 and not beside:
                start = sentence.start() + phrases[i].start()
                end = sentence.start() + phrases[i + count - 1].end()
                return NamedSet(name, count, tuple(p.group(0) for p in phrases[i : i + count]), clause,
                                clause.text[start:end])
    return None
