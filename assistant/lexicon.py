"""The answering wing's words and cue patterns, read from assistant/lexicon.toml and checked at start.

Every entry carries a reason (`why`); a pattern that does not compile or an entry without a reason is
reported in Chinese with its name, so a mistake shows when the program starts, not at a question.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from knowledge.errors import ConfigError

LEXICON = Path(__file__).resolve().parent / "lexicon.toml"


@dataclass(frozen=True)
class Intent:
    name: str
    ask: re.Pattern[str]  # the question asks for this
    answer: re.Pattern[str]  # a sentence that answers it contains this


@dataclass(frozen=True)
class Lexicon:
    fillers: frozenset[str]
    function_chars: frozenset[str]
    vague_kinds: frozenset[str]
    intents: tuple[Intent, ...]
    patterns: dict[str, re.Pattern[str]]
    opposites: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def intent(self, name: str) -> Intent:
        return next(i for i in self.intents if i.name == name)

    def __getattr__(self, name: str) -> re.Pattern[str]:
        try:
            return self.patterns[name]
        except KeyError:
            raise AttributeError(name) from None


def _compile(where: str, pattern: object) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise ConfigError(f"词表 {LEXICON.name} 中 {where} 应为非空字符串")
    try:
        return re.compile(pattern, re.I)
    except re.error as exc:
        raise ConfigError(f"词表 {LEXICON.name} 中 {where} 的正则表达式有误:{exc}") from exc


def _why(where: str, entry: object) -> None:
    if not isinstance(entry, dict) or not str(entry.get("why", "")).strip():
        raise ConfigError(f"词表 {LEXICON.name} 中 {where} 缺少说明(why):每一项都要写明为什么在这里")


def load_lexicon(path: Path = LEXICON) -> Lexicon:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"词表 {path} 无法读取或格式有误:{exc}") from exc
    _why("[fillers]", data.get("fillers"))
    words = data.get("words", {})
    for name, entry in words.items():
        _why(f"words.{name}", entry)
    intents = []
    for name, entry in data.get("intents", {}).items():
        _why(f"intents.{name}", entry)
        intents.append(Intent(name, _compile(f"intents.{name}.ask", entry.get("ask")),
                              _compile(f"intents.{name}.answer", entry.get("answer"))))
    patterns = {}
    for name, entry in data.get("patterns", {}).items():
        _why(f"patterns.{name}", entry)
        patterns[name] = _compile(f"patterns.{name}", entry.get("value"))
    return Lexicon(frozenset(data["fillers"].get("words", [])), frozenset(words["function_chars"]["value"]),
                   frozenset(words["vague_kinds"]["value"]), tuple(intents), patterns, _opposites(data.get("opposites")))


def _opposites(entry: object) -> dict[str, tuple[str, ...]]:
    """word -> its opposites, both ways, from [opposites] pairs ("口头/书面")."""
    if entry is None:
        return {}
    _why("[opposites]", entry)
    pairs = entry.get("pairs", []) if isinstance(entry, dict) else []
    out: dict[str, list[str]] = {}
    for pair in pairs:
        words = str(pair).split("/")
        if len(words) != 2 or not all(words):
            raise ConfigError(f"词表 {LEXICON.name} 中 [opposites] 的“{pair}”应写成“词/反义词”")
        a, b = words
        out.setdefault(a, []).append(b)
        out.setdefault(b, []).append(a)
    return {w: tuple(o) for w, o in out.items()}


@cache
def lexicon() -> Lexicon:
    return load_lexicon()
