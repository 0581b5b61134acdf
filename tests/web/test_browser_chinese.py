"""The page in Chinese for everyone, screen readers included, and usable on a 390×844 phone.

Screenshots go to tests/artifacts/ (git-ignored): desktop and phone, chat with an opened citation,
the quiz tab and the knowledge tab.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.web.conftest import Live
from tests.web.test_browser import ask, click, make_chromium, open_app, open_tab, wait

PHONE = (390, 844)
DESKTOP = (1366, 900)
ENGLISH = re.compile(r"[A-Za-z]{3,}")
KEEP = {"Moodle", "GIFT", "Word", "Excel", "JSON", "Markdown"}  # names of formats, said as they are


@pytest.fixture(scope="module")
def phone() -> Iterator[WebDriver]:
    driver = make_chromium()
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 2, "mobile": True})
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def desktop() -> Iterator[WebDriver]:
    driver = make_chromium()
    driver.set_window_size(*DESKTOP)
    try:
        yield driver
    finally:
        driver.quit()


def english_labels(driver: WebDriver) -> list[str]:
    labels = driver.execute_script(
        "return Array.from(document.querySelectorAll('[aria-label],[title]'))"
        ".map(e => (e.getAttribute('aria-label') || '') + ' ' + (e.getAttribute('title') || ''))")
    return [x for x in labels if {w for w in ENGLISH.findall(x)} - KEEP]


def test_empty_send_says_what_to_do_in_chinese(desktop: WebDriver, live: Live) -> None:
    open_app(desktop, live.url)
    desktop.find_element(By.ID, "jd-send").click()
    toast = wait(desktop, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=toast-body]"))[0]
    wait(desktop, 5).until(lambda d: "请先" in toast.text and "提示" in toast.text)
    assert "Info" not in toast.text, toast.text


def test_screen_reader_labels_are_chinese(desktop: WebDriver, live: Live) -> None:
    open_app(desktop, live.url)
    msg = ask(desktop, "我因私出国要经过哪些部门审查?")
    time.sleep(0.5)  # the label script runs after gradio's update
    for name in ("问答", "知识库", "出题"):
        open_tab(desktop, name)
        time.sleep(0.3)
        assert not english_labels(desktop), english_labels(desktop)
    open_tab(desktop, "问答")
    labels = desktop.execute_script(
        "return Array.from(document.querySelectorAll('#jd-chat [aria-label]')).map(e => e.getAttribute('aria-label'))")
    assert any(x.startswith("回答:") and "<" not in x for x in labels), labels  # text, not raw HTML
    assert "对话记录" in labels
    assert msg.is_displayed()


def _shot(driver: WebDriver, artifacts: Path, name: str) -> None:
    time.sleep(0.4)
    driver.save_screenshot(str(artifacts / name))


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screens_and_phone_layout(device: str, request: pytest.FixtureRequest, live: Live, artifacts: Path) -> None:
    driver: WebDriver = request.getfixturevalue(device)
    open_app(driver, live.url)
    _shot(driver, artifacts, f"{device}_start.png")
    msg = ask(driver, "我因私出国要经过哪些部门审查?")
    card = msg.find_element(By.CSS_SELECTOR, "details.jd-card")
    click(driver, card.find_element(By.TAG_NAME, "summary"))
    wait(driver).until(lambda d: card.get_attribute("open") is not None)
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", msg)
    _shot(driver, artifacts, f"{device}_chat_citation.png")
    title = card.find_element(By.CSS_SELECTOR, ".jd-title")
    lines = driver.execute_script(
        "var r = arguments[0].getBoundingClientRect(), lh = parseFloat(getComputedStyle(arguments[0]).lineHeight);"
        "return Math.round(r.height / lh)", title)
    chars = len(title.text)
    assert chars / max(lines, 1) >= 8, (chars, lines)  # was ~4 characters a line over 4-6 lines on a phone
    if device == "phone":
        # the page scrolls, the chat does not scroll inside it
        inner = driver.execute_script(
            "var b = document.querySelector('#jd-chat .bubble-wrap') || document.querySelector('#jd-chat [role=log]');"
            "return [b.scrollHeight, b.clientHeight]")
        assert inner[0] <= inner[1] + 2, inner
        refusal = ask(driver, "今天食堂几点开饭?")
        assert "右侧" not in refusal.text
    open_tab(driver, "出题")
    click(driver, driver.find_element(By.ID, "jd-quiz-go"))
    wait(driver).until(lambda d: "已生成" in d.find_element(By.ID, "jd-quiz-preview").text)
    _shot(driver, artifacts, f"{device}_quiz.png")
    open_tab(driver, "知识库")
    assert "编号" not in driver.find_element(By.ID, "jd-docs").text
    _shot(driver, artifacts, f"{device}_knowledge.png")
