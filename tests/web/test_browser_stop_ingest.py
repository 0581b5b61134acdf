"""The knowledge tab's 停止正在进行的入库 button: with no ingest running it says so; while an ingest holds the
lock it asks it to stop (knowledge.manage.cancel_ingest leaves the flag the ingest checks between batches)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from filelock import FileLock
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By

from knowledge.manage import cancel_flag
from tests.web.conftest import Live
from tests.web.test_browser import click, make_chromium, open_app, open_tab, wait


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    d = make_chromium()
    try:
        yield d
    finally:
        d.quit()


def _press(driver: WebDriver) -> str:
    msg = driver.find_element(By.ID, "jd-stop-msg")
    before = msg.text
    click(driver, driver.find_element(By.ID, "jd-stop-ingest"))
    wait(driver).until(lambda d: d.find_element(By.ID, "jd-stop-msg").text not in ("", before))
    return str(driver.find_element(By.ID, "jd-stop-msg").text)


def test_the_stop_button_asks_a_running_ingest_to_stop(driver: WebDriver, live: Live) -> None:
    open_app(driver, live.url)
    open_tab(driver, "知识库")
    assert "没有正在进行的入库" in _press(driver)
    flag = cancel_flag(live.settings)
    flag.unlink(missing_ok=True)
    with FileLock(str(live.settings.data_dir / "ingest.lock")):  # what a running ingest holds
        assert "已请求停止入库" in _press(driver)
        assert flag.exists()  # the running ingest sees it between two batches
    flag.unlink(missing_ok=True)
