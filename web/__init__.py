"""The web face: gradio chat and FastAPI routes (server.py), the UI (ui.py), HTML rendering (render.py), feedback (feedback.py).

No answering logic lives here: it calls assistant.service and knowledge.manage. Importing this package
turns gradio's analytics off before gradio itself is imported (one place for that switch).
"""

from __future__ import annotations

import os
from pathlib import Path

from knowledge.config import Settings

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # gradio analytics off, whatever the environment says


def gradio_tmp(settings: Settings) -> Path:
    """Where gradio keeps its own copy of every file uploaded through the web page (app.py sets it)."""
    return Path(os.environ.get("GRADIO_TEMP_DIR") or settings.data_dir / "gradio-tmp")
