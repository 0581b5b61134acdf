"""Web app entry point: `python app.py` (or `make run`) serves the chat and the HTTP API.

Settings come from JIANDU_* variables (JIANDU_PORT, JIANDU_HOST, JIANDU_AUTH, JIANDU_ROOT_PATH ...);
on a fresh clone the bundled documents are indexed on first start. See assistant/web.py.
"""

from __future__ import annotations

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # gradio analytics off, whatever the environment says


def main() -> None:
    from assistant.config import load_settings
    from knowledge.manage import gradio_tmp

    # gradio keeps a copy of every upload in its temp dir (/tmp/gradio by default) and reads the
    # variable when it is imported: point it into the data dir first, so nothing of ours lands elsewhere.
    os.environ.setdefault("GRADIO_TEMP_DIR", str(gradio_tmp(load_settings()).resolve()))
    from assistant.web import serve

    serve()


if __name__ == "__main__":
    main()
