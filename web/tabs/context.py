"""What every callback of the page is handed: one frozen `Context` (settings, assistant, the page itself),
fixed as the callback's first argument by `bind`, instead of closures over the whole page builder."""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.service import Assistant
from knowledge.config import Settings
from knowledge.errors import JianduError
from knowledge.index import Index


@dataclass(frozen=True)
class Context:
    settings: Settings
    assistant: Assistant
    blocks: gr.Blocks  # the page: its upload_file_set says which files gradio received for it

    def index(self) -> Index | None:
        """The index in service, or None before the first ingest (or while it cannot be read)."""
        try:
            return self.assistant.index()
        except JianduError:
            return None

    def is_admin(self, request: gr.Request | None) -> bool:
        """Whether the logged-in user may change the knowledge base: the server decides, not the page."""
        return self.settings.is_admin(getattr(request, "username", None))


def doc_choices(index: Index | None) -> list[tuple[str, str]]:
    """(title, doc_id) for every indexed document, as the dropdowns list them."""
    if index is None:
        return []
    return [(f"{d.title}", d.doc_id) for d in index.docs.values()]


def bind(callback: Callable[..., Any], ctx: Context) -> Callable[..., Any]:
    """`callback` with `ctx` as its first argument. A bound method, not functools.partial: gradio reads the
    other parameters' type hints (gr.Request, gr.LikeData …) only from functions and methods, and must still
    see a generator callback as one (it streams)."""
    return types.MethodType(callback, ctx)
