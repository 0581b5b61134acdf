"""knowledge/numerals.py, the one home of the Chinese-numeral patterns: the classes nest, the ordinals strip
what the documents write, and numbers convert both ways."""

from __future__ import annotations

import pytest

from knowledge.numerals import (
    CN_AMOUNT,
    CN_COUNT,
    CN_DIGITS,
    CN_NUMBER,
    CN_NUMERAL,
    cn_to_int,
    int_to_cn,
    strip_item_mark,
    strip_ordinal,
)


def test_the_classes_nest() -> None:
    classes = [CN_DIGITS, CN_COUNT, CN_AMOUNT, CN_NUMBER, CN_NUMERAL]
    assert all(set(a) < set(b) for a, b in zip(classes, classes[1:], strict=False))
    assert [len(c) for c in classes] == [len(set(c)) for c in classes]  # no character twice


@pytest.mark.parametrize(("text", "heading", "item"), [
    ("(一)严格日常监督。", "严格日常监督", "严格日常监督。"),
    ("二是严格执行干部离任规定", "严格执行干部离任规定", "严格执行干部离任规定"),
    ("三要,按时报告", "三要,按时报告", "按时报告"),  # 要 marks an item, not a heading
    ("第三条 加油卡实行一车一卡", "加油卡实行一车一卡", "第三条 加油卡实行一车一卡"),
    ("①请假外出", "①请假外出", "请假外出"),
])
def test_heading_ordinals_and_item_marks(text: str, heading: str, item: str) -> None:
    assert strip_ordinal(text) == heading
    assert strip_item_mark(text) == item


@pytest.mark.parametrize(("text", "value"), [("7", 7), ("十五", 15), ("两", 2), ("一百一十三", 113), ("二十", 20),
                                             ("半", None), ("", None)])
def test_cn_to_int(text: str, value: int | None) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize(("n", "measure", "text"), [(2, True, "两"), (2, False, "二"), (7, True, "七"), (10, True, "十"),
                                                    (15, True, "十五"), (20, True, "二十"), (113, True, "113")])
def test_int_to_cn(n: int, measure: bool, text: str) -> None:
    assert int_to_cn(n, before_measure=measure) == text
