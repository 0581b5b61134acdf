"""What the answer to each kind of question must look like, on the real corpus: lists quoted whole,
a set's items found in the clauses that follow its name, amounts and consequences that are really
stated, colloquial words that jieba would split."""

from __future__ import annotations

import pytest

from assistant.analyze import asked_kind, asked_point, knows
from assistant.answer import lists_kind
from assistant.query import build_query, question_tokens
from assistant.refuse import amount_pattern, as_now
from assistant.service import Assistant
from tests.assistant.conftest import Ask, cited, led, quotes_of, refused_for


def test_list_question_quotes_the_sentence_that_lists_the_kind_asked_for(ask: Ask) -> None:
    answer = ask("信访举报办理要经过哪些程序?")
    assert not answer.refused
    for step in ("受理登记", "拟办审批", "组织查核", "审核办结"):
        assert step in quotes_of(answer), answer.answer


def test_asked_kind_and_listing() -> None:
    assert asked_kind("信访举报办理要经过哪些程序?") == "程序"
    assert asked_kind("驻在部门要列出哪3个清单?") == "清单"
    assert asked_kind("什么情况下组织上一定要找干部谈话?") == ""  # 情况 names no kind of thing
    assert asked_kind("纪检监察组组长什么时候给驻在部门全体党员上廉政党课?") == ""
    assert lists_kind("完善受理登记、拟办审批、组织查核、审核办结等程序,在收到…", "程序")
    assert not lists_kind("严格遵守议事规则和决策程序。", "程序")


def test_semicolon_list_is_quoted_whole_for_a_list_question(ask: Ask) -> None:
    """The 五个必谈 are one sentence each (ended by ;): a paraphrase that does not name the set still
    gets all five, not the two that scored best."""
    answer = ask("什么情况下组织上一定要找干部谈话?")
    quotes = quotes_of(answer)
    for case in ("工作中遇到重大困难时必谈", "个人向组织报告重大事项时必谈", "群众有举报或有意见时必谈",
                 "提拔使用时必谈", "有错误苗头和错误倾向时必谈"):
        assert case in quotes, answer.answer


def test_sentence_that_spells_out_the_previous_one_is_taken_in(ask: Ask) -> None:
    """"建立垂直领导体制。即市、县、乡三级…": the 即 sentence is the answer to "是怎样的"."""
    answer = ask("建议建立的纪检监察垂直领导体制是怎样的?")
    assert "直接受上一级纪检监察机关的领导" in quotes_of(answer), answer.answer


def test_set_whose_items_head_the_following_clauses(assistant: Assistant, ask: Ask) -> None:
    """"必须严格实行“五公开”:" ends its clause; the five items are the headings of the next five."""
    answer = ask("对一把手权力运作要实行的“五公开”是哪五个?")
    assert not answer.refused
    assert "共5项" in answer.answer
    items = ("决策要公开", "事务要公开", "利害关系原则要公开", "个人情况要公开", "监督结果要公开")
    for item in items:
        assert item in answer.answer
    by_id = assistant.index().by_id
    assert len({c.clause_id for c in answer.citations}) == 6  # the name's clause and one per item
    for c in answer.citations:
        assert c.quote in by_id[c.clause_id].text
    retrieved = {h.clause.id for h in answer.retrieved}
    assert {c.clause_id for c in answer.citations} <= retrieved  # the items' clauses count as consulted


@pytest.mark.parametrize("question", ["“三重一大”事项遇到紧急情况来不及提前报备怎么办?", "巡察整改的“四方会审”是哪四方?"])
def test_quoted_term_that_is_not_a_listed_set_is_answered_from_the_text(ask: Ask, question: str) -> None:
    answer = ask(question)
    assert not answer.refused, answer.answer


def test_consequence_question_needs_a_stated_consequence(ask: Ask) -> None:
    """The documents set 7 working days for a handover but no penalty for missing it."""
    answer = ask("工作交接超过7个工作日还没办完,会给什么处分?")
    assert answer.refused, answer.answer
    answered = ask("干部离任时工作交接有什么时限要求?")
    assert not answered.refused and "7个工作日" in answered.answer


def test_amount_about_an_action_the_documents_never_mention_is_refused(ask: Ask) -> None:
    """"每年开展1次…检查" is a number about 出国(境), but not the number of applications asked for."""
    answer = ask("干部因私出国(境)一年最多可以申请几次?")
    assert answer.refused, answer.answer


def test_abbreviation_counts_as_used(assistant: Assistant) -> None:
    index = assistant.index()
    assert knows(index, "区局")  # 区城管局
    assert not knows(index, "申请")
    assert not knows(index, "押金")


def test_colloquial_word_split_by_jieba_is_kept_whole() -> None:
    assert "调走" in question_tokens(build_query("一把手要调走了,经济责任审计怎么安排?").text)
    tokens = question_tokens("一把手应该先表态还是最后表态?")
    assert "表态" in tokens and "先表态" not in tokens  # a synonym key made of whole words stays those words


def test_colloquial_word_finds_the_regulation_term(ask: Ask) -> None:
    answer = ask("一把手要调走了,经济责任审计怎么安排?")
    assert "提前与审计机关沟通" in quotes_of(answer), answer.answer


def test_what_question_gets_no_yes_no_lead(ask: Ask) -> None:
    """"需要履行什么手续?" is not a yes/no question: 什么 ends in 么 but asks for a thing."""
    answer = ask("科级干部因私离开本县外出,需要履行什么手续?")
    assert not answer.answer.startswith("需要。"), answer.answer
    assert ask("干部外出需要请假吗?").answer.startswith("需要。")


@pytest.mark.parametrize(("question", "quote"), [
    ("一把手是不是什么事都要自己包揽?", "总揽不包揽"),
])
def test_synonym_terms_do_not_outvote_the_question(ask: Ask, question: str, quote: str) -> None:
    """一把手 expands to 主要负责人/党委(党组)书记; at full weight those pull in every clause about 党组."""
    answer = ask(question)
    assert any(quote in h.clause.text for h in answer.retrieved[:5]), [h.clause.text[:30] for h in answer.retrieved]
    assert quote in answer.answer, answer.answer


def test_amount_must_be_in_the_unit_asked() -> None:
    assert amount_pattern("几年审计一次?").search("将113个单位划分为四个类别") is None
    assert amount_pattern("要提前几天报备?").search("一般要提前两个工作日报纪检监察组备案")
    assert amount_pattern("多久要办结?").search("一般应在7个工作日内办结")
    assert amount_pattern("多少个单位?分成几类?").search("113个单位")  # two asks: either unit will do


def test_number_in_another_unit_does_not_answer_an_amount_question(ask: Ask) -> None:
    """资阳 sorts 113 units into four audit classes but says nothing of how often class A is audited."""
    assert ask("资阳市A类审计对象的“一把手”几年审计一次?").refused
    answer = ask("驻在部门研究“三重一大”事项,要提前几天报纪检监察组备案?")
    assert not answer.refused and "两个工作日" in answer.answer, answer.answer


def test_colloquial_filler_does_not_make_a_question_unanswerable(ask: Ask) -> None:
    """下个月, 手头, 最晚 are nowhere in the documents, but they are not what is asked."""
    answer = ask("我下个月要调到别的单位,手头的工作交接最晚得在几天里弄完?")
    assert not answer.refused, answer.answer
    assert "7个工作日" in answer.answer


def test_another_jurisdictions_rule_is_refused(ask: Ask) -> None:
    answer = ask("上海市对处级干部因私出国(境)的审批流程是怎样的?")
    assert answer.refused
    assert "上海市" in answer.answer and answer.related


def test_the_named_places_own_rule_answers_first(assistant: Assistant, ask: Ask) -> None:
    """"资阳…哪几家单位一起把关": 资阳's document lists the bodies; other places' rules come second."""
    answer = ask("资阳对一把手私人出境这件事,是哪几家单位一起把关的?")
    ziyang = next(d for d, doc in assistant.index().docs.items() if "资阳" in doc.issuer)
    assert answer.citations[0].doc_id == ziyang
    assert "保密" in quotes_of(answer) and "公安" in quotes_of(answer), answer.answer


def test_asking_what_a_term_means_is_not_refused_for_the_word_meaning(ask: Ask) -> None:
    answer = ask("一把手末位表态是什么意思?")
    assert not answer.refused and "末位表态" in answer.answer, answer.answer


def test_a_rhythm_answers_how_often_and_a_date_is_no_period() -> None:
    how_often = amount_pattern("联席会议成员单位多长时间通报一次信息?")
    assert how_often.search("各成员单位每月向县委组织部通报")
    assert how_often.search("一般应在7个工作日内办结")
    assert how_often.search("定期与本单位年轻干部开展谈心谈话") is None  # 定期 names no rhythm
    months = amount_pattern("整改期限是几个月?")
    assert months.search("要在1个月内将行政、工资、组织关系等转入")
    assert months.search("今年5月,《…办法》印发") is None  # a date, not a period of months


def test_how_often_is_refused_when_the_rule_says_only_regularly(ask: Ask) -> None:
    """The documents say 定期 for talks with young cadres; a cadre asking how often must not be told 定期
    as if it were a rhythm."""
    assert ask("跟年轻干部谈心谈话多久要搞一次?").refused
    answer = ask("出国(境)证件集中保管情况多久检查一次?")
    assert not answer.refused and "每年" in answer.answer, answer.answer


def test_a_consequence_is_one_a_sentence_imposes(ask: Ask) -> None:
    """免职 in "调动、免职、辞职…离开工作岗位时" is a reason for leaving, not a sanction; 实行“一票否决” is one."""
    assert ask("离任交接拖过了时限,要受什么处罚?").refused
    answer = ask("干部政治表现考察不过关,会有什么后果?")
    assert not answer.refused and "一票否决" in answer.answer, answer.answer


def test_a_yes_no_point_no_chosen_clause_speaks_of_is_refused(ask: Ask) -> None:
    """"要不要…" about something the documents know but never rule on for this topic."""
    refused_for(ask, "考核排名后3位的领导班子,扣不扣年终奖金?", "point_unaddressed")
    assert ask("乡镇党政正职能不能同时请假外出?").answer.startswith(("不可以", "原则上不"))


def test_a_question_of_several_parts_keeps_sentences_for_each(ask: Ask) -> None:
    answer = ask("干部出国(境)由哪些部门审查?证件多久集中检查一次?")
    assert not answer.refused and "每年" in answer.answer, answer.answer
    assert len(answer.citations) >= 2, answer.answer


def test_a_list_question_gets_the_whole_enumeration_of_a_long_sentence(ask: Ask) -> None:
    """The handover sentence names the occasions (调动、免职、辞职) and then the contents; a question that
    names an occasion and asks what to hand over wants the contents, not only the occasions."""
    answer = ask("辞职离开岗位办交接,要交接哪些?")
    assert not answer.refused
    for item in ("重要工作事项", "经济事项", "干部人事事项"):
        assert item in answer.answer, answer.answer


def test_words_the_documents_never_use_weigh_nothing_against_a_clause(assistant: Assistant, ask: Ask) -> None:
    """"签个" is in no document (only its characters sit near each other in longer words) and "费劲" only
    bridges weakly through 词林: whether a clause is about the question is judged on what a clause could
    match, so such words no longer make a colloquial question unanswerable."""
    from assistant.analyze import analyze

    question = "开会费劲,能不能各自签个字就算数?"
    analysis = analyze(build_query(question), assistant.index())
    unknown = [t for t in analysis.terms if not t.own]
    assert unknown and all(t.best() < 1.0 for t in unknown)
    # a text holding every word the documents use, and what stands in for the rest, covers the question
    text = " ".join(t.word if t.own else (*t.bridges, *t.parts, *t.thesaurus)[0] for t in analysis.terms
                    if t.own or t.bridges or t.parts or t.thesaurus)
    assert analysis.topicality(text, 1.0) == pytest.approx(1.0)
    answer = ask(question)
    # not refused over words no document uses; which clause answers is another matter: since 签个字 is
    # read as 签字 (rejoin_split_words), a word several clauses use, the 会签 clause no longer comes first
    assert not answer.refused, answer.answer


def test_a_consequence_question_leads_with_the_consequence(ask: Ask) -> None:
    led(ask, "政治表现考察不过关会有什么后果?", "实行“一票否决”。")
    led(ask, "推进重点工作不力的领导班子会怎么样?", "及时进行调整优化。")
    # a document title that names accountability is no consequence imposed
    answer = ask("资阳那13种问责情形里,对党委书记最重能给到什么处理?")
    assert "问责办法" not in answer.answer.split("\n", 1)[0], answer.answer


def test_a_refusal_says_the_rule_asks_only_for_regularly(ask: Ask) -> None:
    answer = ask("跟年轻干部谈心谈话多久要搞一次?")
    assert answer.refused and "只要求“定期”" in answer.answer, answer.answer


def test_which_quoted_set_asks_for_its_items(ask: Ask) -> None:
    """"实行哪“五公开”" asks for the five, as "哪五公开" would; they head the clauses after the name."""
    answer = ask("要让一把手用权透明,要实行哪“五公开”?")
    for item in ("决策要公开", "事务要公开", "个人情况要公开", "监督结果要公开"):
        assert item in answer.answer, answer.answer


def test_members_and_leaders_answer_who_is_held_responsible(ask: Ask) -> None:
    """"追究谁的责任": "应追究相关成员责任" names who, though no department is named."""
    answer = ask("常委明知拟任人选有问题还替他说好话,导致带病提拔的,追究谁的责任?")
    assert not answer.refused and "相关成员" in answer.answer, answer.answer


def test_the_sentence_naming_what_is_asked_how_often_answers(ask: Ask) -> None:
    """"…联席会议的专题会议多久开一次": the rhythm of the 专题会议 (每季度), not of the 联席会议 (每年) in the
    sentence before it."""
    led(ask, "资阳干部监督联席会议下面的专题会议,一般多长时间开一次?", "每季度")


def test_a_clause_holding_every_word_just_below_the_cut_is_read(ask: Ask) -> None:
    """The 永顺 clause (traditional script, long) holds every word of the question but the dense model ranks
    it 77th of 146; its words put it sixth, one below top_k: it is read for sentences too."""
    answer = ask("对一把手要重点监督哪些制度的执行情况?")
    for item in ("民主集中制", "三重一大", "末位表态"):
        assert item in answer.answer, answer.answer


def test_a_named_place_is_no_topic_among_its_own_sentences(ask: Ask) -> None:
    # Every sentence of 泾县's document is 泾县's; one citing 《泾县…制度》 is not more about reporting for it.
    # "哪里" asks where within 泾县, not which place (no comparison of documents).
    answer = ask("在泾县,干部有问题可以去哪里举报?")
    assert not answer.refused
    assert "举报受理渠道" in answer.citations[0].quote, answer.answer


def test_a_province_said_without_its_suffix_is_another_place(ask: Ask) -> None:
    answer = ask("江苏那边对乡镇干部请销假怎么规定?")
    assert answer.refused and answer.refusal_reason == "other_jurisdiction"
    assert "没有江苏的文件" in answer.answer
    both = ask("广东对干部出国(境)证件怎么管?跟泾县一样吗?")
    assert both.refused and "没有广东的文件" in both.answer and "泾县的规定见下方" in both.answer
    assert any(c.doc_id == "001_ad443106805678c7" for c in both.related)


def test_a_set_given_by_its_size_and_listed_only_in_part_is_said_so(ask: Ask) -> None:
    answer = ask("资阳对党委书记问责的13种情形具体是哪些?")
    assert answer.refused and answer.refusal_reason == "listed_in_part"
    assert "没有列出全部13种" in answer.answer and "整改工作弄虚作假等13种" in answer.answer


def test_the_lead_answers_from_the_quote_printed_under_it(ask: Ask) -> None:
    answer = led(ask, "党委研究决定事项,可以用传阅会签来代替开会表决吗?", "不可以。")
    assert "不得以传阅、会签" in answer.citations[0].quote


def test_why_is_answered_only_by_a_sentence_that_gives_a_reason(ask: Ask) -> None:
    reported = ask("资阳为什么取消了一名一把手的年度考核评优资格?")  # the news reports it, and no cause
    assert reported.refused and reported.refusal_reason == "reason_missing", reported.answer
    assert "没有说明原因" in reported.answer
    purpose = ask("干部任用为什么提倡无记名投票表决?")  # 可以避免许多利益瓜葛
    assert not purpose.refused and "利益瓜葛" in quotes_of(purpose), purpose.answer


def test_each_of_one_thing_is_no_comparison_of_places(assistant: Assistant) -> None:
    from assistant.analyze import analyze

    index = assistant.index()
    assert not analyze(build_query("派驻纪检监察组的两项警示教育分别在什么时候开展?"), index).compare
    assert not analyze(build_query("联席会议各成员单位多久通报一次信息?"), index).compare
    assert analyze(build_query("泾县和资阳分别怎么规定通报干部监督信息的时间?"), index).compare
    assert analyze(build_query("这种做法是哪儿的?"), index).compare


def test_an_enumeration_cut_between_clauses_is_quoted_whole(ask: Ask) -> None:
    # "一个是每年年初……;" ends one clause and "另一个是每年年中……" opens the next
    answer = ask("派驻纪检监察组坚持的两项警示教育,各在每年什么时候?")
    assert not answer.refused
    assert "年初" in quotes_of(answer) and "年中" in quotes_of(answer), answer.answer


def test_an_either_or_between_bodies_that_the_rule_does_not_name_is_refused(ask: Ask) -> None:
    answer = refused_for(ask, "泾县干部的出国(境)证件集中保管,是交给组织部还是公安局?", "choice_unaddressed")
    assert "是组织部还是公安局" in answer.answer
    named = ask("函询以后,干部是书面说明还是当面说明?")  # the rule names both: answered
    assert not named.refused


def test_what_did_they_do_asks_a_reason(ask: Ask) -> None:
    refused_for(ask, "资阳被取消年度考核评优资格的那名一把手,犯了什么错?", "reason_missing")


def test_a_stated_failing_is_answered_by_what_is_imposed_on_it(ask: Ask) -> None:
    answer = ask("民主测评里政治表现不过关,工作干得好还能重用吗?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("实行“一票否决”。"), answer.answer


def test_which_place_in_a_ranking_is_a_number_asked(ask: Ask) -> None:
    # "第几名" asks a count: the lead is not the measure imposed (进行约谈) but the quote's number
    answer = ask("年度综合考核排在倒数第几名的县管领导班子要被约谈?")
    assert not answer.refused and "后3位" in quotes_of(answer), answer.answer
    assert not answer.answer.startswith("进行约谈"), answer.answer


def test_each_part_of_a_question_of_several_is_answered(ask: Ask) -> None:
    # the time limit alone used to be quoted: the second part's 书面 sat outside the window cut for 几天
    answer = ask("离任交接最多给几天?交接要不要形成书面材料?")
    assert not answer.refused, answer.answer
    assert "7个工作日" in quotes_of(answer) and "书面形式" in quotes_of(answer), answer.answer
    assert answer.answer.startswith("7个工作日内;需要。"), answer.answer


def test_a_question_of_several_parts_brings_a_sentence_for_each() -> None:
    from assistant.analyze import question_parts

    assert question_parts("交接要几天?要不要写书面的?") == ["交接要几天?", "要不要写书面的?"]
    assert question_parts("交接要几天?") == ["交接要几天?"]


def test_a_form_asked_is_answered_by_the_sentence_that_names_it(ask: Ask) -> None:
    answer = ask("干部部门向纪委报了人选名单,纪委审完以后用什么形式把意见反馈回来?")
    assert not answer.refused, answer.answer
    assert "书面形式" in answer.citations[0].quote, answer.answer


@pytest.mark.parametrize(("question", "amount"), [
    ("单位新来了几个年轻人,平时谁负责找他们谈心?", False),  # 几个 tells the situation; 谁 is asked
    ("想请假出去玩几天,书记和镇长一起走行不行?", False),
    ("这几年提拔的人,巡察时会不会一起查?", False),
    ("有效期是几年,到期怎么复审?", True),  # a verb asks it: 是几年
    ("请假要提前几天报告?", True),
    ("经历了几次巡察?", True),
    ("谈心谈话是一个月一次还是一个季度一次?", True),  # an either-or of amounts asks one
])
def test_a_loosely_counting_ji_asks_no_amount(assistant: Assistant, question: str, amount: bool) -> None:
    from assistant.analyze import analyze

    assert analyze(build_query(question), assistant.index()).asks_amount is amount


def test_an_either_or_of_frequencies_is_refused_when_the_rule_says_only_regularly(ask: Ask) -> None:
    refused_for(ask, "单位一把手找年轻干部谈心,规定是一个月一次还是一个季度一次?", "amount_missing")


@pytest.mark.parametrize(("question", "answers", "does_not"), [
    ("每个月几号之前要通报?", "每月15日前将信息报送", "每月向县委组织部通报"),  # a date, not a rhythm
    ("一年最少开几回?", "每年至少召开1次联席会议", "每月15日前通报"),  # spoken 几回 asks 次
])
def test_the_unit_asked_decides_the_amount_that_answers(question: str, answers: str, does_not: str) -> None:
    pattern = amount_pattern(question)
    assert pattern.search(answers) and not pattern.search(does_not)


def test_which_sanction_is_not_answered_by_accountability(ask: Ask) -> None:
    answer = ask("资阳对巡察整改弄虚作假的党委书记,给什么政务处分?")
    assert answer.refused, answer.answer


def test_is_it_compliant_is_a_permission_question(ask: Ask) -> None:
    answer = ask("乡镇党委书记和镇长同时请假外出,这样合规吗?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("原则上不可以"), answer.answer


def test_an_amount_in_the_clause_ranked_first_answers_a_colloquial_question(ask: Ask) -> None:
    # few of the question's words are in the sentence with 一周左右: it used to fall below the share of the
    # most topical sentence that an amount's sentence needs, and the question was refused
    answer = ask("纪委审干部人选名单,组织部一般得给多长时间?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("一周"), answer.answer


def test_who_wrote_a_text_is_answered_by_its_issuer_where_the_text_names_it(ask: Ask) -> None:
    # the byline sits at the end of the article's last clause; before, "谁写的" asked a body and was refused
    answer = ask("提到“总揽不包揽”的那篇文章是谁写的?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("是中共永顺县委组织部(张辉)的评论文章"), answer.answer
    assert "张辉" in answer.citations[0].quote, answer.answer


def test_whose_practice_is_answered_by_the_place_the_report_names(ask: Ask) -> None:
    answer = ask("“重要事项联审”是哪里的做法?")
    assert not answer.refused, answer.answer
    assert "资阳" in answer.answer.split("\n")[0] and "资阳" in answer.citations[0].quote, answer.answer


def test_which_unit_a_person_is_from_is_not_a_source_question(assistant: Assistant) -> None:
    from assistant.analyze import analyze

    assert not analyze(build_query("被取消评优资格的那个一把手是哪个单位的?"), assistant.index()).asks_source
    assert analyze(build_query("这篇文章是哪个单位写的?"), assistant.index()).asks_source


def test_a_named_places_clauses_are_read_however_low_retrieval_ranks_them(ask: Ask) -> None:
    # the 永顺 clause with 任职回避、定期轮岗 ranked 14th for this wording: below the cut and its double
    cited(ask, "担心一把手在一个地方坐太久、跟本地人情关系搅在一起,永顺那篇讲“一把手”监督的文章建议健全哪些制度?", "任职回避")


def test_a_rhythm_with_its_point_in_the_year_leads_whole(ask: Ask) -> None:
    # the lead used to stop at 每年 of 每年年初
    led(ask, "派驻纪检监察组的廉政警示教育大会在一年里什么时候开?", "每年年初。")


def test_sentence_choice_hears_meaning_as_well_as_words(ask: Ask) -> None:
    # by words alone the 问责办法 sentence (第一责任人责任) won; the quoted saying is the answer in meaning
    answer = ask("巡察整改没抓好,第一个担责任的是谁?")
    assert not answer.refused, answer.answer
    assert "书记是第一责任人" in answer.citations[0].quote, answer.answer


def test_sentence_meaning_is_rescaled_over_the_candidates(assistant: Assistant) -> None:
    from assistant.answer import sentence_meaning
    from assistant.query import build_query

    index = assistant.index()
    _, _, retrieval = assistant.retrieve_current(build_query("干部调动后工资关系多久转走?"), None, None,
                                                 "hybrid", None, index)
    meaning = sentence_meaning(retrieval.hits, index, retrieval.query_vector)
    assert meaning and min(meaning.values()) == 0.0 and max(meaning.values()) == 1.0
    best = max(meaning, key=lambda k: meaning[k])
    clause = index.by_id[best[0]]
    assert "1个月" in clause.text[best[1]:], clause.text


def test_the_kind_of_a_non_binding_source_is_said_once(ask: Ask) -> None:
    answer = ask("资阳的四方会审是哪几家?")
    first, source = answer.answer.split("\n")[:2]
    assert first.endswith("。出自新闻报道,不是规范性文件。") and "新闻报道" not in source, answer.answer
    assert first.startswith("市纪委监委与市委组织部、市委巡察办、市委各巡察组。"), answer.answer  # the four, first


@pytest.mark.parametrize(("question", "lead"), [
    ("书记下周去外地学习,镇长也想回老家,他俩能不能一块儿出县?", "原则上不可以"),
    ("政治表现那关没过,是不是其他干得再好也没用?", ""),
])
def test_a_modal_a_not_a_is_not_a_point_the_clause_must_name(ask: Ask, question: str, lead: str) -> None:
    # 能不能一块儿出县 / 是不是…也没用 were refused: "the clauses do not mention 能一块儿出县"
    answer = ask(question)
    assert not answer.refused, answer.answer
    assert answer.answer.startswith(lead)



def test_a_source_question_is_answered_before_a_named_set_and_by_quoted_words(ask: Ask) -> None:
    # "“四小四大”出自哪" used to list the four items; "讲“紧与松”的文章作者是谁" was refused for low support
    led(ask, "“四小四大”这个说法出自哪个县的文件?是哪个部门出台的?", "是泾县县委组织部的实施意见")
    led(ask, "讲“上与下”“合与分”的那篇文章作者是谁?", "是中共永顺县委组织部(张辉)的评论文章")


def test_a_date_asked_is_not_answered_by_a_month_of_this_year(ask: Ask) -> None:
    # the report says only 今年5月; before, it answered "哪年哪天" with that sentence
    answer = ask("资阳的巡察整改问责办法具体是哪一天印发的?")
    assert answer.refused, answer.answer


def test_a_standard_asked_needs_a_sentence_that_states_one(ask: Ask) -> None:
    refused_for(ask, "“蜗牛杯”单位根据什么条件评出?", "criterion_missing")


def test_a_name_that_repeats_its_numeral_is_a_set_whose_contents_are_asked(ask: Ask) -> None:
    # “三比三创三争” is named once and never spelled out; it used to be answered with the sentence naming it
    answer = ask("“三比三创三争”包括哪些内容?")
    assert answer.refused and answer.answer.startswith("文件要求执行“三比三创三争”,但没有列出其具体内容"), answer.answer
    assert ask("“一岗双责”是什么意思?").answer.count("没有列出") == 0  # two numerals, not one repeated


def test_an_amount_the_question_states_is_not_its_answer(ask: Ask) -> None:
    # "113个" is what the question counts within; the report gives no count per class
    answer = refused_for(ask, "资阳那113个单位里,C类和D类各是多少个?", "amount_missing")
    assert "C类、D类" in answer.answer
    assert not amount_pattern("113个单位里A类有多少个?").search("将113个单位“一把手”划分")
    assert amount_pattern("是一个月一次还是一个季度一次?").search("一个月一次")  # an either-or offers its answer


def test_what_a_sentence_tells_of_the_past_is_no_rule(ask: Ask) -> None:
    assert "每年" not in as_now("以前由于缺乏分类管理机制,每年初都会为“审计谁”而出现选择困难,现在针对不同风险等级")
    assert "现在针对" in as_now("以前由于缺乏分类管理机制,每年初都会出现选择困难,现在针对不同风险等级")
    refused_for(ask, "资阳的A类对象多久审计一次?", "amount_missing")


def test_a_place_held_up_as_the_model_is_not_the_place_asked(ask: Ask) -> None:
    # 泾县's document has sentences on 审计 and 会议, none on 四方会审: 资阳's practice answers nothing here
    answer = refused_for(ask, "泾县有没有像资阳那样搞“四方会审”?", "model_unmatched")
    assert answer.answer.startswith("知识库中未找到相关规定。泾县县委组织部的文件没有规定这一点")
    # the place asked does answer for itself: 泾县's own 每月, not 资阳's 每月15日前
    answer = ask("泾县成员单位多久通报一次信息?是不是也跟资阳一样每月15号前?")
    assert answer.answer.startswith("每月") and answer.citations[0].doc_id.startswith("001"), answer.answer


def test_a_place_asked_is_named_first_or_the_question_is_refused(ask: Ask) -> None:
    assert ask("“五联”模式是哪个地方搞的?").answer.startswith("是四川省资阳市")  # whose practice: a source question
    assert ask("哪个地方把单位一把手分成ABCD四类来审计?").answer.startswith("四川省资阳市。")
    # the essay's unit is 驻市市场监管局纪检监察组: no city is named anywhere
    refused_for(ask, "讲驻市市场监管局纪检监察组做法的那个材料,说的是哪个市?", "place_unnamed")


def test_what_is_asked_by_shenme_is_no_yes_no_point() -> None:
    assert asked_point("评完之后要做什么?") == ""
    assert asked_point("离任的时候需要写书面材料吗?") == "写书面材料"


def test_a_fragment_jieba_guessed_is_no_evidence_that_the_thing_asked_is_absent(ask: Ask) -> None:
    # 审法 is the asker's coinage for 审计方式 (直审、抽审、内审); 免责 is a word, and no document uses it
    answer = ask("资阳对不同风险等级的干部,审计都有哪几种审法?")
    assert not answer.refused and "直审" in answer.answer, answer.answer
    refused_for(ask, "按泾县的容错纠错办法,哪些情形可以免责?", "asked_thing_absent")


def test_a_number_of_days_asked_as_a_noun_is_an_amount(ask: Ask) -> None:
    refused_for(ask, "收到函询以后,书面回复有没有天数要求?", "amount_missing")


def test_a_modal_question_naming_who_approves_needs_a_clause_naming_them(ask: Ask) -> None:
    # the 请销假 clause says 按照干部管理权限, never 县委书记
    answer = refused_for(ask, "乡镇干部请假出县,是不是要县委书记签字批准?", "point_unaddressed")
    assert "县委书记" in answer.answer


def test_a_set_described_by_its_number_and_most_of_its_name(ask: Ask) -> None:
    led(ask, "听说一把手有五件事不能直接管,是哪五件?", "文件要求执行“五个不直接分管”,但没有列出")


def test_a_text_whose_author_names_no_place_does_not_say_which_place(ask: Ask) -> None:
    refused_for(ask, "那篇驻市市场监管局纪检监察组的材料,写的是哪个市的做法?", "place_unnamed")


@pytest.mark.parametrize("question", ["派驻纪检监察组一般配几个人?",
                                      "派驻纪检监察组一般配几号人?"])  # 几号人 asks people, not a date
def test_a_range_is_one_amount(ask: Ask, question: str) -> None:
    answer = ask(question)
    assert answer.answer.startswith("3-5人"), answer.answer  # not 5人, the range's end


def test_a_purpose_is_a_reason(ask: Ask) -> None:
    # 保证足够时间全面审计……使离任干部不交马虎账: said to what end, which answers 为什么
    answer = ask("一把手离任前为什么要提前和审计机关沟通?")
    assert not answer.refused and "马虎账" in answer.answer, answer.answer


def test_a_tier_is_a_topic_word_not_a_count() -> None:
    from assistant.lexicon import lexicon
    assert lexicon().counted.match("三级") is None  # 三级谈心谈话 names a tier
    assert lexicon().counted.match("几级") and lexicon().counted.match("五种")


def test_a_compound_is_matched_by_the_parts_that_spell_it(ask: Ask) -> None:
    # 党纪政纪 is 党纪、政纪 in the document; jieba's search mode also yields 纪政, which it never holds
    answer = ask("一些小问题,够不上党纪政纪处分,组织上会怎么处理?")
    assert not answer.refused and "诫勉" in answer.answer, answer.answer


@pytest.mark.parametrize("question", ["一个一把手在一个地方一个位子上最多能待几年?",
                                      "一把手在一个地方一个位子上干多少年就得换换了?"])  # 就得: a limit too
def test_a_limit_asked_is_answered_by_the_first_clause_setting_one(ask: Ask, question: str) -> None:
    led(ask, question, "不宜超过5年")  # its bound leads with it (round 44)


def test_a_quote_cut_short_keeps_the_rule_after_its_condition_and_who_does_it(ask: Ask) -> None:
    # "对于……的," is a condition: the rule after it (允许试错) comes too
    answer = ask("一把手搞探索失误了,工作有欠缺,组织上会怎么对待?")
    assert "允许试错" in answer.answer, answer.answer
    # "就能够……提出" goes on from the piece naming who does it
    answer = ask("资阳的审计对象建议人选,是谁向市委审计委员会提出的?")
    assert "审计局" in answer.answer, answer.answer


def test_a_compound_spelled_by_its_parts_and_a_window_keeps_its_grammar() -> None:
    from assistant.analyze import _tiling
    from assistant.answer import _whole_clauses
    assert _tiling("党纪政纪", ["党纪", "纪政", "政纪"]) == ("党纪", "政纪")
    assert _tiling("小毛病", ["小毛", "毛病"]) == ("小毛", "毛病")  # no tiling: every part, as before
    text = "不简单“扣帽子”,对于因客观限制导致工作有欠缺的,要综合分析、允许试错,督促整改落实到位。"
    cuts = [0, 9, 25, 36, len(text)]
    assert text[slice(*_whole_clauses(text, cuts, (9, 25)))].endswith("允许试错,")  # the rule after 的,
    text = "组织部、审计局只需要根据类别,就能够向市委审计委员会提出建议人选。"
    cuts = [0, 15, len(text)]
    assert text[slice(*_whole_clauses(text, cuts, (15, len(text))))].startswith("组织部、审计局")


def test_a_window_ending_on_whom_a_rule_is_for_takes_in_the_rule() -> None:
    """"对……“蜗牛杯”单位," names whom the rule is for; the rule (由……进行约谈) is the next piece. 对照 is a verb."""
    from assistant.answer import _whole_clauses
    def pieces(text: str) -> list[int]:
        return [0, *(i + 1 for i, c in enumerate(text) if c == ","), len(text)]

    text = "对年度重点项目推进“蜗牛杯”单位,由县纪委监委、县委组织部负责同志进行约谈,对不称职的及时调整。"
    cuts = pieces(text)
    assert text[slice(*_whole_clauses(text, cuts, (0, cuts[1])))].endswith("进行约谈,")
    text = "对照清单逐项检查,发现问题及时整改。"
    cuts = pieces(text)
    assert text[slice(*_whole_clauses(text, cuts, (0, cuts[1])))] == "对照清单逐项检查,"


def test_the_sentence_that_says_what_is_asked_of_the_topic_answers(ask: Ask) -> None:
    """"资格认证怎么考" is answered by 认证采取笔试和面试的方式 (a way), "没通过会怎样" by 不合格者不得从事 (what is
    barred), not by the sentence of the same clause that only names the topic (必须进行任职资格认证)."""
    how = ask("干部监督工作人员的资格认证怎么考?")
    assert "笔试和面试" in quotes_of(how), how.answer
    assert "建立选拔任用干部监督工作人员资格认证制度" not in quotes_of(how), how.answer  # the heading only names it
    failed = ask("资格认证没通过的人会怎样?")
    assert "不合格者不得从事干部监督工作" in quotes_of(failed), failed.answer


def test_a_cut_quote_keeps_the_word_asked_about(ask: Ask) -> None:
    # the window that keeps 7个工作日 once began after 干部在调动、免职、辞职……, dropping what was asked
    answer = ask("干部辞职的话,工作交接要在几天内办完?")
    assert answer.answer.startswith("7个工作日内") and "辞职" in quotes_of(answer), answer.answer


def test_a_binding_sentence_leads_only_when_it_holds_what_the_best_one_is_about(ask: Ask) -> None:
    # 泾县's 年轻干部谈心谈话 is binding but is not the 三级 talks asked about
    answer = ask("三级谈心谈话是谁跟谁谈?")
    assert answer.citations and answer.citations[0].doc_id.startswith("000"), answer.answer
    assert "纪检监察组组长" in answer.answer


def test_an_either_or_between_bodies_with_verbs_around_them() -> None:
    from assistant.refuse import _alternative
    assert _alternative("交公安局保管") == "公安局"
    assert _alternative("护照是统一交组织部") == "组织部"
    assert _alternative("组织部") == "组织部"


def test_each_amount_may_stand_before_the_thing_it_counts(ask: Ask) -> None:
    """"全面巡察、专项巡察各几次?": 一次全面巡察和三次专项巡察 gives each its own amount, before its name; and with
    two amounts in one unit the first ("一次") is no lead by itself."""
    answer = ask("驻在单位党组接受过几次巡察?全面巡察、专项巡察各几次?")
    assert not answer.refused, answer.answer
    assert "三次专项巡察" in quotes_of(answer), answer.answer
    assert not answer.answer.startswith("一次"), answer.answer


def test_the_one_made_answerable_answers_who(ask: Ask) -> None:
    """"出了事算谁的": 推荐者个人为首推责任人 names no body, but says who answers for it."""
    answer = ask("以个人名义推荐干部,出了事责任算谁的?")
    assert not answer.refused, answer.answer
    assert "推荐者个人为首推责任人" in quotes_of(answer), answer.answer


def test_a_term_of_art_no_document_uses_is_a_point_unaddressed(ask: Ask) -> None:
    """扣绩效奖金: 绩效奖金 is a dictionary word the everyday thesaurus does not hold, and no document
    uses it: the 蜗牛杯 rule (约谈) does not say whether it is docked. An everyday word (同一天) no
    document uses is no such evidence."""
    refused = ask("被评为蜗牛杯的单位,还要扣绩效奖金吗?")
    assert refused.refused and "扣绩效奖金" in refused.answer, refused.answer
    answered = ask("乡镇书记和乡长能同一天都请假出去吗?")
    assert not answered.refused and "不得同时请假外出" in quotes_of(answered), answered.answer


@pytest.mark.parametrize(("listed_q", "count", "item", "other_q", "quoted"), [
    # the set's word right after its name asks for the items; asked of one item further on, it does not
    ("“五公开”都公开什么?", 5, "监督结果要公开", "“五公开”中的个人情况公开要逐步公开哪些内容?", "财产状况"),
    # "信息预报制度,应包括四个方面的内容:" and the next clauses open 一是…… 四是……; "主要存在四个方面的
    # 问题:" after the sentence that lists the four 作风 asked about announces something else
    ("信息预报制度都包括哪些?", 4, "信访举报信息预报制度", "一把手和班子成员对照检查是从哪四个作风方面查的?", "生活作风"),
])
def test_a_set_is_listed_when_its_items_are_asked(ask: Ask, listed_q: str, count: int, item: str, other_q: str,
                                                  quoted: str) -> None:
    listed = ask(listed_q)
    assert f"共{count}项" in listed.answer and item in listed.answer, listed.answer
    other = ask(other_q)
    assert f"共{count}项" not in other.answer and quoted in quotes_of(other), other.answer


def test_why_a_named_set_was_made_is_answered_by_its_purpose(ask: Ask) -> None:
    """"为什么搞“五联”": the set is the topic; its purpose (为解决……等问题) is asked, not its items."""
    answer = ask("资阳为什么搞“五联”模式?")
    assert not answer.refused and "共5项" not in answer.answer, answer.answer
    assert "监督力量薄弱" in quotes_of(answer), answer.answer


def test_a_set_named_by_its_count_and_the_word_its_items_begin_with(ask: Ask) -> None:
    """"三用" is written nowhere; 用权、用财、用人 is. (三个圈 → 工作圈…: the word ends the items.)"""
    answer = ask("永顺的文章说要加强对哪“三用”的制约监督?")
    assert not answer.refused, answer.answer
    assert "共3项" in answer.answer, answer.answer  # listed as the set asked for, not a sentence that mentions it
    assert all(item in answer.answer for item in ("用权", "用财", "用人")), answer.answer


def test_an_amount_asked_in_money_or_as_a_share_needs_that_kind_of_amount() -> None:
    """多少钱 wants a sum (not 五个), 多少比例 a share (not 一方面), and 那几类 only points at the kinds."""
    from assistant.analyze import asking_text
    money = amount_pattern("“三重一大”里的大额资金,多少钱以上才算大额?")
    assert money.search("5万元以上") and not money.search("五个不直接分管")
    share = amount_pattern("不称职票超过多少比例才算多?")
    assert share.search("不称职票超过30%") and share.search("1:2的比例") and not share.search("一方面")
    assert "那些类" in asking_text("资阳那几类审计对象里,A类单位的一把手多久审一次?")
    assert "几年" in asking_text("资格证书有效期几年,要不要年审?")  # 有效期几年 asks; it tells no situation


@pytest.mark.parametrize(("question", "missing"), [
    ("资阳113个单位里,A类单位有几个、D类单位有几个?", "A类单位、D类单位"),  # each asked in turn, none stated
    ("泾县干部任职回避,要回避哪些亲属关系?", "亲属关系"),  # a term of art no document uses, nor 亲属
    ("干部离任交接,一般由谁来监交?", "监交"),
    ("派驻纪检监察组组长是正处还是副处?", "正处、副处"),
])
def test_what_is_asked_of_a_thing_no_document_names_is_refused(ask: Ask, question: str, missing: str) -> None:
    answer = ask(question)
    assert answer.refused and missing in answer.answer, answer.answer


def test_a_term_whose_parts_the_documents_use_is_not_absent(ask: Ask) -> None:
    """联动机制 is 联动 + 机制, both the documents' words: "哪五个联动机制" asks for the 五联."""
    answer = ask("资阳“五联”是哪五个联动机制?")
    assert not answer.refused and "审计对象联管" in answer.answer, answer.answer


def test_a_set_asked_for_by_its_number_that_no_document_lists_is_said_to_be_unlisted(ask: Ask) -> None:
    """"具体是哪六不": 六不 is named and never listed; 四方会审's four parties are named in its sentence."""
    unlisted = ask("泾县整治的“六不”作风具体是哪六不?")
    assert unlisted.refused and "没有列出" in unlisted.answer, unlisted.answer
    named = ask("“四方会审”是哪四方?")
    assert not named.refused and "市委巡察办" in quotes_of(named), named.answer


def test_items_opened_by_ordinals_after_the_name_across_clauses(ask: Ask) -> None:
    """"紧盯三个环节,……。一是完善选人用人机制……" and the next clauses "二是……", "三是……"."""
    answer = ask("那个局对领导干部用权紧盯哪三个环节?")
    assert "共3项" in answer.answer, answer.answer
    for item in ("完善选人用人机制", "加强经济责任离任审计"):
        assert item in answer.answer, answer.answer


def test_whether_a_thing_counts_asks_about_that_thing() -> None:
    assert asked_point("严管一把手要健全哪些制度?轮岗算不算一条") == "轮岗一条"
    assert asked_point("被约谈的班子还扣不扣年终绩效奖?") == "扣年终绩效奖"


def test_a_verb_and_object_split_in_speech_are_joined_again(ask: Ask) -> None:
    from assistant.query import rejoin_split_words
    assert rejoin_split_words("当一把手之前要先考个试吗?") == "当一把手之前要先考试吗?"
    assert rejoin_split_words("请个假要找谁批") == "请假要找谁批"
    for kept in ("他有个人事项要报告", "下个月要调走", "这个事怎么办"):  # 个人 is a word; 下个月, 这个 count
        assert rejoin_split_words(kept) == kept
    answer = ask("当一把手之前要先考个试吗?")
    assert not answer.refused and "党风党纪知识的培训和考试" in quotes_of(answer), answer.answer


def test_an_everyday_word_no_document_uses_is_no_point_unaddressed(ask: Ask) -> None:
    """得[到场]: 到场 is an everyday word no document uses; 现场接受质询 answers it."""
    answer = ask("四方会审的时候,被巡察单位的负责人要到场吗?")
    assert not answer.refused and "现场接受质询" in quotes_of(answer), answer.answer


def test_a_place_named_without_its_suffix_is_another_place(ask: Ask) -> None:
    """成都 has no 市 after it, but jieba's dictionary knows it as a place: no document is from there.
    镇里/县里 name no place, and a run jieba guessed (天得 in 多少天得) is none either."""
    other = ask("我在成都工作,干部调走了离任交接要几天内办完?")
    assert other.refused and "成都" in other.answer, other.answer
    here = ask("镇里的书记和镇长能不能同时请假出县?")
    assert not here.refused, here.answer
    from knowledge.tokenize import place_names
    assert place_names("人离岗以后手头的活儿最晚多少天得移交完?") == set()


def test_which_city_a_document_names_none_of_is_refused(ask: Ask) -> None:
    answer = ask("写材料的那个驻市市场监管局纪检监察组是哪个城市的?")
    assert answer.refused, answer.answer


def test_what_would_undergo_an_act_is_the_point() -> None:
    assert asked_point("拿了“蜗牛杯”的单位年终绩效奖会不会被扣?") == "年终绩效奖被扣"


def test_a_document_pointed_at_by_its_kind_answers(ask: Ask) -> None:
    """"那篇范文说……": a 范文's sentence answers, not a binding document's sentence on another matter that
    happens to share a word (泾县's 年轻干部谈心谈话 for 小毛病)."""
    answer = ask("干部有点小毛病但还够不上处分,那篇范文说用啥办法敲打?")
    assert not answer.refused and answer.citations, answer.answer
    assert answer.citations[0].kind == "范文", answer.answer
    assert "谈话提醒、诫勉" in answer.citations[0].quote, answer.answer


def test_an_everyday_word_a_yes_no_question_asks_is_no_reason_to_refuse(ask: Ask) -> None:
    """亲自 is in no document, but a rule on who holds the talks need not use it: the rule is quoted. A term of art
    no document uses (公证处公证) still leaves the question unanswered."""
    answer = ask("年轻干部的谈心谈话谁来谈,单位一把手得亲自上吗?")
    assert not answer.refused, answer.answer
    assert "主要负责人要定期与本单位年轻干部开展谈心谈话" in quotes_of(answer)
    assert ask("干部交接材料需要公证处公证吗?").refused
