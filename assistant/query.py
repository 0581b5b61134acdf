"""Question handling before retrieval: normalisation, follow-up resolution, synonym expansion."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.lexicon import lexicon
from knowledge.clean import fold_width_and_script
from knowledge.errors import ConfigError, QuestionError
from knowledge.tokenize import in_dictionary, tokenize_spans

SYNONYMS = Path(__file__).resolve().parent.parent / "knowledge" / "synonyms.toml"

@dataclass(frozen=True)
class Query:
    question: str  # as asked
    text: str  # normalised, follow-up resolved: what dense retrieval embeds
    expansions: tuple[str, ...]  # regulation terms added for lexical retrieval
    followup: bool = False
    focus: str = ""  # a follow-up's own words ("工资和组织关系"): they weigh more than the carried topic
    standalone: str = ""  # a follow-up as the question it was answered as, for the user to see

    @property
    def lexical_text(self) -> str:
        return " ".join((self.text, *self.expansions))


def normalize(text: str) -> str:
    """NFKC (full-width to half-width), traditional to simplified, collapsed whitespace (a space between Chinese
    words a comma), a verb and its object written apart in speech joined again (rejoin_split_words), and a
    run of class letters listed as the documents list them (ABCD四类 → A、B、C、D四类), a rank from the
    bottom as the documents write it (排倒数前三 → 排名后三位), and without the recall particle 来着."""
    return without_recall_particle(bottom_ranks(list_letter_runs(rejoin_split_words(spaces_as_pauses(
        re.sub(r"\s+", " ", fold_width_and_script(text)).strip())))))


_RECALL = re.compile(r"(?<=[\u4e00-\u9fff])来着(?=[吗呢啊呀吧]*(?:[?？,，。;；!！]|$))")


def without_recall_particle(text: str) -> str:
    """来着 ending a clause asks the asker's memory back ("多长时间开一次来着?", "叫啥来着"): it says nothing
    of the matter, and read as words it is taken for the thing asked of (开一次[来着])."""
    return _RECALL.sub("", text)


_BOTTOM = re.compile(r"(排名|排在|排)?(?:倒数[前后]?|(?<=排)后)([一二两三四五六七八九十\d]+)(名|位)?")


def bottom_ranks(text: str) -> str:
    """A rank counted from the bottom as speech says it (排倒数前三, 倒数3名, 排后三) as the documents write it
    (排名后三位, 后3名: the asker's measure word kept, the documents use both): the same places, in the words a
    rule uses, and 排后 (a word to the segmenter) apart. 倒数第三 is one place, and stays."""
    return _BOTTOM.sub(lambda m: f"{'排名' if m.group(1) else ''}后{m.group(2)}{m.group(3) or '位'}", text)


_PAUSE = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff\d])")  # not 5 年: the figure's own unit


def spaces_as_pauses(text: str) -> str:
    """A space between Chinese words is where a chat message pauses ("国庆想出去几天 乡镇书记能不能一块请假走"):
    a comma, so the clause that tells the situation stays apart from the clause that asks."""
    return _PAUSE.sub(",", text)


_LETTER_RUN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,6}(?![A-Za-z0-9])")  # not in a code (ABC123)


def list_letter_runs(text: str) -> str:
    """Letters in alphabetical sequence (ABCD, AB) name classes one by one; an acronym (ABC in no order,
    GDP) is left alone."""
    def listed(m: re.Match[str]) -> str:
        run = m.group(0)
        in_order = all(ord(b) - ord(a) == 1 for a, b in zip(run, run[1:]))
        return "、".join(run) if in_order else run
    return _LETTER_RUN.sub(listed, text)


_SPLIT_WORD = re.compile(r"([\u4e00-\u9fff])(个|了个|了|过)([\u4e00-\u9fff])")
_COUNTING = set("一二三四五六七八九十两几这那每各哪某整半多好真上下")  # 这个事, 下个月: 个 counts, it splits nothing


def rejoin_split_words(text: str) -> str:
    """Spoken Chinese splits a verb-object word with 个, 了 or 过 (考个试, 签个字, 失了责, 请过假): the
    documents write it whole (考试, 签字, 失责, 请假). Joined only when the whole is a dictionary word and
    the particle does not begin one itself (有个人事项 keeps 个人, 考核了解 keeps 了解), nor end one with the verb
    (除了去 is not 除去)."""
    def join(m: re.Match[str]) -> str:
        verb, particle, obj = m.groups()
        if verb in _COUNTING or not in_dictionary(verb + obj) or in_dictionary(particle[-1] + obj) or (
                particle != "个" and in_dictionary(verb + particle)):  # 除了去 (除去), 为了党, 经过会: no split word
            return m.group(0)
        return verb + obj
    return _SPLIT_WORD.sub(join, text)


@dataclass(frozen=True)
class Synonyms:
    expand: dict[str, tuple[str, ...]]  # colloquial word -> the regulations' terms

    @property
    def fillers(self) -> frozenset[str]:
        return lexicon().fillers


def load_synonyms(path: Path) -> Synonyms:
    """Read the synonym file an admin edits; a mistake in it is reported in Chinese with its line.
    Each entry is `"词" = { terms = ["规范用语", …], why = "为什么这是通用说法" }`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"同义词文件 {path} 无法读取({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f"第 {where.group(1)} 行第 {where.group(2)} 列" if where else "某处"
        what = "同一个词写了两次" if "overwrite" in str(exc) else "格式不对(词要加英文双引号,列表用 [ ])"
        raise ConfigError(f"同义词文件 {path} {at}有误:{what}") from exc
    expand: dict[str, tuple[str, ...]] = {}
    for key, entry in data.get("expand", {}).items():
        terms = entry.get("terms") if isinstance(entry, dict) else None
        if not (isinstance(terms, list) and terms and all(isinstance(t, str) for t in terms)):
            raise ConfigError(f"同义词文件 {path} 中 “{key}” 的 terms 应是字符串列表,如 {{ terms = [\"调动\"], why = \"…\" }}")
        if not str(entry.get("why", "")).strip():
            raise ConfigError(f"同义词文件 {path} 中 “{key}” 缺少 why:写明它为什么是通用说法(不要为某一个问题添加词条)")
        expand[key] = tuple(terms)
    return Synonyms(expand)


@cache
def synonyms() -> Synonyms:
    return load_synonyms(SYNONYMS)


def synonym_table() -> dict[str, tuple[str, ...]]:
    return synonyms().expand


def filler_words() -> frozenset[str]:
    return lexicon().fillers


def _whole_word_spans(text: str, spans: list[tuple[str, int, int]], key: str) -> list[tuple[int, int]]:
    """Where `key` stands in `text` as whole words: it starts and ends on word boundaries. jieba's
    habit of gluing a function character to the next word ("要调/走") is allowed for; "能不能干" does not
    contain the word 能干."""
    function_chars = lexicon().function_chars
    out = []
    for m in re.finditer(re.escape(key), text):
        s, e = m.start(), m.end()
        starts_ok = any(t_s == s or (t_s < s < t_e and set(text[t_s:s]) <= function_chars) for _, t_s, t_e in spans)
        ends_ok = any(t_e == e or (t_s < e < t_e and set(text[e:t_e]) <= function_chars) for _, t_s, t_e in spans)
        if starts_ok and ends_ok:
            out.append((s, e))
    return out


def held_as_word(text: str, key: str) -> bool:
    """Does `key` stand in `text` as a word or a piece of one word (会上 in 在会上, 传 in 传阅, 班子 in 领导
    班子), not only across two words from the middle of one (会上 in 民主生活会|上: another matter)?"""
    if key not in text:
        return False
    function_chars = lexicon().function_chars
    spans = tokenize_spans(text)

    def crosses(s: int, e: int) -> bool:
        return any(t_s < s < t_e < e and not set(text[t_s:s]) <= function_chars for _, t_s, t_e in spans)

    return any(not crosses(m.start(), m.end()) for m in re.finditer(re.escape(key), text))


def question_tokens(text: str) -> list[str]:
    """The question's content words for weighing and matching sentences. A colloquial word from the
    synonym file that jieba splits across words ("一把手要调走了" → 要调/走) is kept whole, so that its
    regulation terms (离任, 转任 …) can stand in for it."""
    spans = tokenize_spans(text)
    for key in synonym_table():
        for s, e in _whole_word_spans(text, spans, key):
            inside = [t for t in spans if t[1] < e and s < t[2]]
            if inside and any(t[1] < s or t[2] > e for t in inside) and not any(t[1] <= s and e <= t[2] for t in inside):
                spans = sorted([t for t in spans if t not in inside] + [(key, s, e)], key=lambda t: t[1])
    fillers = filler_words()
    # an A-not-A asker (能不能, 要不要, 是不是) asks whether; its 不能/不要 is no word of the topic
    asker = [(m.start(), m.end()) for m in lexicon().a_not_a.finditer(text)]
    return [w.lower() for w, s, e in spans if w not in fillers and not any(a <= s and e <= b for a, b in asker)]


def expand(text: str) -> tuple[str, ...]:
    out: list[str] = []
    spans = tokenize_spans(text)
    for key, terms in synonym_table().items():
        if key in text and _whole_word_spans(text, spans, key):
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
    q, lex = question.strip(), lexicon()
    return bool(lex.followup_start.search(q) or lex.followup_end.search(q) or (len(q) <= 8 and lex.pronoun.search(q)))


MAX_TURNS_LOOKED_AT = 12  # a follow-up leans on the last few turns; older history costs time and adds nothing
CARRIED_MAX = 120  # characters of the topic question a follow-up carries: a topic, not a document


def followup_core(question: str) -> str:
    """A follow-up without the words that only lean on the previous question ("那…呢", "也一样吗")."""
    lex = lexicon()
    return lex.followup_end.sub("", lex.followup_start.sub("", question.strip())).strip(" ,,??？")


def topic_question(history: Sequence[dict[str, str]], max_chars: int = 500) -> str:
    """The question a follow-up leans on: the last user question that was not itself a follow-up
    ("辞职的也一样吗?" after "那工资和组织关系呢?" leans on the question before both), cut to the limit."""
    asked = [str(t.get("content", "")).strip()[:max_chars] for t in history
             if t.get("role") == "user" and str(t.get("content", "")).strip()]
    for question in reversed(asked):
        if not is_followup(normalize(question)):
            return question
    return asked[0] if asked else ""


def build_query(question: str, history: Sequence[dict[str, str]] = (), resolved: str | None = None,
                max_chars: int = 500) -> Query:
    """The retrieval query for a question; `resolved` is an LLM-condensed standalone question, if any.
    A rule-based follow-up keeps the topic question's words and puts its own words in focus."""
    norm = normalize(question)
    if resolved:
        text = normalize(resolved)
        return Query(question, text, expand(text), followup=resolved != question, standalone=text)
    previous = normalize(topic_question(history[-MAX_TURNS_LOOKED_AT:], min(max_chars, CARRIED_MAX))) if history else ""
    if not previous or not is_followup(norm):
        return Query(question=question, text=norm, expansions=expand(norm))
    core = followup_core(norm)
    text = f"{previous} {core}".strip()
    standalone = f"{core}(接上一问:{previous.rstrip('?？。')})" if core else previous
    return Query(question, text, expand(text), followup=True, focus=core, standalone=standalone)
