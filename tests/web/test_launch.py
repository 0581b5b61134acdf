"""The app started the way `make run` starts it (`jiandu ingest`, then `python app.py` in a child process,
settings from JIANDU_* variables), with and without a login, in headless Chromium: every file the page
offers is downloaded by the browser and opened (Word with python-docx, Excel with openpyxl, JSON parsed,
GIFT and Markdown read), and no other file of the server can be fetched.

The in-process test server (conftest.live_server) does not set gradio's temp dir the way app.py does;
that difference hid HTTP 403 on every download. Here nothing differs from `make run` but the port, the
data dir (a copy of the session's index) and the login.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as EC

from assistant.quiz import FORMATS
from assistant.quiz.types import FORMAT_BY_NAME
from knowledge.config import PROJECT_ROOT, Settings
from tests.web.conftest import copy_data, free_port
from tests.web.test_browser import ask, click, make_chromium, open_tab, wait

START_S = 120
USER, PASSWORD = "admin", "jd-launch-pw"


@dataclass
class Launched:
    url: str
    data_dir: Path
    downloads: Path
    auth: bool
    log: Path


def _env(data_dir: Path, port: int, auth: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIANDU_", "GRADIO_TEMP_DIR"))}
    # what the Makefile exports, and the settings an admin sets
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False",
               GRADIO_ANALYTICS_ENABLED="False", JIANDU_PORT=str(port), JIANDU_HOST="127.0.0.1",
               JIANDU_DATA_DIR=str(data_dir), PYTHONPATH=str(PROJECT_ROOT))
    if auth:
        env["JIANDU_AUTH"] = f"{USER}:{PASSWORD}"
    return env


@pytest.fixture(scope="module", params=[False, True], ids=["open", "login"])
def launched(request: pytest.FixtureRequest, corpus_settings: Settings,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[Launched]:
    auth = bool(request.param)
    root = tmp_path_factory.mktemp("launch-login" if auth else "launch-open")
    data_dir = copy_data(corpus_settings, root / "data").data_dir
    port = free_port()
    env = _env(data_dir, port, auth)
    # `make run` = `jiandu ingest` (exit 1 tolerated: some document failed) then `python app.py`
    ingest = subprocess.run([sys.executable, "-c", "from assistant.cli import main; main()", "ingest"],
                            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert ingest.returncode in (0, 1), ingest.stderr
    log = root / "app.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=PROJECT_ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_S
        while True:
            assert proc.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8", errors="replace")
            time.sleep(0.3)
        downloads = root / "downloads"
        downloads.mkdir()
        yield Launched(url, data_dir, downloads, auth, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page(launched: Launched) -> Iterator[WebDriver]:
    driver = make_chromium()
    try:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": str(launched.downloads)})
        driver.get(launched.url)
        if launched.auth:
            user = wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "input[type=text]")))
            user.send_keys(USER)
            driver.find_element(By.CSS_SELECTOR, "input[type=password]").send_keys(PASSWORD)
            driver.find_element(By.XPATH, "//button[contains(., '登录')]").click()
        wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#jd-question textarea")))
        yield driver
    finally:
        driver.quit()


def download(driver: WebDriver, launched: Launched, link_css: str) -> dict[str, bytes]:
    """Click every download link matching `link_css` like a user; returns {file name: bytes} as saved."""
    links = wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, link_css) or None)
    names = [a.get_attribute("download") for a in links]
    for a in links:
        click(driver, a)
    got: dict[str, bytes] = {}

    def saved(_: WebDriver) -> bool:
        for name in names:
            path = launched.downloads / name
            if path.is_file() and not (launched.downloads / (name + ".crdownload")).exists():
                got[name] = path.read_bytes()
        return len(got) == len(names)

    try:
        wait(driver, 60).until(saved)
    except Exception as exc:
        listing = sorted(p.name for p in launched.downloads.iterdir())
        raise AssertionError(f"downloads missing: wanted {names}, have {listing}; "
                             f"log: {launched.log.read_text(encoding='utf-8', errors='replace')[-3000:]}") from exc
    return got


def session(driver: WebDriver, launched: Launched) -> httpx.Client:
    """An HTTP client carrying the browser's login cookie."""
    cookies = {c["name"]: c["value"] for c in driver.get_cookies()}
    return httpx.Client(base_url=launched.url, cookies=cookies, timeout=30)


def test_every_quiz_format_downloads_and_opens(page: WebDriver, launched: Launched) -> None:
    from docx import Document
    from openpyxl import load_workbook

    open_tab(page, "出题")
    click(page, page.find_element(By.ID, "jd-quiz-go"))
    wait(page).until(lambda d: "已生成" in d.find_element(By.ID, "jd-quiz-preview").text)
    files = download(page, launched, "#jd-quiz-files a[download]")
    assert len(files) == len(FORMATS), sorted(files)  # one file per format assistant.quiz offers
    named = {FORMAT_BY_NAME[f].suffix: f for f in FORMATS}
    data = {named[s]: d for n, d in files.items() for s in named if n.endswith(s) and not (
        s in (".docx", ".pdf") and n.endswith("-答案" + s))}
    assert set(data) == set(FORMATS), sorted(files)
    paper = "\n".join(p.text for p in Document(io.BytesIO(data["docx"])).paragraphs)
    assert "干部监督制度测试卷" in paper and "姓名" in paper
    key = "\n".join(p.text for p in Document(io.BytesIO(data["key-docx"])).paragraphs)
    assert "答案" in key
    for fmt in ("pdf", "key-pdf"):
        assert data[fmt].startswith(b"%PDF") and b"%%EOF" in data[fmt][-1024:]
    sheet = load_workbook(io.BytesIO(data["xlsx"])).active
    assert sheet is not None and sheet.cell(1, 1).value == "序号" and sheet.max_row > 1
    items = json.loads(data["json"])
    assert items and {"stem", "answer", "citation"} <= set(items[0])
    root = ElementTree.fromstring(data["moodle"])
    assert root.tag == "quiz" and len(root.findall("question")) >= len(items)
    gift = data["gift"].decode("utf-8")
    assert gift.count("{") >= len(items) and "::" in gift
    assert "答案:" in data["txt"].decode("utf-8")
    assert data["md"].decode("utf-8").lstrip().startswith("#")
    purposes = page.find_element(By.CSS_SELECTOR, "#jd-quiz-preview .jd-quiz-files").text  # what each file is for
    assert "Moodle" in purposes and "Excel" in purposes and "Word" in purposes, purposes


def test_feedback_export_downloads_and_opens(page: WebDriver, launched: Launched) -> None:
    open_tab(page, "问答")
    ask(page, "“五个必谈”是指哪五种情况?")
    like = page.find_elements(By.CSS_SELECTOR, "#jd-chat button[aria-label^='赞'], #jd-chat button[aria-label='Like']")
    click(page, like[-1])
    wait(page).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#jd-comment textarea")))
    open_tab(page, "反馈与评测")
    page.find_element(By.XPATH, "//button[contains(., '导出为评测集候选')]").click()
    files = download(page, launched, "#jd-fb-file a[download]")
    (name, data), = files.items()
    items = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert any(i["question"] == "“五个必谈”是指哪五种情况?" for i in items), items
    # written under the data dir, not the system temp dir
    assert list((launched.data_dir / "exports").glob(f"*/{name}"))


def test_no_other_server_file_can_be_fetched(page: WebDriver, launched: Launched) -> None:
    """Only gradio's copies of what the page produced are served; the data dir and the code are not."""
    secrets = [launched.data_dir / "feedback.jsonl", *sorted((launched.data_dir / "index").rglob("*"))[:3],
               *sorted((launched.data_dir / "exports").rglob("*.*"))[:2],  # our exports: only gradio's copies
               PROJECT_ROOT / "app.py", PROJECT_ROOT / "pyproject.toml", Path("/etc/passwd")]
    with session(page, launched) as client:
        for path in [p for p in secrets if p.is_file()]:
            r = client.get(f"/gradio_api/file={quote(str(path))}")
            assert r.status_code == 403, (path, r.status_code)
            assert "不能下载" in r.json()["error"] and str(path) not in r.text
        copies = sorted(p for p in (launched.data_dir / "gradio-tmp").rglob("*.xlsx"))
        assert copies  # what the browser downloaded: gradio's copy, served
        assert client.get(f"/gradio_api/file={quote(str(copies[0]))}").status_code == 200
    if launched.auth:  # without the login cookie not even gradio's copy is served
        r = httpx.get(f"{launched.url}/gradio_api/file={quote(str(copies[0]))}", timeout=30)
        assert r.status_code in (401, 403), r.status_code
