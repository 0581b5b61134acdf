"""Adding and removing documents of the knowledge base (the web app's knowledge tab uses these)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from knowledge.config import Settings
from knowledge.errors import DocumentError
from knowledge.ingest import IngestReport, Progress, ingest, safe_doc_id, uploads_dir
from knowledge.load import SUFFIXES

log = logging.getLogger(__name__)


def safe_upload_name(name: str) -> str:
    """A file name that cannot leave the uploads dir: no path parts, NUL or control characters."""
    base = name.replace("\\", "/").split("/")[-1].replace("\x00", "")
    suffix = Path(base).suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError(f"不支持的文件类型 {suffix or '(无扩展名)'},支持: {', '.join(SUFFIXES)}")
    return safe_doc_id(base) + suffix


def save_upload(settings: Settings, name: str, data: bytes) -> Path:
    """Store an uploaded file under the data dir (size-limited, safe name); returns its path."""
    limit = int(settings.max_upload_mb * 1024 * 1024)
    if len(data) > limit:
        raise DocumentError(f"文件过大({len(data) / 1048576:.1f} MB),上限 {settings.max_upload_mb:g} MB")
    if not data:
        raise DocumentError("文件为空")
    target_dir = uploads_dir(settings)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / safe_upload_name(name)
    if target.resolve().parent != target_dir.resolve():
        raise DocumentError("文件名不合法")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    _set_removed(settings, safe_doc_id(target.name), removed=False)
    return target


def _removed_path(settings: Settings) -> Path:
    return settings.data_dir / "removed.json"


def _set_removed(settings: Settings, doc_id: str, removed: bool) -> None:
    path = _removed_path(settings)
    try:
        current = set(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        current = set()
    (current.add if removed else current.discard)(doc_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(sorted(current), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def remove_document(settings: Settings, doc_id: str, progress: Progress | None = None,
                    cache_dirs: tuple[Path, ...] = ()) -> IngestReport:
    """Remove a document: an uploaded file is deleted, a bundled one is excluded; then re-ingest.
    Copies with the same bytes under `cache_dirs` (the web face's upload cache) are deleted too."""
    for path in uploads_dir(settings).glob("*") if uploads_dir(settings).is_dir() else []:
        if safe_doc_id(path.name) == doc_id:
            data = path.read_bytes()
            for root in cache_dirs:
                _remove_copies(root, data)
            path.unlink()
    _set_removed(settings, doc_id, removed=True)
    return ingest(settings, progress=progress)


def _remove_copies(root: Path, data: bytes) -> None:
    """Delete files under `root` with exactly these bytes: a removed upload must not linger in a cache."""
    if not root.is_dir():
        return
    digest = hashlib.sha256(data).digest()
    for path in root.rglob("*"):
        try:
            if (path.is_file() and not path.is_symlink() and path.stat().st_size == len(data)
                    and hashlib.sha256(path.read_bytes()).digest() == digest):
                path.unlink()
        except OSError:
            log.warning("could not delete a cached copy: %s", path)


def add_documents(settings: Settings, files: list[tuple[str, bytes]],
                  progress: Progress | None = None) -> tuple[IngestReport | None, list[tuple[str, str]]]:
    """Save uploads and ingest; returns the report and the files refused before ingest (name, reason)."""
    refused: list[tuple[str, str]] = []
    saved = 0
    for name, data in files:
        try:
            save_upload(settings, name, data)
            saved += 1
        except DocumentError as exc:
            refused.append((name, str(exc)))
    report = ingest(settings, progress=progress) if saved else None
    return report, refused
