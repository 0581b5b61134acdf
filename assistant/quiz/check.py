"""Prove an item's key from its cited clause, and its wrong options wrong against the whole knowledge base.

- cloze: the first accepted fill put back into the stem gives text found verbatim in the quote.
- single: the key put back gives the quote; a wrong option put back, with the words around the gap, occurs
  nowhere in the knowledge base (so it is no correct answer anywhere). 「不属于」 items: the key is absent,
  the others are in the quote. 「下列说法正确的是」: one statement is verbatim, each other differs from one of the
  cited clauses in one detail.
- multiple: every keyed option is in the quote; no wrong option occurs in the clause or overlaps a key.
- every type but judge: the stem does not show the answer besides the gap (gives_away).
- judge: a true statement is verbatim in the quote; a false one occurs nowhere and differs from the quote in
  exactly one place, where it says another value, body or name, not merely the opposite modal word.
"""

from __future__ import annotations

import difflib
import re

from assistant.quiz.text import BLANK, PAREN, number_value, strip_lead
from assistant.quiz.types import FALSE, JUDGE_OPTIONS, TRUE, TYPES, QuizItem
from knowledge.index import Index
from knowledge.types import Clause

LETTERS = "ABCDEFGH"
SET_LISTING = "包括"
# Words that make a statement absolute: a false statement that brings one in ("唯一依据" for "重要参考") is
# judged false by exam habit, without knowing the rule.
ABSOLUTE_WORDS = ("唯一", "一律", "所有", "完全", "全部", "一切", "任何", "绝对", "必然", "只能", "仅")
# a false judge statement must change a detail, not only say the opposite
# A formal way of doing something changed to its lax opposite (书面 -> 口头, 集体 -> 个人): no rule says "do it
# casually", so the false statement is answered by common sense, not by knowing the rule.
COMMON_SENSE_DOWNGRADES = (("书面", "口头"), ("集体", "个人"), ("严格", "宽松"), ("公开", "私下"), ("如实", "酌情"))
POLARITY_WORDS = frozenset({"不得", "可", "可以", "无需", "必须", "允许", "严禁", "禁止", "应当", "不", "无", "要", "须",
                            "不必", "应", "不宜"})
_CONTEXT = 8  # characters each side of a gap that a wrong option is checked in, across the knowledge base
_CORPUS: dict[int, tuple[object, str]] = {}


def corpus_text(index: Index) -> str:
    """All clause texts, one a line, built once per index."""
    key = id(index.clauses)
    hit = _CORPUS.get(key)
    if hit is None or hit[0] is not index.clauses:
        hit = (index.clauses, "\n".join(c.text for c in index.clauses))
        _CORPUS.clear()
        _CORPUS[key] = hit
    return hit[1]


def check_item(item: QuizItem, index: Index) -> list[str]:
    """Problems with the item, in Chinese; empty when the key follows from the cited clause."""
    problems: list[str] = []
    cit = item.citation
    clause = index.by_id.get(cit.clause_id)
    if clause is None:
        return [f"引用的条款 {cit.clause_id} 不在索引中"]
    if clause.doc_id != cit.doc_id or clause.doc_title != cit.doc_title:
        problems.append("出处的文档与条款不符")
    if not cit.quote or cit.quote not in clause.text:
        problems.append("引文不是条款原文")
        return problems
    for extra in item.also:
        other = index.by_id.get(extra.clause_id)
        if other is None or extra.quote not in other.text:
            problems.append(f"引用的条款 {extra.clause_id} 不在索引中或引文不是原文")
    if cit.quote not in item.explanation:
        problems.append("解析没有逐字引用原文")
    if item.type not in TYPES:
        return [*problems, f"未知题型 {item.type}"]
    problems += _check_options(item)
    if problems:
        return problems
    problems += gives_away(item)
    if problems:
        return problems
    check = {"cloze": _cloze, "single": _single, "multiple": _multiple, "judge": _judge}[item.type]
    return check(item, clause, corpus_text(index))


# Words of a stem that name a period, with the rhythm they give away: "（　）至少召开1次联席会议,共商本年度干部
# 监督重点任务" is answered 每年 from "本年度".
PERIOD_HINTS = {
    "每年": ("本年度", "年度", "年初", "年中", "年底", "年终", "全年"),
    "每半年": ("上半年", "下半年", "半年度"),
    "每季度": ("本季度", "季度", "季末"),
    "每月": ("本月", "月度", "月底", "月末", "当月"),
    "每周": ("本周", "周末"),
}


def gives_away(item: QuizItem) -> list[str]:
    """A stem that shows its own answer besides the gap ("凡未经纪委审查…,由（　）牵头" keyed 纪委), or a word that
    names it ("共商本年度…" for 每年): the item tests reading, not the rule. 「不属于」 and 「下列说法」 items and
    judge statements state their options."""
    if item.type == "judge" or "不属于" in item.stem or "下列说法" in item.stem:
        return []
    body = strip_lead(item.stem)
    keys = item.answer_texts[:1 if item.type == "cloze" else None]
    problems = [f"题干中已出现答案“{a}”" for a in keys if len(a) >= 2 and a in body]
    problems += [f"题干中的“{w}”提示了答案“{a}”" for a in keys for w in PERIOD_HINTS.get(a, ()) if w in body]
    return problems


def _check_options(item: QuizItem) -> list[str]:
    if item.type == "cloze":
        if item.options:
            return ["填空题不应有选项"]
        if not isinstance(item.answer, tuple) or not item.answer or not all(f.strip() for f in item.answer):
            return ["填空题的答案应为可接受填法的列表"]
        return [] if len(set(item.answer)) == len(item.answer) else ["填空题的可接受填法重复"]
    if item.type == "judge":
        if item.options != JUDGE_OPTIONS:
            return [f"判断题的选项应为 “{TRUE}”“{FALSE}”"]
        return [] if item.answer in (TRUE, FALSE) else [f"判断题的答案应为 “{TRUE}” 或 “{FALSE}”"]
    problems = []
    if not isinstance(item.answer, str):
        return ["选择题的答案应为选项字母"]
    for option in item.options:
        if not option.strip():
            problems.append("选项为空")
        elif re.match(r"^[A-H][ .、．]", option):
            problems.append(f"选项 “{option}” 不应带字母")
    if len(set(item.options)) != len(item.options):
        problems.append("选项重复")
    letters = LETTERS[: len(item.options)]
    if not item.answer or any(a not in letters for a in item.answer) or len(set(item.answer)) != len(item.answer):
        problems.append(f"答案 “{item.answer}” 不是有效的选项字母")
    elif item.type == "single" and len(item.answer) != 1:
        problems.append("单选题只能有一个答案")
    elif item.type == "multiple" and not 2 <= len(item.answer) <= len(item.options):
        problems.append("多选题应有至少两个正确选项")
    return problems


def _split(stem: str, mark: str) -> tuple[str, str] | None:
    body = strip_lead(stem)
    if body.count(mark) != 1:
        return None
    before, after = body.split(mark)
    return before, after


def _verbatim(text: str, quote: str) -> bool:
    return text in quote or (text.endswith("。") and text[:-1] in quote)


def _cloze(item: QuizItem, clause: Clause, corpus: str) -> list[str]:
    parts = _split(item.stem, BLANK)
    if parts is None:
        return ["填空题的题干应有且只有一个 “____”"]
    before, after = parts
    key = item.fills[0]
    if key not in item.citation.quote:
        return [f"答案 “{key}” 不在引文中"]
    if not _verbatim(before + key + after, item.citation.quote):
        return ["答案填回题干后与原文不符"]
    return []


def _around(before: str, w: str, after: str) -> str:
    after = after[:-1] if after.endswith("。") else after
    return before[-_CONTEXT:] + w + after[:_CONTEXT]


def _single(item: QuizItem, clause: Clause, corpus: str) -> list[str]:
    quote = item.citation.quote
    key = item.option_text(item.key)
    wrong = [o for i, o in enumerate(item.options) if LETTERS[i] != item.key]
    if "下列说法正确的是" in item.stem:
        return _statements(item, key, wrong)
    if "不属于" in item.stem:
        problems = _named_in_quote(item)
        problems += [f"选项 “{w}” 不在引文中,也成了正确答案" for w in wrong if w not in quote]
        if key in clause.text:
            problems.append(f"答案 “{key}” 出现在条款中,不能说它不属于")
        return problems
    parts = _split(item.stem, PAREN)
    if parts is None:
        return [f"单选题的题干应有且只有一个 “{PAREN}”"]
    before, after = parts
    problems = [] if _verbatim(before + key + after, quote) else ["正确选项填回题干后与原文不符"]
    return problems + [f"干扰项 “{w}” 填回题干后在知识库中也成立" for w in wrong
                       if _around(before, w, after) in corpus or _verbatim(before + w + after, clause.text)]


def _statements(item: QuizItem, key: str, wrong: list[str]) -> list[str]:
    problems = [] if _verbatim(key, item.citation.quote) else ["判为正确的说法不是原文"]
    quotes = [c.quote for c in item.also]
    for w in wrong:
        if any(_verbatim(w, q) for q in [item.citation.quote, *quotes]):
            problems.append(f"说法 “{w}” 与原文一致,也是正确的")
            continue
        if not any(_detail_change(w.rstrip("。"), q) is None for q in quotes):
            problems.append(f"说法 “{w}” 与所引原文的差别不是一处细节")
    return problems


def _named_in_quote(item: QuizItem) -> list[str]:
    """“下列…属于“五位一体”…”: the set the stem names must be the one the quote lists."""
    names = re.findall(r"“([^”]+)”", strip_lead(item.stem))
    if not names:
        return ["题干没有指明所问的名称"]
    return [f"引文中没有“{n}”" for n in names if n not in item.citation.quote]


def _multiple(item: QuizItem, clause: Clause, corpus: str) -> list[str]:
    quote = item.citation.quote
    right = item.answer_texts
    wrong = [o for i, o in enumerate(item.options) if LETTERS[i] not in item.key]
    problems = [f"正确选项 “{r}” 不在引文中" for r in right if r not in quote]
    problems += [f"干扰项 “{w}” 出现在条款中,可能也是正确答案" for w in wrong if w in clause.text]
    problems += [f"干扰项 “{w}” 与正确选项重叠" for w in wrong for r in right if w in r or r in w]
    parts = _split(item.stem, PAREN)
    if parts is not None and not problems:
        before, after = parts
        after = after[:-1] if after.endswith("。") else after
        if before.startswith("下列"):
            return problems + _named_in_quote(item)
        start = quote.find(before) if before else 0
        end = quote.find(after, start + len(before)) if after else len(quote)
        if start < 0 or end < 0:
            return ["题干不是原文"]
        region = quote[start + len(before):end]
        problems += [f"正确选项 “{r}” 不在题干所挖空的位置" for r in right if r not in region]
    return problems


_SET_STATEMENT = re.compile(r"(?P<subject>[^“]*“(?P<name>[^”]+)”[^,,。]*?)" + SET_LISTING + r"(?P<items>[^。]+)。")


def _judge_set(item: QuizItem, clause: Clause, m: re.Match[str]) -> list[str]:
    """“五联”模式包括A、B、C…: every item listed is in the quote (true), or exactly one is foreign (false)."""
    quote = item.citation.quote
    if m.group("name") not in quote:
        return [f"引文中没有“{m.group('name')}”"]
    items = m.group("items").split("、")
    foreign = [it for it in items if it not in quote]
    if item.answer == TRUE:
        return [f"“{it}”不在引文中,表述并不正确" for it in foreign]
    if len(foreign) != 1:
        return ["判为错误的表述应恰有一项不属于该集合"]
    if foreign[0] in clause.text:
        return [f"“{foreign[0]}”出现在条款中,不能确认表述错误"]
    return []


def _judge(item: QuizItem, clause: Clause, corpus: str) -> list[str]:
    quote = item.citation.quote
    statement = strip_lead(item.stem)
    m = _SET_STATEMENT.fullmatch(statement)
    if m is not None and not _verbatim(statement, clause.text):
        return _judge_set(item, clause, m)
    if item.answer == TRUE:
        return [] if _verbatim(statement, quote) else ["判为正确的表述不是原文"]
    if _verbatim(statement, clause.text) or statement.rstrip("。") in corpus:
        return ["判为错误的表述与知识库中的原文一致"]
    why = _detail_change(statement.rstrip("。"), quote)
    return [why] if why else []


def _detail_change(statement: str, quote: str) -> str | None:
    """None when the statement differs from the quote in one detail (a value, body or name); else why not."""
    change = _one_change(statement, quote)
    if change is None:
        return "判为错误的表述与原文的差别不止一处,无法确认它与原文矛盾"
    said, original = change
    if not said or not original:
        return "判为错误的表述只是增删了文字,未改变事实"
    if said in POLARITY_WORDS or original in POLARITY_WORDS:
        return f"判为错误的表述只是把“{original}”改成了“{said}”,应改动细节而不是肯定与否定"
    absolute = next((w for w in ABSOLUTE_WORDS if w in said and w not in original), None)
    if absolute:
        return f"判为错误的表述用了绝对化的“{absolute}”(原文为“{original}”),凭答题经验即可判错,应改动别的细节"
    if said in original or original in said:
        return f"“{said}”与原文“{original}”并不矛盾"
    lax = next((lo for hi, lo in COMMON_SENSE_DOWNGRADES if hi in original and lo in said), None)
    if lax:
        return f"判为错误的表述把“{original}”改成了更随意的“{said}”,凭常识即可判错,应改动数字、期限或制度名称"
    if number_value(said) is not None and number_value(said) == number_value(original):
        return f"“{said}”与原文“{original}”数值相同"
    return None


def _one_change(statement: str, quote: str) -> tuple[str, str] | None:
    """(what the statement says, what the quote says) at the one place they differ, or None.

    Quote text before and after the statement's window is ignored; anything else that differs counts."""
    ops = difflib.SequenceMatcher(None, statement, quote, autojunk=False).get_opcodes()
    while ops and ops[0][0] == "insert":
        ops = ops[1:]
    while ops and ops[-1][0] == "insert":
        ops = ops[:-1]
    # changes split only by a character or two ("干部|小但|欲望" for "工程|小但|利益") are one change
    merged: list[list[int]] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "equal":
            if merged and k > 0 and ops[k - 1][0] == "equal" and ops[k - 1][2] - ops[k - 1][1] <= 2 \
                    and merged[-1][1] == ops[k - 1][1]:
                merged[-1][1], merged[-1][3] = i2, j2
            else:
                merged.append([i1, i2, j1, j2])
    if len(merged) != 1:
        return None
    i1, i2, j1, j2 = merged[0]
    return statement[i1:i2], quote[j1:j2]
