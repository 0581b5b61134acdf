"""Document metadata from knowledge/catalog.toml: title, issuer, level, date, source URL."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from knowledge.errors import ConfigError


@dataclass(frozen=True)
class CatalogEntry:
    title: str = ""
    issuer: str = ""
    level: str = ""
    date: str = ""
    url: str = ""


def load_catalog(path: Path) -> dict[str, CatalogEntry]:
    if not path.is_file():
        return {}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"文档目录 {path} 无法解析: {exc}") from exc
    fields = set(CatalogEntry.__dataclass_fields__)
    return {
        doc_id: CatalogEntry(**{k: str(v) for k, v in entry.items() if k in fields})
        for doc_id, entry in raw.items()
        if isinstance(entry, dict)
    }


def title_from_text(text: str, fallback: str) -> str:
    """The first short line of a document when no catalog entry names it."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= 40 else fallback
    return fallback
