"""JIANDU_CHROMA_TOKEN against a real Chroma server with token authentication on.

chromadb 1.x's `chroma run` (the Rust server) has no token authentication of its own (chroma-core/chroma#4965);
chromadb's Python server does (`chromadb.app:app` under uvicorn, with CHROMA_SERVER_AUTHN_PROVIDER =
TokenAuthenticationServerProvider), so that is the server started here, on 127.0.0.1. A real ingest and a
real question go through it with the token; without the token, or with a wrong one, the server refuses and
we say so in Chinese.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.service import Assistant
from knowledge.config import PROJECT_ROOT, Settings
from knowledge.errors import ConfigError
from knowledge.index import load_index
from knowledge.ingest import ingest
from tests.scale.conftest import child_env, free_port, stop, wait_for_heartbeat

TOKEN = "jiandu-test-token-6f2c"
SHORT_DOC = "003_9a4cdc55fac0c220"


@pytest.fixture(scope="module")
def token_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("chroma-token")
    port = free_port()
    env = child_env()
    env.update({"CHROMA_SERVER_AUTHN_PROVIDER": "chromadb.auth.token_authn.TokenAuthenticationServerProvider",
                "CHROMA_SERVER_AUTHN_CREDENTIALS": TOKEN, "IS_PERSISTENT": "TRUE",
                "PERSIST_DIRECTORY": str(root / "db")})
    log = open(root / "server.log", "wb")  # closed in the finally below
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "chromadb.app:app", "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_heartbeat(proc, url, root / "server.log", 90)
        yield url
    finally:
        stop(proc)
        log.close()


def _settings(tmp_path: Path, url: str, token: str) -> Settings:
    source = tmp_path / "src"
    source.mkdir(exist_ok=True)
    shutil.copy(PROJECT_ROOT / "knowledge" / "docs" / f"{SHORT_DOC}.txt", source)
    return Settings(data_dir=tmp_path / "data", docs_dir=source, chroma_url=url, chroma_token=token)


def test_the_server_refuses_requests_without_the_token(token_server: str) -> None:
    with httpx.Client(base_url=token_server, trust_env=False, timeout=10) as c:
        path = "/api/v2/tenants/default_tenant/databases/default_database/collections"
        assert c.get(path).status_code in (401, 403)
        assert c.get(path, headers={"Authorization": "Bearer wrong"}).status_code in (401, 403)
        assert c.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_ingest_and_answer_through_a_server_with_token_auth(token_server: str, tmp_path: Path) -> None:
    settings = _settings(tmp_path, token_server, TOKEN)
    report = ingest(settings)
    assert report.changed and report.docs == 1 and not report.failed
    index = load_index(settings)
    assert type(index.collection).__name__ == "Collection" and index.collection.count() == len(index.clauses)
    answer = Assistant(settings).ask("干部离任交接有哪些要求?").to_dict()
    assert answer["retrieved"]


@pytest.mark.parametrize("token,said", [("", "请设置 JIANDU_CHROMA_TOKEN"), ("wrong-token", "访问令牌不正确")])
def test_a_missing_or_wrong_token_is_named_in_chinese(token_server: str, tmp_path: Path, token: str,
                                                      said: str) -> None:
    with pytest.raises(ConfigError, match=said):
        ingest(_settings(tmp_path, token_server, token))
