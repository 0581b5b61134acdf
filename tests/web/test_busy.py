"""gradio's queue, filled for real: a finite max_size, one concurrency limit shared by every way of asking,
and a prompt "系统繁忙" (in Chinese, over HTTP and in the browser) for whoever does not fit, never a hang.

The server's assistant is the real one, held at the start of each answer until the test lets it go, so
"one running, one waiting, the rest turned away" is reached exactly rather than by timing luck.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.service import Assistant, StreamEvent
from knowledge.config import Settings
from tests.web.conftest import Live, copy_data, live_server

QUESTION = "干部离任时工作交接有什么时限要求?"
PROMPT_S = 3.0  # a refusal must come at least this fast: the user is told, not left waiting
HOLD_S = 60.0  # an answer is held at most this long, so a failing test cannot hang the server


class HeldAssistant(Assistant):
    """The real assistant; each answer waits at its start until `release` is set, and is counted."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.release = threading.Event()
        self.running = self.peak = self.started = 0
        self._count = threading.Lock()

    def stream(self, *args: Any, **kwargs: Any) -> Iterator[StreamEvent]:
        with self._count:
            self.running += 1
            self.started += 1
            self.peak = max(self.peak, self.running)
        try:
            self.release.wait(HOLD_S)
            yield from super().stream(*args, **kwargs)
        finally:
            with self._count:
                self.running -= 1

    def reset(self) -> None:
        self.release.clear()
        with self._count:
            self.peak = self.running
            self.started = 0


@dataclass
class Busy:
    live: Live
    assistant: HeldAssistant
    ask_fns: dict[str, int]  # the chat's answer events (Enter, 发送 button, example then): api name -> fn_index


@pytest.fixture(scope="module")
def busy(corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Busy]:
    # one answer at a time and one waiting place: the third question in flight finds the queue full
    settings = copy_data(corpus_settings, tmp_path_factory.mktemp("busy") / "data").with_(concurrency=1, queue_size=1)
    assistant = HeldAssistant(settings)
    assistant.index()  # loaded before the first question, like `serve` does
    with live_server(settings, assistant) as live:
        with live.client() as c:
            deps = c.get("/config").json()["dependencies"]
        fns = {d["api_name"]: d["id"] for d in deps if str(d.get("api_name", "")).startswith("respond")}
        assert len(fns) == 3, fns  # question.submit, send.click, example_select().then
        try:
            yield Busy(live, assistant, fns)
        finally:
            assistant.release.set()


@dataclass
class Job:
    """One question put on gradio's queue the way the page does it: queue/join, then the session's event stream."""

    url: str
    fn_index: int
    session: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    status: int = 0
    body: str = ""
    join_s: float = 0.0
    messages: list[dict[str, Any]] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)

    def join(self) -> None:
        t0 = time.monotonic()
        payload = {"data": [QUESTION, None, None, [], None], "fn_index": self.fn_index,
                   "session_hash": self.session, "event_data": None, "trigger_id": None}
        r = httpx.post(f"{self.url}/gradio_api/queue/join", json=payload, timeout=30)
        self.join_s = time.monotonic() - t0
        self.status, self.body = r.status_code, r.text
        if r.status_code == 200:
            threading.Thread(target=self._listen, daemon=True).start()
        else:
            self.done.set()

    def _listen(self) -> None:
        try:
            with httpx.stream("GET", f"{self.url}/gradio_api/queue/data", params={"session_hash": self.session},
                              timeout=HOLD_S + 30) as r:
                for line in r.iter_lines():
                    if line.startswith("data:"):
                        msg = json.loads(line[5:])
                        self.messages.append(msg)
                        if msg.get("msg") == "process_completed":
                            return
        finally:
            self.done.set()

    def saw(self, kind: str) -> bool:
        return any(m.get("msg") == kind for m in self.messages)

    def final_html(self) -> str:
        done = [m for m in self.messages if m.get("msg") == "process_completed"]
        assert done and done[-1].get("success"), self.messages[-1:]
        return json.dumps(done[-1]["output"]["data"][0], ensure_ascii=False)


def until(check: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def fill_queue(busy: Busy) -> tuple[Job, Job]:
    """One answer running (held), one waiting: gradio's queue (max_size 1) is now full."""
    busy.assistant.reset()
    fns = list(busy.ask_fns.values())
    running = Job(busy.live.url, fns[0])
    running.join()
    assert running.status == 200, running.body
    until(lambda: busy.assistant.running == 1, 30, "the first answer to start")
    # asked through another trigger (the 发送 button): same answering function, same limit
    waiting = Job(busy.live.url, fns[1])
    waiting.join()
    assert waiting.status == 200, waiting.body
    until(lambda: waiting.saw("estimation"), 10, "the second question to be queued")
    return running, waiting


def test_a_full_queue_turns_questions_away_promptly_in_chinese(busy: Busy) -> None:
    running, waiting = fill_queue(busy)
    try:
        overflow = [Job(busy.live.url, fn) for fn in [*busy.ask_fns.values(), *busy.ask_fns.values()]]
        for job in overflow:
            job.join()
        time.sleep(0.5)  # time enough for a second answer to start, were the limit not enforced
        assert busy.assistant.running == 1 and busy.assistant.peak == 1  # the waiting one really waits
    finally:
        busy.assistant.release.set()
    for job in overflow:
        assert job.status == 503, (job.status, job.body)
        assert json.loads(job.body)["detail"] == "系统繁忙,请稍后再试", job.body  # gradio clients show "detail"
        assert job.join_s < PROMPT_S, job.join_s
    # the accepted ones complete, in order, with a real answer
    for job in (running, waiting):
        assert job.done.wait(HOLD_S), job.messages[-1:]
        html = job.final_html()
        assert "jd-ok" in html and "7个工作日" in html, html[:300]
    assert busy.assistant.started == 2 and busy.assistant.peak == 1


def test_the_queue_takes_questions_again_once_it_has_room(busy: Busy) -> None:
    running, waiting = fill_queue(busy)
    refused = Job(busy.live.url, next(iter(busy.ask_fns.values())))
    refused.join()
    busy.assistant.release.set()
    assert refused.status == 503
    for job in (running, waiting):
        assert job.done.wait(HOLD_S)
    again = Job(busy.live.url, next(iter(busy.ask_fns.values())))
    again.join()
    assert again.status == 200, again.body
    assert again.done.wait(HOLD_S)
    assert "7个工作日" in again.final_html()


def test_the_browser_shows_the_busy_message_in_chinese(busy: Busy, artifacts: Path) -> None:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By

    from tests.web.test_browser import FINISHED, ask, open_app, wait

    driver = make_driver()
    try:
        open_app(driver, busy.live.url)
        running, waiting = fill_queue(busy)
        try:
            box = driver.find_element(By.CSS_SELECTOR, "#jd-question textarea")
            box.send_keys(QUESTION)
            t0 = time.monotonic()
            driver.find_element(By.ID, "jd-send").click()
            # gradio may show its own busy toast beside ours and group them ("提示 (2)"): read every toast
            def busy_toasts(d: Any) -> str | None:
                text = " ".join(t.text for t in d.find_elements(By.CSS_SELECTOR, "[data-testid=toast-body]"))
                return text if "繁忙" in text else None

            shown = wait(driver, 15).until(busy_toasts)
            shown_after = time.monotonic() - t0
            assert "系统繁忙,请稍后再试" in shown, shown

            def english(d: Any) -> bool:  # the page script rewrites gradio's English toast as it appears
                body = d.find_element(By.TAG_NAME, "body").text.lower()
                return "busy" in body or "please try" in body

            try:
                wait(driver, 3).until(lambda d: not english(d))
            except TimeoutException:
                pytest.fail("English on the page: " + driver.find_element(By.TAG_NAME, "body").text)
            driver.save_screenshot(str(artifacts / "busy_toast.png"))
            assert shown_after < PROMPT_S + 2, shown_after
            assert busy.assistant.started == 1  # the browser's question was not run behind the user's back
        finally:
            busy.assistant.release.set()
        for job in (running, waiting):
            assert job.done.wait(HOLD_S)
        # with room again, the same page answers
        msg = ask(driver, QUESTION)
        assert "jd-ok" in (msg.get_attribute("class") or "") and "7个工作日" in msg.text
        assert driver.find_elements(By.CSS_SELECTOR, FINISHED)
    finally:
        driver.quit()


def make_driver() -> Any:
    """Debian's headless chromium, as tests/web/test_browser.py drives it (its own instance: quit here)."""
    from tests.web.test_browser import make_chromium

    return make_chromium()
