"""Small hand-made clauses, answers and results for the harness tests that need no index."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

import pytest

from eval.dataset import GoldQuestion
from eval.match import GoldMatcher
from eval.run import QuestionResult, score_question
from knowledge.types import Answer, Citation, Clause, Hit

CLAUSES = [
    Clause("d1:c1", "d1", "离任规定", ("离任",), "干部工作交接一般应在7个工作日内办结。", 0, 19, 0),
    Clause("d1:c2", "d1", "离任规定", ("离任",), "应以书面形式办理工作交接。", 19, 32, 1),
    Clause("d2:c3", "d2", "请假规定", ("请假",), "乡镇党政正职原则上不得同时请假外出。", 0, 18, 0),
    Clause("d2:c4", "d2", "请假规定", ("请假",), "必须严格实行“五公开”:", 18, 29, 1),
    Clause("d2:c5", "d2", "请假规定", ("请假",), "一是决策要公开。", 29, 37, 2),
]
BY_ID = {c.id: c for c in CLAUSES}


def cite(n: int, clause_id: str, quote: str | None = None) -> Citation:
    c = BY_ID[clause_id]
    return Citation(n, c.doc_id, c.doc_title, "某单位", "县", c.id, c.path, quote or c.text, 0.5)


def answer(text: str, cited: Sequence[str] = (), retrieved: Sequence[str] = (), refused: bool = False,
           quotes: dict[str, str] | None = None) -> Answer:
    quotes = quotes or {}
    return Answer(
        question="?", answer=text, refused=refused,
        citations=tuple(cite(i, cid, quotes.get(cid)) for i, cid in enumerate(cited, 1)),
        retrieved=tuple(Hit(BY_ID[cid], 1.0 / (i + 1)) for i, cid in enumerate(retrieved)),
        timings_ms={"retrieve": 10.0 * (len(retrieved) + 1), "answer": 1.0, "total": 10.0 * (len(retrieved) + 1) + 1},
    )


Q_TIME = GoldQuestion("t1", "交接多久办结?", True, must_include=(("七个工作日", "7个工作日"), ("书面",)),
                      source_quote="工作交接一般应在7个工作日内办结", source_doc="d1",
                      reference="应在7个工作日内办结。", tags=("时限",))
Q_LEAVE = GoldQuestion("t2", "书记镇长能同时请假吗?", True, must_include=(("原则上不得",),),
                       source_quote="乡镇党政正职原则上不得同时请假外出", tags=("是非",))
Q_NONE = GoldQuestion("t3", "退休金怎么算?", False, tags=("unanswerable",))


@pytest.fixture(scope="session")
def matcher() -> GoldMatcher:
    return GoldMatcher(CLAUSES)


@pytest.fixture(scope="session")
def fake_index() -> SimpleNamespace:
    return SimpleNamespace(by_id=BY_ID)


@pytest.fixture
def three_results(matcher: GoldMatcher, fake_index: SimpleNamespace) -> list[QuestionResult]:
    """t1: right clause cited second, one key fact missing; t2: falsely refused; t3: correctly refused."""
    return [
        score_question(Q_TIME, answer("交接应在7个工作日内办结[1]。另见[2]", ["d1:c1", "d2:c3"],
                                      ["d2:c3", "d1:c1", "d1:c2"]), matcher, fake_index),  # type: ignore[arg-type]
        score_question(Q_LEAVE, answer("知识库中未找到相关规定。", [], ["d1:c1"], refused=True), matcher,
                       fake_index),  # type: ignore[arg-type]
        score_question(Q_NONE, answer("知识库中未找到相关规定。", [], ["d1:c2"], refused=True), matcher,
                       fake_index),  # type: ignore[arg-type]
    ]


@pytest.fixture(scope="session")
def gold_assistant(corpus_settings):  # type: ignore[no-untyped-def]
    from assistant.service import Assistant

    return Assistant(corpus_settings)


@pytest.fixture(scope="session")
def gold_results(gold_assistant) -> list[QuestionResult]:  # type: ignore[no-untyped-def]
    """The shipped gold set run once per session through the harness, on the real corpus."""
    from eval.dataset import load_dataset
    from eval.run import run_eval
    from knowledge.config import PROJECT_ROOT

    return run_eval(gold_assistant, load_dataset(PROJECT_ROOT / "eval" / "data" / "gold.jsonl"))


@pytest.fixture(scope="session")
def shipped_results(gold_assistant, gold_results) -> dict[str, list[QuestionResult]]:  # type: ignore[no-untyped-def]
    """Every shipped question set (eval/data/*.jsonl) run once per session, by file stem."""
    from eval.dataset import load_dataset
    from eval.run import run_eval
    from knowledge.config import PROJECT_ROOT

    out = {"gold": gold_results}
    for path in sorted((PROJECT_ROOT / "eval" / "data").glob("*.jsonl")):
        if path.stem not in out:
            out[path.stem] = run_eval(gold_assistant, load_dataset(path))
    return out
