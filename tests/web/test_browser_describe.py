"""In chromium: an administrator uploads a document, says in the knowledge tab what it is (说明这份文件:
a binding kind, its issuer and level), the list shows it, and an answer from it shows the kind on its card."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from knowledge.catalog import UPLOADS_CATALOG
from knowledge.config import Settings
from tests.web.conftest import copy_data, live_server
from tests.web.test_browser import UPLOAD_NAME, UPLOAD_TEXT, ask, click, open_app, open_tab, pick, shot, wait

TITLE = UPLOAD_NAME.removesuffix(".txt")
ISSUER = "某县机关事务服务中心"


def _row(browser: WebDriver) -> str:
    """The uploaded document's row of the knowledge tab's list ("" while it is not listed)."""
    rows = browser.find_elements(By.CSS_SELECTOR, "#jd-docs tr")
    return next((str(r.text) for r in rows if TITLE in r.text), "")


def test_describe_an_upload_then_its_citation_shows_the_kind(browser: WebDriver, corpus_settings: Settings,
                                                               tmp_path: Path, artifacts: Path) -> None:
    settings = copy_data(corpus_settings, tmp_path / "data")
    doc = tmp_path / UPLOAD_NAME
    doc.write_text(UPLOAD_TEXT, encoding="utf-8")
    with live_server(settings) as srv:
        open_app(browser, srv.url)
        open_tab(browser, "知识库")
        browser.find_element(By.CSS_SELECTOR, "#jd-upload input[type=file]").send_keys(str(doc))
        wait(browser).until(lambda d: "新增" in d.find_element(By.ID, "jd-report").text)
        wait(browser).until(lambda d: "未登记" in _row(d))  # nobody has said what it is yet

        pick(browser, "jd-describe-sel", TITLE)
        # choosing the document fills the form from what is known of it: wait for that answer, or it redraws
        # the fields while they are being filled in
        wait(browser).until(lambda d: TITLE in (d.find_element(
            By.CSS_SELECTOR, "#jd-describe-title textarea, #jd-describe-title input").get_attribute("placeholder") or ""))
        pick(browser, "jd-describe-kind", "规定")
        pick(browser, "jd-describe-level", "县")
        issuer = browser.find_element(By.CSS_SELECTOR, "#jd-describe-issuer textarea, #jd-describe-issuer input")
        issuer.clear()
        issuer.send_keys(ISSUER)
        assert "只作参考" in browser.find_element(By.ID, "jd-describe").text  # which kinds bind, said in one line
        click(browser, browser.find_element(By.ID, "jd-describe-save"))

        wait(browser).until(lambda d: "已保存" in d.find_element(By.ID, "jd-describe-msg").text)
        wait(browser, 10).until(lambda d: any("已保存" in t.text and "提示" in t.text
                                              for t in d.find_elements(By.CSS_SELECTOR, "[data-testid=toast-body]")))
        wait(browser).until(lambda d: ISSUER in _row(d) and "未登记" not in _row(d))
        row = _row(browser)
        assert "规定" in row and "县级" in row, row
        assert 'kind = "规定"' in (settings.data_dir / UPLOADS_CATALOG).read_text(encoding="utf-8")
        shot(browser, artifacts, "knowledge_describe.png")

        open_tab(browser, "问答")
        msg = ask(browser, "加油卡遗失了怎么办?")
        assert "jd-ok" in msg.get_attribute("class")
        card = msg.find_element(By.CSS_SELECTOR, "details.jd-card")
        assert TITLE in card.find_element(By.CSS_SELECTOR, ".jd-title").text
        source = card.find_element(By.CSS_SELECTOR, ".jd-source")
        assert source.find_element(By.CSS_SELECTOR, ".jd-kind").text == "规定"
        assert ISSUER in source.text
        shot(browser, artifacts, "chat_described_upload.png")
