"""bench/speed.py keeps working: a tiny run (one short document, three questions, CLI cold start) writes
its JSON with every figure the README quotes. No timing thresholds: this machine's load is not ours."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from knowledge.config import PROJECT_ROOT
from tests.scale.conftest import child_env

SHORT_DOC = "003_9a4cdc55fac0c220"


def test_speed_bench_tiny_run(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(PROJECT_ROOT / "knowledge" / "docs" / f"{SHORT_DOC}.txt", docs)
    out = tmp_path / "speed.json"
    proc = subprocess.run(
        [sys.executable, "bench/speed.py", "--docs", str(docs), "--questions", "3", "--cold-start", "cli",
         "--out", str(out)],
        cwd=PROJECT_ROOT, env=child_env(), capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "total/floor" in proc.stdout
    result = json.loads(out.read_text(encoding="utf-8"))
    assert set(result) >= {"meta", "ingest", "query", "cold_start", "memory", "targets"}
    ingest = result["ingest"]
    assert ingest["clauses"] == 6
    assert set(ingest) >= {"seconds", "clauses_per_s", "bare_embed_s", "ratio", "stages_s"}
    assert ingest["ratio"] > 0 and ingest["clauses_per_s"] > 0
    query = result["query"]
    assert query["questions"] == 3
    for stage in ("embed", "retrieve", "retrieve_excl_embed", "answer", "total", "floor"):
        assert set(query[stage]) == {"p50", "p95", "mean"}, stage
    assert query["ratio_p50"] > 0 and query["ratio_p95"] > 0
    assert result["cold_start"]["cli"]["ok"], result["cold_start"]["cli"]
    assert result["cold_start"]["cli"]["seconds"] > 0
    assert result["memory"]["cli_peak_rss_mb"] > 0 and result["memory"]["bench_process_peak_rss_mb"] > 0
    assert result["meta"]["dense_backend"] == "ExactSearch"
    stamped = list(tmp_path.glob("speed-*.json"))
    assert len(stamped) == 1
