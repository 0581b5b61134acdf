"""Quiz builder: study and exam items (填空, 单选, 多选, 判断) drawn from the regulations, every key traced
to its clause. Deterministic: no LLM, and the same seed gives the same items.

Conventions (the "Quiz item" contract of DESIGN.md, extended with difficulty, fact, rules, topic, points,
binding and also):
- `type` is cloze | single | multiple | judge; `options` are plain texts, no letters.
- `answer` is option letters for single ("B") and multiple ("ACD"), "正确"/"错误" for judge, and for cloze
  the list of accepted fills, the clause's own words first ("7个工作日", "七个工作日").
- A stem names who says it: "泾县县委组织部《实施意见》规定," for a binding document; a practice text
  (范文, 新闻报道, 评论文章, asked only with include_practice) reads "资阳市的做法是:". The rest is clause text.
- A paper asks each statement once (a sentence of a clause, or a part of a long one; `rules` names the sentence,
  "clause_id@start"); `exclude_rules` keeps an earlier paper's sentences out; `bank` makes every worthwhile item.
- A paper's marks sum to 100 (`points`; a half mark only where no whole scheme fits); a bank keeps 2/2/3/1.
- `explanation` ends with "原文:“<quote>”", the verbatim clause text the key rests on.

    from assistant.quiz import QuizOptions, build_quiz, export_quiz
    result = build_quiz(index, QuizOptions(count=40, seed=0))   # .items, .available, .notes (Chinese)
    data = export_quiz(result.items, "docx")
"""

from __future__ import annotations

from assistant.quiz.check import check_item
from assistant.quiz.export import export_quiz
from assistant.quiz.generate import build_quiz, generate_quiz
from assistant.quiz.types import (
    DIFFICULTIES,
    FORMAT_TABLE,
    FORMATS,
    TYPES,
    ExportFormat,
    QuizCitation,
    QuizError,
    QuizItem,
    QuizOptions,
    QuizResult,
)

__all__ = [
    "DIFFICULTIES", "FORMATS", "FORMAT_TABLE", "TYPES", "ExportFormat", "QuizCitation", "QuizError", "QuizItem",
    "QuizOptions", "QuizResult", "build_quiz", "check_item", "export_quiz", "generate_quiz",
]
