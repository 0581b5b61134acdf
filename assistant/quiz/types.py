"""The quiz nouns: an item in the DESIGN.md "Quiz item" shape, the options that steer generation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from knowledge.errors import QuizError

ItemType = Literal["cloze", "single", "multiple", "judge"]
Difficulty = Literal["easy", "medium", "hard"]

TYPES: tuple[str, ...] = ("cloze", "single", "multiple", "judge")
DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")
FORMATS: tuple[str, ...] = ("json", "md", "docx", "xlsx", "gift")
TYPE_NAMES = {"cloze": "填空题", "single": "单选题", "multiple": "多选题", "judge": "判断题"}
JUDGE_OPTIONS = ("A 正确", "B 错误")
MAX_COUNT = 500


@dataclass(frozen=True)
class QuizCitation:
    doc_id: str
    doc_title: str
    clause_id: str
    path: tuple[str, ...]
    quote: str  # verbatim text of the clause that the key rests on

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "doc_title": self.doc_title, "clause_id": self.clause_id,
                "path": list(self.path), "quote": self.quote}


@dataclass(frozen=True)
class QuizItem:
    """One question. `options` are "A 文本" strings; `answer` is the option letters ("B", "ACD") for
    single/multiple/judge and the missing text for cloze. Judge items always offer ("A 正确", "B 错误")."""

    id: str
    type: str
    stem: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    citation: QuizCitation
    difficulty: str = "medium"
    fact: str = ""  # what the item tests: 时限, 频次, 数量, 比例, 责任主体, 名称集合, 列举, 禁止与义务

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "stem": self.stem, "options": list(self.options),
                "answer": self.answer, "explanation": self.explanation, "citation": self.citation.to_dict(),
                "difficulty": self.difficulty, "fact": self.fact}

    @staticmethod
    def from_dict(d: dict[str, Any]) -> QuizItem:
        c = d["citation"]
        return QuizItem(
            id=d["id"], type=d["type"], stem=d["stem"], options=tuple(d.get("options", ())),
            answer=d["answer"], explanation=d["explanation"],
            citation=QuizCitation(c["doc_id"], c["doc_title"], c["clause_id"], tuple(c.get("path", ())),
                                  c["quote"]),
            difficulty=d.get("difficulty", "medium"), fact=d.get("fact", ""),
        )

    def option_text(self, letter: str) -> str:
        """The text of option `letter` without its "A " prefix."""
        for option in self.options:
            if option[:1] == letter:
                return option[2:]
        raise KeyError(letter)

    @property
    def answer_texts(self) -> tuple[str, ...]:
        """The answer as text: the missing words for cloze, the chosen options' texts otherwise."""
        if self.type == "cloze":
            return (self.answer,)
        return tuple(self.option_text(letter) for letter in self.answer)


@dataclass(frozen=True)
class QuizOptions:
    """What to generate. Empty `doc_ids`/`headings` mean the whole index; `seed` makes runs repeatable."""

    count: int = 20
    types: tuple[str, ...] = TYPES
    doc_ids: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    difficulty: str = "medium"
    seed: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.count <= MAX_COUNT:
            raise QuizError(f"题目数量 {self.count} 超出范围,应在 1 到 {MAX_COUNT} 之间")
        if not self.types:
            raise QuizError(f"至少选择一种题型,可选: {', '.join(TYPES)}")
        bad = [t for t in self.types if t not in TYPES]
        if bad:
            raise QuizError(f"不支持的题型: {', '.join(bad)};可选: {', '.join(TYPES)}")
        if len(set(self.types)) != len(self.types):
            raise QuizError("题型重复,请每种题型只写一次")
        if self.difficulty not in DIFFICULTIES:
            raise QuizError(f"难度 “{self.difficulty}” 不受支持,可选: {', '.join(DIFFICULTIES)}")
