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
def bank(corpus_index) -> QuizResult:  # type: ignore[no-untyped-def]
    return build_quiz(corpus_index, QuizOptions(count=20, seed=0, bank=True, include_practice=True))
