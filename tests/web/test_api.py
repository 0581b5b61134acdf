"""The HTTP API against a real server: ask, docs, uploads, health, errors, limits."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import httpx
import pytest

from knowledge.config import Settings
from tests.conftest import DOC_IDS
from tests.web.conftest import Live, copy_data, live_server


def test_ask_returns_the_ask_json_with_citations(live: Live) -> None:
    with live.client() as c:
        r = c.post("/api/ask", json={"question": "干部离任时工作交接有什么时限要求?"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"question", "answer", "refused", "citations", "retrieved", "timings_ms"}
    assert body["refused"] is False
    assert "7个工作日" in body["answer"]
    cite = body["citations"][0]
    assert set(cite) >= {"n", "doc_id", "doc_title", "issuer", "level", "clause_id", "path", "quote", "score"}
    assert cite["doc_id"] == "001_ad443106805678c7"
    assert f"[{cite['n']}]" in body["answer"]


def test_ask_follows_up_on_history(live: Live) -> None:
    first = "乡镇党政正职可以同时请假外出吗?"
    with live.client() as c:
        a1 = c.post("/api/ask", json={"question": first}).json()
        history = [{"role": "user", "content": first}, {"role": "assistant", "content": a1["answer"]}]
        r = c.post("/api/ask", json={"question": "那县直单位呢?", "history": history})
    assert r.status_code == 200, r.text
    body = r.json()
    assert not body["refused"]
    assert "县直单位" in body["answer"] and "请假" in body["answer"]


def test_ask_restricted_to_documents(live: Live) -> None:
    with live.client() as c:
        r = c.post("/api/ask", json={"question": "干部离任时工作交接有什么时限要求?",
                                     "doc_ids": ["003_9a4cdc55fac0c220"]})
    assert r.status_code == 200
    assert all(c["doc_id"] == "003_9a4cdc55fac0c220" for c in r.json()["citations"])


def test_ask_refuses_what_the_documents_do_not_cover(live: Live) -> None:
    with live.client() as c:
        body = c.post("/api/ask", json={"question": "今天食堂几点开饭?"}).json()
    assert body["refused"] is True
    assert "未找到" in body["answer"]


@pytest.mark.parametrize(("payload", "status", "message"), [
    ({"question": ""}, 400, "问题不能为空"),
    ({"question": "   "}, 400, "问题不能为空"),
    ({}, 400, "问题不能为空"),
    ({"question": "问" * 501}, 413, "问题过长"),
    ({"question": "请假", "doc_ids": ["no_such_doc"]}, 400, "no_such_doc"),
    ({"question": "请假", "history": [{"role": "system", "content": "x"}]}, 400, "请求格式错误"),
    ({"question": 12}, 400, "请求格式错误"),
])
def test_ask_errors_are_json_with_status(live: Live, payload: dict, status: int, message: str) -> None:
    with live.client() as c:
        r = c.post("/api/ask", json=payload)
    assert r.status_code == status, r.text
    assert message in r.json()["error"]


def test_ask_rejects_malformed_and_oversized_bodies(live: Live) -> None:
    with live.client() as c:
        bad = c.post("/api/ask", content=b"{not json", headers={"content-type": "application/json"})
        big = c.post("/api/ask", json={"question": "请假", "history": [{"role": "user", "content": "字" * 19000}] * 10})
        many = c.post("/api/ask", json={"question": "请假", "history": [{"role": "user", "content": "x"}] * 41})
    assert bad.status_code == 400 and "请求格式错误" in bad.json()["error"]
    assert big.status_code == 413 and "请求过大" in big.json()["error"]
    assert many.status_code == 413 and "对话历史过长" in many.json()["error"]


def test_unknown_routes_and_methods_answer_json(live: Live) -> None:
    with live.client() as c:
        missing = c.get("/api/nothing")
        wrong = c.get("/api/ask")
    assert missing.status_code == 404 and missing.json() == {"error": "没有这个接口或资源"}
    assert wrong.status_code == 405 and wrong.json() == {"error": "不支持该请求方法"}


def test_docs_lists_the_knowledge_base(live: Live) -> None:
    with live.client() as c:
        docs = c.get("/api/docs").json()["docs"]
        one = c.get(f"/api/docs/{DOC_IDS[1]}")
        missing = c.get("/api/docs/nope")
    ids = {d["doc_id"] for d in docs}
    assert set(DOC_IDS) <= ids
    d = next(d for d in docs if d["doc_id"] == "001_ad443106805678c7")
    assert d["title"] == "关于构建从严管理监督干部体系的实施意见" and d["issuer"] == "泾县县委组织部"
    assert d["clause_count"] > 0 and isinstance(d["warnings"], list)
    assert one.status_code == 200 and len(one.json()["clauses"]) == one.json()["doc"]["clause_count"]
    assert missing.status_code == 404 and "nope" in missing.json()["error"]


def test_health_ok(live: Live) -> None:
    with live.client() as c:
        r = c.get("/api/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["docs"] >= len(DOC_IDS)


def test_upload_then_ask_then_remove(corpus_settings: Settings, tmp_path: Path) -> None:
    settings = copy_data(corpus_settings, tmp_path / "data")
    text = ("关于规范公务用车加油卡管理的通知\n\n"
            "一、公务用车加油卡实行一车一卡,由机关事务服务中心统一办理。\n\n"
            "二、加油卡每次充值金额不得超过2000元,充值须经分管领导审批。\n")
    with live_server(settings) as srv, srv.client() as c:
        r = c.post("/api/docs", files=[("files", ("../../加油卡 管理.txt", text.encode(), "text/plain")),
                                       ("files", ("evil.exe", b"MZ", "application/octet-stream"))])
        assert r.status_code == 200, r.text
        body = r.json()
        doc_id = body["report"]["added"][0]
        assert doc_id == "加油卡_管理"
        assert [x["name"] for x in body["refused"]] == ["evil.exe"] and "不支持" in body["refused"][0]["reason"]
        assert (settings.data_dir / "uploads" / "加油卡_管理.txt").is_file()
        ans = c.post("/api/ask", json={"question": "加油卡每次充值金额有什么限制?"}).json()
        assert ans["citations"] and ans["citations"][0]["doc_id"] == doc_id
        assert "2000元" in ans["answer"]
        gone = c.delete(f"/api/docs/{doc_id}")
        assert gone.status_code == 200 and doc_id in gone.json()["report"]["removed"]
        assert doc_id not in {d["doc_id"] for d in c.get("/api/docs").json()["docs"]}
        assert c.delete(f"/api/docs/{doc_id}").status_code == 404


def test_upload_limits(corpus_settings: Settings, tmp_path: Path) -> None:
    settings = copy_data(corpus_settings, tmp_path / "data").with_(max_upload_mb=0.01)  # 10 KB
    big = ("条款内容。" * 2000).encode()
    with live_server(settings) as srv, srv.client() as c:
        one_big = c.post("/api/docs", files=[("files", ("big.txt", big, "text/plain"))])
        assert one_big.status_code == 413 and "过大" in one_big.json()["error"]

        def chunks():  # no Content-Length: the server counts the bytes as they come
            body = (b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n\r\n"
                    + big * 200 + b"\r\n--b--\r\n")
            for i in range(0, len(body), 65536):
                yield body[i : i + 65536]

        streamed = c.post("/api/docs", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
        assert streamed.status_code == 413 and "过大" in streamed.json()["error"]
        not_form = c.post("/api/docs", json={"files": []})
        assert not_form.status_code == 400 and "multipart" in not_form.json()["error"]
        broken = c.post("/api/docs", content=b"--b\r\ngarbage", headers={"content-type": "multipart/form-data; boundary=b"})
        assert broken.status_code == 400 and "error" in broken.json()
        assert not (settings.data_dir / "uploads").exists()


def test_busy_server_answers_503(corpus_settings: Settings, tmp_path: Path) -> None:
    """One slot, one waiting place, a short wait: of five simultaneous questions some get 503 in Chinese."""
    from assistant.service import Assistant

    class SlowAssistant(Assistant):
        def ask(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            time.sleep(1.0)
            return super().ask(*args, **kwargs)

    settings = copy_data(corpus_settings, tmp_path / "data").with_(concurrency=1, queue_size=1)
    results: list[httpx.Response] = []
    with live_server(settings, SlowAssistant(settings), api_wait_s=0.3) as srv:
        def one() -> None:
            with srv.client() as c:
                results.append(c.post("/api/ask", json={"question": "干部离任时工作交接有什么时限要求?"}))

        threads = [threading.Thread(target=one) for _ in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    codes = sorted(r.status_code for r in results)
    assert codes.count(200) >= 1 and codes.count(503) >= 3, codes
    assert all(r.json() == {"error": "系统繁忙,请稍后再试"} for r in results if r.status_code == 503)


def test_health_reports_a_missing_index(tmp_path: Path) -> None:
    with live_server(Settings(data_dir=tmp_path / "empty")) as srv, srv.client() as c:
        r = c.get("/api/health")
        ask = c.post("/api/ask", json={"question": "请假"})
        page = c.get("/")
    assert r.status_code == 503 and r.json()["status"] == "missing" and "jiandu ingest" in r.json()["message"]
    assert ask.status_code == 503 and "尚未建立索引" in ask.json()["error"]
    assert page.status_code == 200  # the page still loads and shows the message


def test_health_reports_a_damaged_index(corpus_settings: Settings, tmp_path: Path) -> None:
    from knowledge.index import current_generation, index_root

    settings = copy_data(corpus_settings, tmp_path / "data")
    gen_dir = index_root(settings) / str(current_generation(settings))
    (gen_dir / "clauses.jsonl").write_text("{broken\n", encoding="utf-8")
    with live_server(settings) as srv, srv.client() as c:
        r = c.get("/api/health")
        ask = c.post("/api/ask", json={"question": "请假"})
    assert r.status_code == 503
    assert r.json() == {"status": "damaged", "message": "条款文件损坏,请运行 jiandu ingest --rebuild 重建索引"}
    assert ask.status_code == 503 and "损坏" in ask.json()["error"]


def test_feedback_export_is_gold_schema(live: Live) -> None:
    from web.feedback import record_feedback

    with live.client() as c:
        ans = c.post("/api/ask", json={"question": "“五个必谈”是指哪五种情况?"}).json()
        record_feedback(live.settings, "up", {"question": ans["question"], "answer": ans})
        r = c.get("/api/feedback/export")
    assert r.status_code == 200
    items = [json.loads(line) for line in r.text.splitlines()]
    item = next(i for i in items if i["question"] == "“五个必谈”是指哪五种情况?")
    assert item["answerable"] is True and item["source_doc"] == ans["citations"][0]["doc_id"]
    assert item["source_quote"] == ans["citations"][0]["quote"]
