"""Ingestion, write side: documents -> a new index generation -> atomic switch.

Unchanged documents (same bytes, same embedder) reuse their clauses and vectors, so re-ingesting
does no embedding work; a changed or removed document replaces or removes exactly its clauses.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout

from knowledge import sentence_vectors, store
from knowledge.catalog import FIELDS, UNREGISTERED, CatalogEntry, load_catalogs
from knowledge.config import Settings
from knowledge.embed import Embedder, embedder_label, get_embedder
from knowledge.errors import CancelledError, DiskFullError, IndexDamagedError, JianduError, LockedError
from knowledge.index import (
    BM25_DIR,
    CLAUSES,
    FORMAT_VERSION,
    MANIFEST,
    TOKENS,
    current_generation,
    index_root,
    read_clauses,
    read_manifest,
    set_current,
)
from knowledge.load import SUFFIXES
from knowledge.parse import Parsed, ParseFailure, ParserPool, clause_tokens, passage_text
from knowledge.pipeline import pipeline_fingerprint
from knowledge.sentence_vectors import SENTENCES
from knowledge.types import Clause

__all__ = ["Failure", "IngestReport", "default_sources", "ingest", "list_documents", "passage_text",
           "safe_doc_id", "uploads_dir"]

Progress = Callable[[str, int, int], None]  # (stage, done, total)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    name: str
    reason: str


@dataclass(frozen=True)
class IngestReport:
    changed: bool
    generation: str
    docs: int
    clauses: int
    embedded: int
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    failed: tuple[Failure, ...] = ()
    warnings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    seconds: float = 0.0
    reparsed: tuple[str, ...] = ()  # same file, parsed again because the parser or its dictionary changed
    embedded_sentences: int = 0  # sentence vectors computed (knowledge/sentence_vectors.py), reused ones not counted

    def to_dict(self) -> dict[str, object]:
        return {
            "changed": self.changed, "generation": self.generation, "docs": self.docs,
            "clauses": self.clauses, "embedded": self.embedded, "added": list(self.added),
            "updated": list(self.updated), "removed": list(self.removed), "unchanged": list(self.unchanged),
            "failed": [{"name": f.name, "reason": f.reason} for f in self.failed],
            "warnings": {k: list(v) for k, v in self.warnings.items()}, "seconds": round(self.seconds, 2),
            "reparsed": list(self.reparsed), "embedded_sentences": self.embedded_sentences,
        }


def uploads_dir(settings: Settings) -> Path:
    return settings.data_dir / "uploads"


def quarantine_dir(settings: Settings) -> Path:
    """Uploads that failed, each beside `<name>.reason.json`: never parsed again, listed, deletable."""
    return settings.data_dir / "quarantine"


def cancel_flag(settings: Settings) -> Path:
    """Present while an administrator asks the running ingest to stop (knowledge.manage.cancel_ingest)."""
    return settings.data_dir / "ingest.cancel"


CANCELLED = "入库已被管理员停止,知识库保持原样(未入库的文件仍在上传目录,下次入库时处理)"


def _check_cancel(settings: Settings) -> None:
    if cancel_flag(settings).exists():
        raise CancelledError(CANCELLED)


def _quarantine(settings: Settings, path: Path, reason: str) -> None:
    """Move a failed upload out of the uploads dir, with its reason, so no later ingest parses it again."""
    target_dir = quarantine_dir(settings)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / path.name
    n = 2
    while target.exists():
        target = target_dir / f"{path.stem}_{n}{path.suffix}"
        n += 1
    os.replace(path, target)
    info = {"name": target.name, "reason": reason, "time": time.strftime("%Y-%m-%dT%H:%M:%S")}
    (target_dir / f".{target.name}.reason.json").write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")


def default_sources(settings: Settings) -> list[Path]:
    return [settings.docs_dir, uploads_dir(settings)]


def safe_doc_id(name: str) -> str:
    """A file stem fit to be a doc_id: no path parts, no control or odd characters."""
    stem = Path(name.replace("\\", "/").split("/")[-1]).stem
    stem = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", stem).strip("._")
    return stem[:80] or "document"


def list_documents(sources: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for src in sources:
        if src.is_dir():
            files.extend(p for p in sorted(src.iterdir()) if p.is_file() and not p.name.startswith("."))
    return files


def _excluded(settings: Settings) -> set[str]:
    path = settings.data_dir / "removed.json"
    try:
        return set(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return set()


class _Embedding:
    """Fresh clauses queued for the embedder and embedded a batch at a time, so that batches can run while
    the parser child works on the next file; the embedder is loaded at the first batch."""

    def __init__(self, settings: Settings, embedder: Embedder | None, progress: Progress | None) -> None:
        self.settings, self.embedder, self.progress = settings, embedder, progress
        self.batch = max(1, settings.embed_batch)
        self.queue: deque[Clause] = deque()
        self.queued: set[str] = set()
        self.vectors: dict[str, np.ndarray] = {}
        self.done = 0
        self.sentences_done = 0
        self.bar: Any = None  # tqdm, opened at the first batch; its total grows as files are parsed

    def add(self, clauses: Sequence[Clause], skip: set[str]) -> None:
        for c in clauses:
            if c.id not in skip and c.id not in self.queued:
                self.queued.add(c.id)
                self.queue.append(c)

    @property
    def full(self) -> bool:
        return len(self.queue) >= self.batch

    def one_batch(self) -> None:
        _check_cancel(self.settings)  # between batches: an administrator may stop a long ingest
        chunk = [self.queue.popleft() for _ in range(min(self.batch, len(self.queue)))]
        if not chunk:
            return
        self.embedder = self.embedder or get_embedder(self.settings)
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=self.done + len(chunk) + len(self.queue), desc="嵌入条款", unit="条",
                            disable=None, leave=False)
        rows = self.embedder.embed_passages([passage_text(c) for c in chunk])
        for c, v in zip(chunk, np.asarray(rows, dtype=np.float32), strict=True):
            self.vectors[c.id] = v
        self.done += len(chunk)
        self.bar.total = self.done + len(self.queue)
        self.bar.update(len(chunk))
        if self.progress:
            self.progress("embed", self.done, self.done + len(self.queue))

    def drain(self) -> None:
        while self.queue:
            self.one_batch()
        self.close()

    def sentences(self, clauses: Sequence[Clause], reuse: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Sentence vectors of `clauses` (knowledge/sentence_vectors.py), with a bar of their own."""
        bar: Any = None

        def embed(texts: list[str]) -> np.ndarray:
            _check_cancel(self.settings)
            self.embedder = self.embedder or get_embedder(self.settings)
            self.sentences_done += len(texts)
            return self.embedder.embed_passages(texts)

        def step(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                from tqdm import tqdm

                bar = tqdm(total=total, desc="嵌入句子", unit="句", disable=None, leave=False)
            bar.update(done - bar.n)
            if self.progress:
                self.progress("embed_sentences", done, total)

        try:
            return sentence_vectors.build(clauses, reuse, embed, self.batch, step)
        finally:
            if bar is not None:
                bar.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _warm_imports() -> None:
    """Import the vector store and BM25 libraries (about 1-2 s) while the parser child works."""
    try:
        import bm25s  # noqa: F401
        import chromadb  # noqa: F401
    except Exception:  # noqa: BLE001 - the real import later reports any problem
        pass


def _read_tokens(gen_dir: Path, clauses: list[Clause]) -> dict[str, tuple[str, ...]]:
    """The BM25 tokens a generation stored for its clauses; {} when missing, damaged or not matching."""
    try:
        with gzip.open(gen_dir / TOKENS, "rt", encoding="utf-8", newline="\n") as fh:
            text = fh.read()
    except (OSError, EOFError, ValueError):
        return {}
    lines = text.split("\n")
    if lines[-1] != "" or len(lines) - 1 != len(clauses):
        return {}
    return {c.id: tuple(line.split()) for c, line in zip(clauses, lines, strict=False)}


def _write_bm25(gen_dir: Path, corpus: list[tuple[str, ...]]) -> None:
    """Build the BM25 index from the clauses' tokens (one tuple per clause) and save it, and the tokens."""
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([list(t) or ["\u3000"] for t in corpus], show_progress=False)
    retriever.save(str(gen_dir / BM25_DIR), show_progress=False)
    if any(not tok or any(ch.isspace() for ch in tok) for t in corpus for tok in t):
        return  # not representable space-separated (jieba's tokens never are): the next ingest re-tokenises
    with gzip.open(gen_dir / TOKENS, "wt", encoding="utf-8", compresslevel=6, newline="\n") as fh:
        fh.writelines(" ".join(t) + "\n" for t in corpus)


def _prune(settings: Settings, keep: set[str]) -> None:
    root = index_root(settings)
    for child in root.iterdir():
        if child.is_dir() and child.name not in keep:
            if settings.chroma_url:
                store.drop_collection(settings.chroma_url, child, child.name, token=settings.chroma_token)
            shutil.rmtree(child, ignore_errors=True)


def _prune_incomplete(settings: Settings) -> None:
    """Generation dirs without a manifest were left by an interrupted ingest (we hold the lock)."""
    for child in index_root(settings).iterdir():
        if child.is_dir() and not (child / MANIFEST).exists():
            shutil.rmtree(child, ignore_errors=True)


def _previous(settings: Settings) -> tuple[str | None, dict, list[Clause]]:
    """The generation in service, if it is whole; a damaged one is not reused (the ingest rebuilds)."""
    gen = current_generation(settings)
    if gen is None:
        return None, {}, []
    gen_dir = index_root(settings) / gen
    try:
        manifest, clauses = read_manifest(gen_dir), read_clauses(gen_dir)
        if len(clauses) != manifest["clause_count"] or (clauses and not (gen_dir / BM25_DIR).is_dir()):
            return None, {}, []
        if store.open_collection(settings.chroma_url, gen_dir, gen, token=settings.chroma_token).count() != len(clauses):
            return None, {}, []
    except IndexDamagedError:
        return None, {}, []
    except Exception:  # a broken vector store raises whatever its driver raises
        return None, {}, []
    return gen, manifest, clauses


def ingest(
    settings: Settings,
    sources: Sequence[Path] | None = None,
    rebuild: bool = False,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    max_new_clauses: int | None = None,
) -> IngestReport:
    """Bring the index in line with the documents in `sources` (all of them: absent ones are removed).

    An upload that fails (unreadable, refused by the parser, too many clauses) is moved to the quarantine
    dir with its reason. `max_new_clauses` bounds the clauses this request embeds (web uploads): documents
    past it wait in the uploads dir for the next ingest. Raises CancelledError when an administrator stops it."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    index_root(settings).mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.data_dir / "ingest.lock"))
    try:
        lock.acquire(timeout=settings.lock_timeout_s)
    except Timeout as exc:
        raise LockedError("另一个进程正在写入索引(例如正在入库),请稍后再试") from exc
    try:
        cancel_flag(settings).unlink(missing_ok=True)  # a stop asked of an earlier ingest is not for this one
        return _ingest_locked(settings, sources or default_sources(settings), rebuild, embedder, progress,
                              max_new_clauses)
    except OSError as exc:  # a write outside the generation (a quarantined file's reason …) on a full disk
        if disk_full(exc, settings.data_dir):
            raise DiskFullError(DISK_FULL) from exc
        raise
    finally:
        cancel_flag(settings).unlink(missing_ok=True)
        lock.release()


def _select_files(sources: Sequence[Path], excluded: set[str],
                  fail: Callable[[Path, str], None]) -> dict[str, Path]:
    """The documents to index, by doc_id: supported types, not removed, one file per id."""
    files: dict[str, Path] = {}
    for path in list_documents(sources):
        doc_id = safe_doc_id(path.name)
        if path.suffix.lower() not in SUFFIXES:
            fail(path, f"不支持的文件类型 {path.suffix or '(无扩展名)'}")
        elif doc_id in excluded:
            continue
        elif doc_id in files:
            fail(path, f"与 {files[doc_id].name} 的文档编号 {doc_id} 重复,已跳过")
        else:
            files[doc_id] = path
    return files


@dataclass(frozen=True)
class _Previous:
    """The generation in service as far as this ingest may reuse it: its documents, clauses and ids."""

    gen: str | None
    docs: dict[str, dict]
    clauses: list[Clause]
    by_doc: dict[str, list[Clause]]
    ids: set[str]


def _reusable(settings: Settings, rebuild: bool, label: str) -> _Previous:
    """Plan what can be reused: the generation in service, unless rebuilding or another embedder made it."""
    gen, manifest, clauses = (None, {}, []) if rebuild else _previous(settings)
    if manifest and manifest.get("embedder") != label:
        gen, manifest, clauses = None, {}, []  # another embedder: nothing can be reused
    by_doc: dict[str, list[Clause]] = {}
    for c in clauses:
        by_doc.setdefault(c.doc_id, []).append(c)
    return _Previous(gen, manifest.get("docs", {}), clauses, by_doc, {c.id for c in clauses})


@dataclass(frozen=True)
class _File:
    """One document of this ingest: where it is, what the catalog says of it, the hash of its bytes."""

    doc_id: str
    path: Path
    entry: CatalogEntry
    sha: str


@dataclass
class _Outcome:
    """What the parse loop decides, file by file: the new generation's documents, clauses and BM25 tokens,
    and the lists the report gives. Filled in as the loop goes, hence not frozen."""

    prev: _Previous
    uploads: Path
    docs: dict[str, dict] = field(default_factory=dict)
    clauses: dict[str, list[Clause]] = field(default_factory=dict)
    tokens: dict[str, tuple[str, ...]] = field(default_factory=dict)  # BM25 tokens the parser child made, by clause id
    parsed: list[str] = field(default_factory=list)
    warnings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    reparsed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    quarantined: list[tuple[Path, str]] = field(default_factory=list)  # failed uploads, moved out after the loop

    def fail(self, path: Path, reason: str, doc_id: str | None = None) -> None:
        self.failures.append(Failure(path.name, reason))
        # an upload that never made it into the index goes to quarantine; one indexed before keeps its old
        # clauses (keep_old) and its file, since the failure may be passing (a timeout under load)
        if path.parent.resolve() == self.uploads and (doc_id is None or doc_id not in self.prev.by_doc):
            self.quarantined.append((path, reason))

    def keep_old(self, doc_id: str) -> None:
        """A document that was indexed before but fails now keeps its previous clauses: nothing is lost."""
        old = self.prev.docs.get(doc_id)
        if old is not None and doc_id in self.prev.by_doc:
            self.docs[doc_id] = dict(old)
            self.clauses[doc_id] = self.prev.by_doc[doc_id]
            self.warnings[doc_id] = tuple(old.get("warnings", ())) + ("本次读取失败,保留上一版本",)
            self.unchanged.append(doc_id)

    def removed(self) -> list[str]:
        return sorted(set(self.prev.docs) - set(self.docs))

    def all_clauses(self) -> list[Clause]:
        return [c for doc_id in sorted(self.clauses) for c in self.clauses[doc_id]]


def _ingest_locked(
    settings: Settings, sources: Sequence[Path], rebuild: bool, embedder: Embedder | None,
    progress: Progress | None, max_new_clauses: int | None = None,
) -> IngestReport:
    """The ingest itself, under the lock: plan, parse and embed, then write a generation if anything changed."""
    started = time.perf_counter()
    catalog = load_catalogs(settings.catalog, settings.data_dir)
    label = embedder_label(settings) if embedder is None else embedder.name
    out = _Outcome(_reusable(settings, rebuild, label), uploads_dir(settings).resolve())
    files = _select_files(sources, _excluded(settings), out.fail)
    pipeline = pipeline_fingerprint()
    embedding = _Embedding(settings, embedder, progress)
    _parse_and_embed(settings, files, catalog, pipeline, out, embedding, progress, max_new_clauses)
    _quarantine_failed(settings, out.quarantined)

    old_gen, removed = out.prev.gen, out.removed()
    catalog_same = all(out.prev.docs.get(d, {}).get(k) == out.docs[d].get(k) for d in out.docs for k in FIELDS)
    # a generation made before sentence vectors existed is written anew once, reusing its clause vectors
    upgrade = bool(old_gen and out.prev.clauses and not (index_root(settings) / str(old_gen) / SENTENCES).exists())
    if old_gen and not (out.added or out.updated or out.reparsed or removed or upgrade) and catalog_same:
        _prune_incomplete(settings)
        return _report(out, old_gen, changed=False, embedded=0, started=started)

    embedding.drain()
    written = _Written(label, old_gen, out.prev.clauses, out.prev.ids, out.prev.docs, out.all_clauses(),
                       out.clauses, out.docs, out.tokens, pipeline)
    generation = _write_generation(settings, written, embedding)
    # The previous generation stays for readers still answering from it, until the next ingest; but when
    # documents were removed it goes now, so that a removed document is gone from disk, not just from
    # service (a reader caught mid-query retries on the current generation: Assistant.retrieve_current).
    _prune(settings, {generation} | ({old_gen} if old_gen and not removed else set()))
    return _report(out, generation, changed=True, embedded=len(embedding.vectors), started=started,
                   sentences=embedding.sentences_done)


def _report(out: _Outcome, generation: str, changed: bool, embedded: int, started: float,
            sentences: int = 0) -> IngestReport:
    """Report what this ingest did to each document, what failed and why, and how long it took."""
    return IngestReport(changed, generation, len(out.docs), sum(len(c) for c in out.clauses.values()), embedded,
                        tuple(out.added), tuple(out.updated), tuple(out.removed()), tuple(out.unchanged),
                        tuple(out.failures), out.warnings, time.perf_counter() - started, tuple(out.reparsed),
                        sentences)


def _parse_and_embed(settings: Settings, files: dict[str, Path], catalog: dict[str, CatalogEntry], pipeline: str,
                     out: _Outcome, embedding: _Embedding, progress: Progress | None,
                     max_new_clauses: int | None) -> None:
    """Stream the files through the parser child while the embedder works on the clauses parsed so far;
    unchanged files keep their clauses, each decision lands in `out`."""
    from tqdm import tqdm

    warming: threading.Thread | None = None
    # Parse and embed overlap: while the child parses a file, the embedder works through the clauses of the
    # files before it, a whole batch at a time (the child's time limit runs from the moment it got the file).
    with ParserPool(settings.parse_timeout_s, settings.parse_memory_mb) as pool:
        for n, (doc_id, path) in enumerate(tqdm(files.items(), desc="解析文档", unit="篇", disable=None,
                                                 leave=False)):
            if progress:
                progress("parse", n, len(files))
            _check_cancel(settings)
            data = _read_document(settings, doc_id, path, out)
            if data is None:
                continue
            f = _File(doc_id, path, catalog.get(doc_id, CatalogEntry()), hashlib.sha256(data).hexdigest())
            if _keep_unchanged(f, pipeline, out):
                continue
            if warming is None:  # something will be written: import the stores meanwhile
                warming = threading.Thread(target=_warm_imports, name="jiandu-warm-imports", daemon=True)
                warming.start()
            pool.submit(path.name, doc_id, f.entry.title, data)
            while embedding.full and not pool.ready():
                embedding.one_batch()
            _take_parsed(settings, f, pool.result(), pipeline, out, embedding, max_new_clauses)
        _collect_tokens(settings, pool, out, embedding)


def _read_document(settings: Settings, doc_id: str, path: Path, out: _Outcome) -> bytes | None:
    """The file's bytes, or None when it is too large or unreadable (then it failed and keeps its old clauses)."""
    try:
        size = path.stat().st_size
        if size > settings.max_upload_bytes:
            raise JianduError(settings.too_large(size))
        return path.read_bytes()
    except (OSError, JianduError) as exc:
        reason = str(exc) if isinstance(exc, JianduError) else f"无法读取文件: {exc.strerror}"
        out.fail(path, reason, doc_id)
        out.keep_old(doc_id)
        return None


def _keep_unchanged(f: _File, pipeline: str, out: _Outcome) -> bool:
    """Same bytes, parsed by the same code: keep the old clauses under the catalog's current metadata. Same
    bytes, newer parser: False, parse again (vectors of clauses whose text did not change are reused by id)."""
    old = out.prev.docs.get(f.doc_id)
    if not (old and old.get("sha256") == f.sha and old.get("pipeline") == pipeline and f.doc_id in out.prev.by_doc):
        return False
    title = f.entry.title or old["title"]
    out.clauses[f.doc_id] = [replace(c, doc_title=title) for c in out.prev.by_doc[f.doc_id]]
    out.docs[f.doc_id] = {**old, "title": title, "issuer": f.entry.issuer or old.get("issuer", ""),
                          "level": f.entry.level or old.get("level", ""),
                          "kind": f.entry.kind or UNREGISTERED, "date": f.entry.date, "url": f.entry.url}
    out.warnings[f.doc_id] = tuple(old.get("warnings", ()))
    out.unchanged.append(f.doc_id)
    return True


def _take_parsed(settings: Settings, f: _File, result: Parsed | ParseFailure, pipeline: str, out: _Outcome,
                 embedding: _Embedding, max_new_clauses: int | None) -> None:
    """Take a parsed file into the new generation and queue its new clauses for embedding, or record why
    not (parser failure, no text, too many clauses for one upload or for this request)."""
    doc_id, path = f.doc_id, f.path
    if isinstance(result, ParseFailure):
        out.fail(path, result.reason, doc_id)
        out.keep_old(doc_id)
        return
    if not result.clauses:
        out.fail(path, "没有可检索的正文内容", doc_id)
        return
    if path.parent.resolve() == out.uploads and len(result.clauses) > settings.max_clauses_per_doc:
        out.fail(path, f"文档切分出 {len(result.clauses)} 个条款,超过单个文档上限 {settings.max_clauses_per_doc} 个"
                       "(JIANDU_MAX_CLAUSES_PER_DOC);请拆分后分别上传", doc_id)
        out.keep_old(doc_id)
        return
    fresh = sum(1 for c in result.clauses if c.id not in out.prev.ids and c.id not in embedding.queued)
    if max_new_clauses is not None and fresh and len(embedding.queued) + fresh > max_new_clauses:
        # not a failure of the file: it waits in the uploads dir for the next ingest (no quarantine)
        out.failures.append(Failure(path.name, f"本次入库的新条款已达上限 {max_new_clauses} 个"
                                               "(JIANDU_MAX_CLAUSES_PER_INGEST),该文件留待下次入库;请分批上传"))
        out.keep_old(doc_id)
        return
    out.clauses[doc_id] = list(result.clauses)
    out.parsed.append(doc_id)
    embedding.add(result.clauses, skip=out.prev.ids)
    out.docs[doc_id] = {"doc_id": doc_id, "title": result.clauses[0].doc_title, "issuer": f.entry.issuer,
                        "level": f.entry.level, "kind": f.entry.kind or UNREGISTERED, "date": f.entry.date,
                        "url": f.entry.url, "clause_count": len(result.clauses), "sha256": f.sha,
                        "pipeline": pipeline, "warnings": list(result.warnings)}
    out.warnings[doc_id] = result.warnings
    old = out.prev.docs.get(doc_id)
    if old is None:
        out.added.append(doc_id)
    elif old.get("sha256") == f.sha:
        out.reparsed.append(doc_id)
    else:
        out.updated.append(doc_id)


def _collect_tokens(settings: Settings, pool: ParserPool, out: _Outcome, embedding: _Embedding) -> None:
    """Take the BM25 tokens the parser child made for the parsed files, embedding while it finishes the last."""
    while embedding.queue and pool.tokens_owed():  # the child tokenises its last document meanwhile
        embedding.one_batch()
    tokens_until = time.monotonic() + settings.parse_timeout_s
    for doc_id in out.parsed:
        tokens = pool.tokens(doc_id, wait=max(0.0, tokens_until - time.monotonic()))
        if tokens is not None and len(tokens) == len(out.clauses[doc_id]):
            out.tokens.update(zip((c.id for c in out.clauses[doc_id]), tokens, strict=True))


def _quarantine_failed(settings: Settings, quarantined: list[tuple[Path, str]]) -> None:
    """Move the failed uploads out of the uploads dir, once the parser is done with them."""
    for path, reason in quarantined:
        try:
            _quarantine(settings, path, reason)
        except OSError:
            log.warning("could not quarantine %s", path.name)


@dataclass(frozen=True)
class _Written:
    """What the write phase needs from the parse phase: the documents and clauses of the new generation,
    and the previous generation whose vectors and tokens it may reuse."""

    label: str
    old_gen: str | None
    old_clauses: list[Clause]
    old_ids: set[str]
    old_docs: dict[str, dict]
    all_clauses: list[Clause]
    new_clauses: dict[str, list[Clause]]
    new_docs: dict[str, dict]
    new_tokens: dict[str, tuple[str, ...]]
    pipeline: str


def _write_generation(settings: Settings, w: _Written, embedding: _Embedding) -> str:
    """Write a complete new generation beside the one in service (vectors reused or embedded, BM25
    tokens, clauses, the manifest last) and switch the pointer to it; nothing half-written stays."""
    label, old_gen, old_clauses, old_ids, old_docs = w.label, w.old_gen, w.old_clauses, w.old_ids, w.old_docs
    all_clauses, new_clauses, new_docs, new_tokens, pipeline = (w.all_clauses, w.new_clauses, w.new_docs,
                                                               dict(w.new_tokens), w.pipeline)
    generation = time.strftime("g%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    gen_dir = index_root(settings) / generation
    try:
        gen_dir.mkdir(parents=True)
        reused: dict[str, np.ndarray] = {}
        old_dir = index_root(settings) / old_gen if old_gen else None
        if old_gen and old_dir and old_clauses:
            wanted = [c.id for c in all_clauses if c.id in old_ids]
            reused = store.get_vectors(store.open_collection(settings.chroma_url, old_dir, old_gen, token=settings.chroma_token), wanted)
        missing = [c for c in all_clauses if c.id not in reused and c.id not in embedding.vectors]
        if missing:  # an old clause whose vector the old store no longer had: embed it now
            embedding.add(missing, skip=set())
            embedding.drain()
        if all_clauses:
            vectors = np.stack([reused[c.id] if c.id in reused else embedding.vectors[c.id] for c in all_clauses])
            collection = store.create_collection(settings.chroma_url, gen_dir, generation, token=settings.chroma_token)
            store.add_vectors(collection, [c.id for c in all_clauses], vectors,
                              [{"doc_id": c.doc_id, "ordinal": c.ordinal} for c in all_clauses])
            old_sentences = sentence_vectors.stored(old_dir) if old_dir is not None else {}
            sentence_vectors.write(gen_dir, all_clauses, embedding.sentences(all_clauses, old_sentences))
            if any(c.id not in new_tokens for c in all_clauses) and old_dir is not None:
                # stored tokens count only for documents tokenised by the current pipeline
                current = {d for d, meta in old_docs.items() if meta.get("pipeline") == pipeline}
                keep = {c.id for c in old_clauses if c.doc_id in current}
                stored = {k: v for k, v in _read_tokens(old_dir, old_clauses).items() if k in keep}
                new_tokens = {**stored, **new_tokens}
            lacking = [c for c in all_clauses if c.id not in new_tokens]
            new_tokens.update(zip((c.id for c in lacking), clause_tokens(lacking), strict=True))
            _write_bm25(gen_dir, [new_tokens[c.id] for c in all_clauses])
        else:
            store.create_collection(settings.chroma_url, gen_dir, generation, token=settings.chroma_token)
        with open(gen_dir / CLAUSES, "w", encoding="utf-8") as fh:
            for c in all_clauses:
                fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        for doc_id, info in new_docs.items():
            info["clause_count"] = len(new_clauses[doc_id])
        manifest = {"format": FORMAT_VERSION, "embedder": label, "dim": int(vectors.shape[1]) if all_clauses else 0,
                    "created": time.strftime("%Y-%m-%dT%H:%M:%S"), "clause_count": len(all_clauses),
                    "docs": new_docs}
        tmp = gen_dir / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, gen_dir / MANIFEST)  # the manifest last: a generation without one is incomplete
    except BaseException as exc:
        # nothing half-written stays: the generation dir (and its collection on a server) goes, the old
        # generation keeps answering; a full disk is said in Chinese
        _discard(settings, gen_dir, generation)
        if isinstance(exc, Exception) and disk_full(exc, settings.data_dir):
            raise DiskFullError(DISK_FULL) from exc
        raise
    try:
        set_current(settings, generation)
    except Exception as exc:
        if current_generation(settings) != generation:
            _discard(settings, gen_dir, generation)
        if disk_full(exc, settings.data_dir):
            raise DiskFullError(DISK_FULL) from exc
        raise
    return generation


DISK_FULL = "磁盘空间不足,入库未完成;已清除写了一半的文件,知识库仍按上一版本回答。请清理磁盘后重试"


def disk_full(exc: BaseException, where: Path) -> bool:
    """Did `exc` come from a full disk? chromadb and sqlite wrap ENOSPC in their own types and words."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        text = str(seen).lower()
        if "no space left" in text or "disk is full" in text or "disk full" in text or "quota exceeded" in text:
            return True
        seen = seen.__cause__ or seen.__context__
    try:
        return shutil.disk_usage(where).free < 1024 * 1024  # e.g. chromadb's "Error in compaction"
    except OSError:
        return False


def _discard(settings: Settings, gen_dir: Path, generation: str) -> None:
    if settings.chroma_url:
        store.drop_collection(settings.chroma_url, gen_dir, generation, token=settings.chroma_token)
    shutil.rmtree(gen_dir, ignore_errors=True)
