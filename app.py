"""Web app entry point: `python app.py` (a placeholder until the web chat lands)."""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def main() -> None:
    from assistant.web import serve

    serve()


if __name__ == "__main__":
    main()
