"""Quiz fixtures from the real corpus, generated once per session: the default 40-item paper (binding documents
only), the same with practice material, and the bank."""

from __future__ import annotations

import pytest

from assistant.quiz import QuizItem, QuizOptions, QuizResult, build_quiz


@pytest.fixture(scope="session")
def paper40(corpus_index) -> QuizResult:  # type: ignore[no-untyped-def]
    return build_quiz(corpus_index, QuizOptions(count=40, seed=0))


@pytest.fixture(scope="session")
def quiz40(paper40: QuizResult) -> list[QuizItem]:
    return list(paper40.items)


@pytest.fixture(scope="session")
def practice40(corpus_index) -> QuizResult:  # type: ignore[no-untyped-def]
    return build_quiz(corpus_index, QuizOptions(count=40, seed=0, include_practice=True))


@pytest.fixture(scope="session")
def mixed(practice40: QuizResult, bank: QuizResult) -> tuple[QuizItem, ...]:
    """The mixed paper with practice in it: a paper takes practice only when a named place's practice is left
    over, so the printing of practice items is tested on the paper plus the bank's practice items."""
    return practice40.items + tuple(it for it in bank.items if not it.binding)


@pytest.fixture(scope="session")
def bank(corpus_index) -> QuizResult:  # type: ignore[no-untyped-def]
    return build_quiz(corpus_index, QuizOptions(count=20, seed=0, bank=True, include_practice=True))
