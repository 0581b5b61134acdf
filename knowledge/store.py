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

from assistant.errors import ConfigError, IndexDamagedError

_lock = threading.Lock()


def _chroma_settings() -> Any:
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=False)


@cache
def _persistent(path: str) -> Any:
    import chromadb

    return chromadb.PersistentClient(path=path, settings=_chroma_settings())


@cache
def _http(url: str) -> Any:
    import chromadb

    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(f"JIANDU_CHROMA_URL=“{url}” 无效,应形如 http://127.0.0.1:8000")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    return chromadb.HttpClient(host=parsed.hostname, port=port, ssl=parsed.scheme == "https",
                               settings=_chroma_settings())


def client(chroma_url: str, gen_dir: Path) -> Any:
    with _lock:
        if chroma_url:
            return _http(chroma_url)
        return _persistent(str(gen_dir / "chroma"))


def collection_name(generation: str) -> str:
    return f"jiandu_{generation}"


def create_collection(chroma_url: str, gen_dir: Path, generation: str) -> Any:
    c = client(chroma_url, gen_dir)
    return c.get_or_create_collection(
        collection_name(generation), embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )


def open_collection(chroma_url: str, gen_dir: Path, generation: str) -> Any:
    try:
        return client(chroma_url, gen_dir).get_collection(collection_name(generation), embedding_function=None)
    except ConfigError:
        raise
    except Exception as exc:  # chromadb raises several unrelated types for a missing or broken store
        raise IndexDamagedError(f"向量库无法打开({type(exc).__name__}),请运行 jiandu ingest --rebuild 重建索引") from exc


def drop_collection(chroma_url: str, gen_dir: Path, generation: str) -> None:
    if not chroma_url:
        return  # embedded stores go with their generation directory
    try:
        client(chroma_url, gen_dir).delete_collection(collection_name(generation))
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
