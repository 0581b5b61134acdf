"""Parse untrusted files in a child process with a time and memory limit.

A malformed PDF that loops or a decompression bomb then kills only the child; the ingest
names the file with a reason and goes on with the others.
"""

from __future__ import annotations

import logging
import os
import resource
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from knowledge.errors import DocumentError
from knowledge.types import Clause

log = logging.getLogger(__name__)


def passage_text(clause: Clause) -> str:
    """What gets embedded and indexed for BM25: the heading path gives a short clause its context."""
    return ("/".join(clause.path) + "\n" + clause.text) if clause.path else clause.text


def clause_tokens(clauses: tuple[Clause, ...] | list[Clause]) -> tuple[tuple[str, ...], ...]:
    """The BM25 tokens of each clause's passage text."""
    from knowledge.tokenize import tokenize_for_search

    return tuple(tuple(tokenize_for_search(passage_text(c))) for c in clauses)


# The child also tokenises a document's clauses for BM25, after sending the parse result (it has jieba loaded
# for the cleaner, and it works while the parent embeds); above this size the parent does it.
TOKENIZE_IN_CHILD_MAX_CHARS = 200_000


@dataclass(frozen=True)
class Parsed:
    name: str
    doc_id: str
    text: str  # cleaned
    clauses: tuple[Clause, ...]
    warnings: tuple[str, ...]
    encoding: str
    tokens_follow: bool = False  # the child sends this document's BM25 tokens next (ParserPool.tokens)


@dataclass(frozen=True)
class _Tokens:
    doc_id: str
    tokens: tuple[tuple[str, ...], ...] | None  # None: tokenising failed, the parent does it


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
    from knowledge.flags import instruction_flag
    from knowledge.load import load_bytes
    from knowledge.split import split_clauses

    loaded = load_bytes(name, data)
    cleaned = clean_document(loaded.text)
    if not cleaned.text.strip():
        raise DocumentError("清洗后没有正文内容")
    if garbled_share(cleaned.text) > MAX_GARBLED_SHARE:
        raise DocumentError("文件大部分内容疑似乱码(编码损坏),已拒绝入库;请用正确编码重新保存后上传")
    title = title or title_from_text(cleaned.text, doc_id)
    clauses = [replace(c, flag=instruction_flag(c.text)) for c in split_clauses(cleaned.text, doc_id, title)]
    warnings = cleaned.warnings
    flagged = [c for c in clauses if c.flag]
    if flagged:
        warnings += (f"{len(flagged)} 个条款含疑似针对模型或读者的指令性文字({flagged[0].flag}),"
                     "已标记,回答时不作为规定引用",)
    return Parsed(name, doc_id, cleaned.text, tuple(clauses), warnings, loaded.encoding)


def _child_main() -> None:
    """Entry of the child interpreter: `python -c ... FD MEMORY_MB` (see _Child)."""
    _child(Connection(int(sys.argv[1])), int(sys.argv[2]))


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
            if len(result.text) <= TOKENIZE_IN_CHILD_MAX_CHARS:
                result = replace(result, tokens_follow=True)
        except DocumentError as exc:
            result = ParseFailure(name, str(exc))
        except MemoryError:
            result = ParseFailure(name, "解析时内存超限,文件可能是压缩炸弹或已损坏")
        except RecursionError:
            result = ParseFailure(name, "文件结构嵌套过深或循环引用,无法解析")
        except Exception as exc:  # any parser bug must cost one file, never the batch
            log.warning("parse failed: %s: %s: %s", name, type(exc).__name__, exc)  # for the admin's log
            result = ParseFailure(name, "解析失败(文件内容异常,程序无法处理)")
        conn.send(result)
        if isinstance(result, Parsed) and result.tokens_follow:
            tokens: tuple[tuple[str, ...], ...] | None = None
            try:
                tokens = clause_tokens(result.clauses)
            except Exception:  # noqa: BLE001 - an optimisation only: the parent tokenises what comes without
                pass
            conn.send(_Tokens(doc_id, tokens))


class _Child:
    """The parser child: a fresh interpreter that imports only the parser and talks over a socket pair.
    (multiprocessing's spawn would first re-import the parent's __main__, e.g. the whole CLI: 0.2-0.4 s
    before the first file, every time the child starts.) No fork: the parent may hold threads and open
    stores. The child ends when its end of the socket closes."""

    _ROOT = str(Path(__file__).resolve().parent.parent)

    def __init__(self, memory_mb: int) -> None:
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = self._ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        try:
            self.popen = subprocess.Popen(
                [sys.executable, "-c", "from knowledge.parse import _child_main; _child_main()",
                 str(theirs.fileno()), str(memory_mb)],
                pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())

    @property
    def pid(self) -> int:
        return self.popen.pid

    def is_alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        self.popen.kill()

    def join(self, timeout: float) -> None:
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            pass


class ParserPool:
    """One child at a time, restarted after a timeout or a crash."""

    def __init__(self, timeout_s: float, memory_mb: int) -> None:
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self._proc: _Child | None = None
        self._conn: Connection | None = None
        self._job = ""
        self._deadline = 0.0
        self._answer: Parsed | ParseFailure | None = None  # a result read ahead by `ready`
        self._owed: set[str] = set()  # parsed documents whose tokens the child has not sent yet
        self._tokens: dict[str, tuple[tuple[str, ...], ...]] = {}

    def _start(self) -> None:
        try:
            self._proc = _Child(self.memory_mb)
        except OSError as exc:
            raise DocumentError(f"无法启动文档解析进程({exc.strerror or type(exc).__name__})") from exc
        self._conn = parent = self._proc.conn
        try:
            ready = parent.poll(120) and parent.recv() == "ready"
        except (EOFError, OSError):  # the child died while starting, e.g. its memory limit is too small
            ready = False
        if not ready:
            self._kill()
            raise DocumentError(f"无法启动文档解析进程;若解析内存上限 JIANDU_PARSE_MEMORY_MB"
                                f"(当前 {self.memory_mb} MB)过小,请调大")

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None
        self._owed.clear()  # a killed child sends nothing more

    def submit(self, name: str, doc_id: str, title: str, data: bytes) -> None:
        """Hand one file to the child and return at once; `result` collects it. One file at a time: the
        caller can do other work (embed) while the child parses."""
        if self._proc is None or not self._proc.is_alive():
            self._kill()
            self._start()
        assert self._conn is not None
        self._job, self._answer = name, None
        self._deadline = time.monotonic() + self.timeout_s
        try:
            self._conn.send((name, doc_id, title, data))
        except (OSError, BrokenPipeError):
            self._deadline = 0.0  # `result` finds the child gone

    def _receive(self, wait: float, for_tokens: bool = False) -> Parsed | ParseFailure | None:
        """The next parse result within `wait` seconds, keeping the token messages that come before it
        (`for_tokens`: return after the first token message too)."""
        if self._conn is None:
            return None
        until = time.monotonic() + wait
        try:
            while self._conn.poll(max(0.0, until - time.monotonic())):
                msg = self._conn.recv()
                if isinstance(msg, _Tokens):
                    self._owed.discard(msg.doc_id)
                    if msg.tokens is not None:
                        self._tokens[msg.doc_id] = msg.tokens
                    if for_tokens:
                        return None
                    continue
                if isinstance(msg, Parsed) and msg.tokens_follow:
                    self._owed.add(msg.doc_id)
                return msg if isinstance(msg, Parsed | ParseFailure) else None
        except (EOFError, OSError, BrokenPipeError):
            self._owed.clear()  # the child is gone: nothing more will come
        return None

    def ready(self) -> bool:
        """Whether the file handed over last is answered (or out of time); never waits."""
        if self._answer is None:
            self._answer = self._receive(0)
        return (self._answer is not None or self._conn is None or self._proc is None
                or time.monotonic() >= self._deadline or not self._proc.is_alive())

    def result(self) -> Parsed | ParseFailure:
        """The file handed over last: waits for what is left of its time limit."""
        answer, self._answer = self._answer, None
        if answer is None:
            answer = self._receive(max(0.0, self._deadline - time.monotonic()))
        if answer is not None:
            return answer
        name = self._job
        crashed = self._proc is not None and not self._proc.is_alive()
        self._kill()
        if crashed:
            return ParseFailure(name, "解析进程异常退出(内存超限或文件损坏)")
        return ParseFailure(name, f"解析超时(超过 {self.timeout_s:.0f} 秒),文件可能已损坏")

    def tokens_owed(self) -> bool:
        """Whether the child still owes BM25 tokens of a parsed document (reads what has come; never waits)."""
        while self._owed and self._answer is None and self._conn is not None and self._conn.poll(0):
            self._answer = self._receive(0, for_tokens=True)
        return bool(self._owed)

    def tokens(self, doc_id: str, wait: float = 0.0) -> tuple[tuple[str, ...], ...] | None:
        """BM25 tokens of a parsed document's clauses, waiting up to `wait` s for them; None when the
        child did not make them (too large, failed, or the child was restarted): tokenise in the parent."""
        until = time.monotonic() + wait
        while doc_id in self._owed and self._answer is None and time.monotonic() < until:
            self._answer = self._receive(until - time.monotonic(), for_tokens=True)
        return self._tokens.pop(doc_id, None)

    def parse(self, name: str, doc_id: str, title: str, data: bytes) -> Parsed | ParseFailure:
        self.submit(name, doc_id, title, data)
        return self.result()

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
