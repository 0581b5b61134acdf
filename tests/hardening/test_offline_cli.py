"""With no network at all (a fresh network namespace, not even loopback), `jiandu ask` still answers.

Nothing may phone home or wait on a model hub: chromadb telemetry, Hugging Face look-ups and
gradio analytics must all be off by the product's own doing, so the caller's HF_HUB_OFFLINE and
telemetry variables are removed from the child's environment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.config import Settings

QUESTION = "干部离任时工作交接有什么时限要求?"
CALLER_FLAGS = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "ANONYMIZED_TELEMETRY", "GRADIO_ANALYTICS_ENABLED")


def _unshare_reason() -> str | None:
    """Why the network cannot be taken away here, or None if it can."""
    if shutil.which("unshare") is None:
        return "util-linux `unshare` is not installed"
    if os.geteuid() != 0:
        return "`unshare --net` needs root (CAP_SYS_ADMIN)"
    probe = subprocess.run(["unshare", "--net", "--", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"`unshare --net` is not permitted here: {probe.stderr.strip()}"
    return None


def test_ask_works_with_networking_unshared(corpus_settings: Settings, tmp_path: Path) -> None:
    reason = _unshare_reason()
    if reason:
        pytest.skip(reason)
    data = tmp_path / "data"
    shutil.copytree(corpus_settings.data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    env = {k: v for k, v in os.environ.items() if k not in CALLER_FLAGS and not k.startswith("JIANDU_")}
    env["JIANDU_DATA_DIR"] = str(data)
    jiandu = str(Path(sys.executable).parent / "jiandu")
    connect = "import socket; socket.create_connection(('127.0.0.1', 9), timeout=2)"
    no_net = subprocess.run(["unshare", "--net", "--", sys.executable, "-c", connect], capture_output=True, text=True)
    assert "unreachable" in no_net.stderr, no_net.stderr  # really no network: not even loopback is up

    proc = subprocess.run(["unshare", "--net", "--", jiandu, "ask", QUESTION, "--json"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    answer = json.loads(proc.stdout.strip().splitlines()[-1])
    assert answer["refused"] is False, answer
    assert answer["citations"], answer
    cited = answer["citations"][0]
    assert cited["doc_id"] == "001_ad443106805678c7" and "7个工作日" in cited["quote"], cited
    assert "7个工作日" in answer["answer"]
