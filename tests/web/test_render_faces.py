"""What the cadre reads: every [n] has its card, the document kind on each card, "理解为", the quiz
preview and file labels without internal ids, exports under the data dir, the stream adapter."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import time
from pathlib import Path

import pytest

from knowledge.config import Settings
from knowledge.types import Answer
from tests.web.test_render import answer, cite
from web import render
from web.downloads import EXPORTS, blocked_paths, clean_exports, is_served, new_export_dir
from web.streaming import answer_events


def markers(html: str) -> list[str]:
    return re.findall(r'class="jd-ref jd-ref-(\d+)"', html)


def cards(html: str) -> list[str]:
    return re.findall(r'class="jd-card jd-card-(\d+)"', html)


@pytest.mark.parametrize("refused", [False, True])
def test_every_marker_shown_has_its_card(refused: bool) -> None:
    # the answer names [1] and [3]; only [1] survived verification: [3] must not show
    html = render.render_answer(answer("甲[1]。乙[3]。", refused=refused, citations=(cite(1),)), None)
    assert markers(html) == ["1"] and cards(html) == ["1"]
    assert "[3]" not in html
    plain = render.plain_text(answer("甲[1]。乙[3]。", refused=refused, citations=(cite(1),)))
    assert "[1]" in plain and "[3]" not in plain


def test_the_start_page_example_shows_a_card_for_its_marker(corpus_settings: Settings) -> None:
    from assistant.service import Assistant

    assistant = Assistant(corpus_settings)
    result = assistant.ask("主要负责人“五个不直接分管”是什么?")
    html = render.render_answer(result, assistant.index())
    assert markers(html), html[:300]
    assert set(markers(html)) <= set(cards(html)), (markers(html), cards(html))


@pytest.mark.parametrize(("kind", "shown"), [
    ("实施意见", "实施意见"), ("新闻报道", "新闻报道(非规范性文件)"), ("未登记", "未登记(文件类型未说明)"),
])
def test_citation_card_says_what_kind_of_document(kind: str, shown: str) -> None:
    html = render.citation_card(cite(kind=kind), None)
    assert re.search(r'<span class="jd-kind[^"]*"[^>]*>' + re.escape(shown) + "</span>", html), html
    assert "<span class=\"jd-kind" not in render.citation_card(cite(kind=""), None)


def test_understood_as_shows_only_when_it_differs() -> None:
    base = answer("甲[1]", citations=(cite(),))
    same = dataclasses.replace(base, standalone_question=base.question)
    other = dataclasses.replace(same, standalone_question="县直单位主要负责人可以同时请假外出吗?")
    assert "理解为" not in render.render_answer(base, None)
    assert "理解为" not in render.render_answer(same, None)
    assert "理解为:县直单位主要负责人可以同时请假外出吗?" in render.render_answer(other, None)


def test_refusal_hint_names_no_side() -> None:
    html = render.render_answer(answer("知识库中未找到相关规定。", refused=True), None)
    assert "「检索范围」" in html and "右侧" not in html


def test_document_list_shows_no_internal_ids(corpus_index) -> None:  # type: ignore[no-untyped-def]
    html = render.docs_table(corpus_index.docs.values())
    assert "编号" not in html and not any(d in html for d in corpus_index.docs)


def test_quiz_preview_and_files_say_what_they_are(corpus_index, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    from assistant.quiz import FORMATS, QuizOptions, generate_quiz
    from web.quiz_view import quiz_preview, write_quiz_files

    items = generate_quiz(corpus_index, QuizOptions(count=8))
    files = write_quiz_files(items, FORMATS, tmp_path)
    assert sorted(f.fmt for f in files) == sorted(FORMATS)
    html = quiz_preview(items, files)
    assert "**" not in html and "<sub>" not in html
    assert not any(it.id in re.sub(r"<[^>]+>", " ", html).split() for it in items)
    assert not any(it.citation.clause_id in html for it in items)
    gift = next(f for f in files if f.fmt == "gift")
    assert "Moodle" in gift.label and "Moodle" in gift.path.name
    docx = next(f for f in files if f.fmt == "docx")
    has_key = any("参考答案" in p.text for p in Document(io.BytesIO(docx.path.read_bytes())).paragraphs)
    assert ("参考答案" in docx.label) == has_key  # the label promises only what the file holds


def test_exports_live_under_the_data_dir_and_go_after_an_hour(fresh_settings: Settings) -> None:
    old = new_export_dir(fresh_settings, "quiz")
    (old / "a.txt").write_text("x", encoding="utf-8")
    assert old.parent == fresh_settings.data_dir / EXPORTS
    past = time.time() - 2 * 3600
    os.utime(old, (past, past))
    fresh = new_export_dir(fresh_settings, "quiz")  # making a new one cleans the old
    assert not old.exists() and fresh.is_dir()
    assert clean_exports(fresh_settings, max_age_s=0) == 1 and not fresh.exists()


def test_only_gradios_temp_dir_is_served(fresh_settings: Settings, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tmp = fresh_settings.data_dir / "gradio-tmp"
    (tmp / "abc").mkdir(parents=True)
    (tmp / "abc" / "卷.docx").write_bytes(b"PK")
    (fresh_settings.data_dir / "feedback.jsonl").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp))
    assert is_served(fresh_settings, str(tmp / "abc" / "卷.docx"))
    for path in (fresh_settings.data_dir / "feedback.jsonl", tmp / "abc" / ".." / ".." / "feedback.jsonl",
                 Path("/etc/passwd"), "https://example.com/x", "", "relative/x", tmp / "abc" / "已清理.docx"):
        assert not is_served(fresh_settings, str(path)), path
    blocked = blocked_paths(fresh_settings)
    assert str(tmp.resolve()) not in blocked and str(fresh_settings.data_dir.resolve()) not in blocked
    assert str((fresh_settings.data_dir / "feedback.jsonl").resolve()) in blocked
    assert str((fresh_settings.data_dir / "index").resolve()) in blocked
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "elsewhere"))  # outside: the whole data dir blocked
    assert blocked_paths(fresh_settings) == [str(fresh_settings.data_dir.resolve())]


def test_stream_adapter_takes_each_event_shape() -> None:
    final = answer("甲[1]", citations=(cite(),))

    @dataclasses.dataclass
    class Delta:
        delta: str = ""
        answer: Answer | None = None

    @dataclasses.dataclass
    class Text:
        text: str = ""
        answer: Answer | None = None

    assert list(answer_events([("甲", None), ("甲[1]", final)])) == [("甲", None), ("甲[1]", final)]
    assert list(answer_events([Delta("甲"), Delta("[1]"), Delta(answer=final)])) == [
        ("甲", None), ("甲[1]", None), ("甲[1]", final)]
    assert list(answer_events([Text("甲"), Text(answer=final)]))[-1] == ("甲[1]", final)
    assert list(answer_events([Delta(answer=final)])) == [("甲[1]", final)]  # only the final event
