"""Parse untrusted files in a child process with a time and memory limit.

A malformed PDF that loops or a decompression bomb then kills only the child; the ingest
names the file with a reason and goes on with the others.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from assistant.errors import DocumentError
from assistant.types import Clause


@dataclass(frozen=True)
class Parsed:
    name: str
    doc_id: str
    text: str  # cleaned
    clauses: tuple[Clause, ...]
    warnings: tuple[str, ...]
    encoding: str


@dataclass(frozen=True)
class ParseFailure:
    name: str
    reason: str  # Chinese, shown to the user


MAX_GARBLED_SHARE = 0.3  # a document mostly made of mojibake would only pollute retrieval


def garbled_share(text: str) -> float:
    """Rough share of the text that sits in spots still looking garbled (about 8 characters each)."""
    from knowledge.clean import find_garbled

    return min(1.0, 8 * len(find_garbled(text)) / max(len(text), 1))


def parse_bytes(name: str, doc_id: str, title: str, data: bytes) -> Parsed:
    """Load, clean and split one document (runs inside the child)."""
    from knowledge.catalog import title_from_text
    from knowledge.clean import clean_document
    from knowledge.load import load_bytes
    from knowledge.split import split_clauses

    loaded = load_bytes(name, data)
    cleaned = clean_document(loaded.text)
    if not cleaned.text.strip():
        raise DocumentError("清洗后没有正文内容")
    if garbled_share(cleaned.text) > MAX_GARBLED_SHARE:
        raise DocumentError("文件大部分内容疑似乱码(编码损坏),已拒绝入库;请用正确编码重新保存后上传")
    title = title or title_from_text(cleaned.text, doc_id)
    clauses = split_clauses(cleaned.text, doc_id, title)
    return Parsed(name, doc_id, cleaned.text, tuple(clauses), cleaned.warnings, loaded.encoding)


def _child(conn: Connection, memory_mb: int) -> None:
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # Warm the heavy imports once; every file after that parses at full speed.
    from knowledge.clean import clean_document

    clean_document("预热")
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        name, doc_id, title, data = job
        try:
            result: Any = parse_bytes(name, doc_id, title, data)
        except DocumentError as exc:
            result = ParseFailure(name, str(exc))
        except MemoryError:
            result = ParseFailure(name, "解析时内存超限,文件可能是压缩炸弹或已损坏")
        except RecursionError:
            result = ParseFailure(name, "文件结构嵌套过深或循环引用,无法解析")
        except Exception as exc:  # any parser bug must cost one file, never the batch
            result = ParseFailure(name, f"解析失败({type(exc).__name__})")
        conn.send(result)


class ParserPool:
    """One child at a time, restarted after a timeout or a crash."""

    def __init__(self, timeout_s: float, memory_mb: int) -> None:
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self._ctx = mp.get_context("spawn")  # no fork: the parent may hold threads and open stores
        self._proc: Any = None
        self._conn: Connection | None = None

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_child, args=(child, self.memory_mb), daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent
        try:
            ready = parent.poll(120) and parent.recv() == "ready"
        except (EOFError, OSError):  # the child died while starting, e.g. its memory limit is too small
            ready = False
        if not ready:
            self._kill()
            raise DocumentError(f"无法启动文档解析进程;若解析内存上限 JIANDU_PARSE_MEMORY_MB"
                                f"(当前 {self.memory_mb} MB)过小,请调大")

    def _kill(self) -> None:
        if self._proc is not None and self._proc.pid is not None:  # pid is None if start() itself failed
            self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def parse(self, name: str, doc_id: str, title: str, data: bytes) -> Parsed | ParseFailure:
        if self._proc is None or not self._proc.is_alive():
            self._kill()
            self._start()
        assert self._conn is not None
        try:
            self._conn.send((name, doc_id, title, data))
            if self._conn.poll(self.timeout_s):
                result = self._conn.recv()
                if isinstance(result, Parsed | ParseFailure):
                    return result
        except (EOFError, OSError, BrokenPipeError):
            pass
        crashed = self._proc is not None and not self._proc.is_alive()
        self._kill()
        if crashed:
            return ParseFailure(name, "解析进程异常退出(内存超限或文件损坏)")
        return ParseFailure(name, f"解析超时(超过 {self.timeout_s:.0f} 秒),文件可能已损坏")

    def close(self) -> None:
        if self._conn is not None and self._proc is not None and self._proc.is_alive():
            try:
                self._conn.send(None)
                self._proc.join(2)
            except (OSError, BrokenPipeError):
                pass
        self._kill()

    def __enter__(self) -> ParserPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
