"""Fixtures for the hardening tests: a small good index built once, private copies, a probe process."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from knowledge.config import PROJECT_ROOT, Settings
from tests.hardening.make_bad_files import GOOD_A, GOOD_B

CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Base:
    settings: Settings
    source: Path
    ids: frozenset[str]


def hard_settings(data_dir: Path, **changes: object) -> Settings:
    """Settings for a hostile batch: small limits, so every bound is reached quickly."""
    defaults: dict[str, object] = {"max_upload_mb": 1.0, "parse_timeout_s": 10.0, "parse_memory_mb": 1024,
                                   "lock_timeout_s": 60.0}
    return Settings(data_dir=data_dir, docs_dir=data_dir / "no-bundled-docs").with_(**{**defaults, **changes})


def write_good_source(source: Path) -> Path:
    source.mkdir(parents=True, exist_ok=True)
    (source / "good_a.txt").write_text(GOOD_A, encoding="utf-8")
    (source / "good_b.md").write_text(GOOD_B, encoding="utf-8")
    return source


@pytest.fixture(scope="session")
def _good_base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    from knowledge.index import load_index
    from knowledge.ingest import ingest

    root = tmp_path_factory.mktemp("hardening-base")
    source = write_good_source(root / "src")
    settings = hard_settings(root / "data")
    report = ingest(settings, [source])
    assert report.changed and not report.failed and report.docs == 2, report
    return Base(settings, source, frozenset(c.id for c in load_index(settings).clauses))


@pytest.fixture
def good_base(_good_base: Base, tmp_path: Path) -> Base:
    """A private copy of a two-document index and its source dir: the test may change or break both."""
    data, source = tmp_path / "data", tmp_path / "src"
    shutil.copytree(_good_base.settings.data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    shutil.copytree(_good_base.source, source)
    return Base(_good_base.settings.with_(data_dir=data, docs_dir=data / "no-bundled-docs"), source, _good_base.ids)


@dataclass(frozen=True)
class Probe:
    returncode: int
    stdout: str
    stderr: str

    @property
    def summary(self) -> dict:  # type: ignore[type-arg]
        assert self.returncode == 0, self.stderr[-3000:]
        return json.loads(self.stdout)


def run_probe(data_dir: Path, timeout: float = 120) -> Probe:
    """Load and query the index in a fresh interpreter (see probe.py)."""
    proc = subprocess.run([sys.executable, "-m", "tests.hardening.probe", str(data_dir)], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=timeout)
    return Probe(proc.returncode, proc.stdout, proc.stderr)


def vm_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")
