"""The knowledge tab's 停止正在进行的入库 button: with no ingest running it says so; while an ingest holds the
lock it asks it to stop (knowledge.manage.cancel_ingest leaves the flag the ingest checks between batches)."""

from __future__ import annotations

from filelock import FileLock
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By

from knowledge.manage import cancel_flag
from tests.web.conftest import Live
from tests.web.test_browser import click, open_app, open_tab, wait


def _press(browser: WebDriver) -> str:
    msg = browser.find_element(By.ID, "jd-stop-msg")
    before = msg.text
    click(browser, browser.find_element(By.ID, "jd-stop-ingest"))
    wait(browser).until(lambda d: d.find_element(By.ID, "jd-stop-msg").text not in ("", before))
    return str(browser.find_element(By.ID, "jd-stop-msg").text)


def test_the_stop_button_asks_a_running_ingest_to_stop(browser: WebDriver, live: Live) -> None:
    open_app(browser, live.url)
    open_tab(browser, "知识库")
    assert "没有正在进行的入库" in _press(browser)
    flag = cancel_flag(live.settings)
    flag.unlink(missing_ok=True)
    with FileLock(str(live.settings.data_dir / "ingest.lock")):  # what a running ingest holds
        assert "已请求停止入库" in _press(browser)
        assert flag.exists()  # the running ingest sees it between two batches
    flag.unlink(missing_ok=True)
