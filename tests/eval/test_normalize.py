from __future__ import annotations

import pytest

from eval.normalize import fold_punctuation, normalize, numerals_to_digits, strip_markers


@pytest.mark.parametrize(("text", "expected"), [
    ("七", "7"),
    ("七个工作日", "7个工作日"),
    ("十五", "15"),
    ("十五日内", "15日内"),
    ("一百", "100"),
    ("二十五", "25"),
    ("一百零五", "105"),
    ("两个月", "2个月"),
    ("一万二千", "12000"),
    ("二〇二四年", "2024年"),
    ("壹佰", "100"),
    ("半年", "半年"),
    ("每半年一次", "每半年1次"),
    ("一二百人", "一二百人"),  # irregular: left alone, the same on both sides of a comparison
])
def test_numerals_to_digits(text: str, expected: str) -> None:
    assert numerals_to_digits(text) == expected


def test_normalize_applies_every_step() -> None:
    # NFKC (full-width comma, digit), traditional -> simplified, markers, numerals, punctuation, space, case
    assert normalize("應以書面形式，在七個工作日內辦結。[1] ＡＢ ２") == "应以书面形式在7个工作日内办结ab2"


def test_fold_punctuation_keeps_percent() -> None:
    assert fold_punctuation("“五公开”: 一是、二是 50%") == "五公开一是二是50%"


def test_strip_markers_only_drops_citation_markers() -> None:
    assert strip_markers("办结[1][12]。见[第三条]") == "办结。见[第三条]"


def test_normalize_makes_both_spellings_equal() -> None:
    assert normalize("七个工作日") == normalize("7个工作日") == normalize("７個工作日")
