"""Property-based tests of the cleaner and the splitter on arbitrary regulation-like text.

The strategy mixes Chinese characters, Chinese and ASCII punctuation, newlines, every heading
marker the splitter knows (一、 (一) 1、 ① 第一条 第二章 一是 篇一), ASCII, pinyin notes such as
(jiān), web boilerplate and look-alikes of GBK garble, so that every cleaning step and every
splitting rule gets exercised. Examples are derandomised: `make test` sees the same 200 each run.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from knowledge.clean import clean_document
from knowledge.split import split_clauses

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
TRADITIONAL = st.sampled_from(list("監督幹部黨紀關於規範實施辦法條例"))
MARKERS = st.sampled_from([
    "一、", "二、", "(一)", "(二)", "(三)", "（一）", "1、", "2.", "3．", "(1)", "①", "②", "第一条", "第二条 ", "第一章",
    "第二节", "篇一", "一是", "二是", "三是", "。", ",", ";", ":", "“", "”", "(", ")", "、", "!", "?", "？", "；", "：",
])
NOISE = st.sampled_from([
    "\n", "\n", "\n\n", "\n\n\n", " ", "\t", "\u3000", "\r\n", "\u200b", "(jiān)", "(dū)", "(jiān)(dū)", "(zhèn)€",
    "首页 > 政策", "责任编辑:王", "?耙话咽帧笔屈h", "\ufffd", "Baidu", "- 标题链接 24-11-24",
])
ASCII = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=6)
TOKEN = st.one_of(st.text(CJK, min_size=1, max_size=30), TRADITIONAL, MARKERS, MARKERS, NOISE, ASCII)
TEXT = st.lists(TOKEN, max_size=80).map("".join)

PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
_WS = re.compile(r"\s+")


def check_clauses(text: str) -> None:
    clauses = split_clauses(text, "doc", "标题")
    end = 0
    for n, c in enumerate(clauses):
        assert text[c.start : c.end] == c.text  # provenance: the span is the text
        assert c.start >= end and c.end > c.start  # in order, non-overlapping, non-empty
        assert c.ordinal == n and c.doc_id == "doc"
        end = c.end
    # nothing lost, nothing duplicated (whitespace between clauses aside)
    assert _WS.sub("", "".join(c.text for c in clauses)) == _WS.sub("", text)
    assert len({c.id for c in clauses}) == len(clauses)


@PROPERTY
@given(TEXT)
@example("監(jiān)(dū)督")  # two notes in a row: cleaning once used to leave the second one
def test_clean_never_crashes_and_is_idempotent(raw: str) -> None:
    once = clean_document(raw)
    assert isinstance(once.text, str)
    assert clean_document(once.text).text == once.text


@PROPERTY
@given(TEXT)
def test_split_of_cleaned_text_keeps_every_character_once(raw: str) -> None:
    check_clauses(clean_document(raw).text)


@PROPERTY
@given(TEXT)
def test_split_of_raw_text_keeps_every_character_once(raw: str) -> None:
    check_clauses(raw)
