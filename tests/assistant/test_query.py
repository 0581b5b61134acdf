"""Question handling before retrieval: normalisation, synonyms, follow-ups, validation."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from assistant.query import SYNONYMS, build_query, expand, is_followup, load_synonyms, normalize, synonym_table, validate_question
from knowledge.errors import ConfigError, QuestionError
from tests.assistant.conftest import LEAVE_FIRST, LEAVE_FOLLOWUP


def test_normalize_turns_traditional_into_simplified() -> None:
    assert normalize("幹部離任時工作交接有什麼時限要求") == "干部离任时工作交接有什么时限要求"


def test_normalize_turns_full_width_into_half_width() -> None:
    assert normalize("ＡＢＣ１２３，（一）？") == "ABC123,(一)?"


def test_normalize_collapses_whitespace() -> None:
    # a space between Chinese words is where a chat message pauses: a comma (round 25)
    assert normalize("  因私\u3000出国\n\n要审批吗  ") == "因私,出国,要审批吗"
    assert normalize("GDP   增长\t多少") == "GDP 增长,多少"


def test_synonym_table_is_read_from_the_toml_file() -> None:
    raw = tomllib.loads(SYNONYMS.read_text(encoding="utf-8"))["expand"]
    table = synonym_table()
    assert table["出国"] == tuple(raw["出国"]["terms"]) == ("出国(境)", "因私出国(境)")
    assert all(str(entry["why"]).strip() for entry in raw.values())  # every entry says why it is general usage
    assert set(table) == set(raw)


def test_colloquial_word_is_expanded_to_the_regulation_term() -> None:
    assert "出国(境)" in expand("干部出国需要哪些审批?")


def test_expansion_skips_terms_already_in_the_question() -> None:
    terms = expand("干部出国(境)审查")
    assert "出国(境)" not in terms
    assert "因私出国(境)" in terms


def test_query_carries_expansions_into_the_lexical_text_only() -> None:
    q = build_query("干部出國要審批嗎？")  # traditional, full-width
    assert q.text == "干部出国要审批吗?"
    assert "出国(境)" in q.expansions
    assert "出国(境)" in q.lexical_text and "出国(境)" not in q.text


@pytest.mark.parametrize("question", ["那县直单位呢?", "那么县直单位呢", "还有县直单位", "县直单位的呢?"])
def test_followups_are_detected(question: str) -> None:
    assert is_followup(question)


@pytest.mark.parametrize("question", [LEAVE_FIRST, "干部离任时工作交接有什么时限要求?"])
def test_standalone_questions_are_not_followups(question: str) -> None:
    assert not is_followup(question)


def test_followup_inherits_the_previous_question() -> None:
    history = [{"role": "user", "content": LEAVE_FIRST}, {"role": "assistant", "content": "原则上不可以。"}]
    q = build_query(LEAVE_FOLLOWUP, history)
    assert q.followup
    assert q.question == LEAVE_FOLLOWUP
    assert "乡镇党政正职" in q.text and "县直单位" in q.text
    assert q.text.endswith("县直单位") and "呢" not in q.text  # the follow-up filler is dropped


def test_followup_uses_the_last_user_turn_normalised() -> None:
    history = [
        {"role": "user", "content": "干部离任时工作交接有什么时限要求?"},
        {"role": "assistant", "content": "7个工作日。"},
        {"role": "user", "content": "鄉鎮黨政正職可以同時請假外出嗎？"},
        {"role": "assistant", "content": "原则上不可以。"},
    ]
    q = build_query(LEAVE_FOLLOWUP, history)
    assert q.text.startswith("乡镇党政正职可以同时请假外出吗?")
    assert "工作交接" not in q.text


def test_standalone_question_ignores_history() -> None:
    history = [{"role": "user", "content": LEAVE_FIRST}, {"role": "assistant", "content": "..."}]
    q = build_query("干部离任时工作交接有什么时限要求?", history)
    assert not q.followup
    assert q.text == "干部离任时工作交接有什么时限要求?"


def test_followup_without_history_stays_as_asked() -> None:
    q = build_query(LEAVE_FOLLOWUP)
    assert not q.followup
    assert q.text == LEAVE_FOLLOWUP


def test_condensed_question_replaces_the_rule_based_one() -> None:
    history = [{"role": "user", "content": LEAVE_FIRST}]
    q = build_query(LEAVE_FOLLOWUP, history, resolved="县直单位主要負責同志可以同時請假外出嗎？")
    assert q.followup
    assert q.text == "县直单位主要负责同志可以同时请假外出吗?"
    assert "乡镇" not in q.text


@pytest.mark.parametrize("question", ["", "   ", "\n\t", None])
def test_empty_question_is_rejected(question: str | None) -> None:
    with pytest.raises(QuestionError, match="问题不能为空"):
        validate_question(question, 500)  # type: ignore[arg-type]


def test_too_long_question_is_rejected_with_its_length_and_the_limit() -> None:
    with pytest.raises(QuestionError, match=r"问题过长\(501 字\).*500 字以内"):
        validate_question("问" * 501, 500)


def test_question_at_the_limit_is_accepted_and_stripped() -> None:
    assert validate_question("  " + "问" * 500 + "  ", 500) == "问" * 500


@pytest.mark.parametrize(("text", "message"), [
    ('[expand]\n"调走" = ["调动"]\n"调走" = ["离任"]\n', "第 3 行第 \\d+ 列有误:同一个词写了两次"),
    ('[expand]\n调走 = [调动]\n', "第 2 行.*有误:格式不对"),
    ('[expand]\n"调走" = "调动"\n', "“调走” 的 terms 应是字符串列表"),
    ('[expand]\n"调走" = { terms = ["调动"] }\n', "“调走” 缺少 why"),
])
def test_a_mistake_in_the_synonym_file_is_named_in_chinese(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "synonyms.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_synonyms(path)


def test_the_shipped_synonym_file_loads() -> None:
    table = load_synonyms(SYNONYMS)
    assert table.expand == synonym_table() and "下个月" in table.fillers  # fillers: assistant/lexicon.toml


def test_a_long_history_costs_no_more_than_one_question() -> None:
    """A history turn of 20,000 characters (the web API's limit per turn), 40 turns of it: the follow-up's
    retrieval query is the topic question cut to the question limit plus the follow-up, not the history."""
    long_turn = "干部调动时工作交接要在几天内办完?" + "很长的补充说明" * 2800
    history = [{"role": r, "content": long_turn} for r in ("user", "assistant") * 20]
    q = build_query("那工资和组织关系呢?", history, max_chars=500)
    assert q.followup
    assert len(q.text) <= 120 + len("工资和组织关系") + 1  # query.CARRIED_MAX of the topic, then the follow-up
    assert q.focus == "工资和组织关系"
