"""A question analysed once, into one frozen value every later stage reads (retrieval's coverage, the
refusal rules, sentence choice, layout).

The question's content words are weighed by how rare they are in the documents (IDF). Each word is
matched by itself, or at a lower weight through the documents' words it stands for (the synonym file,
then 词林: assistant/bridge.py). A word that the documents never use and nothing bridges is *dropped*:
it neither counts for nor against an answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import takewhile

from assistant.bridge import cilin_groups, thesaurus_terms
from assistant.lexicon import lexicon
from assistant.query import Query, held_as_word, normalize, question_tokens, synonym_table
from knowledge.index import Index
from knowledge.tokenize import dictionary_tag, in_dictionary, place_names, tagged, tokenize_for_search, tokenizer

BRIDGE_WEIGHT = 0.5  # a match through the synonym file counts half of the user's own word
THESAURUS_WEIGHT = 0.3  # a match through 词林 counts less: its groups are general and some figurative
SINGLE_CHAR_WEIGHT = 0.3  # a lone character left by jieba ("最", "没", "给") is rarely the topic
NEAR_WHOLE = 3  # a part this long that lacks one character of the asker's word stands for it
CARRIED_WEIGHT = 0.4  # in a follow-up, the previous question's words keep the topic but do not lead


@dataclass(frozen=True)
class Term:
    word: str
    weight: float
    bridges: tuple[str, ...] = ()  # the documents' words it stands for, from the synonym file
    parts: tuple[str, ...] = ()  # a compound's own words (因私出国 → 因私, 出国), matched when it is not
    thesaurus: tuple[str, ...] = ()  # 词林's synonyms the documents use: general, sometimes figurative
    own: bool = True  # the documents use the word itself (not only a longer form of it, or a bridge)
    shorter: tuple[str, ...] = ()  # the documents' spelling of it without a locative's 以/之 (八小时外)

    def best(self, bridge_weight: float = BRIDGE_WEIGHT) -> float:
        """The most `found_in` can give: a word the documents never use counts only as much as what stands
        in for it can, so a user's unknown word is no weight against a sentence that could not contain it."""
        if self.own:
            return 1.0
        if self.bridges or self.parts or self.shorter:
            return bridge_weight
        return THESAURUS_WEIGHT if self.thesaurus else 0.0

    @property
    def near_whole(self) -> tuple[str, ...]:
        """The documents' words that are the asker's but a character (社交圈 for 社交圈子): they stand for it."""
        return (*(p for p in self.parts if len(p) >= max(NEAR_WHOLE, len(self.word) - 1)), *self.shorter)

    def found_in(self, text: str, bridge_weight: float = BRIDGE_WEIGHT) -> float:
        if self.word in text:
            return 1.0
        if any(b in text for b in self.bridges) or (self.parts and all(p in text for p in self.parts)):
            return bridge_weight
        if any(p in text for p in self.near_whole):
            return bridge_weight
        if any(p in text for p in self.parts):
            return bridge_weight / 2
        if any(b in text for b in self.thesaurus):
            return THESAURUS_WEIGHT  # never more, even when judging the topic: 手上 sits beside 目前
        return 0.0


@dataclass(frozen=True)
class Analysis:
    question: str  # as asked
    text: str  # normalised, follow-up resolved: what retrieval searches for
    terms: tuple[Term, ...]  # content words the documents know (directly or bridged), weighed
    dropped: tuple[str, ...]  # words neither the documents nor any bridge know
    intents: frozenset[str]  # time, freq, count, body, yesno, list
    kind: str  # what a list question asks for: 程序 in "要经过哪些程序"
    asks_amount: bool
    asks_consequence: bool
    asks_permission: bool
    asks_obligation: bool
    named_docs: frozenset[str]  # documents of the places the question names (not one held up as the model)
    foreign_places: tuple[str, ...]  # places named that no document is from
    compare: bool  # a comparison or which-place question
    followup: bool = False
    standalone: str = ""  # a follow-up as answered, shown to the user
    absent_asked: str = ""  # what the question asks about, when the documents use none of it (押金, 公证)
    asked_point: str = ""  # what a yes/no question asks about (扣不扣年终绩效奖 → 扣年终绩效奖)
    several: bool = False  # several questions in one ("哪些部门审查?多久查一次?")
    amount_text: str = ""  # the words that say which amount is asked (a follow-up's own, when it asks one)
    amount_subject: str = ""  # the thing whose period is asked: 专题会议 in "…联席会议的专题会议多久开一次"
    place_words: tuple[str, ...] = ()  # the words naming the named documents' places (泾县, 泾县县)
    asks_source: bool = False  # who wrote it, whose practice it is: answered by the document's issuer
    model_docs: frozenset[str] = frozenset()  # the place held up as the model: 资阳 in 泾县是不是也像资阳那样
    parts: tuple[Analysis, ...] = ()  # several questions in one: each part, its own words leading
    kind_docs: frozenset[str] = frozenset()  # documents of the kind the question names (那篇范文说, 篇三说)
    states_failing: bool = False  # a requirement not met (没考过, 超过一周还没回): asks what follows from it
    asks_reason: bool = False  # why, to what end (为啥要搞“五联”): a purpose answers, not the thing itself

    @property
    def asks_what_follows(self) -> bool:
        """A failing told (没考过, 没按要求报) and what follows it asked, not who, when or how many: only a
        sentence about the failing itself answers (refuse.failing_unaddressed, answer._states_asked)."""
        return self.states_failing and not self.asks_amount and not self.intents & {"body", "count", "time", "freq"}

    @cached_property
    def weights(self) -> dict[str, float]:
        return {t.word: t.weight for t in self.terms}

    @cached_property
    def total(self) -> float:
        return sum(t.weight for t in self.terms)

    def attainable(self, bridge_weight: float = BRIDGE_WEIGHT) -> float:
        """The most any text could score: each word's weight times the most its matching can give."""
        return sum(t.weight * t.best(bridge_weight) for t in self.terms)

    def coverage(self, text: str) -> float:
        """Weighted share of the question's known words found in `text`, for ranking: a bridged word counts
        less than the user's own."""
        if self.total <= 0:
            return 0.0
        return sum(t.weight * t.found_in(text) for t in self.terms) / self.total

    def topicality(self, text: str, bridge_weight: float = BRIDGE_WEIGHT) -> float:
        """Whether `text` speaks to the question: the share of what any text could match. A word the
        documents never use weighs only as much as what stands in for it can match (none, when only a
        longer form holds its characters), so unknown colloquial words are no evidence against a clause.
        Retrieval's support uses the bridge weight; judging a sentence's topic counts a bridge fully (1)."""
        total = self.attainable(bridge_weight)
        if total <= 0:
            return 0.0
        return sum(t.weight * t.found_in(text, bridge_weight) for t in self.terms) / total

    def within_named_place(self) -> Analysis:
        """For choosing among one named place's own sentences: its name is no topic there (place_words)."""
        if len(self.named_docs) != 1 or self.compare or not self.place_words:
            return self
        rest = self.terms_without(set(self.place_words))
        return rest if rest.total > 0 else self

    def terms_without(self, words: set[str]) -> Analysis:
        """The same analysis over fewer words (e.g. without those that state the amount asked)."""
        return replace(self, terms=tuple(t for t in self.terms if t.word not in words))


def idf(index: Index, token: str) -> float:
    n = max(len(index.clauses), 1)
    vocab = index.bm25.vocab_dict if index.bm25 is not None else {}
    indptr = index.bm25.scores["indptr"] if index.bm25 is not None else None
    tid = vocab.get(token)
    df = int(indptr[tid + 1] - indptr[tid]) if tid is not None and indptr is not None else 0
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def abbreviates(index: Index, token: str) -> bool:
    """A short word the documents use in a longer form (区局 → 区城管局)."""
    if 2 <= len(token) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in token):
        return re.search(".{0,2}".join(map(re.escape, token)), index.fulltext) is not None
    return False


def bridges_of(index: Index, token: str) -> tuple[str, ...]:
    """The documents' words the synonym file says a question word stands for."""
    return tuple(t for t in synonym_table().get(token, ()) if t in index.fulltext)


def thesaurus_of(index: Index, token: str) -> tuple[str, ...]:
    """词林's synonyms the documents use, for a word they do not use as a word (a known word gains
    only noise from a general thesaurus)."""
    used = index_vocabulary(index)
    return tuple(t for t in thesaurus_terms(token, used) if t not in synonym_table().get(token, ())) \
        if token not in used else ()


SUFFIX_HEADS_MAX = 6  # more words than this share the stem: it is too common to say which is meant


def suffixed_heads(index: Index, token: str) -> tuple[str, ...]:
    """The documents' words headed by the stem of a spoken noun with a suffix (圈子 → 工作圈、生活圈、社交圈):
    the asker's 圈子 is the thing those words name kinds of, though the documents use 圈子 in another sense
    (圈子文化). Only words listed side by side count, and only a few of them: more, and there is no telling
    which is meant."""
    if len(token) != 2 or not lexicon().noun_suffix.fullmatch(token[1]):
        return ()
    stem = token[0]
    if stem in lexicon().function_chars:
        return ()  # 里头: a place word, not a thing
    # kinds of the thing listed side by side (工作圈、生活圈、社交圈): a word merely ending in the character
    # (生活 for 活儿, 投票 for 票子) is no kind of it
    # (two characters before the stem, or three: 权力清单、负面清单和责任清单 for 单子; 和/及 before the last)
    heads: list[str] = []
    for before in (2, 3):
        word = rf"“?[\u4e00-\u9fff]{{{before}}}{re.escape(stem)}”?"
        heads += [w.strip("“”") for m in re.finditer(rf"{word}(?:、{word})+(?:[和及与]{word})?", index.fulltext)
                  for w in re.split("[、和及与]", m.group(0))]
        if heads:
            break
    heads = list(dict.fromkeys(heads))
    return tuple(heads) if len(heads) <= SUFFIX_HEADS_MAX else ()


_VOCAB: dict[str, frozenset[str]] = {}


def index_vocabulary(index: Index) -> frozenset[str]:
    """Every word of the documents (BM25's vocabulary), per index generation."""
    vocab = _VOCAB.get(index.generation)
    if vocab is None:
        vocab = frozenset(index.bm25.vocab_dict) if index.bm25 is not None else frozenset()
        _VOCAB.clear()
        _VOCAB[index.generation] = vocab
    return vocab


def _issuer_places(issuer: str) -> list[str]:
    return re.findall(r"[\u4e00-\u9fff]{2}(?=[县市区州省])", issuer)


def issuer_place(issuer: str) -> str:
    """The most local place an issuer names (四川省资阳市纪委监委 → 资阳), for naming it to the user."""
    places = _issuer_places(issuer)
    return places[-1] if places else ""


def place_name(issuer: str) -> str:
    """An issuer's place as a cadre would say it (四川省资阳市纪委监委 → 四川省资阳市, 泾县县委组织部 → 泾县)."""
    m = re.search(r"((?:[\u4e00-\u9fff]{2,3}省)?)([\u4e00-\u9fff]{2})([县市区州])", issuer.removeprefix("中共"))
    if m is None:
        return ""
    return m.group(1) + m.group(2) + ("" if m.group(2)[-1] in "县市区州" else m.group(3))


def named_docs(text: str, index: Index) -> frozenset[str]:
    """The documents whose issuing place the question names ("泾县这边…" → 泾县's document)."""
    return frozenset(d for d, doc in index.docs.items() if any(p in text for p in _issuer_places(doc.issuer)))


def place_words(text: str, index: Index, named: frozenset[str]) -> tuple[str, ...]:
    """The question's words that name a named document's place (泾县): they choose the document, and
    within it they are no topic (every clause of 泾县's document is 泾县's; a title 《泾县…制度》 is not
    more about the question for holding the name)."""
    out: list[str] = []
    for d in sorted(named):
        issuer = index.docs[d].issuer
        for p in _issuer_places(issuer):
            for w in (p, p + "县", p + "市", p + "区"):
                if w in text and w not in out:
                    out.append(w)
                    out.extend(_issuer_named(text, w, issuer, out))
    return tuple(out)


TOLD_MIN = 3  # characters a clause says beyond the places it names, to tell of them (泾县和资阳, names a topic)


def told_places(text: str, index: Index) -> frozenset[str]:
    """The places a question tells of in a clause that asks nothing ("资阳是每年至少一次,泾县呢?",
    "资阳给一把手审计分了四类,这边是不是也四级?"), when its asking clauses turn to another place, named or
    here (这边): the place told of is held up for comparison; the one asked about must answer for itself."""
    lex = lexicon()
    clauses = [c for c in re.split(r"(?<=[,，;；。?？!！])", text) if c.strip()]
    asks = [_asks(c) for c in clauses]
    asking = "".join(c for c, a in zip(clauses, asks, strict=True) if a)
    told = frozenset().union(*(named_docs(c, index) for c, a in zip(clauses, asks, strict=True) if not a
                               and len(re.findall(r"[\u4e00-\u9fff]", _without_places(c, index))) >= TOLD_MIN))
    asked = named_docs(asking, index)
    held = told - asked
    turns = bool(asked - held) or bool(lex.here.search(asking))
    return held if turns else frozenset()


def _asked_of(places: list[str], text: str, index: Index) -> list[str]:
    """The places no document is from that the question asks about. One the asker tells as where they
    stand, in a clause of their own that asks nothing ("我们这儿是湘西的,……永顺县写的那篇,说……哪三对关系?"),
    is not, when the question names a document's place: that document is asked about. A place told
    without the asker in it (同在宣城的宁国市,……几天办完?) is the subject of what follows."""
    clauses = [c for c in re.split(r"(?<=[,，;；。?？!！])", text) if c.strip()]
    standing = "".join(c for c in clauses if not _asks(c) and _FIRST_PERSON.search(c))
    if not places or not standing or not named_docs(text, index):
        return places
    return [p for p in places if p not in standing]


_FIRST_PERSON = re.compile(r"我|俺|咱|本人")


def _asks(clause: str) -> bool:
    lex = lexicon()
    return bool(re.search(r"[?？]", clause) or lex.interrogative.search(clause) or lex.asks_amount.search(clause))


def _without_places(text: str, index: Index) -> str:
    for doc in index.docs.values():
        for p in _issuer_places(doc.issuer):
            text = text.replace(p, "")
    return text


def _issuer_named(text: str, place: str, issuer: str, out: list[str]) -> list[str]:
    """The words after the place that go on naming the issuer (永顺县[组织部]那篇说, 资阳[纪委]): they
    point at the document too, and a byline (中共永顺县委组织部 张辉) is no answer for holding them."""
    found: list[str] = []
    for m in re.finditer(re.escape(place), text):
        # one body name, right after the place: 组织部, 纪委监委
        word = next(iter(question_tokens(text[m.end() : m.end() + ISSUER_TAIL])), "")
        if len(word) >= 2 and word in issuer and word not in out and word not in found:
            found.append(word)
    return found


ISSUER_TAIL = 6  # how far after the place a body of the issuer's name may follow (永顺县委组织部)


def asked_kind(question: str) -> str:
    """The kind of thing a list question asks for: 程序 in "要经过哪些程序", 清单 in "哪3个清单"."""
    from knowledge.tokenize import STOPWORDS

    lex = lexicon()
    m = lex.asks_kind.search(question)
    if not m:
        return ""
    words = tokenizer().lcut(m.group(1))
    word = words[0] if words else ""
    # an idiom describes the kind (哪些急难险重的活儿): it is no kind of thing itself
    idiom = dictionary_tag(word) == "i"
    return word if len(word) >= 2 and not vague_kind(word) and word not in STOPWORDS and not idiom else ""


def vague_kind(word: str) -> bool:
    """A kind that names no kind (东西, 事情, 活儿), also with the asker's one-character verb glued on by the
    segmenter (哪些活儿干得咋样 cut as 活儿干)."""
    kinds = lexicon().vague_kinds
    # 尴尬事, 麻烦事: a matter told by how it feels is no kind of thing either
    return word in kinds or (len(word) >= 3 and word[:-1] in kinds) or bool(lexicon().told_matter.fullmatch(word))


def knows(index: Index, token: str) -> bool:
    """Do the documents use this word, or a longer form of it (区局 → 区城管局)?"""
    return token in index.fulltext or abbreviates(index, token)


def _weighed(index: Index, text: str, focus: str) -> tuple[list[Term], list[str]]:
    lex = lexicon()
    focus_words = set(question_tokens(focus)) if focus else set()
    terms: list[Term] = []
    dropped: list[str] = []
    for token in dict.fromkeys(question_tokens(text)):
        if lex.counted.match(token) or set(token) <= lex.function_chars:
            continue  # "五种", "3个", "内要": not a topic word
        weight = idf(index, token) * (SINGLE_CHAR_WEIGHT if len(token) == 1 and not token.isdigit() else 1.0)
        if focus and token not in focus_words:
            weight *= CARRIED_WEIGHT
        bridges, general = bridges_of(index, token), thesaurus_of(index, token) or suffixed_heads(index, token)
        parts, shorter = known_parts(index, token), shorter_spellings(index, token)
        if knows(index, token) or bridges or parts or general or shorter:
            terms.append(Term(token, weight, bridges, parts, general, own=token in index.fulltext, shorter=shorter))
        else:
            dropped.append(token)
    return terms, dropped


SHORTER_MIN = 4  # a word this long may lose one inner character and stay itself (八小时以外 → 八小时外)


def shorter_spellings(index: Index, word: str) -> tuple[str, ...]:
    """The documents' spellings of the asker's word without the function character of a locative (八小时以外
    as 八小时外), found where the whole word is not written: the same thing said shorter."""
    if len(word) < SHORTER_MIN or not all("\u4e00" <= ch <= "\u9fff" for ch in word):
        return ()
    rest, droppable = index.fulltext.replace(word, "\0"), lexicon().droppable
    return tuple(dict.fromkeys(v for i in range(1, len(word) - 1)
                               if droppable.match(word[i]) and (v := word[:i] + word[i + 1:]) in rest))


def known_parts(index: Index, word: str) -> tuple[str, ...]:
    """The words inside `word` the documents use (因私出国 → 因私, 出国), as they spell it (_tiling)."""
    return _tiling(word, [p for p in tokenize_for_search(word) if len(p) >= 2 and p != word and p in index.fulltext])


def _tiling(word: str, parts: list[str]) -> tuple[str, ...]:
    """The parts that spell the word end to end (党纪政纪 → 党纪, 政纪), without the fragments jieba's search
    mode also yields across their seam (纪政), which a text listing 党纪、政纪 never holds; all the parts
    when they do not spell it."""
    out: list[str] = []
    at = 0
    while at < len(word):
        nxt = next((p for p in sorted(parts, key=len, reverse=True) if word.startswith(p, at)), None)
        if nxt is None:
            return tuple(parts)
        out.append(nxt)
        at += len(nxt)
    return tuple(out)


ASKED_ABSENT_SHARE = 0.5  # an amount's noun phrase is absent when unknown words carry this share of it


# directional complements: which way a thing goes (报过去, 拉进来), not what is done
DIRECTIONS = frozenset({"过去", "过来", "上去", "上来", "下去", "下来", "出去", "出来", "进去", "进来", "回去", "回来", "起来"})


def _directed(word: str) -> bool:
    """A one-character verb with its direction (拉进来, 报上去, 拿出来): a spoken way of saying what is done,
    no thing the documents could lack."""
    return len(word) == 3 and word[1:] in DIRECTIONS


def absent_asked(text: str, index: Index, dropped: set[str]) -> str:
    """The thing a question asks about, when the documents know none of it: "需要公证处公证吗" asks about
    公证, "缴纳多少押金" about 押金, "公务用车的标准是多少" about 公务用车的标准. Unknown words elsewhere in
    the question (下礼拜, 回老家) are not what is asked and count for nothing."""
    lex = lexicon()
    spans: list[tuple[str, float, bool]] = []  # what is asked, the share unknown words must carry, strict
    m = lex.asked_yesno.search(text)
    if m:
        # a yes/no question: absent only if every word is unknown and a term of art (亲自, 到场: everyday words
        # that a rule on the matter need not use are no evidence)
        spans.append((m.group(1), 1.0, True))
    for m in lex.asked_amount.finditer(text):
        spans.append((_counted_noun(m) if m.group(1) else m.group(2) or "", ASKED_ABSENT_SHARE, False))
    for m in lex.asked_reckoning.finditer(text):  # 弃权票咋算: how a thing counts is asked of that thing
        spans.append((_head(re.split(r"[,，;；。?？]", text[: m.start()])[-1]), 1.0, True))
    for m in lex.asked_span.finditer(text):  # 资格证书有效期几年: the time of a 有效期 is asked
        # absent (strict) only as a term of art no document uses: an everyday word may stand for theirs
        spans.append((_head(re.split(r"[,，;；。?？]", text[: m.start()])[-1]), 1.0, True))
    for part in re.split(r"(?<=[?？])", text):  # 试用期是一年吧?……: the amount of a 试用期 is asked
        if (told := lex.confirms_amount.search(part)) is not None:
            spans.append((_head(re.split(r"[,，;；。]", part[: told.start()])[-1]), ASKED_ABSENT_SHARE, False))
    m = lex.asked_list_head.search(text)
    if m:
        spans.append((m.group(1), 1.0, False))  # 哪些情形可以免责: the predicate, not the kind of item, is absent
    # what is asked of a thing the documents may never name (哪些[亲属关系]要回避, 谁来[监交], [正处]还是[副处]):
    # absent (strict) only when it is a term of art no document uses, in whole or in its parts
    # (a kind that names an amount, 什么频次要求, asks the amount: the amount rules judge it)
    amount = bool(lex.asks_amount.search(text)) or bool(asked_intents(text) & {"time", "freq", "count"})
    if (kind := asked_kind(text)) and not amount:
        spans.append((kind, 1.0, True))
    spans.extend((m.group(1), 1.0, True) for m in lex.asked_actor.finditer(text))
    if (m := lex.asked_either.search(text)) is not None:
        spans.append((re.split(r"[是为算在]", m.group(1))[-1] + m.group(2), 1.0, True))  # 组长[是]正处: not 是
    for span, share, strict in spans:
        # a vague kind (哪几样东西, 什么事情) is the items themselves, never the thing the documents lack
        words = [w for w in question_tokens(span) if not lex.counted.match(w) and not set(w) <= lex.function_chars
                 and not lex.asks_amount.search(w) and not vague_kind(w)]
        weights = {w: idf(index, w) for w in words}
        total = sum(weights.values())
        # a fragment jieba guessed (审法, 各划) is the asker's coinage, not a thing the documents lack: no
        # evidence; a word a dictionary knows (押金, 公证处, 免责) is, unless it is itself a word that asks
        # (举了几个例子: an instance is asked for, as 有没有先例 asks)
        # a lone character (摊 of 哪几摊活儿) is a measure word or a fragment, never the thing asked
        missing = [w for w in words if len(w) >= 2 and not _glued_verb(span, w, index) and not _directed(w) and (
            _unnamed_term(index, w) if strict else w in dropped and (in_dictionary(w) or w in cilin_groups()))
            and not _asking_word(w)]
        if total > 0 and missing and sum(weights[w] for w in missing) / total >= share - 1e-9:
            return "、".join(missing)
    return ""


def _asking_word(word: str) -> bool:
    """A word that an intent reads as asking (例子, 后果): what it names is the answer's kind, not a thing."""
    return any(i.ask.fullmatch(word) for i in lexicon().intents)


def _head(stretch: str) -> str:
    """The nouns a stretch ends with, up to SUBJECT_CHARS characters, past its function words (是, 一般):
    what a told amount is an amount of (新提拔的干部[试用期]是一年吧). A stretch ending in a verb (也是等到
    每月15号前) tells no thing: "" then."""
    lex = lexicon()
    words = [(w, f) for w, f in tagged(stretch) if not set(w) <= lex.function_chars and not lex.counted.match(w)
             and f not in ("d", "ad", "r", "uj", "ul")]
    nouns = list(takewhile(lambda wf: wf[1].startswith("n"), reversed(words)))
    return _tail([w for w, _ in reversed(nouns)])


def _counted_noun(m: re.Match[str]) -> str:
    """The thing a count is asked of, from the words after it, without the verbs that end the question
    (多少个部门[进来], 多少个单位[参与进来], 几个一把手[被拿掉]): what is done to the things counted, or
    where they go, is no thing counted."""
    span, after = m.group(1), m.string[m.end(1) : m.end(1) + 1]
    passive = re.search(r"被(?![告子])", span)  # 几个一把手被拿掉了: what was done to them is counted of them
    if passive is not None and passive.start() > 0:
        return span[: passive.start()]
    words = tagged(span + after)  # cut with the character after: 表 of 表现 cut off is no verb
    if after:
        if "".join(w for w, _ in words[:-1]) != span:
            return span
        words = words[:-1]
    # only a verb right on the noun (部门进来); 情形[可以免责] asks what the cases allow, which must be there
    while len(words) > 1 and words[-1][1].startswith("v") and words[-1][1] != "vn" and words[-2][1][:1] in "nv":
        words.pop()
    return "".join(w for w, _ in words)


def _glued_verb(text: str, word: str, index: Index) -> bool:
    """A document word with the asker's verb glued on by the segmenter: "按啥标准分的" cut as 标准分 (a test
    score) is 标准 + 分[的]. The thing asked is the documents' 标准; the glued word is no evidence."""
    at = text.find(word)
    after = text[at + len(word) : at + len(word) + 1] if at >= 0 else ""
    return (len(word) == 3 and word[:2] in index.fulltext and dictionary_tag(word[2]) == "v"
            and after in ("的", "了", "出", ""))


def _unnamed_term(index: Index, word: str) -> bool:
    """A term of art no document uses, nor all of its parts (亲属关系: 亲属 is nowhere; 联动机制 is 联动 and
    机制, both used), nor a synonym-file bridge."""
    if len(word) < 2 or word in index.fulltext or not term_of_art(word) or bridges_of(index, word):
        return False
    return "".join(known_parts(index, word)) != word  # 联动机制 = 联动 + 机制 (not 动机, across their seam)


def term_of_art(word: str) -> bool:
    """A dictionary word the everyday thesaurus (词林) does not hold (绩效奖金, 亲属关系, 监交, 正处): a
    named thing, which a rule on it would name; an everyday word (东西, 例子) may stand for the
    documents' own words. So may a plain verb, however the dictionary spells it (调下来, 担责 for the
    documents' 予以调整, 追究…责任): what is done is said in many ways, a thing is named one way. An idiom
    (一竿子[插到底], jieba's i) is a figure of speech, and an adverb (照常[上会]) says how: no named thing
    either."""
    # a rank is a named thing, however the tagger reads it (正处 as the adverb of 正处于)
    return in_dictionary(word) and word not in cilin_groups() and (
        dictionary_tag(word) not in NOT_NAMES or bool(lexicon().rank.fullmatch(word)))


NOT_NAMES = frozenset({"v", "", "i", "d", "ad"})  # jieba's tags of verbs, idioms, adverbs (not l: 亲属关系)


SUBJECT_CHARS = 5  # the head of what would undergo the act asked about (年终绩效奖)


def _tail(words: Sequence[str]) -> str:
    """The last words, joined, up to SUBJECT_CHARS characters: the head of a noun phrase (单位[年终绩效奖])."""
    tail = ""
    for w in reversed(words):
        if len(tail) + len(w) > SUBJECT_CHARS:
            break
        tail = w + tail
    return tail


_ENDING_CHOICE = re.compile(r"([\u4e00-\u9fff])不\1[?？]?$")  # an A-not-A verb that ends the question


def asked_point(text: str) -> str:
    """What a yes/no question asks about: the words between its verb and 吗 (需要[公证处公证]吗), or an
    A-not-A question's verb and object (扣不扣年终绩效奖; 年终绩效奖还扣不扣, the object told first)."""
    lex = lexicon()
    m = lex.asked_choice.search(text)
    if m and m.group(1) in "算属":  # 轮岗算不算一条: whether 轮岗 counts is asked, not what 一条 is
        return re.split(r"[,，;；。?？]", text[: m.start()])[-1] + m.group(2)
    if m and m.group(2).startswith("被"):  # 年终绩效奖会不会被扣: what would undergo it is asked about
        # its head: the last few words (单位[年终绩效奖]), not who holds it
        return _tail(tokenizer().lcut(re.split(r"[,，;；。?？的”\"]", text[: m.start()])[-1])) + m.group(2)
    if m:
        return m.group(1) + m.group(2)
    m = _ENDING_CHOICE.search(text)
    if m and not lex.modal_point.match(m.group(1)) and not lex.judging_choice.match(m.group(1)):
        # 年终绩效奖还扣不扣: the object told before the verb
        before = re.split(r"[,，;；。?？”\"]", text[: m.start()])[-1]
        # the head after the last 的 (下了班的[圈子]管不管): what comes before it only says which
        head = before.rsplit("的", 1)[-1] or before
        subject = _tail([w for w in tokenizer().lcut(head) if not set(w) <= lex.function_chars])
        if before.endswith("上") or lex.intent("body").answer.search(subject) or lex.body_name.search(subject):
            return m.group(1)  # 组织上管不管, 纪委管不管: who would act, not what is acted on
        return m.group(1) + subject  # said as the documents would: 扣年终绩效奖
    m = lex.asked_yesno.search(text)
    while m and (later := lex.asked_yesno.search(text, m.start() + 1)):
        m = later  # the last verb asks: 干得再好还能提拔吗 asks 提拔, not 再好还能提拔 (得 is a complement)
    return m.group(1) if m else ""


def amount_subject(text: str, index: Index) -> str:
    """The head noun before "多久": the last word the documents use after the last 的 (X的Y多久 asks of Y)."""
    m = lexicon().amount_subject.search(text)
    if not m:
        return ""
    phrase = re.split(r"[的,，、;；。?？]", text[: m.start()])[-1]
    words = [w for w in question_tokens(phrase) if len(w) >= 2 and w in index.fulltext]
    return words[-1] if words else ""


def question_parts(question: str) -> list[str]:
    """The questions a message asks, each with its own mark: "交接要几天?要不要写书面材料?" asks two."""
    return [part.strip() for part in re.split(r"(?<=[?？])", question) if part.strip(" ?？,，。")]


def same_asked(part: str) -> bool:
    """A part that asks the same as the one before it, of another case (要是单位党组织推荐的呢?, 专题会呢)."""
    return lexicon().asks_same_of.search(part) is not None


def part_analysis(part: str, whole: Analysis, index: Index) -> Analysis:
    """One part of a question of several: what it asks (intents, amount, yes/no point) is its own; its
    words lead and the rest of the message keeps the topic at a lower weight ("不合格咋办?" is about the
    资格认证 the part before names), as a follow-up's carried words do."""
    own = analyze(Query(question=part, text=normalize(part), expansions=()), index)
    carried = analyze(Query(question=part, text=whole.text, expansions=(), focus=normalize(part)), index)
    return replace(own, text=whole.text, terms=carried.terms, dropped=carried.dropped,
                   named_docs=whole.named_docs, model_docs=whole.model_docs, place_words=whole.place_words,
                   foreign_places=whole.foreign_places, compare=whole.compare, several=False, parts=(),
                   kind_docs=whole.kind_docs)


def analyze(query: Query, index: Index) -> Analysis:
    whole = _analyze(query, index)
    if not whole.several:
        return whole
    parts: list[Analysis] = []
    for p in question_parts(whole.text):
        part = part_analysis(p, whole, index)
        if parts and same_asked(p) and not part.intents and not part.asks_amount:
            # "……首推责任人算谁?要是单位党组织推荐的呢?": a part that asks nothing of its own asks what the one
            # before it asked, of its own case; an amount in any unit (专题会呢 after 一年开几回: 每季度)
            before = parts[-1]
            part = replace(part, intents=before.intents, asks_amount=before.asks_amount, kind=before.kind,
                           amount_text="多少" if before.asks_amount else part.amount_text)
        parts.append(part)
    return replace(whole, parts=tuple(_without_contrast(parts, question_parts(whole.text))))


OWN_CASE_WEIGHT = 2.0  # an everyday word (干部, 工作) names no case of its own


def _without_contrast(parts: list[Analysis], texts: list[str]) -> list[Analysis]:
    """A part followed by one that asks the same of another case ("自己推荐的算谁的?要是单位党组织推荐的
    呢?") does not carry the other case's words: 单位党组织 is what sets the later part apart, and a
    sentence about it answers the later part, not this one."""
    out = []
    for i, part in enumerate(parts):
        later = [t for t in texts[i + 1 :] if same_asked(t)]
        other = contrast_words(part.terms, texts[i], later)
        # only a part that names a case of its own (自己出面推荐): "推荐干部出了问题谁担责?" asks of every case
        own = own_case(part.terms, texts[i], later)
        out.append(replace(part, terms=tuple(t for t in part.terms if t.word not in other)) if other and own else part)
    return out


def contrast_words(terms: Sequence[Term], text: str, later: Sequence[str]) -> frozenset[str]:
    """The words by which later parts that ask the same of another case name that case (单位党组织 in
    要是单位党组织推荐的呢), when this part (`text`) does not say them."""
    return frozenset(t.word for t in terms if any(held_as_word(x, t.word) for x in later) and not held_as_word(text, t.word))


def own_case(terms: Sequence[Term], text: str, later: Sequence[str]) -> list[Term]:
    """The weighty words by which a part names its own case (调动 in 调动时交接要几天?辞职的呢?), said outside
    its asking words (担责 in 谁担责 is what it asks) and not in the later parts that put other cases."""
    lex = lexicon()
    told = lex.asks_answerable.sub("", text)
    for intent in lex.intents:
        told = intent.ask.sub("", told)
    return [t for t in terms if len(t.word) >= 2 and t.weight >= OWN_CASE_WEIGHT and held_as_word(told, t.word)
            and not any(held_as_word(x, t.word) for x in later)]


_QUOTED_ASK = re.compile(r"“[^”]{0,12}?(?:谁|什么|怎么|怎样|哪)[^”]{0,12}”")


def asked_intents(text: str) -> frozenset[str]:
    """What the question asks for. "怎么认证" / "用什么形式" ask a way or a form, not a list, unless it
    also asks for items (哪些, 全部)."""
    lex = lexicon()
    # a heading the asker quotes (在“谁来监督”的问题上) is cited, not asked
    text = _QUOTED_ASK.sub("“”", handling_plain(text))
    found = {i.name for i in lex.intents if i.ask.search(text)}
    if lex.asks_source.search(text) or "speaker" in found:
        found.discard("body")  # 谁写的 asks an author, 谁说的 a speaker, not the body a rule charges
    if lex.either_who.search(text) and not lex.intent("body").ask.search(lex.either_who.sub("", text)):
        found.discard("body")  # 德和才谁排前头: which of the two
    if "method" in found and not lex.asks_listing.search(text):
        found.discard("list")
    return frozenset(found)


def handling_plain(text: str) -> str:
    """The question with 怎么处理 asked of a record, or by a body, made plain (整改结果怎么办理, 干部部门如何办理):
    what is done with a record or by a body is a step of the procedure, not a sanction."""
    lex = lexicon()
    plain = lex.handled_record.sub(lambda m: m.group(0)[:-2] + "办理", text)
    return lex.handled_by.sub(lambda m: m.group(0)[:-2] + "办理", plain)  # 干部部门如何处理: what it does


def _loose(clause: str) -> str:
    """A clause's 几/多少 made plain (些/若干): it tells the situation, it asks no amount."""
    return lexicon().loose_count.sub(lambda m: m.group(0).replace("几", "些").replace("多少", "若干"), clause)


_ASKED_AFTER_WHETHER = re.compile(r"^[都就还要得]?(?:几|多少)个?(?:年|月|天|周|星期|工作日)"
                                  r"|(?:几|多少)个?(?:年|月|天|周|星期)[^,，。?？]{0,4}一[次回趟遍]")


def asking_text(text: str) -> str:
    """The question with its loosely counting 几 made plain (些): "新来了几个小年轻,谁负责找他们谈?" asks
    who, "想出去玩几天,这样合规吗?" asks yes or no, neither an amount. A 几/多少 in a clause before a last
    clause that asks something else only tells the situation, unless it ends its clause before a yes or no
    ("有效期几年,要不要复审": the figure, then the whether)."""
    lex = lexicon()
    text = lex.indefinite_amount.sub(lambda m: m.group(0).replace("几", "些"), text)
    out = []
    for part in re.split(r"(?<=[?？])", text):
        clauses = re.split(r"(?<=[,，;；。])", part)
        last = clauses[-1]
        if len(clauses) >= 2 and lex.interrogative.search(last) and not re.search(r"几|多少|多久|多长", last):
            # before a yes or no, a count ending its clause is asked too (有效期几年,要不要复审)
            yes_no = bool(lex.asks_whether.search(last) or re.search(r"不[?？]?$", last))
            clauses = [c if yes_no and lex.count_ends_clause.search(c) and not lex.intends.search(c) else _loose(c)
                       for c in clauses[:-1]] + [last]
        elif (whether := lex.asks_whether_first.search(last)) is not None and not _ASKED_AFTER_WHETHER.search(
                last[whether.end() :]):
            # "能不能一块儿请假出去几天?": the clause asks whether; the 几 after it tells what is done. A period
            # right after the whether (是不是几年内都别想提拔), or a rhythm (几年必审一回), is what it asks;
            # "是不是几个部门一起查" asks whether several do it.
            clauses = [*clauses[:-1], last[: whether.end()] + _loose(last[whether.end() :])]
        out.append("".join(clauses))
    return "".join(out)


def _analyze(query: Query, index: Index) -> Analysis:
    lex = lexicon()
    text = query.text
    asking = asking_text(text)  # what it asks; `text`, as asked, is what it is about
    terms, dropped = _weighed(index, text, query.focus)
    # a place no document is from: by its suffix (安岳县) or as jieba's dictionary knows it (芜湖, 成都)
    named_places = place_names(text) if dropped else set()
    places = [p for p in dropped if lex.place.fullmatch(p) or lex.province.fullmatch(p)
              or (p in named_places and p not in cilin_groups() and not lex.unnamed_place.fullmatch(p))]
    places += [m.group(0) for m in lex.other_places.finditer(text)]  # 其他市州: not the documents' places
    places = _asked_of(places, text, index)
    everywhere = named_docs(text, index)
    m = lex.modelled_on.search(text)  # "泾县是不是也像资阳那样": 资阳 is the model, 泾县 is asked about
    held_up = named_docs(m.group(1), index) if m else frozenset()
    told = told_places(text, index)  # 资阳是每年至少一次,泾县呢?: 资阳 is held up too; asked of 这边, no place is named
    named = (everywhere - held_up - told) or (everywhere if not told else frozenset())
    held_up |= told
    model = held_up - named
    return Analysis(
        question=query.question, text=text, terms=tuple(terms), dropped=tuple(dropped),
        intents=asked_intents(asking), kind=asked_kind(text),
        # an amount told in an either-or (过半数就行还是得三分之二?) is an alternative offered, not one to confirm
        asks_amount=bool(lex.asks_amount.search(asking) or (lex.confirms_amount.search(asking) and "还是" not in asking)),
        asks_consequence=bool(lex.asks_consequence.search(handling_plain(text))),
        asks_permission=bool(lex.asks_permission.search(text)), asks_obligation=bool(lex.asks_obligation.search(text)),
        named_docs=named, place_words=place_words(text, index, everywhere), foreign_places=tuple(places),
        compare=bool(lex.compare.search(text) or (lex.which_place.search(text) and not named)) or len(named) >= 2,
        followup=query.followup, standalone=query.standalone,
        absent_asked=absent_asked(asking, index, set(dropped)), asked_point=asked_point(text),
        several=len(question_parts(query.question)) > 1,
        # "那工资关系呢?" after "交接要几天?": still a time, but not necessarily in days
        amount_text=asking if not query.focus or lex.asks_amount.search(query.focus) else "多久",
        amount_subject=amount_subject(text, index), asks_source=bool(lex.asks_source.search(text)),
        model_docs=model, kind_docs=docs_of_kind_named(text, index),
        states_failing=states_failing(text), asks_reason=asks_why(text),
    )


def asks_why(text: str) -> bool:
    """Why or to what end is asked. A cue of one word must stand as a word: 任用意见 holds 用意 across
    任用|意见 and asks no purpose."""
    return any(len(m.group(0)) > 2 or held_as_word(text, m.group(0)) for m in lexicon().asks_reason.finditer(text))


def states_failing(text: str) -> bool:
    """The question tells of a requirement not met (没考过, 超过一周还没回, 没按要求) before it asks whether
    or what follows: "能不能不按普通党员来" asks about not following, it tells no failing."""
    lex = lexicon()
    asker = lex.asks_whether.search(text)
    told = text[: asker.start()] if asker else text
    told = lex.sanction_unreached.sub("", told)  # 尚不够党纪政纪处分的问题: which case is asked of, no failing
    return bool(lex.unmet.search(told) or lex.failed_condition.search(told))


_KIND_WORDS = {"范文": "范文", "经验材料": "经验材料", "新闻报道": "新闻报道", "新闻": "新闻报道", "报道": "新闻报道",
               "评论文章": "评论文章", "评论": "评论文章"}


def docs_of_kind_named(text: str, index: Index) -> frozenset[str]:
    """The documents a question points at by their kind (那篇范文说…, 新闻里说…) or by a part they are
    headed by (篇三说…: the collection whose articles are headed 篇一, 篇二, 篇三): their sentences answer
    it, as a named place's do, though no place is named."""
    lex = lexicon()
    kinds = {_KIND_WORDS[m.group(0)] for m in lex.kind_named.finditer(text)}
    found = {d for d, info in index.docs.items() if info.kind in kinds}
    for m in lex.part_named.finditer(text):
        found |= {c.doc_id for c in index.clauses if m.group(0) in c.text}
    return frozenset(found)
