"""Web app entry point: `python app.py` (or `make run`) serves the chat and the HTTP API.

Settings come from JIANDU_* variables (JIANDU_PORT, JIANDU_HOST, JIANDU_AUTH, JIANDU_ROOT_PATH ...);
on a fresh clone the bundled documents are indexed on first start. See assistant/web.py.
"""

from __future__ import annotations

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # gradio analytics off, whatever the environment says


def main() -> None:
    from assistant.web import serve

    serve()


if __name__ == "__main__":
    main()
