"""The clause index on disk, read side: generations, manifest, clauses, BM25 and Chroma.

Layout under `<data_dir>/index/`:
    CURRENT                 name of the generation in service (switched with os.replace)
    <generation>/manifest.json, clauses.jsonl, tokens.txt.gz, bm25/, chroma/ (embedded mode)
An ingest writes a whole new generation beside the old one and switches CURRENT last, so a
crash at any moment leaves the previous index in service.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from knowledge import sentence_vectors, store
from knowledge.config import Settings
from knowledge.errors import IndexDamagedError, IndexMismatchError, IndexMissingError
from knowledge.types import Clause, DocInfo

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
CLAUSES = "clauses.jsonl"
BM25_DIR = "bm25"
# The BM25 tokens of each clause, one line per clause in clauses.jsonl order, space-separated, gzipped: a cache
# the next ingest reuses for unchanged clauses (missing or damaged: it tokenises them again).
TOKENS = "tokens.txt.gz"
FORMAT_VERSION = 1
# Embedded mode answers dense queries with an exact numpy search over vectors read once from Chroma
# (store.ExactSearch) up to this many clauses; above it, and always with a Chroma server, Chroma's
# HNSW index does. bench/growth.py measures both: exact wins up to ~15k clauses (0.2 ms against
# 1-7 ms at 150-1,000), they are level near 20k (~2 ms), and HNSW wins above (3.2 ms against 1.6 at 30k).
EXACT_SEARCH_MAX = 20_000


def index_root(settings: Settings) -> Path:
    return settings.data_dir / "index"


def current_generation(settings: Settings) -> str | None:
    try:
        name = (index_root(settings) / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def set_current(settings: Settings, generation: str) -> None:
    root = index_root(settings)
    tmp = root / f"CURRENT.{os.getpid()}.tmp"
    try:
        tmp.write_text(generation, encoding="utf-8")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, root / "CURRENT")
    except OSError:
        tmp.unlink(missing_ok=True)  # a full disk leaves no stray file
        raise
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)  # make the rename itself durable
    finally:
        os.close(fd)


def read_manifest(gen_dir: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((gen_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexDamagedError("索引清单损坏或缺失,请运行 jiandu ingest --rebuild 重建索引") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise IndexDamagedError("索引格式版本不符,请运行 jiandu ingest --rebuild 重建索引")
    docs = manifest.get("docs")
    if not (isinstance(manifest.get("embedder"), str) and isinstance(manifest.get("clause_count"), int)
            and isinstance(docs, dict) and all(isinstance(d, dict) for d in docs.values())):
        raise IndexDamagedError("索引清单内容不完整,请运行 jiandu ingest --rebuild 重建索引")
    return manifest


def read_clauses(gen_dir: Path) -> list[Clause]:
    try:
        with open(gen_dir / CLAUSES, encoding="utf-8") as fh:
            return [Clause.from_dict(json.loads(line)) for line in fh if line.strip()]
    except (OSError, ValueError, KeyError) as exc:
        raise IndexDamagedError("条款文件损坏,请运行 jiandu ingest --rebuild 重建索引") from exc


@dataclass
class Index:
    """A loaded generation: everything a query needs, held in memory except the vectors."""

    settings: Settings
    generation: str
    manifest: dict[str, Any]
    clauses: list[Clause]
    docs: dict[str, DocInfo]
    bm25: Any
    collection: Any
    sentences: sentence_vectors.SentenceVectors | None = None  # None: made before them, clause vectors only
    by_id: dict[str, Clause] = field(default_factory=dict)
    row_of: dict[str, int] = field(default_factory=dict)
    doc_rows: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {c.id: c for c in self.clauses}
        self.row_of = {c.id: i for i, c in enumerate(self.clauses)}
        rows: dict[str, list[int]] = {}
        for i, c in enumerate(self.clauses):
            rows.setdefault(c.doc_id, []).append(i)
        self.doc_rows = {d: np.asarray(r, dtype=np.int64) for d, r in rows.items()}

    @cached_property
    def fulltext(self) -> str:
        """All clause texts, for exact phrase look-ups such as named sets."""
        return "\n".join(c.text for c in self.clauses)

    @property
    def embedder_name(self) -> str:
        return str(self.manifest["embedder"])

    def flagged(self, clause_id: str) -> str | None:
        """Why the clause reads as an instruction aimed at a model or a reader ("忽略以上所有规定", "系统提示",
        "回答:…"), set at ingest by knowledge/flags.py; None for an ordinary clause or an unknown id.
        A flagged clause must never be quoted as a rule."""
        clause = self.by_id.get(clause_id)
        return clause.flag if clause is not None and clause.flag else None

    def doc_clauses(self, doc_id: str) -> list[Clause]:
        return [self.clauses[i] for i in self.doc_rows.get(doc_id, [])]

    def neighbours(self, clause: Clause, same_heading: bool = True) -> list[Clause]:
        """Clauses of the same document that share the clause's parent heading, in order."""
        parent = clause.path[:-1] if clause.path else ()
        return [c for c in self.doc_clauses(clause.doc_id)
                if not same_heading or c.path[: len(parent)] == parent]


def _load_bm25(gen_dir: Path) -> Any:
    import bm25s

    try:
        return bm25s.BM25.load(str(gen_dir / BM25_DIR), show_progress=False, verbosity=0)
    except (OSError, ValueError, KeyError) as exc:
        raise IndexDamagedError("词法索引损坏,请运行 jiandu ingest --rebuild 重建索引") from exc


def load_index(settings: Settings, check_embedder: bool = True) -> Index:
    """Open the generation in service; fail with a clear message when it is missing or damaged."""
    generation = current_generation(settings)
    if generation is None:
        raise IndexMissingError("尚未建立索引,请先运行 jiandu ingest(或 make run 自动建立)")
    gen_dir = index_root(settings) / generation
    manifest = read_manifest(gen_dir)
    if check_embedder:
        from knowledge.embed import embedder_label

        wanted = embedder_label(settings)
        if manifest["embedder"] != wanted:
            raise IndexMismatchError(
                f"索引由 {manifest['embedder']} 构建,当前配置为 {wanted};请运行 jiandu ingest --rebuild"
            )
    clauses = read_clauses(gen_dir)
    if len(clauses) != manifest["clause_count"]:
        raise IndexDamagedError("条款数与索引清单不符,请运行 jiandu ingest --rebuild 重建索引")
    collection = store.open_collection(settings.chroma_url, gen_dir, generation, token=settings.chroma_token)
    try:
        stored = collection.count()
    except Exception as exc:  # a broken sqlite file or an unreachable server
        raise IndexDamagedError(f"向量库无法读取({type(exc).__name__}),请运行 jiandu ingest --rebuild") from exc
    if stored != len(clauses):
        raise IndexDamagedError(
            f"向量库中有 {stored} 条向量,应为 {len(clauses)} 条;请运行 jiandu ingest --rebuild 重建索引"
        )
    if not settings.chroma_url and 0 < len(clauses) <= EXACT_SEARCH_MAX:
        try:
            collection = store.ExactSearch.load(collection, [c.id for c in clauses], [c.doc_id for c in clauses])
        except IndexDamagedError:
            raise
        except Exception as exc:  # a broken sqlite file or an id that is not in clauses.jsonl
            raise IndexDamagedError(f"向量库无法读取({type(exc).__name__}),请运行 jiandu ingest --rebuild") from exc
    bm25 = _load_bm25(gen_dir) if clauses else None
    try:
        docs = {d: DocInfo(**{**info, "warnings": tuple(info.get("warnings", ()))})
                for d, info in manifest["docs"].items()}
    except TypeError as exc:
        raise IndexDamagedError("索引清单内容不完整,请运行 jiandu ingest --rebuild 重建索引") from exc
    sentences = sentence_vectors.read(gen_dir, clauses) if clauses else None
    if clauses and sentences is None:
        log.warning("index %s has no sentence vectors: run jiandu ingest to add them", generation)
    return Index(settings, generation, manifest, clauses, docs, bm25, collection, sentences)


class IndexHolder:
    """The index a long-running process serves; reloads when an ingest switches generations."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._index: Index | None = None
        self._lock = threading.Lock()

    def get(self) -> Index:
        generation = current_generation(self.settings)
        index = self._index
        if index is not None and index.generation == generation:
            return index
        with self._lock:
            if self._index is None or self._index.generation != current_generation(self.settings):
                self._index = load_index(self.settings)
            return self._index
