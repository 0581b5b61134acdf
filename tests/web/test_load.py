"""The load benchmark, short: 5 sessions for 10 s against the test server, no errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from knowledge.config import PROJECT_ROOT
from tests.web.conftest import Live

SCRIPT = PROJECT_ROOT / "bench" / "load_api.py"


def test_short_load_has_no_errors(live: Live) -> None:
    run = subprocess.run([sys.executable, str(SCRIPT), "--sessions", "5", "--duration", "10", "--url", live.url],
                         capture_output=True, text=True, timeout=180, cwd=PROJECT_ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["errors"] == 0 and result["ok"] >= 10
    assert result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
    print(run.stdout)


@pytest.mark.parametrize("url", ["http://192.168.1.10:7860", "http://example.com", "http://10.0.0.1"])
def test_refuses_non_loopback_targets(url: str) -> None:
    run = subprocess.run([sys.executable, str(SCRIPT), "--url", url, "--duration", "1"], capture_output=True,
                         text=True, timeout=60, cwd=PROJECT_ROOT)
    assert run.returncode == 2 and "回环" in run.stderr


def test_percentile_and_loopback() -> None:
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import load_api
    finally:
        sys.path.pop(0)
    assert load_api.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50) == 5
    assert load_api.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95) == 10
    assert load_api.percentile([7.0], 95) == 7.0
    assert load_api.is_loopback("http://127.0.0.1:1") and load_api.is_loopback("http://localhost")
    assert load_api.is_loopback("http://[::1]:80") and not load_api.is_loopback("http://0.0.0.0:80")
