"""knowledge.clean on the real corpus: each step, and the text kept verbatim otherwise."""

from __future__ import annotations

import re

import pytest

from knowledge.clean import (
    clean_document,
    find_garbled,
    normalize_whitespace,
    repair_garbled,
    strip_boilerplate,
    strip_pinyin,
    to_simplified,
)
from tests.knowledge.conftest import DOC_IDS

D000, D001, D002, D003, D004 = DOC_IDS

TRADITIONAL = "監關黨領導會對與個於這為從發歲"
PINYIN_NOTE = re.compile(r"[\u3400-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
BOILERPLATE = [
    (D004, "首页 > 文章中心 > 正文"),
    (D004, "前言:本站为你精心整理"),
    (D000, "格式:DOC 上传日期"),
    (D000, "小编:zdfb"),
    (D000, "以下是小编为大家收集的优秀范文"),
    (D000, "【本文地址:http://www.pourbars.com/zuowen/816948.html】"),
    (D000, "全文阅读已结束"),
    (D000, "下载此文档"),
    (D000, "Baidu"),
    (D003, "原文链接:http://www.gcdr.gov.cn"),
    (D003, "[免责声明] 本文来源于网络转载"),
    (D003, "- 盘锦市盘山县人民法院以不...23-12-15"),
    (D003, "- 进一步打响北疆文化品牌 ...24-11-24"),
]
# Markers that must not survive anywhere in the index.
BOILERPLATE_MARKERS = ["首页 >", "上传日期", "小编", "本站为你", "本文地址", "全文阅读已结束", "下载此文档", "原文链接",
                       "免责声明", "本文来源于网络", "24-11-24", "Baidu"]
REPAIRS = ["。“一把手”是党政领导", "“一把手”在集体领导之中", "确保“一把手”权力不滥用", "报告个人有关事项"]


# --- web boilerplate ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("doc_id", "snippet"), BOILERPLATE)
def test_boilerplate_is_removed_from_the_corpus(doc_id: str, snippet: str, raw_corpus: dict[str, str],
                                                cleaned_corpus: dict[str, str]) -> None:
    assert snippet in raw_corpus[doc_id]
    assert snippet not in cleaned_corpus[doc_id]


def test_strip_boilerplate_reports_what_it_dropped(raw_corpus: dict[str, str]) -> None:
    _, dropped = strip_boilerplate(raw_corpus[D004])
    assert dropped[0] == "首页 > 文章中心 > 正文"
    assert any(line.startswith("前言:本站") for line in dropped)


def test_related_links_list_at_the_end_of_003_is_removed(raw_corpus: dict[str, str],
                                                         cleaned_corpus: dict[str, str]) -> None:
    related = [ln for ln in raw_corpus[D003].split("\n") if ln.startswith("- ")]
    assert len(related) == 18
    assert cleaned_corpus[D003].endswith("去年以来,有1名“一把手”被取消年度考核评优资格。")


@pytest.mark.parametrize(("doc_id", "title", "raw_count"), [
    (D000, "一把手监督工作基本情况(3篇)", 2),
    (D004, "杜绝干部任免漏洞工作通知", 3),
])
def test_repeated_title_kept_once_at_the_top(doc_id: str, title: str, raw_count: int, raw_corpus: dict[str, str],
                                             cleaned_corpus: dict[str, str]) -> None:
    assert raw_corpus[doc_id].count(title) == raw_count
    assert cleaned_corpus[doc_id].count(title) == 1
    assert cleaned_corpus[doc_id].startswith(title + "\n")


def test_boilerplate_lines_only_whole_lines() -> None:
    text = "首页 > 法规 > 正文\n第一条 门户网站首页应当公开干部任前公示,责任编辑须核对原文。\n责任编辑:张三"
    kept, dropped = strip_boilerplate(text)
    assert dropped == ["首页 > 法规 > 正文", "责任编辑:张三"]
    assert kept.strip() == text.split("\n")[1]


def test_list_items_without_dates_are_kept() -> None:
    text = "- 干部外出须报备,返回后及时销假\n- 盘锦市盘山县人民法院以不...23-12-15"
    kept, dropped = strip_boilerplate(text)
    assert kept.strip() == "- 干部外出须报备,返回后及时销假"
    assert dropped == ["- 盘锦市盘山县人民法院以不...23-12-15"]


# --- pinyin annotations ------------------------------------------------------------------------------


def test_pinyin_notes_removed_from_002(raw_corpus: dict[str, str], cleaned_corpus: dict[str, str]) -> None:
    assert "監(jiān)督" in raw_corpus[D002]
    assert len(PINYIN_NOTE.findall(raw_corpus[D002])) > 50
    assert PINYIN_NOTE.findall(cleaned_corpus[D002]) == []
    assert "监督" in cleaned_corpus[D002]


def test_strip_pinyin_keeps_other_brackets() -> None:
    assert strip_pinyin("監(jiān)督") == "監督"
    assert strip_pinyin("發(fā)現(xiàn)問題") == "發現問題"
    kept = "《考察办法(试行)》(一)因私出国(境)(ABC)(2021)"
    assert strip_pinyin(kept) == kept


# --- garbled GBK byte-shift runs ----------------------------------------------------------------------


def test_garbled_runs_in_002_are_found_before_cleaning(raw_corpus: dict[str, str]) -> None:
    assert len(find_garbled(raw_corpus[D002])) >= 3


@pytest.mark.parametrize("repaired", REPAIRS)
def test_garbled_runs_in_002_are_repaired(repaired: str, raw_corpus: dict[str, str],
                                          cleaned_corpus: dict[str, str]) -> None:
    assert repaired not in to_simplified(raw_corpus[D002])
    assert repaired in cleaned_corpus[D002]


def test_002_first_repair_reads_as_a_sentence(cleaned_corpus: dict[str, str]) -> None:
    assert "把“关键少数”管住用好。“一把手”是党政领导集体的“班长”" in cleaned_corpus[D002]


def test_no_garbled_run_left_in_002(cleaned_corpus: dict[str, str]) -> None:
    assert find_garbled(cleaned_corpus[D002]) == []
    assert clean_document(cleaned_corpus[D002]).warnings == ()


def test_repair_garbled_unit() -> None:
    fixed, notes = repair_garbled("把“關鍵少數”管住用好?!耙话咽帧笔屈h政領導集體的“班長”")
    assert fixed == "把“關鍵少數”管住用好。“一把手”是黨政領導集體的“班長”"
    assert notes == ["修复乱码: ?!耙话咽帧笔屈h -> 。“一把手”是黨"]


def test_repair_garbled_leaves_clean_text_alone(cleaned_corpus: dict[str, str]) -> None:
    for text in cleaned_corpus.values():
        assert repair_garbled(text) == (text, [])


def test_unrepairable_garble_becomes_a_warning() -> None:
    cleaned = clean_document("第一条 干部外出须报备。\n第二条 返回后\ufffd\ufffd销假。")
    assert cleaned.warnings and cleaned.warnings[0].startswith("仍疑似乱码")


# --- traditional -> simplified ------------------------------------------------------------------------


def test_002_is_traditional_before_cleaning(raw_corpus: dict[str, str]) -> None:
    assert sum(ch in raw_corpus[D002] for ch in TRADITIONAL) >= 10


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_no_traditional_characters_left(doc_id: str, cleaned_corpus: dict[str, str]) -> None:
    text = cleaned_corpus[doc_id]
    assert [ch for ch in TRADITIONAL if ch in text] == []
    assert to_simplified(text) == text


# --- whitespace and verbatim text ---------------------------------------------------------------------


def test_normalize_whitespace() -> None:
    raw = "\ufeff  第一条\u3000干部\u200b监督。 \r\n\r\n\r\n\r\n第二条\t报告。\r第三条  "
    assert normalize_whitespace(raw) == "第一条 干部监督。\n\n第二条\t报告。\n第三条"


def test_clean_001_is_verbatim(raw_corpus: dict[str, str], cleaned_corpus: dict[str, str]) -> None:
    """001 is clean simplified text: cleaning may only trim whitespace."""
    sentence = ("严格遵守党委(党组、党工委)议事规则和决策程序,不搞“一言堂”,不得以传阅、会签或个别征求意见等形式"
                "代替集体议事和会议表决。严格执行“三重一大”、“一把手末位表态”和主要负责人“五个不直接分管”制度。")
    assert sentence in raw_corpus[D001]
    assert sentence in cleaned_corpus[D001]
    assert cleaned_corpus[D001] == normalize_whitespace(raw_corpus[D001])


def test_clean_003_keeps_every_other_line_verbatim(raw_corpus: dict[str, str]) -> None:
    cleaned = clean_document(raw_corpus[D003])
    kept = [ln for ln in normalize_whitespace(raw_corpus[D003]).split("\n") if ln not in cleaned.dropped]
    assert len(cleaned.dropped) == 20
    assert cleaned.text == "\n".join(kept)


def test_clean_is_idempotent(cleaned_corpus: dict[str, str]) -> None:
    for text in cleaned_corpus.values():
        assert clean_document(text).text == text


# --- the whole index ----------------------------------------------------------------------------------


def test_index_clauses_are_clean(corpus_index) -> None:  # type: ignore[no-untyped-def]
    assert {c.doc_id for c in corpus_index.clauses} == set(DOC_IDS)
    for clause in corpus_index.clauses:
        text = clause.text
        assert [m for m in BOILERPLATE_MARKERS if m in text] == [], clause.id
        assert PINYIN_NOTE.findall(text) == [], clause.id
        assert find_garbled(text) == [], clause.id
        assert [ch for ch in TRADITIONAL if ch in text] == [], clause.id
        assert to_simplified(text) == text, clause.id


def test_index_reports_no_cleaning_warnings(corpus_index) -> None:  # type: ignore[no-untyped-def]
    assert {d: info.warnings for d, info in corpus_index.docs.items()} == {d: () for d in DOC_IDS}
