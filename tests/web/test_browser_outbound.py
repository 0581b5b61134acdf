"""A document's markdown image, HTML image or javascript: link shows as text in the chat, and the browser
sends no request for it (issue #9).

Two independent witnesses: Chromium's own network log (every Network.requestWillBeSent), which would
show a request to the outside address 203.0.113.7 even though nothing answers there, and a real HTTP
listener on 127.0.0.1 that must receive no hit. At the end the test makes the page request both on
purpose, to prove each witness would have seen a leak.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from knowledge.config import Settings
from tests.web.conftest import Live, copy_data, live_server
from tests.web.test_browser import ask, click, make_chromium, open_app, open_tab, pick, scroll_to, wait

OUTSIDE = "203.0.113.7"  # TEST-NET-3: an outside address that never answers, so only the log can see a request
DOC_TITLE = "会议纪要外链测试规定"


class Listener:
    """A tiny HTTP server on 127.0.0.1 that records every request it gets."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.hits = hits
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def payloads(port: int) -> list[str]:
    """Markup a hostile document might carry: to the outside address, to the loopback listener, and a script link."""
    return [
        f"![x](http://{OUTSIDE}/leak.png)",
        f"<img src=http://{OUTSIDE}/x.png onerror=alert(1)>",
        "[点我](javascript:alert(1))",
        f"![y](http://127.0.0.1:{port}/md.png)",
        f"<img src=http://127.0.0.1:{port}/html.png onerror=alert(2)>",
        f'<a href="http://127.0.0.1:{port}/link">链接</a>',
    ]


def document(port: int) -> str:
    # the words the answer quotes carry the "!"-free payloads (the answerer ends a sentence at "!");
    # the markdown images follow in the same clause
    quoted = "".join(p for p in payloads(port) if "!" not in p)
    images = "".join(p for p in payloads(port) if "!" in p)
    return (f"{DOC_TITLE}\n\n第一条 会议纪要{quoted}应当在3个工作日内归档。插图{images}另行存档。\n\n"
            "第二条 本规定自印发之日起施行。\n")


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def served(corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory, listener: Listener) -> Iterator[Live]:
    settings = copy_data(corpus_settings, tmp_path_factory.mktemp("outbound") / "data")
    with live_server(settings) as live:
        with live.client() as c:
            r = c.post("/api/docs", files=[("files", (f"{DOC_TITLE}.txt", document(listener.port).encode()))])
            assert r.status_code == 200 and r.json()["report"]["added"], r.text
            clauses = c.get(f"/api/docs/{DOC_TITLE}").json()["clauses"]
        text = " ".join(cl["text"] for cl in clauses)
        # the markup survived cleaning verbatim: otherwise this test would prove nothing
        assert all(p in text for p in payloads(listener.port)), text
        yield live


@pytest.fixture(scope="module")
def logged_browser() -> Iterator[WebDriver]:
    """Headless Debian chromium (as test_browser.py drives it) with its network log switched on."""
    driver = make_chromium(log_network=True)
    try:
        yield driver
    finally:
        driver.quit()


class NetLog:
    """Every URL the browser was about to request, read from chromium's performance log."""

    def __init__(self, driver: WebDriver) -> None:
        self.driver = driver
        self.urls: list[str] = []
        self.read()

    def read(self) -> list[str]:
        for entry in self.driver.get_log("performance"):  # type: ignore[attr-defined]  # chromium's own  # each call returns what came since the last one
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                self.urls.append(message["params"]["request"]["url"])
        return self.urls

    def to(self, marker: str) -> list[str]:
        return [u for u in self.read() if marker in u]


def no_alert(driver: WebDriver) -> bool:
    try:
        driver.switch_to.alert.dismiss()
    except NoAlertPresentException:
        return True
    return False


def test_markup_in_a_document_renders_as_text_and_fetches_nothing(
        logged_browser: WebDriver, served: Live, listener: Listener, artifacts: Path) -> None:
    driver = logged_browser
    port = listener.port
    loopback = f"127.0.0.1:{port}"
    net = NetLog(driver)
    open_app(driver, served.url)
    assert net.to(served.url), net.urls[:5]  # the log works: the page's own requests are in it

    msg = ask(driver, "会议纪要应当在几个工作日内归档?")
    assert "jd-ok" in (msg.get_attribute("class") or ""), msg.text
    answer = msg.find_element(By.CSS_SELECTOR, ".jd-answer").text
    card = next(c for c in msg.find_elements(By.CSS_SELECTOR, "details.jd-card")
                if DOC_TITLE in c.find_element(By.CSS_SELECTOR, ".jd-title").text)
    click(driver, card.find_element(By.TAG_NAME, "summary"))
    clause = wait(driver).until(lambda d: card.find_element(By.CSS_SELECTOR, ".jd-clause"))
    ctx = card.find_element(By.CSS_SELECTOR, "details.jd-ctx")
    click(driver, ctx.find_element(By.TAG_NAME, "summary"))
    wait(driver).until(lambda d: ctx.find_element(By.CSS_SELECTOR, ".jd-ctx-cur").is_displayed())
    # the answer quotes part of the clause (where it cuts depends on the answerer): what markup it has is
    # text, and its only elements are our own [n] badges and line breaks
    assert "<" in answer or "](" in answer, answer
    tags = [e.tag_name for e in msg.find_elements(By.CSS_SELECTOR, ".jd-answer *:not(sup.jd-ref):not(br)")]
    assert not tags, (tags, answer)
    for p in payloads(port):  # the clause shows every payload as the characters it is
        assert p in clause.text, (p, clause.text)
    scroll_to(driver, msg)  # the answer, then its opened card with the clause
    driver.save_screenshot(str(artifacts / "outbound_as_text.png"))
    # a question carrying markup: the user's own bubble is rendered too (whatever the answer is)
    question = f"附件![q](http://{loopback}/question.png)<img src=http://{OUTSIDE}/q.png>怎么保存?"
    ask(driver, question)
    bubbles = driver.find_elements(By.CSS_SELECTOR, "#jd-chat .jd-user")
    assert bubbles and bubbles[-1].text == question, [b.text for b in bubbles]

    # the whole document in the knowledge tab is text as well
    open_tab(driver, "知识库")
    pick(driver, "jd-view-sel", DOC_TITLE)
    view = wait(driver).until(lambda d: d.find_element(By.ID, "jd-docview")
                              if "归档" in d.find_element(By.ID, "jd-docview").text else None)
    assert all(p in view.text for p in payloads(port)), view.text

    time.sleep(1.0)  # a lazy image or a late onerror would have fired by now
    assert not driver.find_elements(By.CSS_SELECTOR, "#jd-chat .jd-msg img, #jd-docview img")
    hrefs = [a.get_attribute("href") or "" for a in
             driver.find_elements(By.CSS_SELECTOR, "#jd-chat a[href], #jd-docview a[href]")]
    assert not [h for h in hrefs if h.startswith("javascript") or loopback in h], hrefs
    assert no_alert(driver)
    assert not net.to(OUTSIDE), net.to(OUTSIDE)
    assert not net.to(loopback), net.to(loopback)
    assert listener.hits == [], listener.hits

    # both witnesses do see a request when the page really makes one
    driver.execute_script(
        "for (var u of arguments[0]) { var i = new Image(); i.src = u; document.body.appendChild(i); }",
        [f"http://{OUTSIDE}/control.png", f"http://{loopback}/control.png"])
    deadline = time.monotonic() + 10
    while not (listener.hits and net.to(f"{OUTSIDE}/control.png")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert listener.hits == ["/control.png"], listener.hits
    assert net.to(f"{OUTSIDE}/control.png")
    assert net.to(OUTSIDE) == [f"http://{OUTSIDE}/control.png"], net.to(OUTSIDE)
