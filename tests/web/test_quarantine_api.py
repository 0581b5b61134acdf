"""Over HTTP: a failed upload is listed (GET /api/docs, GET /api/quarantine) and DELETE removes it (was 404);
an administrator can ask a running ingest to stop (POST /api/ingest/cancel), others cannot."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from knowledge.config import Settings
from tests.web.conftest import Live, copy_data, live_server

ADMIN, USER = ("root", "pw-root"), ("clerk", "pw-clerk")


@pytest.fixture(scope="module")
def server(corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    settings = copy_data(corpus_settings, tmp_path_factory.mktemp("quarantine") / "data").with_(
        auth=f"{ADMIN[0]}:{ADMIN[1]},{USER[0]}:{USER[1]}", admins=ADMIN[0])
    with live_server(settings) as srv:
        yield srv


def test_a_failed_upload_is_listed_and_deletable(server: Live) -> None:
    with server.client(auth=httpx.BasicAuth(*ADMIN)) as c:
        up = c.post("/api/docs", files={"files": ("坏的.docx", b"PK\x03\x04 not really a zip", "application/zip")})
        assert up.status_code == 200 and [f["name"] for f in up.json()["report"]["failed"]] == ["坏的.docx"]
        listed = c.get("/api/docs").json()["quarantined"]
        assert [q["doc_id"] for q in listed] == ["坏的"] and listed[0]["reason"]
        assert c.get("/api/quarantine").json()["quarantined"] == listed
        with server.client(auth=httpx.BasicAuth(*USER)) as clerk:
            assert clerk.delete("/api/docs/坏的").status_code == 403
        gone = c.delete("/api/docs/坏的")
        assert gone.status_code == 200 and gone.json()["quarantine_removed"] == ["坏的.docx"]
        assert c.get("/api/docs").json()["quarantined"] == []
        assert c.delete("/api/docs/坏的").status_code == 404


def test_cancel_is_for_administrators(server: Live) -> None:
    with server.client(auth=httpx.BasicAuth(*USER)) as clerk:
        r = clerk.post("/api/ingest/cancel")
        assert r.status_code == 403 and "管理员" in r.json()["error"]
    with server.client(auth=httpx.BasicAuth(*ADMIN)) as c:
        r = c.post("/api/ingest/cancel")
        assert r.status_code == 200 and r.json()["cancelled"] is False  # nothing running
    assert not (server.settings.data_dir / "ingest.cancel").exists()
