"""The page in headless Chromium (Debian's chromium + chromedriver): what a cadre does, end to end.

Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from knowledge.config import Settings
from tests.web.conftest import Live, copy_data, live_server

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT_S = 60
FINISHED = "#jd-chat .jd-ok, #jd-chat .jd-refused, #jd-chat .jd-error"

UPLOAD_NAME = "公务用车加油卡管理规定.txt"
UPLOAD_TEXT = """公务用车加油卡管理规定

第一条 公务用车加油卡实行一车一卡,由机关事务服务中心统一办理和保管。

第二条 加油卡每次充值金额不得超过2000元,充值须经分管领导审批。

第三条 加油卡遗失的,持卡人应当在24小时内书面报告机关事务服务中心并办理挂失。系统测试标记<img src=x onerror="window.__jdXss=1">应当原样显示。
"""


def make_chromium(log_network: bool = False) -> WebDriver:
    """Debian's headless chromium (never a downloaded browser); the caller quits it."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian chromium / chromedriver not installed")
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=zh-CN"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    if log_network:  # every request the page makes, for tests that prove none leaves
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT_S)
    return driver


def wait(driver: WebDriver, timeout: float = WAIT_S) -> WebDriverWait:
    return WebDriverWait(driver, timeout, poll_frequency=0.1)


def open_app(driver: WebDriver, url: str) -> None:
    driver.get(url)
    wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#jd-question textarea")))


def finished(driver: WebDriver) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, FINISHED)


def ask(driver: WebDriver, question: str) -> WebElement:
    """Type a question, send it, and return the finished answer message."""
    before = len(finished(driver))
    box = driver.find_element(By.CSS_SELECTOR, "#jd-question textarea")
    box.clear()
    box.send_keys(question)
    driver.find_element(By.ID, "jd-send").click()
    wait(driver).until(lambda d: len(finished(d)) > before)
    return finished(driver)[-1]


def open_tab(driver: WebDriver, name: str) -> None:
    tab = driver.find_element(By.XPATH, f"//button[@role='tab'][contains(., '{name}')]")
    tab.click()
    wait(driver).until(lambda d: tab.get_attribute("aria-selected") == "true")


def click(driver: WebDriver, element: WebElement) -> None:
    """Click like a user, after bringing the element to the middle of its scroll box (away from overlays)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    wait(driver, 10).until(lambda d: element.is_displayed())
    try:
        element.click()
    except ElementClickInterceptedException:  # a floating "scroll down" button happened to be on top
        time.sleep(0.5)
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()


def scroll_to(driver: WebDriver, element: WebElement) -> None:
    """Show the top of a chat message (the chat scrolls inside its own box)."""
    driver.execute_script("""
        var el = arguments[0], box = el.closest('.bubble-wrap') || el.parentElement;
        el.scrollIntoView({block: 'start'});
        if (box) { box.scrollTop = Math.max(0, box.scrollTop - 24); }
    """, element)
    time.sleep(0.3)


def shot(driver: WebDriver, artifacts: Path, name: str) -> None:
    driver.save_screenshot(str(artifacts / name))


def test_first_load_shows_examples_and_filter(browser: WebDriver, live: Live) -> None:
    open_app(browser, live.url)
    chat = browser.find_element(By.ID, "jd-chat")
    for q in ("我因私出国要经过哪些部门审查?", "“五个必谈”是指哪五种情况?"):
        assert chat.find_elements(By.XPATH, f".//button[contains(., '{q}')]"), q
    assert "检索范围" in browser.find_element(By.ID, "jd-filter").text
    assert browser.title == "监督制度问答助手"


def test_ask_shows_the_answer_at_once_with_citation_cards(browser: WebDriver, live: Live, artifacts: Path) -> None:
    open_app(browser, live.url)
    # record every state of the answer the page goes through: an extractive answer is never typed out
    browser.execute_script("""
        window.__jdSeen = [];
        new MutationObserver(function () {
          var p = document.querySelector('#jd-chat .jd-pending .jd-answer');
          if (p) { window.__jdSeen.push(p.textContent.length); }
        }).observe(document.getElementById('jd-chat'), {subtree: true, childList: true, characterData: true});
    """)
    msg = ask(browser, "我因私出国要经过哪些部门审查?")
    seen = browser.execute_script("return window.__jdSeen")
    assert "jd-ok" in msg.get_attribute("class")
    assert not [n for n in seen if n], seen  # no partial text shown: the whole answer appeared at once
    answer = msg.find_element(By.CSS_SELECTOR, ".jd-answer").text
    assert "出国" in answer and "[1]" in answer
    cards = msg.find_elements(By.CSS_SELECTOR, "details.jd-card")
    assert cards
    first = cards[0]
    assert "《" in first.find_element(By.CSS_SELECTOR, ".jd-title").text
    assert first.get_attribute("open") is None
    click(browser, first.find_element(By.TAG_NAME, "summary"))
    mark = wait(browser).until(lambda d: first.find_element(By.CSS_SELECTOR, ".jd-clause mark"))
    assert mark.is_displayed() and "出国" in mark.text
    ctx = first.find_element(By.CSS_SELECTOR, "details.jd-ctx")
    click(browser, ctx.find_element(By.TAG_NAME, "summary"))
    current = wait(browser).until(lambda d: ctx.find_element(By.CSS_SELECTOR, ".jd-ctx-cur"))
    assert current.is_displayed() and mark.text in current.text
    assert len(ctx.find_elements(By.CSS_SELECTOR, ".jd-ctx-item")) >= 2  # neighbours shown too
    scroll_to(browser, msg)
    shot(browser, artifacts, "chat_citations.png")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", current)
    time.sleep(0.3)
    shot(browser, artifacts, "chat_clause_in_context.png")
    # the [n] badge in the answer opens its card
    if len(cards) > 1:
        click(browser, msg.find_element(By.CSS_SELECTOR, ".jd-ref-2"))
        wait(browser).until(lambda d: cards[1].get_attribute("open") is not None)
    # copy answer with citations
    copy = msg.find_element(By.CSS_SELECTOR, ".jd-copy")
    click(browser, copy)
    wait(browser, 5).until(lambda d: copy.text == "已复制")
    plain = browser.execute_script("return arguments[0].querySelector('.jd-plain').textContent", msg)
    assert plain.startswith("问:我因私出国要经过哪些部门审查?") and "出处:" in plain and "[1]" in plain


def test_example_refusal_followup_and_new_conversation(browser: WebDriver, live: Live, artifacts: Path) -> None:
    open_app(browser, live.url)
    browser.find_element(By.XPATH, "//div[@id='jd-chat']//button[contains(., '“五个必谈”')]").click()
    wait(browser).until(lambda d: finished(d))
    assert "谈" in finished(browser)[-1].text
    refused = ask(browser, "今天食堂几点开饭?")
    assert "jd-refused" in refused.get_attribute("class")
    assert "未找到依据" in refused.text and "可能相关的条款" in refused.text
    assert refused.find_elements(By.CSS_SELECTOR, "details.jd-related")
    scroll_to(browser, refused)
    shot(browser, artifacts, "chat_refusal.png")

    browser.find_element(By.ID, "jd-new").click()
    wait(browser).until(lambda d: not finished(d))
    ask(browser, "乡镇党政正职可以同时请假外出吗?")
    follow = ask(browser, "那县直单位呢?")
    assert "jd-ok" in follow.get_attribute("class")
    assert "县直单位" in follow.find_element(By.CSS_SELECTOR, ".jd-answer").text
    shot(browser, artifacts, "chat_followup.png")


def test_document_filter_limits_citations(browser: WebDriver, live: Live) -> None:
    open_app(browser, live.url)
    field = browser.find_element(By.CSS_SELECTOR, "#jd-filter input")
    field.click()
    field.send_keys("杜绝干部任免漏洞")
    option = wait(browser).until(EC.element_to_be_clickable(
        (By.CSS_SELECTOR, "#jd-filter li[role=option][aria-label='杜绝干部任免漏洞工作通知']")))
    option.click()
    field.send_keys(Keys.ESCAPE)
    wait(browser).until(lambda d: "杜绝干部任免漏洞工作通知" in d.find_element(By.ID, "jd-filter").text)
    msg = ask(browser, "干部离任时工作交接有什么时限要求?")
    titles = [t.text for t in msg.find_elements(By.CSS_SELECTOR, ".jd-title")]
    assert titles and all(t == "《杜绝干部任免漏洞工作通知》" for t in titles), titles


def test_feedback_with_comment_and_export(browser: WebDriver, live: Live, artifacts: Path) -> None:
    open_app(browser, live.url)
    question = "“五个必谈”是指哪五种情况?"
    ask(browser, question)
    like = browser.find_element(By.CSS_SELECTOR, "#jd-chat button[aria-label='赞'], #jd-chat button[aria-label='Like']")
    click(browser, like)
    box = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#jd-comment textarea")))
    box.send_keys("回答准确,出处清楚")
    browser.find_element(By.XPATH, "//button[contains(., '提交说明')]").click()
    path = live.settings.data_dir / "feedback.jsonl"

    def commented() -> list[dict]:
        if not path.exists():
            return []
        recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
        return [r for r in recs if r["question"] == question and r["comment"] == "回答准确,出处清楚"]

    wait(browser).until(lambda d: commented())
    rec = commented()[-1]
    assert rec["rating"] == "up" and rec["citations"] and rec["answer"]

    open_tab(browser, "反馈与评测")
    browser.find_element(By.XPATH, "//button[contains(., '刷新')]").click()
    wait(browser).until(lambda d: question in d.find_element(By.ID, "jd-fb").text)
    browser.find_element(By.XPATH, "//button[contains(., '导出为评测集候选')]").click()
    link = wait(browser).until(lambda d: d.find_element(
        By.CSS_SELECTOR, "a[data-testid=download-link][download^='反馈候选题']"))
    assert link.is_displayed()
    items = [json.loads(x) for x in httpx.get(link.get_attribute("href"), timeout=30).text.splitlines()]
    item = next(i for i in items if i["question"] == question)
    assert item["answerable"] is True and item["source_quote"] and item["feedback"]["comment"] == "回答准确,出处清楚"
    shot(browser, artifacts, "feedback_tab.png")


def test_upload_a_document_then_ask_about_it(browser: WebDriver, corpus_settings: Settings, tmp_path: Path,
                                             artifacts: Path) -> None:
    settings = copy_data(corpus_settings, tmp_path / "data")
    doc = tmp_path / UPLOAD_NAME
    doc.write_text(UPLOAD_TEXT, encoding="utf-8")
    broken = tmp_path / "损坏的文件.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    with live_server(settings) as srv:
        open_app(browser, srv.url)
        open_tab(browser, "知识库")
        table = browser.find_element(By.ID, "jd-docs")
        assert "关于构建从严管理监督干部体系的实施意见" in table.text and "条款数" in table.text
        browser.find_element(By.CSS_SELECTOR, "#jd-upload input[type=file]").send_keys(f"{doc}\n{broken}")
        report = wait(browser).until(
            lambda d: d.find_element(By.CSS_SELECTOR, "#jd-report .jd-report"))
        assert "新增:《公务用车加油卡管理规定》" in report.text, report.text
        assert "失败:损坏的文件.pdf" in report.text, report.text  # a failure is reported with its reason
        wait(browser).until(lambda d: "公务用车加油卡管理规定" in d.find_element(By.ID, "jd-docs").text)
        assert (settings.data_dir / "uploads" / UPLOAD_NAME).is_file()
        browser.set_window_size(1400, 1250)  # the whole tab: document list, upload result
        browser.execute_script("window.scrollTo(0, 0)")
        time.sleep(0.5)
        shot(browser, artifacts, "knowledge_tab.png")
        browser.set_window_size(1400, 1000)

        open_tab(browser, "问答")
        msg = ask(browser, "加油卡遗失了怎么办?")
        assert "jd-ok" in msg.get_attribute("class")
        assert "24小时" in msg.find_element(By.CSS_SELECTOR, ".jd-answer").text
        card = msg.find_element(By.CSS_SELECTOR, "details.jd-card")
        assert "公务用车加油卡管理规定" in card.find_element(By.CSS_SELECTOR, ".jd-title").text
        click(browser, card.find_element(By.TAG_NAME, "summary"))
        clause = wait(browser).until(lambda d: card.find_element(By.CSS_SELECTOR, ".jd-clause"))
        # untrusted document text is shown as text, never run
        assert '<img src=x onerror="window.__jdXss=1">' in clause.text
        assert not browser.find_elements(By.CSS_SELECTOR, "#jd-chat .jd-msg img")
        assert browser.execute_script("return window.__jdXss") is None
        shot(browser, artifacts, "chat_uploaded_doc.png")

        open_tab(browser, "知识库")
        pick(browser, "jd-view-sel", "公务用车加油卡管理规定")
        wait(browser).until(lambda d: "24小时" in d.find_element(By.ID, "jd-docview").text)
        pick(browser, "jd-remove-sel", "公务用车加油卡管理规定")
        browser.find_element(By.XPATH, "//button[contains(., '删除所选文档')]").click()
        confirm = wait(browser).until(EC.element_to_be_clickable((By.ID, "jd-confirm")))
        assert "公务用车加油卡管理规定" in browser.find_element(By.ID, "jd-confirm-text").text
        confirm.click()
        wait(browser).until(lambda d: "已删除" in d.find_element(By.ID, "jd-report").text)
        wait(browser).until(lambda d: "公务用车加油卡管理规定" not in d.find_element(By.ID, "jd-docs").text)
        assert not (settings.data_dir / "uploads" / UPLOAD_NAME).exists()


def pick(driver: WebDriver, elem_id: str, label: str) -> None:
    """Choose an option of a gradio dropdown by typing part of it and clicking it. The dropdown is drawn
    again when the document list refreshes (after an upload) and its option list on every key typed:
    a stale element is looked up again, until the usual deadline."""
    deadline = time.monotonic() + WAIT_S
    patient = WebDriverWait(driver, WAIT_S, poll_frequency=0.1, ignored_exceptions=(StaleElementReferenceException,))
    while True:
        try:
            field = driver.find_element(By.CSS_SELECTOR, f"#{elem_id} input")
            click(driver, field)
            field.clear()
            field.send_keys(label[:6])
            option = patient.until(EC.element_to_be_clickable(
                (By.CSS_SELECTOR, f"#{elem_id} li[role=option][aria-label='{label}']")))
            option.click()
            patient.until(lambda d: d.find_element(By.CSS_SELECTOR, f"#{elem_id} input")
                          .get_attribute("value") == label)
            return
        except StaleElementReferenceException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)  # let the redraw finish before looking the elements up again


def test_login_page_then_chat(browser: WebDriver, corpus_settings: Settings, tmp_path: Path,
                              artifacts: Path) -> None:
    settings = copy_data(corpus_settings, tmp_path / "data").with_(auth="alice:s3cret")
    with live_server(settings) as srv:
        browser.get(srv.url)
        user = wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "input[type=text]")))
        assert "请输入账号和密码" in browser.find_element(By.TAG_NAME, "body").text
        shot(browser, artifacts, "login.png")
        user.send_keys("alice")
        browser.find_element(By.CSS_SELECTOR, "input[type=password]").send_keys("s3cret")
        browser.find_element(By.XPATH, "//button[contains(., '登录')]").click()
        wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#jd-question textarea")))
        msg = ask(browser, "干部离任时工作交接有什么时限要求?")
        assert "7个工作日" in msg.text
        try:
            browser.delete_all_cookies()
        except WebDriverException:
            pass


def test_quiz_tab_previews_and_offers_downloads(browser: WebDriver, live: Live, artifacts: Path) -> None:
    open_app(browser, live.url)
    open_tab(browser, "出题")
    click(browser, browser.find_element(By.ID, "jd-quiz-go"))
    preview = wait(browser).until(lambda d: d.find_element(By.ID, "jd-quiz-preview")
                                  if "已生成" in d.find_element(By.ID, "jd-quiz-preview").text else None)
    assert "查看答案与解析" in preview.text and "出处:" not in preview.text  # keys folded until asked for
    # rendered, with no Markdown marks and no internal ids (item q001, clause 000_…:…)
    html = preview.find_element(By.CSS_SELECTOR, ".jd-quiz").get_attribute("innerHTML")
    assert "**" not in html and "<sub>" not in html and "&gt; **" not in html
    assert not re.search(r"\bq\d{3}\b|\d{3}_[0-9a-f]{6,}", preview.text + html), html[:500]
    click(browser, preview.find_element(By.CSS_SELECTOR, ".jd-quiz-key > summary"))
    wait(browser).until(lambda d: "出处:" in preview.text and "《" in preview.text)
    links = wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#jd-quiz-files a[download]") or None)
    names = {a.get_attribute("download") for a in links}
    assert any(n.endswith(".docx") for n in names) and any(n.endswith(".xlsx") for n in names), names
    assert any("Moodle" in n for n in names), names  # the GIFT file says what it is for
    docx = httpx.get(next(a.get_attribute("href") for a in links if a.get_attribute("download").endswith(".docx")),
                     timeout=30)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    shot(browser, artifacts, "quiz_tab.png")
