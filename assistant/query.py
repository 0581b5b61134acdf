"""Question handling before retrieval: normalisation, follow-up resolution, synonym expansion."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from knowledge.clean import to_simplified
from knowledge.errors import ConfigError, QuestionError
from knowledge.tokenize import tokenize_spans

SYNONYMS = Path(__file__).resolve().parent.parent / "knowledge" / "synonyms.toml"

_FOLLOWUP_START = re.compile(r"^(?:那么?|那如果|还有|另外|再问一下|如果是|要是)")
_FOLLOWUP_END = re.compile(r"(?:呢|的呢|怎么样|怎么办)[?？。!！]*$")
_PRONOUN = re.compile(r"(?:它|其|这个|那个|这项|该项|上述|前面|刚才)")


@dataclass(frozen=True)
class Query:
    question: str  # as asked
    text: str  # normalised, follow-up resolved: what dense retrieval embeds
    expansions: tuple[str, ...]  # regulation terms added for lexical retrieval
    followup: bool = False

    @property
    def lexical_text(self) -> str:
        return " ".join((self.text, *self.expansions))


def normalize(text: str) -> str:
    """NFKC (full-width to half-width), traditional to simplified, collapsed whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Synonyms:
    expand: dict[str, tuple[str, ...]]  # colloquial word -> the regulations' terms
    fillers: frozenset[str]  # words that name no rule


def load_synonyms(path: Path) -> Synonyms:
    """Read the synonym file an admin edits; a mistake in it is reported in Chinese with its line."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"同义词文件 {path} 无法读取({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f"第 {where.group(1)} 行第 {where.group(2)} 列" if where else "某处"
        what = "同一个词写了两次" if "overwrite" in str(exc) else "格式不对(词要加英文双引号,列表用 [ ])"
        raise ConfigError(f"同义词文件 {path} {at}有误:{what}") from exc
    expand, filler = data.get("expand", {}), data.get("filler", {}).get("words", [])
    bad = [k for k, v in expand.items() if not (isinstance(v, list) and all(isinstance(t, str) for t in v))]
    if bad or not isinstance(filler, list) or not all(isinstance(w, str) for w in filler):
        which = f"“{bad[0]}” 的值" if bad else "[filler] words"
        raise ConfigError(f"同义词文件 {path} 中 {which} 应是字符串列表,如 [\"调动\", \"离任\"]")
    return Synonyms({k: tuple(v) for k, v in expand.items()}, frozenset(filler))


@cache
def synonyms() -> Synonyms:
    return load_synonyms(SYNONYMS)


def synonym_table() -> dict[str, tuple[str, ...]]:
    return synonyms().expand


def filler_words() -> frozenset[str]:
    return synonyms().fillers


def question_tokens(text: str) -> list[str]:
    """The question's content words for weighing and matching sentences. A colloquial word from the
    synonym file that jieba splits across words ("一把手要调走了" → 要调/走) is kept whole, so that its
    regulation terms (离任, 转任 …) can stand in for it."""
    spans = tokenize_spans(text)
    for key in synonym_table():
        for m in re.finditer(re.escape(key), text):
            s, e = m.start(), m.end()
            inside = [t for t in spans if t[1] < e and s < t[2]]
            if inside and any(t[1] < s or t[2] > e for t in inside) and not any(t[1] <= s and e <= t[2] for t in inside):
                spans = sorted([t for t in spans if t not in inside] + [(key, s, e)], key=lambda t: t[1])
    fillers = filler_words()
    return [w.lower() for w, _, _ in spans if w not in fillers]


def expand(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for key, terms in synonym_table().items():
        if key in text:
            out.extend(t for t in terms if t not in text and t not in out)
    return tuple(out)


def validate_question(question: str, max_chars: int) -> str:
    question = (question or "").strip()
    if not question:
        raise QuestionError("问题不能为空")
    if len(question) > max_chars:
        raise QuestionError(f"问题过长({len(question)} 字),请控制在 {max_chars} 字以内")
    return question


def is_followup(question: str) -> bool:
    q = question.strip()
    return bool(_FOLLOWUP_START.search(q) or _FOLLOWUP_END.search(q) or (len(q) <= 8 and _PRONOUN.search(q)))


def last_user_question(history: Sequence[dict[str, str]]) -> str:
    for turn in reversed(history):
        if turn.get("role") == "user" and str(turn.get("content", "")).strip():
            return str(turn["content"]).strip()
    return ""


def carry_over(question: str, history: Sequence[dict[str, str]]) -> tuple[str, bool]:
    """Rule-based follow-up resolution: a short follow-up inherits the previous question's topic."""
    previous = last_user_question(history)
    if not previous or not is_followup(question):
        return question, False
    core = _FOLLOWUP_END.sub("", _FOLLOWUP_START.sub("", question.strip())).strip(" ,,?？")
    return f"{previous} {core}".strip(), True


def build_query(question: str, history: Sequence[dict[str, str]] = (), resolved: str | None = None) -> Query:
    """The retrieval query for a question; `resolved` is an LLM-condensed standalone question, if any."""
    norm = normalize(question)
    if resolved:
        text, followup = normalize(resolved), resolved != question
    else:
        text, followup = carry_over(norm, [{**t, "content": normalize(str(t.get("content", "")))} for t in history])
    return Query(question=question, text=text, expansions=expand(text), followup=followup)
