"""knowledge.split: clauses follow the structure of Chinese regulations and reports, and lose nothing."""

from __future__ import annotations

import re

import pytest

from knowledge.sentences import sentence_spans
from knowledge.split import MAX_CHARS, MIN_CHARS, _level, clause_id, split_clauses
from knowledge.types import Clause
from tests.knowledge.conftest import DOC_IDS

D000, D001, D002, D003, D004 = DOC_IDS


def split(text: str) -> list[Clause]:
    return split_clauses(text, "doc", "标题")


def paths(text: str) -> list[tuple[str, ...]]:
    return [c.path for c in split(text)]


def assert_spans_cover(text: str, clauses: list[Clause]) -> None:
    """text[start:end] == clause text, in order, no overlap, all non-whitespace text covered."""
    for n, c in enumerate(clauses):
        assert text[c.start : c.end] == c.text
        assert c.ordinal == n
        assert c.text == c.text.strip() and c.text
    for a, b in zip(clauses, clauses[1:], strict=False):
        assert a.end <= b.start
        assert text[a.end : b.start].strip() == ""
    assert text[: clauses[0].start].strip() == "" and text[clauses[-1].end :].strip() == ""
    assert re.sub(r"\s", "", "".join(c.text for c in clauses)) == re.sub(r"\s", "", text)


# --- each structure, on a small text ------------------------------------------------------------------

ARTICLES = """干部监督工作规定

第一章 总则
第一条 为了加强和改进干部监督工作,规范干部监督行为,根据《中国共产党章程》和有关党内法规,制定本规定。
第二条 本规定适用于各级党委(党组)及其组织人事部门开展的干部监督工作,其他单位参照执行。
第二章 监督内容
第三条 领导干部应当如实报告个人有关事项,不得瞒报、漏报,接受组织监督检查,对不如实报告的依规处理。
第四条 干部因私出国(境)须经组织人事部门审批。
第五条 干部返回后七个工作日内交回证件。
"""


def test_chapters_and_articles() -> None:
    clauses = split(ARTICLES)
    assert [c.path for c in clauses] == [
        ("第一章 总则", "第一条"), ("第一章 总则", "第二条"), ("第二章 监督内容", "第三条"),
        ("第二章 监督内容", "第四条"), ("第二章 监督内容", "第五条")]
    assert clauses[0].text.startswith("干部监督工作规定\n\n第一章 总则\n第一条 为了加强")
    assert clauses[1].text.startswith("第二条 本规定适用于")
    assert clauses[2].text.startswith("第二章 监督内容\n第三条 领导干部")
    # 第四条 and 第五条 are shorter than MIN_CHARS, yet each is an article of its own: merged, one of
    # them would be cited under the other's number.
    assert clauses[3].text == "第四条 干部因私出国(境)须经组织人事部门审批。"
    assert clauses[4].text == "第五条 干部返回后七个工作日内交回证件。"
    assert_spans_cover(ARTICLES, clauses)


def test_short_articles_are_articles_not_headings() -> None:
    text = """第一章 总则
第一条 为了加强干部监督工作,根据有关规定,制定本规定。
第二条 本规定适用于县管干部和科级干部,其他干部参照执行。
第二章 附则
第三条 本规定由县委组织部负责解释,自印发之日起施行,原有规定同时废止。
"""
    clauses = split(text)
    assert [c.path[0] for c in clauses] == ["第一章 总则", "第二章 附则"]
    assert clauses[0].text.endswith("第二条 本规定适用于县管干部和科级干部,其他干部参照执行。")
    assert clauses[1].text.startswith("第二章 附则\n第三条")


def test_article_items_stay_with_their_article() -> None:
    text = """第一章 总则
第二条 本规定适用于各级党委(党组)及其组织人事部门开展的干部监督工作。
第二章 监督内容
第三条 干部监督工作的主要内容是:
(一)遵守党章党规党纪、贯彻执行党的路线方针政策和决议决定的情况;
(二)履行职责、依法用权、廉洁自律以及落实全面从严治党责任的情况。
第四条 领导干部应当如实报告个人有关事项。不得瞒报、漏报,接受组织监督检查,对不如实报告的依规处理。
"""
    clauses = split(text)
    assert [c.path for c in clauses] == [
        ("第一章 总则", "第二条"), ("第二章 监督内容", "第三条"), ("第二章 监督内容", "第四条 领导干部应当如实报告个人有关事项")]
    # "(二)…。" is the last item of 第三条, not a heading of 第四条: it stays in 第三条's clause.
    assert clauses[1].text.endswith("落实全面从严治党责任的情况。")
    assert clauses[2].text.startswith("第四条")


def test_a_short_last_article_of_a_chapter_keeps_its_chapter() -> None:
    text = """第一章 总则
第一条 为了加强和改进干部监督工作,规范干部监督行为,根据有关党内法规,制定本规定。
第二条 本规定适用于县管干部。
第二章 监督内容
第三条 领导干部应当如实报告个人有关事项,不得瞒报、漏报,接受组织监督检查,对不如实报告的依规处理。
"""
    clauses = split(text)
    assert [c.path for c in clauses] == [("第一章 总则", "第一条"), ("第二章 监督内容", "第三条")]
    assert clauses[0].text.endswith("第二条 本规定适用于县管干部。")


def test_a_bare_article_number_heads_the_next_line() -> None:
    text = """第一章 总则
第一条
为了加强和改进干部监督工作,规范干部监督行为,根据有关党内法规,结合本县实际,制定本规定。
"""
    clauses = split(text)
    assert [c.path for c in clauses] == [("第一章 总则", "第一条")]
    assert clauses[0].text == text.strip()


def test_sections_nest_under_chapters() -> None:
    text = """第一章 监督内容
第一节 政治监督
第一条 加强对领导班子和领导干部贯彻落实党中央重大决策部署情况的监督检查,确保政令畅通。
第二节 日常监督
第二条 组织人事部门应当通过谈心谈话、函询、述职述廉等方式,及时了解干部的思想工作生活情况。
"""
    assert paths(text) == [("第一章 监督内容", "第一节 政治监督", "第一条"), ("第一章 监督内容", "第二节 日常监督", "第二条")]


CHINESE_NUMBERS = """一、加强日常管理
各级组织人事部门要加强对干部的日常管理,及时掌握干部的思想、工作和生活情况。
二、严格选拔任用
严格执行干部选拔任用工作条例,坚持民主推荐、组织考察、集体讨论决定等程序要求。
"""


def test_chinese_numbered_headings() -> None:
    clauses = split(CHINESE_NUMBERS)
    assert [c.path for c in clauses] == [("一、加强日常管理",), ("二、严格选拔任用",)]
    assert clauses[1].text.startswith("二、严格选拔任用\n严格执行")
    assert_spans_cover(CHINESE_NUMBERS, clauses)


def test_bracketed_numbers_nest_under_chinese_numbers() -> None:
    text = """一、总体要求
(一)坚持问题导向。聚焦干部监督工作中的薄弱环节,找准问题症结,提出针对性措施。
(二)坚持系统观念。统筹各类监督力量,形成上下贯通、协同高效的干部监督工作格局。
二、主要措施
(一)完善制度。健全干部监督工作联席会议制度,定期通报干部监督信息,形成监督合力。
"""
    assert paths(text) == [
        ("一、总体要求", "(一)坚持问题导向"),
        ("一、总体要求", "(二)坚持系统观念"),
        ("二、主要措施", "(一)完善制度"),
    ]


def test_arabic_numbers_with_dun_and_dot() -> None:
    text = """(一)健全制度
1、完善请销假制度。干部外出必须履行请销假手续,严格执行报告制度,不得擅自离岗。
2.完善离任交接制度。干部在调动、离职时必须按规定办理交接手续,确保工作有序衔接。
"""
    assert paths(text) == [("(一)健全制度", "1、完善请销假制度"), ("(一)健全制度", "2.完善离任交接制度")]


def test_decimal_numbers_are_not_headings() -> None:
    text = "3.5个工作日是平均办理时限。干部外出报备材料应当在出发前提交,返回后及时销假并报告情况。"
    assert paths(text) == [()]


def test_circled_numbers() -> None:
    text = """1、责任制度
①建立和完善干部推荐责任制。任何组织和个人推荐干部都要承担责任,切实做到有据可查。
②建立和完善干部考察责任制。对不认真负责造成考察结果严重失真的,要追究考察者责任。
"""
    assert paths(text) == [("1、责任制度", "①建立和完善干部推荐责任制"), ("1、责任制度", "②建立和完善干部考察责任制")]


ENUMERATION = ("严格日常监督。要求如下:一是严格执行请销假等制度。严格执行请销假制度和外出报备制度,干部外出必须履行手续。"
               "二是严格执行干部离任规定。认真执行离任交接制度,干部在调动、离职时办理交接手续。"
               "三是加强机关效能建设。县纪检监察机关、县委组织部定期开展明察暗访,对发现的作风问题及时通报曝光。")


def test_enumeration_inside_a_paragraph() -> None:
    clauses = split(ENUMERATION)
    assert [c.path for c in clauses] == [
        ("严格日常监督", "一是严格执行请销假等制度"),
        ("严格日常监督", "二是严格执行干部离任规定"),
        ("严格日常监督", "三是加强机关效能建设"),
    ]
    assert clauses[1].text.startswith("二是") and clauses[2].text.startswith("三是")
    assert_spans_cover(ENUMERATION, clauses)


def test_a_lone_er_shi_is_not_an_enumeration() -> None:
    text = "干部外出应当报备,这是纪律要求。二是指第二种情形,由县委组织部另行规定,各单位不得自行变通执行。"
    assert paths(text) == [()]


def test_run_in_heading_before_an_enumeration() -> None:
    text = """专稿:为切实加强干部管理监督,着力整治作风问题,县委组织部出台实施意见推动政治监督具体化常态化。
加强政治监督,提升政治能力。一是强化政治素质考察。突出政治标准首要位置,将干部政治表现考察贯穿全过程。二是严肃党内政治生活。坚持和落实三会一课、民主生活会、组织生活会等制度,增强党内政治生活的政治性、时代性。
"""
    assert paths(text) == [
        (),
        ("加强政治监督,提升政治能力", "一是强化政治素质考察"),
        ("加强政治监督,提升政治能力", "二是严肃党内政治生活"),
    ]


def test_inline_run_in_headings() -> None:
    text = ("务实把握上与下的关系。要加强自上而下和自下而上的双向监督,把握好监督的方向性、基础性、长期性。"
            "级级带动。各级党组织要切实履行党内监督的主体责任,上级抓好下级,做到一级监督一级。"
            "层层攻关。盯住监督难点,敢于较真碰硬,破除死角盲区,理顺由谁监督、监督什么的问题。")
    clauses = split(text)
    assert [c.path for c in clauses] == [
        ("务实把握上与下的关系",),
        ("务实把握上与下的关系", "级级带动"),
        ("务实把握上与下的关系", "层层攻关"),
    ]
    assert clauses[1].text.startswith("级级带动。各级党组织")


def test_plain_paragraphs() -> None:
    text = """为解决监督力量薄弱、监督机制不畅、监督质效不高等问题,近年来各地积极探索监督协作模式。
建立信访举报综合协调运转和联合查办机制,完善受理登记、拟办审批、组织查核、审核办结等程序。
"""
    clauses = split(text)
    assert [c.path for c in clauses] == [(), ()]
    assert [c.text for c in clauses] == text.strip().split("\n")


def test_a_short_first_sentence_of_a_plain_paragraph_is_not_a_heading() -> None:
    text = "今年5月,办法印发。明确未认真履行巡察整改第一责任人责任等13种应当问责的情形,市纪委监委开展联合督查。"
    assert paths(text) == [()]


def test_empty_text_has_no_clauses() -> None:
    assert split("") == [] and split(" \n\n ") == []


# --- size limits --------------------------------------------------------------------------------------


def test_long_clauses_are_split_at_sentence_ends() -> None:
    sentence = "干部因私出国(境)须提前向组织人事部门报告,经审批同意后方可办理证件,返回后及时交回。"  # 44 chars
    text = sentence * 20
    clauses = split(text)
    assert len(clauses) > 2
    assert all(len(c.text) <= MAX_CHARS for c in clauses)
    assert all(c.text.endswith("。") for c in clauses)
    assert {c.path for c in clauses} == {()}
    assert_spans_cover(text, clauses)


def test_a_single_sentence_longer_than_the_limit_stays_whole() -> None:
    text = "干部监督工作" + "、".join(f"第{n}项具体要求" for n in range(80)) + "。"
    assert len(text) > MAX_CHARS
    clauses = split(text)
    assert [c.text for c in clauses] == [text]


def test_tiny_fragments_are_merged() -> None:
    text = "第一项要求。\n第二项要求。\n第三项要求,干部外出须报备并按时返回,返回后及时向组织人事部门销假,报告出行情况。"
    clauses = split(text)
    assert len(clauses) == 1
    assert clauses[0].text == text


def test_a_tiny_last_fragment_joins_the_previous_clause() -> None:
    text = "干部外出须报备并按时返回,返回后及时向组织人事部门销假,报告出行情况,接受组织监督。\n以上要求。"
    clauses = split(text)
    assert [c.text for c in clauses] == [text]


# --- ids ----------------------------------------------------------------------------------------------


def test_ids_are_stable_across_splits() -> None:
    assert [c.id for c in split(ARTICLES)] == [c.id for c in split(ARTICLES)]


def test_clause_id_depends_on_doc_path_and_text() -> None:
    base = clause_id("doc", ("一、总则",), "正文")
    assert base.startswith("doc:") and len(base) == len("doc:") + 12
    assert base == clause_id("doc", ("一、总则",), "正文")
    assert len({base, clause_id("doc2", ("一、总则",), "正文"), clause_id("doc", ("二、附则",), "正文"),
                clause_id("doc", ("一、总则",), "正文。")}) == 4


def test_repeated_text_under_the_same_heading_gets_distinct_stable_ids() -> None:
    para = "干部外出须报备并按时返回,返回后及时向组织人事部门销假,报告出行情况,接受组织监督。"
    text = f"{para}\n{para}\n{para}"
    ids = [c.id for c in split(text)]
    assert len(ids) == 3 and len(set(ids)) == 3
    assert ids[1] == ids[0] + "-1" and ids[2] == ids[0] + "-2"
    assert ids == [c.id for c in split(text)]


def test_editing_one_paragraph_changes_only_its_clause_ids(cleaned_corpus: dict[str, str]) -> None:
    text = cleaned_corpus[D001]
    para_start = text.index("严格日常监督,强化制度约束。")
    para_end = text.index("\n", para_start)
    edited = text[:para_start] + text[para_start:para_end].replace("离任交接制度", "离任交接和审计制度") + text[para_end:]
    before, after = split_clauses(text, D001, "t"), split_clauses(edited, D001, "t")
    in_para = {c.id for c in before if para_start <= c.start < para_end}
    assert len(in_para) == 3
    gone = {c.id for c in before} - {c.id for c in after}
    new = [c for c in after if c.id not in {b.id for b in before}]
    assert len(gone) == 1 and gone <= in_para
    assert [c.path for c in new] == [("严格日常监督,强化制度约束", "二是严格执行干部离任规定")]
    assert [c.id for c in before if c.id not in gone] == [c.id for c in after if c not in new]


def test_editing_one_paragraph_of_004_keeps_all_other_ids(cleaned_corpus: dict[str, str]) -> None:
    text = cleaned_corpus[D004]
    old = "(二)干部任前考察环节的差额考察制和考察责任制。考察是任用干部的重要前提"
    assert text.count(old) == 1
    edited = text.replace(old, old + ",也是关键环节")
    before, after = split_clauses(text, D004, "t"), split_clauses(edited, D004, "t")
    assert len(before) == len(after)
    differ = [(b.path, a.path) for b, a in zip(before, after, strict=True) if b.id != a.id]
    assert differ == [(("二、建立和完善干部选拔任用权力制衡机制", "(二)干部任前考察环节的差额考察制和考察责任制"),) * 2]


# --- the real corpus ----------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_corpus_clauses_cover_the_cleaned_text(doc_id: str, cleaned_corpus: dict[str, str]) -> None:
    text = cleaned_corpus[doc_id]
    clauses = split_clauses(text, doc_id, "t")
    assert_spans_cover(text, clauses)


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_corpus_clause_sizes(doc_id: str, cleaned_corpus: dict[str, str]) -> None:
    """At most MAX_CHARS, unless a single sentence is longer or a tail shorter than MIN_CHARS was kept on."""
    text = cleaned_corpus[doc_id]
    for c in split_clauses(text, doc_id, "t"):
        assert len(c.text) >= MIN_CHARS or _level(c.path[-1]) in (3, 4), c.text  # a short article stands alone
        if len(c.text) > MAX_CHARS:
            spans = sentence_spans(text, c.start, c.end)
            longest = max(e - s for s, e in spans)
            last = spans[-1][1] - spans[-1][0]
            assert longest > MAX_CHARS or (last < MIN_CHARS and c.end - c.start - last <= MAX_CHARS), c.text


def test_index_holds_the_split_of_the_cleaned_corpus(corpus_index, cleaned_corpus: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for doc_id in DOC_IDS:
        text = cleaned_corpus[doc_id]
        indexed = corpus_index.doc_clauses(doc_id)
        assert [(c.id, c.path, c.start, c.end) for c in indexed] == [
            (c.id, c.path, c.start, c.end) for c in split_clauses(text, doc_id, "t")]
        assert_spans_cover(text, indexed)
        assert {c.doc_title for c in indexed} == {corpus_index.docs[doc_id].title}
    ids = [c.id for c in corpus_index.clauses]
    assert len(ids) == len(set(ids))


def test_001_paths(cleaned_corpus: dict[str, str]) -> None:
    clauses = split_clauses(cleaned_corpus[D001], D001, "t")
    found = {c.path for c in clauses}
    assert ("严格日常监督,强化制度约束", "一是严格执行请销假等制度") in found
    assert ("加强政治监督,提升政治能力", "三是严格组织人事纪律") in found
    assert {c.path[0] for c in clauses if c.path} == {
        "加强政治监督,提升政治能力", "突出工作监督,激励担当作为", "严格日常监督,强化制度约束",
        "突出监督重点,强化提醒纠正", "健全监督体系,增强工作合力"}
    assert all(len(c.path) == 2 and c.path[1][:2] in ("一是", "二是", "三是") for c in clauses[1:])
    request = next(c for c in clauses if c.path[-1:] == ("一是严格执行请销假等制度",))
    assert request.text.startswith("严格日常监督,强化制度约束。一是严格执行请销假等制度。")


def test_000_paths(cleaned_corpus: dict[str, str]) -> None:
    clauses = split_clauses(cleaned_corpus[D000], D000, "t")
    tops = [c.path[0] for c in clauses]
    assert sorted(set(tops)) == [f"一把手监督工作基本情况篇{n}" for n in "一三二"]
    assert tops == sorted(tops, key=lambda p: "一二三".index(p[-1]))
    found = {c.path for c in clauses}
    assert ("一把手监督工作基本情况篇一", "(一)党性修养、思想觉悟和法纪意识认识不到位") in found
    assert ("一把手监督工作基本情况篇三", "(一)强化思想教育,增强自律意识和民主意识",
            "1、把增强“一把手”的自律意识、民主意识作为教育的中心内容,突出针对性") in found
    assert all(p[1].startswith("(") for p in found if len(p) > 1)


def test_000_broken_paragraph_tail_stays_with_its_sentence(cleaned_corpus: dict[str, str]) -> None:
    """000 breaks "优化组合" over two paragraphs; the short tail joins its own sentence, not the next heading."""
    clauses = split_clauses(cleaned_corpus[D000], D000, "t")
    head = next(c for c in clauses if "并通过市场来实现优化组" in c.text)
    assert head.text.endswith("优化组\n\n合,以减少某些人利用管钱、管物、管产销的权力而牟取暴利。")
    assert head.path[-1].startswith("三是要按市场经济规律办事")
    nxt = clauses[head.ordinal + 1]
    assert nxt.text.startswith("(三)逐步完善制度,保证落实到位")
    assert nxt.path == ("一把手监督工作基本情况篇三", "(三)逐步完善制度,保证落实到位")


def test_002_paths(cleaned_corpus: dict[str, str]) -> None:
    clauses = split_clauses(cleaned_corpus[D002], D002, "t")
    assert [c.path[-1] for c in clauses if len(c.path) == 2] == [
        "级级带动", "层层攻关", "环环相扣", "严管严治", "抓早抓小", "容错纠错", "秉持集体观念", "发挥联动作用", "明晰个性差异"]
    assert {c.path[0] for c in clauses if c.path} == {
        "务实把握“上”与“下”的关系", "稳慎把握“紧”与“松”的关系", "前瞻把握“合”与“分”的关系"}


def test_004_paths(cleaned_corpus: dict[str, str]) -> None:
    found = {c.path for c in split_clauses(cleaned_corpus[D004], D004, "t")}
    assert ("一、建立和完善干部选拔任用预警防范机制", "(二)建立信息预报制度", "一是民主评议信息预报制度") in found
    assert ("四、建立和完善干部选拔任用监督保障机制", "(五)建立干部选拔任用监督激励机制") in found


def test_003_is_plain_paragraphs(cleaned_corpus: dict[str, str]) -> None:
    clauses = split_clauses(cleaned_corpus[D003], D003, "t")
    assert [c.path for c in clauses] == [()] * 6
    assert clauses[0].text.startswith("“五联”模式强化“一把手”监督\n为解决")


def test_short_top_level_items_are_not_cited_under_a_neighbours_number() -> None:
    """An uploaded notice of three short items: each is its own clause under its own heading."""
    text = ("关于加强干部请假管理的通知\n一、请假审批。干部请假须提前填写请假单，经单位主要负责人批准。\n"
            "二、销假。干部返岗后应当在1个工作日内销假。\n三、备案。请假3天以上的，报组织部备案。\n")
    clauses = split(text)
    assert [c.path for c in clauses] == [("一、请假审批",), ("二、销假",), ("三、备案",)]
    assert clauses[1].text == "二、销假。干部返岗后应当在1个工作日内销假。"
    assert_spans_cover(text, clauses)
