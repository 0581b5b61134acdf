"""Fingerprint of the code and data that turn a file into clauses and BM25 tokens.

Recorded per document in the manifest: when the loaders, cleaner, splitter, tokenizer or the user
dictionary change (an upgrade, or an admin adding words to userdict.txt), the next `jiandu ingest`
parses the unchanged files again. Clause ids are content hashes, so only clauses whose text actually
changed are embedded again.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

_HERE = Path(__file__).resolve().parent
# Everything a document's clauses and tokens depend on (embedding is keyed separately by clause text).
SOURCES = ("load.py", "clean.py", "split.py", "numerals.py", "sentences.py", "parse.py", "flags.py", "tokenize.py", "userdict.txt")
LIBRARIES = ("jieba", "opencc-python-reimplemented", "pypdf", "python-docx", "beautifulsoup4",
             "charset-normalizer")


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def fingerprint(root: Path) -> str:
    """Hash of the pipeline's files under `root` and the versions of the libraries it parses with."""
    digest = hashlib.sha256()
    for name in SOURCES:
        path = root / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    for dist in LIBRARIES:
        digest.update(f"{dist}={_version(dist)}".encode())
    return digest.hexdigest()[:16]


@cache
def pipeline_fingerprint() -> str:
    return fingerprint(_HERE)
