"""Quiz fixtures: fifty items from the real corpus, generated once per session."""

from __future__ import annotations

import pytest

from assistant.quiz import QuizItem, QuizOptions, generate_quiz


@pytest.fixture(scope="session")
def quiz50(corpus_index) -> list[QuizItem]:  # type: ignore[no-untyped-def]
    return generate_quiz(corpus_index, QuizOptions(count=50, seed=0))
