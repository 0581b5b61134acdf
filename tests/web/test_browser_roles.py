"""In chromium: the knowledge tab shows upload, delete and describe to an administrator only; the page logs in with
gradio's form (a session cookie), so the browser never holds a Basic login another site could borrow."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as EC

from knowledge.config import Settings
from tests.web.conftest import Live, copy_data, live_server
from tests.web.test_browser import make_chromium, open_tab, wait


@pytest.fixture(scope="module")
def two_roles(corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    settings = copy_data(corpus_settings, tmp_path_factory.mktemp("roles") / "data").with_(
        auth="admin1:pw-admin,reader:pw-reader", admins="admin1")
    with live_server(settings) as srv:
        yield srv


def login_and_open_kb(driver: WebDriver, live: Live, user: str, password: str) -> None:
    driver.get(live.url)
    box = wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "input[type=text]")))
    box.send_keys(user)
    driver.find_element(By.CSS_SELECTOR, "input[type=password]").send_keys(password)
    driver.find_element(By.XPATH, "//button[contains(., '登录')]").click()
    wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#jd-question textarea")))
    open_tab(driver, "知识库")


def visible(driver: WebDriver, css: str) -> bool:
    return any(e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, css))


@pytest.mark.parametrize("user,password,admin", [("reader", "pw-reader", False), ("admin1", "pw-admin", True)])
def test_upload_and_delete_are_shown_to_administrators_only(two_roles: Live, user: str, password: str,
                                                          admin: bool, tmp_path: Path) -> None:
    driver = make_chromium()
    try:
        login_and_open_kb(driver, two_roles, user, password)
        wait(driver).until(lambda d: visible(d, "#jd-docs"))
        if admin:
            wait(driver).until(lambda d: visible(d, "#jd-upload") and visible(d, "#jd-remove-sel")
                               and visible(d, "#jd-describe-sel"))
        else:
            wait(driver).until(lambda d: "仅限管理员" in d.find_element(By.TAG_NAME, "body").text)
            assert not any(visible(driver, css) for css in ("#jd-upload", "#jd-remove-sel", "#jd-describe-sel"))
        cookies = {c["name"] for c in driver.get_cookies()}
        assert any(name.startswith("access-token") for name in cookies)  # a session, not a cached Basic login
    finally:
        driver.quit()
