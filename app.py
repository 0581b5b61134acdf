"""Web app entry point: `python app.py` (or `make run`) serves the chat and the HTTP API.

Settings come from JIANDU_* variables (JIANDU_PORT, JIANDU_HOST, JIANDU_AUTH, JIANDU_ROOT_PATH ...);
on a fresh clone the bundled documents are indexed on first start. See web/server.py.
"""

from __future__ import annotations

import os


def main() -> None:
    from knowledge.config import load_settings
    from web import gradio_tmp  # importing the web package also turns gradio's analytics off

    # gradio keeps a copy of every upload in its temp dir (/tmp/gradio by default) and reads the
    # variable when it is imported: point it into the data dir first, so nothing of ours lands elsewhere.
    os.environ.setdefault("GRADIO_TEMP_DIR", str(gradio_tmp(load_settings()).resolve()))
    from web.server import serve

    serve()


if __name__ == "__main__":
    main()
