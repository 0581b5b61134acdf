"""Document metadata from knowledge/catalog.toml: title, issuer, level, kind, date, source URL.

`kind` says whether a document binds anyone: a 规定/实施办法/实施意见/通知 issued by a body does; a 范文,
经验材料, 新闻报道 or 评论文章 does not. Uploaded documents are catalogued in the data dir
(`uploads_catalog.toml`, written by knowledge.manage); one in neither catalog is 未登记.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from knowledge.errors import ConfigError

BINDING_KINDS = ("规定", "条例", "办法", "实施办法", "实施意见", "通知", "制度")
NON_BINDING_KINDS = ("范文", "经验材料", "新闻报道", "评论文章")
KINDS = BINDING_KINDS + NON_BINDING_KINDS
UNREGISTERED = "未登记"  # an uploaded document nobody described: never taken as binding
LEVELS = ("中央", "省", "州", "市", "县", "区", "乡镇", "其他")
FIELDS = ("title", "issuer", "level", "kind", "date", "url")  # what a catalog entry says of a document
UPLOADS_CATALOG = "uploads_catalog.toml"


def is_binding(kind: str) -> bool:
    return kind in BINDING_KINDS


def issuer_shown(issuer: str, kind: str) -> str:
    """Who a citation names: the catalog's issuer when the document gives one; for an unsigned text nobody
    ("范文(作者未署名)"), never authors guessed from its content."""
    if not issuer or "未署名" in issuer:
        return f"{kind or '材料'}(作者未署名)"
    return issuer


@dataclass(frozen=True)
class CatalogEntry:
    title: str = ""
    issuer: str = ""
    level: str = ""
    kind: str = ""
    date: str = ""
    url: str = ""


def load_catalog(path: Path) -> dict[str, CatalogEntry]:
    if not path.is_file():
        return {}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"文档目录 {path} 无法解析: {exc}") from exc
    out = {}
    for doc_id, entry in raw.items():
        if not isinstance(entry, dict):
            continue
        kind = str(entry.get("kind", ""))
        if kind and kind not in KINDS + (UNREGISTERED,):
            raise ConfigError(f"文档目录 {path} 中 {doc_id} 的 kind “{kind}” 无效,可选: {'、'.join(KINDS)}")
        out[doc_id] = CatalogEntry(**{k: str(v) for k, v in entry.items() if k in FIELDS})
    return out


def load_catalogs(bundled: Path, data_dir: Path) -> dict[str, CatalogEntry]:
    """The bundled catalog with the uploads' catalog over it (an upload describes only itself)."""
    return {**load_catalog(bundled), **load_catalog(data_dir / UPLOADS_CATALOG)}


def title_from_text(text: str, fallback: str) -> str:
    """The first short line of a document when no catalog entry names it."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= 40 else fallback
    return fallback


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def describe_upload(data_dir: Path, doc_id: str, *, kind: str = "", issuer: str = "", level: str = "",
                    title: str = "") -> CatalogEntry:
    """Record what an uploaded document is (its kind, issuer, level) in the uploads' catalog; the next
    ingest carries it onto the document and every citation of it. Unknown kinds or levels are refused."""
    if kind and kind not in KINDS:
        raise ConfigError(f"文件类型 “{kind}” 无效,可选: {'、'.join(KINDS)}")
    if level and level not in LEVELS:
        raise ConfigError(f"层级 “{level}” 无效,可选: {'、'.join(LEVELS)}")
    path = data_dir / UPLOADS_CATALOG
    entries = load_catalog(path)
    old = entries.get(doc_id, CatalogEntry())
    entry = CatalogEntry(title=title or old.title, issuer=issuer or old.issuer, level=level or old.level,
                         kind=kind or old.kind, date=old.date, url=old.url)
    entries[doc_id] = entry
    lines = ["# Uploaded documents described by an administrator (jiandu docs describe, or the knowledge tab)."]
    for key, e in sorted(entries.items()):
        lines.append(f"\n[{_toml_string(key)}]")
        lines += [f"{name} = {_toml_string(getattr(e, name))}" for name in FIELDS if getattr(e, name)]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return entry
