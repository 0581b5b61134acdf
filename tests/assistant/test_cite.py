"""Citation checking against real clauses: markers parsed, quotes verbatim, facts cited."""

from __future__ import annotations

import pytest

from assistant.cite import markers, verify
from assistant.service import Assistant
from knowledge.types import Citation, Clause
from tests.assistant.conftest import JIAODAI_FACT, LEAVE_FACT, clause_containing

QUOTE = "工作交接一般应在7个工作日内办结。"
LEAVE_QUOTE = "乡镇党政正职、县直单位党政分设的主要负责同志原则上不得同时请假外出。"


@pytest.fixture(scope="module")
def clauses(assistant: Assistant) -> dict[str, Clause]:
    return assistant.index().by_id


def _cite(n: int, clause: Clause, quote: str) -> Citation:
    return Citation(n, clause.doc_id, clause.doc_title, "泾县县委组织部", "县", clause.id, clause.path, quote, 0.9)


@pytest.fixture(scope="module")
def handover(assistant: Assistant) -> Clause:
    return clause_containing(assistant.index(), JIAODAI_FACT)


@pytest.fixture(scope="module")
def leave(assistant: Assistant) -> Clause:
    return clause_containing(assistant.index(), LEAVE_FACT)


def test_quotes_used_here_are_real_clause_text(handover: Clause, leave: Clause) -> None:
    assert QUOTE in handover.text and LEAVE_QUOTE in leave.text


def test_correct_answer_is_accepted(clauses: dict[str, Clause], handover: Clause, leave: Clause) -> None:
    c1, c2 = _cite(1, handover, QUOTE), _cite(2, leave, LEAVE_QUOTE)
    answer = f"根据泾县县委组织部《关于构建从严管理监督干部体系的实施意见》:\n{QUOTE}[1]\n{LEAVE_QUOTE}[2]"
    check = verify(answer, [c1, c2], clauses)
    assert check.ok, check.problems
    assert check.problems == ()
    assert check.kept == (c1, c2)


def test_paraphrase_with_markers_is_accepted(clauses: dict[str, Clause], handover: Clause) -> None:
    answer = "原则上要在7个工作日内办完工作交接[1]。"
    assert verify(answer, [_cite(1, handover, QUOTE)], clauses).ok


def test_marker_without_a_citation_is_flagged(clauses: dict[str, Clause], handover: Clause) -> None:
    answer = f"{QUOTE}[1]另外,交接要以书面形式办理[2]。"
    check = verify(answer, [_cite(1, handover, QUOTE)], clauses)
    assert not check.ok
    assert any("[2]" in p and "没有对应的条款" in p for p in check.problems), check.problems
    assert [c.n for c in check.kept] == [1]


def test_quote_not_verbatim_is_flagged_and_dropped(clauses: dict[str, Clause], handover: Clause) -> None:
    bad = _cite(1, handover, "工作交接一般应在10个工作日内办结。")
    check = verify(f"{bad.quote}[1]", [bad], clauses)
    assert not check.ok
    assert any("[1]" in p and "不是条款原文" in p for p in check.problems), check.problems
    assert check.kept == ()


def test_quote_from_another_clause_is_flagged(clauses: dict[str, Clause], handover: Clause) -> None:
    wrong = _cite(1, handover, LEAVE_QUOTE)  # verbatim, but in the leave clause, not the handover one
    check = verify(f"{LEAVE_QUOTE}[1]", [wrong], clauses)
    assert not check.ok
    assert check.kept == ()


def test_empty_quote_is_flagged(clauses: dict[str, Clause], handover: Clause) -> None:
    check = verify("交接要在7个工作日内办结[1]。", [_cite(1, handover, "")], clauses)
    assert not check.ok
    assert check.kept == ()


def test_citation_of_an_unknown_clause_is_flagged(clauses: dict[str, Clause], handover: Clause) -> None:
    ghost = Citation(1, handover.doc_id, handover.doc_title, "", "", "no-such-clause", (), QUOTE, 0.5)
    check = verify(f"{QUOTE}[1]", [ghost], clauses)
    assert not check.ok
    assert any("no-such-clause" in p for p in check.problems)


def test_uncited_factual_sentence_is_flagged(clauses: dict[str, Clause], handover: Clause) -> None:
    answer = f"{QUOTE}[1]干部调动后还须在三天内向县纪委书面报告个人财产情况。"
    check = verify(answer, [_cite(1, handover, QUOTE)], clauses)
    assert not check.ok
    assert any("没有引用出处" in p and "干部调动后还须在三天内" in p for p in check.problems), check.problems
    assert [c.n for c in check.kept] == [1]  # the good citation itself still checks out


def test_uncited_sentence_is_tolerated_when_markers_are_not_required(clauses: dict[str, Clause],
                                                                      handover: Clause) -> None:
    answer = f"{QUOTE}[1]干部调动后还须在三天内向县纪委书面报告个人财产情况。"
    assert verify(answer, [_cite(1, handover, QUOTE)], clauses, require_markers=False).ok


def test_verbatim_clause_text_before_its_marker_is_not_uncited(clauses: dict[str, Clause], handover: Clause) -> None:
    start = handover.text.index(QUOTE)
    end = handover.text.index("备案。", start) + 3
    quote = handover.text[start:end]  # two sentences; the marker follows only the last
    assert quote.count("。") == 2
    check = verify(f"{quote}[1]", [_cite(1, handover, quote)], clauses)
    assert check.ok, check.problems


def test_markers_are_parsed_in_order() -> None:
    assert markers("甲[1]乙[12]丙[2][3] [x] [123]") == [1, 12, 2, 3]
