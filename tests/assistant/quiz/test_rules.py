"""Which sentences are worth asking, over the real corpus (issue #16, round-3 review): the binding document's
consequences, obligations inside long sentences, closed lists of named things, a body's part in a matter and
short runs of measures are asked; exhortations, open lists and slogans still are not. Round-2 "needs edit" items:
an activity's label, a set named over its listed members, distractors of another kind, repeated option sets."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from assistant.quiz import QuizItem, QuizResult
from assistant.quiz.rules import MEASURES, all_sets, corpus_terms, facts_of, rules_of
from assistant.quiz.text import PAREN, strip_lead
from assistant.quiz.types import FALSE, TRUE

BINDING_DOC = "001_ad443106805678c7"


@pytest.fixture(scope="module")
def worthwhile(corpus_index):  # type: ignore[no-untyped-def]
    """(rule, facts) of every sentence with something worth asking, practice included."""
    sets, names = all_sets(corpus_index), corpus_terms(corpus_index)
    rules = rules_of(corpus_index, corpus_index.clauses, include_practice=True)
    return [(r, fs) for r in rules for fs in [facts_of(r, sets, names)] if fs]


def _rule(worthwhile, words: str):  # type: ignore[no-untyped-def]
    found = [(r, fs) for r, fs in worthwhile if words in r.text]
    assert len(found) == 1, (words, [r.text for r, _ in found])
    return found[0]


def test_enough_rules_for_a_forty_item_paper(worthwhile, practice40: QuizResult) -> None:  # type: ignore[no-untyped-def]
    binding = [r for r, _ in worthwhile if r.binding]
    assert {r.clause.doc_id for r in binding} == {BINDING_DOC}
    assert len(binding) >= 27 and len(worthwhile) >= 28, (len(binding), len(worthwhile))
    items = practice40.items
    # round 4: no unsigned 范文 and no slogan lists as practice, nothing repeated across the paper; the binding
    # document supports about 35 statements, a few of which would give another item away: the tool says so
    assert len(items) >= 18 and (len(items) == 40 or "只生成了" in practice40.notes[0])
    assert sum(it.binding for it in items) >= 18


@pytest.mark.parametrize(("words", "kind", "key"), [
    # a consequence with no 要/必须 word
    ("对政治建设薄弱的领导班子进行整顿", "consequence", "进行整顿"),
    # a consequence inside a long sentence, stated by its own part
    ("对推进重点工作力度不大、成效不明显的领导班子及时进行调整优化", "consequence", "及时进行调整优化"),
    # an obligation inside a long sentence: the capacity it is done in
    ("党员领导干部要以普通党员身份参加所在党支部", "capacity", "普通党员"),
    # a closed list of kinds of assessment
    ("贯穿综合考核、换届考察、任职考察全过程", "list", "综合考核、换届考察、任职考察"),
    # who vets: a body's part in a matter
    ("强化组织部门在股级干部职数配备", "body", "组织部门"),
    # a closed run of two-character measures
    ("加大提醒、函询、诫勉工作力度", "list", "提醒、函询、诫勉"),
])
def test_rules_a_cadre_must_know_now_yield_facts(worthwhile, words: str, kind: str, key: str) -> None:  # type: ignore[no-untyped-def]
    rule, facts = _rule(worthwhile, words)
    assert rule.binding
    assert any(f.kind == kind and f.key_text == key for f in facts), [(f.kind, f.key_text) for f in facts]


def test_a_long_sentence_is_asked_by_its_part(bank: QuizResult) -> None:
    """"坚持和落实…等制度,党员领导干部要以普通党员身份…,用好…武器,增强…": the items carry the part only."""
    capacity = [it for it in bank.items if "普通党员身份" in it.stem or "身份参加" in it.stem]
    assert {it.type for it in capacity} >= {"cloze", "judge"}
    for it in capacity:
        body = strip_lead(it.stem)
        assert body.startswith("党员领导干部要以") and "锐利武器" not in body and "三会一课" not in body, body
    judge = next(it for it in capacity if it.type == "judge")
    assert judge.key == FALSE and "领导干部身份" in judge.stem  # the capacity changed, not the modal
    part = next(it for it in bank.items if it.type == "single" and "成效不明显的领导班子" in it.stem)
    assert strip_lead(part.stem).startswith("对推进重点工作") and "使慢作为" not in part.stem


@pytest.mark.parametrize("words", [
    "倡导清清爽爽",  # an exhortation: what to value or oppose
    "重点整治“六不”作风",  # a slogan
    "收集整合、甄别筛选、分析研判",  # work verbs
])
def test_exhortations_and_open_lists_still_yield_nothing(worthwhile, bank: QuizResult, words: str) -> None:  # type: ignore[no-untyped-def]
    assert not [r.text for r, _ in worthwhile if words in r.text]
    assert not [it.stem for it in bank.items if words in it.citation.quote]


def test_a_local_activity_label_is_no_system(bank: QuizResult) -> None:
    """Round-2 review, item 2: "围绕“三比三创三争”活动" is a local slogan; the rule in that sentence is asked
    (round 3b: never "the sole basis", an absolute word a trainee rejects by habit; round 7: nor "a precondition",
    the same rule said more strongly: the sentence is no longer asked)."""
    about = [it for it in bank.items if "重点工作完成情况作为" in it.citation.quote]
    for it in about:
        assert "三比三创三争" not in " ".join(it.answer_texts)
        assert it.fact != "制度名称"
    assert not [it.stem for it in about if "唯一" in it.stem or "前置条件" in it.stem]


def _measure_items(items: tuple[QuizItem, ...] | list[QuizItem]) -> list[QuizItem]:
    return [it for it in items if it.type == "single" and it.key and it.option_text(it.key) in MEASURES]


def test_a_measure_is_offered_only_other_measures(bank: QuizResult, practice40: QuizResult) -> None:
    """Round-2 review, item 6: 实行“一票否决” was offered 四个意识, 一岗双责: slogans a reader rules out at once."""
    items = _measure_items([*bank.items, *practice40.items])
    assert any(it.option_text(it.key) == "一票否决" for it in items)
    assert any(it.option_text(it.key) == "整顿" for it in items)
    for it in items:
        wrong = [o for i, o in enumerate(it.options) if "ABCD"[i] != it.key]
        assert all(w in MEASURES for w in wrong), (it.stem, it.options)
        # none is the clause's own measure for another case, none a bare stem of a longer one (提醒 of 提醒谈话)
        assert not [w for w in wrong if w in it.citation.quote or any(m != w and m.startswith(w) for m in MEASURES)]
        if "“" + PAREN not in it.stem:  # after 进行, never a quoted name such as 一票否决
            assert "一票否决" not in wrong, it.options


def test_a_consequence_is_swapped_only_for_one_that_fits_the_case(bank: QuizResult) -> None:
    """整顿 and 调整优化 are done to a 领导班子, 调整 to a cadre: "对…问题,及时进行调整" is no rule at all; a measure on
    a person (诫勉谈话, 通报批评) put on a 领导班子 is false by common sense, so a 班子's consequence is asked by
    choice."""
    swapped = [it for it in bank.items if it.type == "judge" and "这种情形的处理是" in it.explanation]
    assert swapped
    for it in swapped:
        new = re.search(r"题干改成了“([^”]+)”", it.explanation).group(1)  # type: ignore[union-attr]
        assert not it.stem.rstrip("。").endswith("领导班子" + new), it.stem
        if new.endswith("调整"):
            assert "干部" in it.stem and "问题" not in it.stem[-20:], it.stem
    assert [it for it in bank.items if it.type == "single" and "政治建设薄弱的领导班子进行" in it.stem]


def test_no_two_items_share_options_and_key_and_distractors_vary(practice40: QuizResult, quiz40: list[QuizItem]) -> None:
    """Round-2 review, items 10-12 and 21: the same four bodies and key twice, 县委宣传部 as the wrong option
    everywhere."""
    for items in (practice40.items, quiz40):
        choice = [it for it in items if it.type in ("single", "multiple")]
        sets = Counter((frozenset(it.options), frozenset(it.answer_texts)) for it in choice)
        assert max(sets.values()) == 1
        wrong: Counter[str] = Counter()
        for it in items:
            if it.type in ("single", "multiple"):
                wrong.update(o for i, o in enumerate(it.options) if "ABCDE"[i] not in it.key)
            elif it.key == FALSE:
                wrong.update(re.findall(r"题干改成了“(?:及时)?(?:进行)?([^”]+)”", it.explanation))
        assert wrong.most_common(1)[0][1] <= 4, wrong.most_common(5)  # round 2: 县委宣传部 in 4 of 23 items
        assert wrong["县委宣传部"] <= 1


def test_true_statements_are_never_consequences_or_changeable_details(bank: QuizResult) -> None:
    """A consequence copied as true (round-1 item 28) or a detail the rule prescribes (重要参考) is asked false."""
    for it in bank.items:
        if it.type == "judge" and it.key == TRUE and it.binding:
            assert not re.search(r"移交|严肃处理|提醒纠正|整顿|调整优化|重要参考|普通党员身份", it.stem), it.stem
