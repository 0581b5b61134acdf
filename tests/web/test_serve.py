"""`python app.py` as `make run` starts it: settings from the environment, index built on first start."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from knowledge.config import PROJECT_ROOT
from tests.web.conftest import free_port

DOC = """关于公务接待用餐标准的规定

一、公务接待用餐标准为每人每餐不超过120元。

二、接待对象在10人以内的,陪餐人数不得超过3人。
"""


def test_app_py_builds_the_index_on_a_fresh_data_dir_and_serves(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "900_reception.txt").write_text(DOC, encoding="utf-8")
    port = free_port()
    env = {**os.environ, "JIANDU_DATA_DIR": str(tmp_path / "data"), "JIANDU_DOCS_DIR": str(docs),
           "JIANDU_HOST": "127.0.0.1", "JIANDU_PORT": str(port), "JIANDU_ROOT_PATH": "/jiandu",
           "JIANDU_CONCURRENCY": "2"}
    env.pop("JIANDU_AUTH", None)
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = httpx.get(f"{url}/api/health", timeout=5)
                if health.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        assert health is not None and health.status_code == 200, proc.stderr.read() if proc.poll() is not None else ""
        assert health.json()["docs"] == 1
        docs_list = httpx.get(f"{url}/api/docs", timeout=30).json()["docs"]
        assert [d["doc_id"] for d in docs_list] == ["900_reception"]
        ans = httpx.post(f"{url}/api/ask", json={"question": "公务接待用餐标准是什么?"}, timeout=60).json()
        assert {c["doc_id"] for c in ans["citations"] + ans["related"]} == {"900_reception"}
        config = httpx.get(f"{url}/config", timeout=30)
        assert config.status_code == 200 and config.json()["root"].endswith("/jiandu")
        assert "监督制度问答助手" in httpx.get(url, timeout=30).text
        # gradio's copy of an upload is kept inside the data dir, not in /tmp/gradio
        up = httpx.post(f"{url}/gradio_api/upload", files={"files": ("a.txt", b"x")}, timeout=30)
        assert up.status_code == 200, up.text
        assert Path(up.json()[0]).resolve().is_relative_to((tmp_path / "data").resolve()), up.text
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert "尚未建立索引" in err and "已启动" in err and f":{port}/jiandu" in err
    assert (tmp_path / "data" / "index" / "CURRENT").is_file()
