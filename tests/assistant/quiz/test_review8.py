"""The eighth independent review (27 items: 18 usable, 5 need an edit, 4 unusable), fixed as mechanisms: a
statement addressed to bodies with nothing a trainee can get wrong is an exhortation, asked neither true nor with
its bodies swapped; a who-item's wrong options are bodies a trainee could believe do the task, not 信访、人社 for
移交; a false statement's new body must do something of the kind elsewhere; members of a patterned set are never
mixed; no two 多选 share their key. One item a sentence is in test_review3."""

from __future__ import annotations

from dataclasses import replace

from assistant.quiz import QuizOptions, QuizResult, build_quiz
from assistant.quiz.distractors import _families_in
from assistant.quiz.facts import body_family
from assistant.quiz.generate import implausible_swap
from assistant.quiz.rules import rules_of, states_specific


def test_an_exhortation_to_bodies_is_not_a_statement_to_judge(bank: QuizResult) -> None:
    """Review 8, items 22 and 23: "…等要常态化开展效能考评明察暗访…切实创优效能作风", "…着力管好关键人、
    管到关键处、管住关键事、管在关键时": copied true, judged by habit; with a body swapped, by its name."""
    assert not states_specific("县纪检监察机关、县委组织部、县直机关工委等要常态化开展效能考评明察暗访")
    assert not states_specific("纪检监察机构、组织人事部门要着力管好关键人、管到关键处、管住关键事、管在关键时")
    # what is specific stays so: a run of things, a body something goes to, a period
    assert states_specific("综合运用集中检查、重点抽查、专项检查、年度自查等多种方式开展选人用人检查")
    assert states_specific("及时移交纪检监察机关和司法机关")
    assert states_specific("每半年报告1次本单位干部日常管理监督情况")
    judged = [it.stem for it in bank.items if it.type == "judge"]
    assert judged
    assert not [s for s in judged if "创优效能作风" in s or "管好关键人" in s or "建立县管领导班子" in s]


def test_who_options_are_bodies_a_trainee_could_believe(bank: QuizResult) -> None:
    """Review 8, item 16: 移交（　） offered 审计机关、信访部门、人社部门 beside 纪检监察机关、司法机关: ruled out by
    name. "予以组织处理" is no mention of the 组织 family, so 组织部门 may be offered."""
    assert "组织" not in _families_in("对…的干部及时移交纪检监察机关和司法机关，并视情予以组织处理。")
    assert "组织" in _families_in("由纪检监察、组织、保密、公安等部门联动审查")
    moves = [it for it in bank.items if "及时移交（" in it.stem and it.type in ("single", "multiple")]
    assert moves
    for it in moves:
        wrong = [o for o in it.options if o not in it.answer_texts]
        families = {body_family(o) for o in wrong}
        assert not families & {"信访", "人社"}, it.options
        assert families & {"组织", "巡察", "工委"}, it.options


def test_a_swapped_in_body_must_do_that_kind_of_thing_elsewhere(bank: QuizResult, corpus_index) -> None:  # type: ignore[no-untyped-def]
    """Review 8, item 24: 县委巡察办 put in for 县纪委监委 in "…要针对新入职、新提拔、新入党的年轻干部…开展廉政
    教育": nothing precedes the change, so the words after it must be what the new body is seen doing."""
    it = next(i for i in bank.items if "开展廉政教育" in i.citation.quote)
    rule = next(r for r in rules_of(corpus_index, [corpus_index.by_id[it.citation.clause_id]], False)
                if "开展廉政教育" in r.text)
    made = replace(it, type="judge", answer=("错误",), stem=rule.text.replace("县纪委监委", "县委巡察办"),
                   explanation="错误。原文为“县纪委监委”,题干改成了“县委巡察办”。")
    assert implausible_swap(made, rule, corpus_index)


def test_no_two_multiple_choice_items_share_their_key(corpus_index, paper40: QuizResult,  # type: ignore[no-untyped-def]
                                                      practice40: QuizResult) -> None:
    """Review 8: items 13 and 14 both keyed BCE."""
    others = [build_quiz(corpus_index, QuizOptions(count=40, seed=s)).items for s in (1, 2, 3)]
    for items in (paper40.items, practice40.items, *others):
        keys = [it.key for it in items if it.type == "multiple"]
        assert len(keys) >= 2 and len(keys) == len(set(keys)), keys
