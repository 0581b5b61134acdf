"""Open the index in service in a fresh process, query it, print a JSON summary.

    python -m tests.hardening.probe DATA_DIR

Run as a child by the hardening tests, so that a damaged store that crashed the process (a
segfault in a native library) shows as a signal in the return code instead of killing pytest.
A damaged index must instead end in an uncaught `IndexDamagedError`: exit code 1, traceback on
stderr. On success the summary holds the generation, the clause ids, and the ids a dense query
(through Chroma's vector index) and a BM25 query returned.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def probe(data_dir: Path) -> dict[str, object]:
    import numpy as np

    from knowledge.config import Settings
    from knowledge.index import load_index

    index = load_index(Settings(data_dir=data_dir))
    ids = [c.id for c in index.clauses]
    dense: list[str] = []
    lexical: list[str] = []
    if ids:
        # Query with a stored vector, so the probe needs no embedder: it exercises the HNSW files.
        got = index.collection.get(ids=[ids[0]], include=["embeddings"])
        vec = np.asarray(got["embeddings"][0], dtype=np.float32)
        res = index.collection.query(query_embeddings=[vec.tolist()], n_results=len(ids), include=["distances"])
        dense = list(res["ids"][0])
        tokens = [t for t in sorted(index.bm25.vocab_dict) if t][:20]  # indexed words; no tokenizer to load
        scores = index.bm25.get_scores(tokens)
        lexical = [index.clauses[i].id for i in np.argsort(-scores) if scores[i] > 0]
    return {"generation": index.generation, "ids": ids, "manifest_count": index.manifest["clause_count"],
            "docs": sorted(index.docs), "dense": dense, "lexical": lexical}


def main() -> None:
    print(json.dumps(probe(Path(sys.argv[1])), ensure_ascii=False))


if __name__ == "__main__":
    main()
