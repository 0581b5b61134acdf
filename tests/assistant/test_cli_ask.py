"""`jiandu ask` and `jiandu chat` in-process (click CliRunner) over the session corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from assistant.cli import cli
from assistant.service import Assistant
from knowledge.config import Settings
from tests.assistant.conftest import (
    JIAODAI,
    JIAODAI_FACT,
    JINGXIAN,
    LEAVE_FACT,
    LEAVE_FIRST,
    LEAVE_FOLLOWUP,
    ZIYANG,
)

CITATION_KEYS = {"n", "doc_id", "doc_title", "issuer", "level", "clause_id", "path", "quote", "score"}


def _run(settings: Settings, args: list[str], input: str | None = None) -> Result:
    runner = CliRunner()
    return runner.invoke(cli, args, obj={}, input=input, env={"JIANDU_DATA_DIR": str(settings.data_dir)})


def _json_lines(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_ask_json_prints_the_contract_object(corpus_settings: Settings, assistant: Assistant) -> None:
    result = _run(corpus_settings, ["ask", JIAODAI, "--json"])
    assert result.exit_code == 0, result.output
    [obj] = _json_lines(result)
    assert set(obj) >= {"question", "answer", "refused", "citations", "retrieved", "timings_ms"}
    assert obj["question"] == JIAODAI
    assert obj["refused"] is False
    assert "7个工作日" in obj["answer"]
    assert obj["citations"]
    for c in obj["citations"]:
        assert set(c) >= CITATION_KEYS
        assert f"[{c['n']}]" in obj["answer"]
        assert isinstance(c["path"], list) and isinstance(c["score"], float)
        assert c["quote"] in assistant.index().by_id[c["clause_id"]].text
    first = obj["citations"][0]
    assert (first["doc_id"], first["issuer"], first["level"]) == (JINGXIAN, "泾县县委组织部", "县")
    assert JIAODAI_FACT in assistant.index().by_id[first["clause_id"]].text
    assert obj["retrieved"] and all(set(r) == {"clause_id", "score"} for r in obj["retrieved"])
    assert set(obj["timings_ms"]) >= {"retrieve", "answer", "total"}
    assert all(isinstance(v, float) and v >= 0 for v in obj["timings_ms"].values())


def test_ask_without_json_shows_answer_and_sources(corpus_settings: Settings) -> None:
    result = _run(corpus_settings, ["ask", JIAODAI])
    assert result.exit_code == 0, result.output
    assert "7个工作日" in result.stdout
    assert "出处:" in result.stdout and "[县]泾县县委组织部" in result.stdout


def test_ask_file_prints_one_json_object_per_question(corpus_settings: Settings, tmp_path: Path) -> None:
    questions = [JIAODAI, "“五联”模式包括哪些内容?", "领导干部收受礼品的金额上限是多少?"]
    qfile = tmp_path / "questions.txt"
    qfile.write_text("\n".join([questions[0], "", questions[1], "   ", questions[2]]) + "\n", encoding="utf-8")
    result = _run(corpus_settings, ["ask", "--json", "--file", str(qfile)])
    assert result.exit_code == 0, result.output
    objs = _json_lines(result)
    assert [o["question"] for o in objs] == questions
    assert [o["refused"] for o in objs] == [False, False, True]
    assert "巡察整改联督" in objs[1]["answer"]


def test_ask_file_reports_a_bad_line_and_goes_on(corpus_settings: Settings, tmp_path: Path) -> None:
    qfile = tmp_path / "questions.txt"
    qfile.write_text("问" * 600 + "\n" + JIAODAI + "\n", encoding="utf-8")
    result = _run(corpus_settings, ["ask", "--json", "--file", str(qfile)])
    assert result.exit_code == 0, result.output
    bad, good = _json_lines(result)
    assert "问题过长" in bad["error"]
    assert good["question"] == JIAODAI and not good["refused"]


@pytest.mark.parametrize(("args", "message"), [
    (["ask", "", "--json"], "问题不能为空"),
    (["ask", "   "], "问题不能为空"),
    (["ask", "--json"], "请给出问题"),
    (["ask", "问" * 600, "--json"], "问题过长"),
])
def test_bad_question_exits_2_with_a_chinese_message(corpus_settings: Settings, args: list[str],
                                                     message: str) -> None:
    result = _run(corpus_settings, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""  # no half-written JSON


def test_doc_filter_restricts_citations(corpus_settings: Settings, assistant: Assistant) -> None:
    question = "因私出国要经过哪些部门审查?"
    [everywhere] = _json_lines(_run(corpus_settings, ["ask", question, "--json"]))
    by_id = assistant.index().by_id
    assert len({by_id[r["clause_id"]].doc_id for r in everywhere["retrieved"]}) > 1  # unfiltered: several docs
    for doc in (ZIYANG, JINGXIAN):  # both documents have rules on leaving the country
        result = _run(corpus_settings, ["ask", question, "--doc", doc, "--json"])
        assert result.exit_code == 0, result.output
        [obj] = _json_lines(result)
        assert obj["citations"], obj["answer"]
        assert {c["doc_id"] for c in obj["citations"]} == {doc}
        assert {by_id[r["clause_id"]].doc_id for r in obj["retrieved"]} == {doc}


@pytest.mark.parametrize("command", ["ask", "chat"])
def test_unknown_doc_filter_is_an_error_not_a_search_of_everything(corpus_settings: Settings, command: str) -> None:
    args = ["ask", JIAODAI, "--doc", JINGXIAN, "--doc", "no_such_doc", "--json"] if command == "ask" else [
        "chat", "--doc", "no_such_doc"]
    result = _run(corpus_settings, args, input=f"{JIAODAI}\n/quit\n")
    assert result.exit_code == 1
    assert "no_such_doc" in result.stderr and "jiandu docs" in result.stderr
    assert JINGXIAN not in result.stderr
    assert "Traceback" not in result.output
    assert "7个工作日" not in result.stdout


def test_chat_answers_a_question_and_its_followup(corpus_settings: Settings) -> None:
    result = _run(corpus_settings, ["chat"], input=f"{LEAVE_FIRST}\n{LEAVE_FOLLOWUP}\n/quit\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.count("出处:") == 2  # two answers, each with its sources
    first, second = out.split("出处:", 1)[0], out.split("出处:", 1)[1]
    assert "不可以" in first
    assert LEAVE_FACT in second and "县直单位" in second.split("出处:")[1]
    assert "知识库中未找到相关规定" not in out


def test_chat_reports_a_bad_question_and_goes_on(corpus_settings: Settings) -> None:
    result = _run(corpus_settings, ["chat"], input="问" * 600 + f"\n{JIAODAI}\n/quit\n")
    assert result.exit_code == 0, result.output
    assert "问题过长" in result.stderr
    assert "7个工作日" in result.stdout
