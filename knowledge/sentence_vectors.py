"""One vector per sentence of a clause, beside the clause's own vector.

A clause of the 实施意见 runs to 300 characters and five rules; its one vector is an average that a
question about one of those rules barely moves (the 举报渠道 sentence inside a clause about 联席会议).
Dense retrieval scores a clause by its own vector and its best sentence together (assistant/retrieve.py);
on the gold set the answering clause came first by dense similarity for 70% of questions with clause
vectors alone and for 82% with both (README 检索).

Stored as `sentences.npz` in the generation (clause id per sentence, vectors), read whole into memory:
a few sentences per clause at 384 floats is small beside the clauses themselves, and it works the same
with an embedded store and a Chroma server. A clause of one sentence has no entry: its own vector serves.
The next ingest reuses the vectors of clauses whose id (and so text) is unchanged.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from knowledge.sentences import sentence_spans
from knowledge.types import Clause

log = logging.getLogger(__name__)

SENTENCES = "sentences.npz"
MIN_CHARS = 6  # shorter pieces ("二是", a heading mark) say nothing on their own


def embedded_spans(text: str) -> list[tuple[int, int]]:
    """The spans of a clause's sentences long enough to say something on their own; a clause with two
    or more has a vector for each, in this order (clause_sentences)."""
    return [(s, e) for s, e in sentence_spans(text) if e - s >= MIN_CHARS]


def clause_sentences(clause: Clause) -> list[str]:
    """The sentences of a clause embedded on their own; none when the clause is one sentence."""
    parts = [clause.text[s:e] for s, e in embedded_spans(clause.text)]
    return parts if len(parts) >= 2 else []


@dataclass(frozen=True)
class SentenceVectors:
    """Sentence vectors of a generation: `rows[i]` is the clause row (clauses.jsonl order) of vector i."""

    rows: np.ndarray  # int64, one per sentence, non-decreasing (a clause's sentences side by side)
    vectors: np.ndarray  # float32, unit length

    @cached_property
    def _runs(self) -> tuple[np.ndarray, np.ndarray]:
        """Where each clause's run of sentences starts, and that clause's row."""
        starts = np.flatnonzero(np.r_[True, self.rows[1:] != self.rows[:-1]]) if len(self.rows) else self.rows
        return starts, self.rows[starts]

    def of_row(self, row: int) -> np.ndarray:
        """The vectors of one clause's sentences, in the order clause_sentences gives them (none: empty)."""
        lo, hi = np.searchsorted(self.rows, row, "left"), np.searchsorted(self.rows, row, "right")
        return self.vectors[lo:hi]

    def best(self, query: np.ndarray, n_clauses: int) -> np.ndarray:
        """Each clause's best sentence similarity to the (unit) query vector; NaN for a clause without
        sentence vectors."""
        out = np.full(n_clauses, np.nan, dtype=np.float32)
        if len(self.rows):
            starts, owners = self._runs
            out[owners] = np.maximum.reduceat(self.vectors @ np.asarray(query, dtype=np.float32), starts)
        return out


def _load(gen_dir: Path) -> tuple[np.ndarray, np.ndarray] | None:
    try:
        with np.load(gen_dir / SENTENCES, allow_pickle=False) as data:
            ids, vectors = data["ids"], data["vectors"]
    except (OSError, ValueError, KeyError):
        return None
    if ids.ndim != 1 or vectors.ndim != 2 or len(ids) != len(vectors):
        return None
    return ids, vectors.astype(np.float32, copy=False)


def read(gen_dir: Path, clauses: Sequence[Clause]) -> SentenceVectors | None:
    """The generation's sentence vectors; None when it has none (made before them) or they do not match
    its clauses; retrieval then uses the clause vectors alone."""
    loaded = _load(gen_dir)
    if loaded is None:
        return None
    ids, vectors = loaded
    row_of = {c.id: i for i, c in enumerate(clauses)}
    try:
        rows = np.fromiter((row_of[str(cid)] for cid in ids), dtype=np.int64, count=len(ids))
    except KeyError:
        log.warning("sentence vectors of %s name clauses it does not have: not used", gen_dir.name)
        return None
    order = np.argsort(rows, kind="stable")  # written in clause order; sorted anyway, as best() needs
    rows, vectors = rows[order], vectors[order]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return SentenceVectors(rows, np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32))


def stored(gen_dir: Path) -> dict[str, np.ndarray]:
    """Clause id -> its sentence vectors (in sentence order), for the next ingest to reuse; {} when none."""
    loaded = _load(gen_dir)
    if loaded is None:
        return {}
    ids, vectors = loaded
    out: dict[str, list[np.ndarray]] = {}
    for cid, vec in zip(ids, vectors, strict=True):
        out.setdefault(str(cid), []).append(vec)
    return {cid: np.stack(v) for cid, v in out.items()}


def build(clauses: Sequence[Clause], reuse: dict[str, np.ndarray],
          embed: Callable[[list[str]], np.ndarray], batch: int = 32,
          progress: Callable[[int, int], None] | None = None) -> dict[str, np.ndarray]:
    """Sentence vectors for every clause of several sentences: reused where the clause is unchanged
    (same id, same sentence count), embedded otherwise, `batch` sentences at a time."""
    out: dict[str, np.ndarray] = {}
    todo: list[tuple[str, str]] = []  # (clause id, sentence)
    for c in clauses:
        parts = clause_sentences(c)
        if not parts:
            continue
        old = reuse.get(c.id)
        if old is not None and len(old) == len(parts):
            out[c.id] = old
        else:
            todo.extend((c.id, s) for s in parts)
    made: dict[str, list[np.ndarray]] = {}
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        vectors = np.asarray(embed([s for _, s in chunk]), dtype=np.float32)
        for (cid, _), vec in zip(chunk, vectors, strict=True):
            made.setdefault(cid, []).append(vec)
        if progress:
            progress(min(start + batch, len(todo)), len(todo))
    out.update({cid: np.stack(v) for cid, v in made.items()})
    return out


def write(gen_dir: Path, clauses: Sequence[Clause], by_clause: dict[str, np.ndarray]) -> None:
    """Write the vectors in clause order (fsynced: the manifest written after it must not outlive it)."""
    ids: list[str] = []
    blocks: list[np.ndarray] = []
    for c in clauses:
        vecs = by_clause.get(c.id)
        if vecs is not None and len(vecs):
            ids.extend([c.id] * len(vecs))
            blocks.append(np.asarray(vecs, dtype=np.float32))
    dim = blocks[0].shape[1] if blocks else 0
    vectors = np.concatenate(blocks) if blocks else np.zeros((0, dim), np.float32)
    path = gen_dir / SENTENCES
    with open(path, "wb") as fh:
        np.savez(fh, ids=np.asarray(ids, dtype=str), vectors=vectors)
        fh.flush()
        os.fsync(fh.fileno())
