"""The page's tabs, one module each: chat (问答), knowledge (知识库), quiz (出题), feedback (反馈与评测).

Each module's `build` lays out its tab's components and wires its own events; its callbacks are
top-level functions whose first argument is the page's `Context` (web.tabs.context), fixed with `bind`.
"""
