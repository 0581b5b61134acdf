"""Chinese tokenisation for BM25 and the cleaner: one jieba dictionary per process."""

from __future__ import annotations

import logging
import re
import threading
from functools import cache
from pathlib import Path

import jieba

USER_DICT = Path(__file__).with_name("userdict.txt")
_lock = threading.Lock()
_WORD = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]")

# Function words and question words that carry no topic; removing them keeps BM25 on the subject.
STOPWORDS = frozenset(
    """的 了 和 与 及 或 是 在 对 把 被 将 要 等 由 为 以 之 其 中 上 下 也 都 就 而 并 又 个 有 从 于 向
    吗 呢 吧 啊 呀 么 嘛 哪些 哪个 哪 什么 怎么 怎样 如何 多少 多久 几 几个 几次 是否 能否 可以 能 会 需要 应该 应当
    我 我们 你 你们 他 他们 它 这 那 这个 那个 这些 那些 该 请问 一下 关于 有关 问 规定 要求
    有没有 是不是 还是 什么样 怎么样 怎么办 要不要 会不会 能不能 可不可以 归不归 算不算 行不行 不要
    哪种 哪几种 哪几项 哪几个 哪方面 哪些方面 哪几级 几类 几级 几号 几项 几种 时候 之分 之内 之间 时能
    为啥 为什么 啥 咋 咋办 应该 得 一定 主要 具体 具体是 是指 指 叫 叫做 所谓 分别 各
    一般 通常 大概 最多 最少 至少 最长 最短 做法 办法 经历 """.split()
)


@cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    tok.load_userdict(str(USER_DICT))
    return tok


def tokenizer() -> jieba.Tokenizer:
    with _lock:  # jieba's lazy initialisation is not thread-safe
        return _tokenizer()


def tokenize(text: str) -> list[str]:
    """Lower-cased content tokens: jieba words minus punctuation and stopwords."""
    tok = tokenizer()
    return [w.lower() for w in tok.lcut(text) if _WORD.search(w) and w not in STOPWORDS]


def tokenize_spans(text: str) -> list[tuple[str, int, int]]:
    """Content tokens with their offsets in `text` (not lower-cased)."""
    tok = tokenizer()
    return [(w, s, e) for w, s, e in tok.tokenize(text) if _WORD.search(w) and w not in STOPWORDS]


def tokenize_for_search(text: str) -> list[str]:
    """Tokens plus the shorter words inside long ones (jieba's search mode) for better recall."""
    tok = tokenizer()
    return [w.lower() for w in tok.lcut_for_search(text) if _WORD.search(w) and w not in STOPWORDS]


def word_frequencies() -> dict[str, int]:
    return dict(tokenizer().FREQ)


def in_dictionary(word: str) -> bool:
    """Is this a word of jieba's dictionary (or ours), not a fragment its new-word guessing cut out of a
    sentence (审法 in 哪几种审法, 分算 in 多少分算及格)?"""
    return bool(tokenizer().FREQ.get(word))


def dictionary_tag(word: str) -> str:
    """The part of speech jieba's dictionary gives a word ("n" 绩效奖金, "v" 调下来, "vn" 监交); "" when the
    dictionary has no tag for it (a word only our own dictionary adds)."""
    return _pos_tagger().word_tag_tab.get(word, "")


def tagged(text: str) -> list[tuple[str, str]]:
    """The words of `text` with their parts of speech, as jieba cuts and tags them in context."""
    return [(w.word, w.flag) for w in _pos_tagger().cut(text)]


@cache
def _pos_tagger() -> jieba.posseg.POSTokenizer:
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer())


def place_names(text: str) -> set[str]:
    """Words jieba's dictionary tags as place names (芜湖, 成都, 绩溪县): a place is named even without
    市/县 after it. Only dictionary words: a run its new-word guessing tags ns (天得 in 多少天得) is none."""
    tagger = _pos_tagger()  # takes the lock itself, through tokenizer()
    with _lock:  # jieba's tagger is no more thread-safe than its tokenizer
        words = tagger.lcut(text)
    # after 得 or an adverb (搞得稀拉, 太稀拉) a word says how, not where: jieba's dictionary knows 稀拉 as a place
    tagged = {w.word for prev, w in zip([None, *words], words)
              if w.flag == "ns" and len(w.word) >= 2 and not (prev is not None and prev.flag in _MODIFIER_TAGS)}
    return {w for w in tagged if in_dictionary(w)}  # not a run its new-word guessing tagged (天得)


_MODIFIER_TAGS = frozenset({"ud", "uv", "d"})  # 得 (a complement follows), 地, an adverb

