"""Quiz builder: study and exam items (填空, 单选, 多选, 判断) drawn from the regulations, every key traced
to its clause. Deterministic: no LLM, and the same seed gives the same items.

Conventions (the "Quiz item" contract of DESIGN.md, extended with `difficulty` and `fact`):
- `type` is cloze | single | multiple | judge.
- `options` are "A 文本" strings. Cloze items have none. Judge items always have ("A 正确", "B 错误").
- `answer` is option letters for single ("B"), multiple ("ACD") and judge ("A" = 正确, "B" = 错误);
  for cloze it is the missing text ("7个工作日").
- A cloze stem marks the gap with "____", a choice stem with "（　）". A stem opens with its source,
  "根据《标题》“小标题”部分,", and the rest is verbatim clause text (with one fact changed in a false
  judge item), so `check_item` can prove the key from `citation.quote`.
- `explanation` ends with "原文:“<quote>”", the verbatim clause text the key rests on.

    from assistant.quiz import QuizOptions, generate_quiz, export_quiz
    items = generate_quiz(index, QuizOptions(count=50, seed=7))
    data = export_quiz(items, "docx")
"""

from __future__ import annotations

from assistant.quiz.check import check_item
from assistant.quiz.export import export_quiz
from assistant.quiz.generate import generate_quiz
from assistant.quiz.types import DIFFICULTIES, FORMATS, TYPES, QuizCitation, QuizError, QuizItem, QuizOptions

__all__ = [
    "DIFFICULTIES", "FORMATS", "TYPES", "QuizCitation", "QuizError", "QuizItem", "QuizOptions",
    "check_item", "export_quiz", "generate_quiz",
]
