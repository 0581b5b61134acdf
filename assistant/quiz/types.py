"""The quiz nouns: an item in the DESIGN.md "Quiz item" shape, the options that steer generation, and the
table of export formats (the one place the CLI and the web face read them from)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from knowledge.errors import QuizError

ItemType = Literal["cloze", "single", "multiple", "judge"]
Difficulty = Literal["easy", "medium", "hard"]

TYPES: tuple[str, ...] = ("cloze", "single", "multiple", "judge")
DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")
TYPE_NAMES = {"cloze": "填空题", "single": "单选题", "multiple": "多选题", "judge": "判断题"}
DIFFICULTY_NAMES = {"easy": "易", "medium": "中", "hard": "难"}
# one way of writing a judge key everywhere: JSON, papers, answer tables, imports
TRUE, FALSE = "正确", "错误"
JUDGE_OPTIONS = (TRUE, FALSE)
MAX_COUNT = 500
# marks per item, by type, in a bank; a paper scales them so that its total is PAPER_TOTAL (generate.paper_marks)
POINTS = {"cloze": 2, "single": 2, "multiple": 3, "judge": 1}
PAPER_TOTAL = 100


@dataclass(frozen=True)
class ExportFormat:
    name: str  # what --format takes
    label: str  # what a trainer is shown
    suffix: str  # the file name ends so


# The paper and its answer key are separate files; "docx" and "pdf" from the CLI write both.
FORMAT_TABLE: tuple[ExportFormat, ...] = (
    ExportFormat("docx", "试卷(Word)", ".docx"),
    ExportFormat("key-docx", "答案与解析(Word)", "-答案.docx"),
    ExportFormat("pdf", "试卷(PDF)", ".pdf"),
    ExportFormat("key-pdf", "答案与解析(PDF)", "-答案.pdf"),
    ExportFormat("xlsx", "题库表格(Excel)", ".xlsx"),
    ExportFormat("txt", "考试平台导入文本", ".txt"),
    ExportFormat("moodle", "Moodle XML", ".xml"),
    ExportFormat("gift", "Moodle GIFT", ".gift"),
    ExportFormat("md", "Markdown(题目+答案)", ".md"),
    ExportFormat("json", "JSON(题目数据)", ".json"),
)
FORMATS: tuple[str, ...] = tuple(f.name for f in FORMAT_TABLE)
FORMAT_BY_NAME = {f.name: f for f in FORMAT_TABLE}


@dataclass(frozen=True)
class QuizCitation:
    doc_id: str
    doc_title: str
    clause_id: str
    path: tuple[str, ...]
    quote: str  # verbatim text of the clause that the key rests on
    issuer: str = ""
    kind: str = ""  # the catalog's kind of the document: 实施意见 (binds) … 新闻报道 (does not)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "doc_title": self.doc_title, "clause_id": self.clause_id,
                "path": list(self.path), "quote": self.quote, "issuer": self.issuer, "kind": self.kind}

    @staticmethod
    def from_dict(c: dict[str, Any]) -> QuizCitation:
        return QuizCitation(c["doc_id"], c["doc_title"], c["clause_id"], tuple(c.get("path", ())), c["quote"],
                            c.get("issuer", ""), c.get("kind", ""))


@dataclass(frozen=True)
class QuizItem:
    """One question. `options` are plain texts (no letters). `answer` is option letters for single and
    multiple ("B", "ACD"), "正确"/"错误" for judge, and for cloze the tuple of accepted fills, the first
    being the clause's own words. `rules` are the sentences of the documents the item tests ("clause_id@start"):
    a paper asks each once (a long sentence once per part), and --exclude keeps them out of the next paper."""

    id: str
    type: str
    stem: str
    options: tuple[str, ...]
    answer: str | tuple[str, ...]
    explanation: str
    citation: QuizCitation
    difficulty: str = "medium"
    fact: str = ""  # what the item tests: 时限, 频次, 数量, 责任主体, 制度名称, 名称集合, 列举, 禁止与义务, 综合
    rules: tuple[str, ...] = ()
    topic: str = ""  # 知识点: the heading of the clause the key rests on
    points: float = 0  # a whole number, or a half mark where a paper's total needs one
    binding: bool = True  # the key rests on a document that binds (实施意见, 规定 …), not on a practice report
    also: tuple[QuizCitation, ...] = ()  # further clauses a 「下列说法正确的是」 item's statements come from

    def to_dict(self) -> dict[str, Any]:
        answer: Any = list(self.answer) if isinstance(self.answer, tuple) else self.answer
        return {"id": self.id, "type": self.type, "stem": self.stem, "options": list(self.options),
                "answer": answer, "explanation": self.explanation, "citation": self.citation.to_dict(),
                "difficulty": self.difficulty, "fact": self.fact, "rules": list(self.rules), "topic": self.topic,
                "points": self.points, "binding": self.binding, "also": [c.to_dict() for c in self.also]}

    @staticmethod
    def from_dict(d: dict[str, Any]) -> QuizItem:
        answer = d["answer"]
        return QuizItem(
            id=d["id"], type=d["type"], stem=d["stem"], options=tuple(d.get("options", ())),
            answer=tuple(answer) if isinstance(answer, list) else answer, explanation=d["explanation"],
            citation=QuizCitation.from_dict(d["citation"]), difficulty=d.get("difficulty", "medium"),
            fact=d.get("fact", ""), rules=tuple(d.get("rules", ())), topic=d.get("topic", ""),
            points=_mark(d.get("points", 0)), binding=bool(d.get("binding", True)),
            also=tuple(QuizCitation.from_dict(c) for c in d.get("also", ())),
        )

    @property
    def fills(self) -> tuple[str, ...]:
        """Accepted fills of a cloze item."""
        return self.answer if isinstance(self.answer, tuple) else (self.answer,)

    @property
    def key(self) -> str:
        """The answer as one string: letters, 正确/错误, or a cloze's first fill."""
        return self.answer[0] if isinstance(self.answer, tuple) else self.answer

    def option_text(self, letter: str) -> str:
        return self.options["ABCDEFGH".index(letter)]

    @property
    def answer_texts(self) -> tuple[str, ...]:
        """The answer as text: the fills for cloze, the chosen options' texts for single/multiple."""
        if self.type == "cloze":
            return self.fills
        if self.type == "judge":
            return (self.key,)
        return tuple(self.option_text(letter) for letter in self.key)


def _mark(value: Any) -> float:
    """2 stays 2 (an int), 1.5 stays 1.5."""
    v = float(value)
    return int(v) if v == int(v) else v


@dataclass(frozen=True)
class QuizOptions:
    """What to generate. Empty `doc_ids`/`headings` mean the whole index; `seed` makes runs repeatable.
    `include_practice` lets non-binding documents (范文, 新闻报道, 评论文章, 未登记) in, worded as practice;
    `exclude_rules` are sentences an earlier paper asked; `bank` makes every worthwhile item, ignoring count."""

    count: int = 20
    types: tuple[str, ...] = TYPES
    doc_ids: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    difficulty: str = "medium"
    seed: int = 0
    include_practice: bool = False
    exclude_rules: frozenset[str] = frozenset()
    bank: bool = False

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


@dataclass(frozen=True)
class QuizResult:
    """Items and what a trainer should know about them: how many the documents support, and why fewer."""

    items: tuple[QuizItem, ...]
    available: int  # distinct sentences (rules) the selection could ask, before --exclude
    notes: tuple[str, ...] = ()  # in Chinese, for the trainer
