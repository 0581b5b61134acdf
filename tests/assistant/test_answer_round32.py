"""Mechanisms changed in round 32 (after cadres38), each on the real corpus and worded unlike that set: a quote
cut from a sentence that opens with its cause (由于……) says why; a time limit asked (多长时间内) is no
rhythm (每半年), and a number after 每 is a rhythm, no period; 哪家发的 asks the issuer."""

from __future__ import annotations

from assistant.refuse import amount_pattern
from tests.assistant.conftest import Ask, cited, refused_for


def test_a_sentence_opening_with_its_cause_says_why(ask: Ask) -> None:
    cited(ask, "派驻纪检组才几个人,办案成本为啥那么高", "人手少")


def test_a_time_limit_asked_is_no_rhythm(ask: Ask) -> None:
    within = amount_pattern("约谈以后多长时间内要交整改报告?")
    assert within.search("每半年报告1次本单位干部日常管理监督情况") is None
    assert within.search("要在1个月内将行政、工资、组织关系等转入") is not None
    refused_for(ask, "被约谈的班子,约谈以后多长时间内要交整改报告", "amount_missing")


def test_which_one_issued_it_asks_the_issuer(ask: Ask) -> None:
    refused_for(ask, "资阳巡察整改那个问责办法到底是哪家发的", "cited_source_unstated")
