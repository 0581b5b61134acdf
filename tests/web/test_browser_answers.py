"""The chat questions of the answering issue, asked in the browser as a cadre types them: each is answered
(not refused), its first line answers, and the follow-ups carry the topic and change the detail.
Screenshots go to tests/artifacts/answers_*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By

from tests.web.conftest import Live
from tests.web.test_browser import ask, open_app

ALONE = [
    ("我是乡镇党委书记,下礼拜想回老家办点私事,要出县,得走啥手续?", "请销假审批手续"),
    ("我要调走了,交接要几天?", "7个工作日"),
    ("调走以后工资关系多久要转过去?", "1个月内"),
    ("调动后工资和组织关系多久转到新单位?", "1个月内"),
]
# The set is required by name but its items are in no document: the answer says exactly that (a refusal
# of the items, as for q140 of the gold set), whether the question names the set or only describes it.
DESCRIBED_SET = ("一把手不能直接分管哪些工作?", "五个不直接分管", "没有列出")
CONVERSATION = [
    ("干部调动时工作交接要在几天内办完?", "7个工作日内"),
    ("那工资和组织关系呢?", "1个月内"),
    ("辞职的也一样吗?", "辞职"),
]


@pytest.mark.parametrize(("n", "question", "fact"), [(n, q, f) for n, (q, f) in enumerate(ALONE, 1)])
def test_an_everyday_question_is_answered(browser: WebDriver, live: Live, artifacts: Path, n: int, question: str,
                                          fact: str) -> None:
    open_app(browser, live.url)  # a new conversation for each
    msg = ask(browser, question)
    assert "jd-ok" in msg.get_attribute("class"), msg.text  # answered, not refused
    answer = msg.find_element(By.CSS_SELECTOR, ".jd-answer").text
    assert fact in answer, answer
    assert "知识库中未找到" not in answer.splitlines()[0]
    browser.save_screenshot(str(artifacts / f"answers_{n}.png"))


def test_a_described_set_says_the_rule_exists_and_its_items_are_not_listed(browser: WebDriver, live: Live,
                                                                          artifacts: Path) -> None:
    question, name, missing = DESCRIBED_SET
    open_app(browser, live.url)
    first = ask(browser, question).find_element(By.CSS_SELECTOR, ".jd-answer").text.splitlines()[0]
    assert name in first and missing in first, first
    browser.save_screenshot(str(artifacts / "answers_described_set.png"))


def test_followups_carry_the_topic_and_change_the_detail(browser: WebDriver, live: Live, artifacts: Path) -> None:
    open_app(browser, live.url)
    for n, (question, fact) in enumerate(CONVERSATION, 1):
        msg = ask(browser, question)
        answer = msg.find_element(By.CSS_SELECTOR, ".jd-answer").text
        assert fact in answer, (question, answer)
        if n > 1:
            assert "理解为" in msg.text, msg.text  # the standalone question the answer was made for
        browser.save_screenshot(str(artifacts / f"answers_followup_{n}.png"))
