"""Shared fixtures: the real corpus ingested once per session with the real embedder and Chroma."""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from knowledge.config import PROJECT_ROOT, Settings  # noqa: E402

CORPUS_DIR = PROJECT_ROOT / "knowledge" / "docs"
DOC_IDS = sorted(p.stem for p in CORPUS_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose data dir holds an index of the bundled corpus (ingested once per session)."""
    from knowledge.ingest import ingest

    data_dir = tmp_path_factory.mktemp("corpus-data")
    settings = Settings(data_dir=data_dir)
    report = ingest(settings)
    assert report.changed and not report.failed, report
    return settings


@pytest.fixture(scope="session")
def corpus_index(corpus_settings: Settings):  # type: ignore[no-untyped-def]
    from knowledge.index import load_index

    return load_index(corpus_settings)


@pytest.fixture
def fresh_settings(tmp_path: Path) -> Settings:
    """Settings with an empty data dir of its own."""
    return Settings(data_dir=tmp_path / "data")
