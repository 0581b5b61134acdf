"""👍/👎 feedback from the chat: appended to `<data_dir>/feedback.jsonl`, exported as gold-set candidates.

A record is written the moment a thumb is clicked; a comment added afterwards is appended as a
second record with the same `id`, and `read_feedback` keeps the last one per id.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from assistant.cite import MARKER
from knowledge.config import Settings

FEEDBACK_FILE = "feedback.jsonl"
MAX_COMMENT_CHARS = 1000
_lock = threading.Lock()


def feedback_path(settings: Settings) -> Path:
    return settings.data_dir / FEEDBACK_FILE


def record_feedback(settings: Settings, rating: str, turn: dict[str, Any], comment: str = "",
                    feedback_id: str | None = None) -> str:
    """Append one record; `turn` holds question, answer (the ask-JSON), doc_ids and history. Returns the id."""
    if rating not in ("up", "down"):
        raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
    answer = turn.get("answer") or {}
    record = {
        "id": feedback_id or uuid.uuid4().hex[:12],
        "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "rating": rating,
        "comment": comment.strip()[:MAX_COMMENT_CHARS],
        "question": turn.get("question", ""),
        "answer": answer.get("answer", ""),
        "refused": bool(answer.get("refused", False)),
        "citations": [{k: c.get(k) for k in ("n", "doc_id", "doc_title", "clause_id", "path", "quote")}
                      for c in answer.get("citations", [])],
        "doc_ids": list(turn.get("doc_ids") or []),
        "history": list(turn.get("history") or []),
    }
    line = json.dumps(record, ensure_ascii=False) + "\n"
    path = feedback_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock, open(path, "a", encoding="utf-8") as fh:
        fh.write(line)
    return str(record["id"])


def read_feedback(settings: Settings) -> list[dict[str, Any]]:
    """All feedback, the last record per id, oldest first; unreadable lines are skipped."""
    path = feedback_path(settings)
    if not path.is_file():
        return []
    by_id: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if isinstance(rec, dict) and rec.get("id") and rec.get("rating") in ("up", "down"):
                by_id.pop(str(rec["id"]), None)
                by_id[str(rec["id"])] = rec
    return list(by_id.values())


def _strip_markers(text: str) -> str:
    return re.sub(r"\s+\n", "\n", MARKER.sub("", text)).strip()


def gold_candidates(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Feedback as candidate items of the gold question set (eval schema), latest per question.

    👍 on an answer: answerable, with the first citation as source; 👍 on a refusal: unanswerable.
    👎: the question is kept for review ("待核实"); the answer given is not trusted as a reference.
    `must_include` is left empty for the trainer to fill in; `feedback` carries rating and comment.
    """
    latest: dict[str, dict[str, Any]] = {}
    for rec in records:
        q = str(rec.get("question", "")).strip()
        if q:
            latest.pop(q, None)
            latest[q] = rec
    out = []
    for i, (q, rec) in enumerate(latest.items(), 1):
        up, refused = rec["rating"] == "up", bool(rec.get("refused"))
        cites = rec.get("citations") or []
        item: dict[str, Any] = {"id": f"fb{i:03d}", "question": q, "answerable": not (up and refused),
                                "must_include": []}
        if up and not refused and cites:
            item["source_doc"] = cites[0].get("doc_id", "")
            item["source_quote"] = cites[0].get("quote", "")
            item["reference"] = _strip_markers(str(rec.get("answer", "")))
        tags = ["feedback", "赞" if up else "踩"]
        if not up:
            tags.append("待核实")
        if rec.get("history"):
            tags.append("followup")
        item["tags"] = tags
        item["feedback"] = {"id": rec.get("id"), "time": rec.get("time"), "rating": rec["rating"],
                            "comment": rec.get("comment", ""), "refused": refused,
                            "answer": rec.get("answer", ""), "history": rec.get("history", [])}
        out.append(item)
    return out


def gold_jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in gold_candidates(records))
