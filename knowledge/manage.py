"""Adding and removing documents of the knowledge base (the web app's knowledge tab uses these)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from knowledge.catalog import describe_upload, load_catalog
from knowledge.config import Settings
from knowledge.errors import DiskFullError, DocumentError
from knowledge.ingest import (
    IngestReport,
    Progress,
    cancel_flag,
    disk_full,
    ingest,
    list_documents,
    quarantine_dir,
    safe_doc_id,
    uploads_dir,
)
from knowledge.load import SUFFIXES

log = logging.getLogger(__name__)


def safe_upload_name(name: str) -> str:
    """A file name that cannot leave the uploads dir: no path parts, NUL or control characters."""
    base = name.replace("\\", "/").split("/")[-1].replace("\x00", "")
    suffix = Path(base).suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError(f"不支持的文件类型 {suffix or '(无扩展名)'},支持: {', '.join(SUFFIXES)}")
    return safe_doc_id(base) + suffix


NAMES = "upload_names.json"  # in the data dir: stored upload file name -> the name it was uploaded under


def _read_names(settings: Settings) -> dict[str, str]:
    try:
        names = json.loads((settings.data_dir / NAMES).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {}
    except (OSError, ValueError):
        return {}


def _free_name(target_dir: Path, safe: str, original: str, names: dict[str, str]) -> str:
    """`safe`, unless a different upload already has it ("规定 (1).txt" and "规定_1.txt" sanitise alike):
    then the first `stem_2`, `stem_3` … that is free. The same original name again replaces its file (an update)."""
    stem, suffix = Path(safe).stem, Path(safe).suffix
    candidate, n = safe, 2
    while (target_dir / candidate).exists() and names.get(candidate, candidate) != original:
        candidate = f"{stem}_{n}{suffix}"
        n += 1
    return candidate


def save_upload(settings: Settings, name: str, data: bytes) -> Path:
    """Store an uploaded file under the data dir (size-limited, safe name, never replacing another upload
    whose name sanitises alike); returns its path. A full disk leaves no half-written file."""
    limit = settings.max_upload_bytes
    if len(data) > limit:
        raise DocumentError(settings.too_large(len(data)))
    if not data:
        raise DocumentError("文件为空")
    target_dir = uploads_dir(settings)
    original = name.replace("\\", "/").split("/")[-1].replace("\x00", "")
    tmp: Path | None = None
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        names = _read_names(settings)
        target = target_dir / _free_name(target_dir, safe_upload_name(name), original, names)
        if target.resolve().parent != target_dir.resolve():
            raise DocumentError("文件名不合法")
        tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        tmp = None
        names[target.name] = original
        _write_json(settings.data_dir / NAMES, names)
        _set_removed(settings, safe_doc_id(target.name), removed=False)
    except OSError as exc:
        if disk_full(exc, settings.data_dir):
            raise DiskFullError("磁盘空间不足,文件未保存;请清理磁盘后重试") from exc
        raise DocumentError(f"文件无法保存: {exc.strerror}") from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return target


def _write_json(path: Path, value: object) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


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
    _write_json(path, sorted(current))


def remove_document(settings: Settings, doc_id: str, progress: Progress | None = None,
                    cache_dirs: tuple[Path, ...] = ()) -> IngestReport:
    """Remove a document: an uploaded file is deleted, a bundled one is excluded; then re-ingest.
    Copies with the same bytes under `cache_dirs` (the web face's upload cache) are deleted too."""
    for path in uploads_dir(settings).glob("*") if uploads_dir(settings).is_dir() else []:
        if not path.name.startswith(".") and safe_doc_id(path.name) == doc_id:
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
    report = ingest(settings, progress=progress, max_new_clauses=settings.max_clauses_per_ingest) if saved else None
    return report, refused


@dataclass(frozen=True)
class Quarantined:
    """An upload that failed: kept out of the uploads dir, never parsed again, listed until deleted."""

    doc_id: str
    name: str
    reason: str
    time: str

    def to_dict(self) -> dict[str, str]:
        return {"doc_id": self.doc_id, "name": self.name, "reason": self.reason, "time": self.time}


def list_quarantine(settings: Settings) -> list[Quarantined]:
    root = quarantine_dir(settings)
    out: list[Quarantined] = []
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        if not path.is_file() or path.name.startswith("."):
            continue
        try:
            info = json.loads((root / f".{path.name}.reason.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        out.append(Quarantined(safe_doc_id(path.name), path.name, str(info.get("reason", "入库失败")),
                               str(info.get("time", ""))))
    return out


def remove_quarantined(settings: Settings, doc_id: str) -> list[str]:
    """Delete the quarantined uploads whose doc_id is `doc_id`; returns their names ([]: none)."""
    root = quarantine_dir(settings)
    gone = []
    for item in list_quarantine(settings):
        if item.doc_id == doc_id:
            (root / item.name).unlink(missing_ok=True)
            (root / f".{item.name}.reason.json").unlink(missing_ok=True)
            gone.append(item.name)
    return gone


def cancel_ingest(settings: Settings) -> bool:
    """Ask the running ingest to stop (it checks between embedding batches and between files, and leaves the
    index in service as it was). False when no ingest is running: then nothing is asked."""
    lock = FileLock(str(settings.data_dir / "ingest.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        cancel_flag(settings).touch()
        log.warning("an administrator asked the running ingest to stop")
        return True
    lock.release()
    return False


def uploaded_ids(settings: Settings) -> set[str]:
    """The doc_ids of the files in the uploads dir (a bundled document is never one of them)."""
    root = uploads_dir(settings)
    return {safe_doc_id(p.name) for p in root.iterdir() if p.is_file() and not p.name.startswith(".")} \
        if root.is_dir() else set()


def describe_document(settings: Settings, doc_id: str, *, kind: str = "", issuer: str = "", level: str = "",
                      title: str = "", progress: Progress | None = None) -> IngestReport:
    """Say what an uploaded document is (kind, issuer, level, title) and re-ingest, so that its citations
    carry it (the web knowledge tab; `jiandu describe` also registers ids not uploaded yet). A bundled document
    is described in knowledge/catalog.toml by its maintainers and is refused here, as is an id not uploaded."""
    issuer, title = issuer.strip(), title.strip()
    if not doc_id:
        raise DocumentError("请先选择要说明的文档")
    if not (kind or issuer or level or title):
        raise DocumentError("请至少填写文件类型、发文单位、层级、标题中的一项")
    if any(safe_doc_id(p.name) == doc_id for p in list_documents([settings.docs_dir])):
        bundled = load_catalog(settings.catalog).get(doc_id)
        name = f"《{bundled.title}》" if bundled and bundled.title else doc_id
        raise DocumentError(f"{name}是随附文档,它的类型和发文单位由维护人员在 knowledge/catalog.toml 中登记,"
                            "不能在这里修改;这里只能说明上传的文档")
    if doc_id not in uploaded_ids(settings):
        raise DocumentError(f"上传的文档中没有 {doc_id};请刷新页面后重新选择")
    describe_upload(settings.data_dir, doc_id, kind=kind, issuer=issuer, level=level, title=title)
    return ingest(settings, progress=progress)
