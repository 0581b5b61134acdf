"""Chroma access: embedded (`PersistentClient`, one per path) or a server (`HttpClient`), same code.

We always pass our own vectors: chromadb never gets to choose an embedding function (its default
downloads a model), and its telemetry is off.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from knowledge.errors import ConfigError, IndexDamagedError

_lock = threading.Lock()


def _chroma_settings(token: str = "") -> Any:
    from chromadb.config import Settings

    if token:  # the server's token authentication (Authorization: Bearer <token>)
        return Settings(anonymized_telemetry=False, allow_reset=False,
                        chroma_client_auth_provider="chromadb.auth.token_authn.TokenAuthClientProvider",
                        chroma_client_auth_credentials=token)
    return Settings(anonymized_telemetry=False, allow_reset=False)


@cache
def _persistent(path: str) -> Any:
    import chromadb

    return chromadb.PersistentClient(path=path, settings=_chroma_settings())


@cache
def _http(url: str, token: str = "") -> Any:
    import chromadb
    from chromadb.errors import ChromaAuthError

    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(f"JIANDU_CHROMA_URL=“{url}” 无效,应形如 http://127.0.0.1:8000")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        return chromadb.HttpClient(host=parsed.hostname, port=port, ssl=parsed.scheme == "https",
                                   settings=_chroma_settings(token))
    except ChromaAuthError as exc:  # the client asks who it is when it is made: a refused token shows here
        hint = "访问令牌不正确" if token else "该服务器要求访问令牌,请设置 JIANDU_CHROMA_TOKEN"
        raise ConfigError(f"Chroma 服务器 {url} 拒绝访问:{hint}") from exc


def client(chroma_url: str, gen_dir: Path, token: str = "") -> Any:
    with _lock:
        if chroma_url:
            return _http(chroma_url, token)
        return _persistent(str(gen_dir / "chroma"))


def collection_name(generation: str) -> str:
    return f"jiandu_{generation}"


def create_collection(chroma_url: str, gen_dir: Path, generation: str, token: str = "") -> Any:
    c = client(chroma_url, gen_dir, token)
    return c.get_or_create_collection(
        collection_name(generation), embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )


def open_collection(chroma_url: str, gen_dir: Path, generation: str, token: str = "") -> Any:
    try:
        return client(chroma_url, gen_dir, token).get_collection(collection_name(generation), embedding_function=None)
    except ConfigError:
        raise
    except Exception as exc:  # chromadb raises several unrelated types for a missing or broken store
        raise IndexDamagedError(f"向量库无法打开({type(exc).__name__}),请运行 jiandu ingest --rebuild 重建索引") from exc


def drop_collection(chroma_url: str, gen_dir: Path, generation: str, token: str = "") -> None:
    if not chroma_url:
        return  # embedded stores go with their generation directory
    try:
        client(chroma_url, gen_dir, token).delete_collection(collection_name(generation))
    except Exception:  # already gone: nothing to drop
        pass


def add_vectors(collection: Any, ids: list[str], vectors: np.ndarray, metadatas: list[dict[str, Any]],
                batch: int = 2000) -> None:
    for i in range(0, len(ids), batch):
        collection.add(ids=ids[i : i + batch], embeddings=vectors[i : i + batch],
                       metadatas=metadatas[i : i + batch])


def get_vectors(collection: Any, ids: list[str], batch: int = 2000) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for i in range(0, len(ids), batch):
        got = collection.get(ids=ids[i : i + batch], include=["embeddings"])
        for cid, vec in zip(got["ids"], got["embeddings"], strict=True):
            out[cid] = np.asarray(vec, dtype=np.float32)
    return out


class ExactSearch:
    """A Chroma collection whose `query` is answered by one dot product over vectors held in memory.

    Chroma stays the store of record (ingest writes there, `count`/`get` and every other call go
    to it); only the nearest-neighbour search is done here. Up to some tens of thousands of clauses
    an exact numpy search is faster than a round trip through Chroma's HNSW and never misses a
    neighbour; `knowledge.index.EXACT_SEARCH_MAX` says up to what size it is used (see bench/README).
    Supports what retrieval asks: one or more query vectors, `n_results`, and
    `where={"doc_id": {"$in": [...]}}` (or `{"doc_id": "..."}`); anything else goes to Chroma.
    """

    def __init__(self, collection: Any, ids: list[str], doc_ids: list[str], vectors: np.ndarray) -> None:
        self._collection = collection
        self._ids_array = np.asarray(ids, dtype=object)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self.vectors = np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)
        rows: dict[str, list[int]] = {}
        for i, d in enumerate(doc_ids):
            rows.setdefault(d, []).append(i)
        self._doc_rows = {d: np.asarray(r, dtype=np.int64) for d, r in rows.items()}

    @classmethod
    def load(cls, collection: Any, ids: list[str], doc_ids: list[str], page: int = 5000) -> ExactSearch:
        """Read all vectors of `collection` once, in the order of `ids`."""
        row_of = {cid: i for i, cid in enumerate(ids)}
        vectors: np.ndarray | None = None
        seen = 0
        for offset in range(0, len(ids), page):
            got = collection.get(include=["embeddings"], limit=page, offset=offset)
            if not len(got["ids"]):
                break
            block = np.asarray(got["embeddings"], dtype=np.float32)
            if vectors is None:
                vectors = np.zeros((len(ids), block.shape[1]), dtype=np.float32)
            vectors[[row_of[cid] for cid in got["ids"]]] = block
            seen += len(got["ids"])
        if seen != len(ids):
            raise IndexDamagedError(f"向量库中有 {seen} 条向量,应为 {len(ids)} 条;请运行 jiandu ingest --rebuild 重建索引")
        return cls(collection, ids, doc_ids, vectors if vectors is not None else np.zeros((0, 0), np.float32))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._collection, name)

    @staticmethod
    def _wanted(where: dict[str, Any] | None) -> list[str] | None:
        """Doc ids a `where` filter allows; None when it is not one we answer (Chroma then does)."""
        if set(where or {}) != {"doc_id"}:
            return None
        cond = (where or {})["doc_id"]
        if isinstance(cond, str):
            return [cond]
        if isinstance(cond, dict) and set(cond) == {"$in"}:
            return [str(d) for d in cond["$in"]]
        return None

    def query(self, query_embeddings: Any, n_results: int = 10, where: dict[str, Any] | None = None,
              include: Any = ("distances",), **kwargs: Any) -> dict[str, Any]:
        wanted = self._wanted(where) if where else []
        if wanted is None or kwargs or not set(include) <= {"distances"}:
            return self._collection.query(query_embeddings=query_embeddings, n_results=n_results, where=where,
                                          include=list(include), **kwargs)
        rows: np.ndarray | None = None
        if where:
            parts = [self._doc_rows[d] for d in dict.fromkeys(wanted) if d in self._doc_rows]
            rows = np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
        q = np.asarray(query_embeddings, dtype=np.float32).reshape(-1, self.vectors.shape[1])
        q = q / np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)
        matrix = self.vectors if rows is None else self.vectors[rows]
        out_ids: list[list[str]] = []
        out_dist: list[list[float]] = []
        for scores in q @ matrix.T if len(matrix) else np.zeros((len(q), 0), np.float32):
            n = min(n_results, len(scores))
            if n == 0:
                out_ids.append([])
                out_dist.append([])
                continue
            top = np.argpartition(-scores, n - 1)[:n]
            top = top[np.lexsort((top, -scores[top]))]  # best first; ties by row, so runs are repeatable
            picked = top if rows is None else rows[top]
            out_ids.append(self._ids_array[picked].tolist())
            out_dist.append((1.0 - scores[top]).astype(float).tolist())
        return {"ids": out_ids, "distances": out_dist, "embeddings": None, "documents": None, "metadatas": None,
                "uris": None, "data": None, "included": ["distances"]}
