"""Make a synthetic corpus of about N clauses from the bundled one: clauses recombined and renamed.

    python bench/make_corpus.py --clauses 5000 --out bench/out/corpus-5000

Each synthetic document is a regulation of numbered articles ("第N条 …") under chapters, one
article per clause. An article is a real clause of knowledge/docs with its sentences shuffled,
one sentence taken from another clause, place names replaced by invented ones and time limits
varied, so that the vocabulary, clause lengths and headings look like the real corpus while no two
clauses are the same text. The output (documents + catalog.toml + corpus.json) is a benchmark
input: it goes under bench/out/ (ignored by git) and is never committed. Same seed, same corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from knowledge.numerals import CN_DIGITS  # noqa: E402 - importable once ROOT is on the path

MIN_CHARS, MAX_CHARS = 60, 300  # inside the splitter's 40..320, so one article stays one clause
_SENTENCE = re.compile(r"[^。;；!?！？]+[。;；!?！？]?")
_ENUM = re.compile(rf"(?:(?<=^)|(?<=[。;；:：!?！？]))\s*[{CN_DIGITS}]是[,，]?")
_LEADING_MARK = re.compile(rf"^\s*(?:第[{CN_DIGITS}百\d]+[章节条]|[{CN_DIGITS}]+[、.．]|"
                           rf"[(（][{CN_DIGITS}\d]+[)）]|\d{{1,2}}[、．.]|[①-⑳])\s*")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2}(?:县|市|区|州)(?=委|政府|纪委|人大|政协|组织部|各|$)")
_DAYS = re.compile(r"(\d{1,2})(个工作日|日|天|个月)")
_SYLLABLES = "安宁平和清远泰康永丰长兴新华东西南北江河山川云海青松石桥阳溪林源明德"
_CN_NUM = CN_DIGITS
CHAPTERS = ("总则", "职责分工", "监督内容", "工作程序", "日常管理", "结果运用", "责任追究", "附则")


@dataclass(frozen=True)
class Source:
    text: str
    heading: str


def real_clauses(docs_dir: Path) -> list[Source]:
    """The bundled corpus, cleaned and split exactly as ingest does it."""
    from knowledge.parse import parse_bytes

    out: list[Source] = []
    for path in sorted(docs_dir.glob("*.txt")):
        parsed = parse_bytes(path.name, path.stem, "", path.read_bytes())
        for c in parsed.clauses:
            text = _LEADING_MARK.sub("", _ENUM.sub("", c.text.replace("\n", ""))).strip()
            if len(text) >= 20:
                out.append(Source(text, c.path[-1] if c.path else ""))
    return out


def cn_number(n: int) -> str:
    if n <= 10:
        return _CN_NUM[n - 1]
    if n < 20:
        return "十" + (_CN_NUM[n - 11] if n > 10 else "")
    tens, ones = divmod(n, 10)
    if n < 100:
        return _CN_NUM[tens - 1] + "十" + (_CN_NUM[ones - 1] if ones else "")
    hundreds, rest = divmod(n, 100)
    return _CN_NUM[hundreds - 1] + "百" + ("零" if 0 < rest < 10 else "") + (cn_number(rest) if rest else "")


def place_name(rng: random.Random) -> str:
    return rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES) + rng.choice("县市区")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) >= 4]


def article(rng: random.Random, pool: list[Source], place: str) -> str:
    """One synthetic clause: a real clause recombined (shuffled, one foreign sentence) and renamed."""
    base = rng.choice(pool)
    parts = sentences(base.text)
    other = sentences(rng.choice(pool).text)
    if other:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(other))
    if len(parts) > 2:
        head, rest = parts[0], parts[1:]
        rng.shuffle(rest)
        parts = [head, *rest]
    text = ""
    for s in parts:
        s = s if s[-1] in "。;；!?！？" else s + "。"
        if len(text) + len(s) > MAX_CHARS and len(text) >= MIN_CHARS:
            break
        text += s
    while len(text) < MIN_CHARS:  # too short to stay a clause of its own: add real sentences
        extra = rng.choice(sentences(rng.choice(pool).text) or ["加强日常监督管理,确保各项制度落到实处。"])
        text += extra if extra[-1] in "。;；!?！？" else extra + "。"
    text = text[:MAX_CHARS]
    text = _PLACE.sub(place, text)
    text = _DAYS.sub(lambda m: f"{max(1, int(m.group(1)) + rng.choice((-2, -1, 0, 1, 2, 3)))}{m.group(2)}", text)
    return text.replace("\n", "")


def make_corpus(out: Path, clauses: int, seed: int = 0, docs_dir: Path | None = None,
                per_doc: tuple[int, int] = (12, 48)) -> dict[str, object]:
    """Write documents holding `clauses` articles in all, a catalog.toml and corpus.json; returns the summary."""
    rng = random.Random(seed)
    pool = real_clauses(docs_dir or ROOT / "knowledge" / "docs")
    out.mkdir(parents=True, exist_ok=True)
    docs_out = out / "docs"
    docs_out.mkdir(exist_ok=True)
    for old in docs_out.glob("*.txt"):
        old.unlink()
    catalog: list[str] = []
    written, n = 0, 0
    while written < clauses:
        n += 1
        doc_id = f"syn_{n:05d}"
        place = place_name(rng)
        size = min(rng.randint(*per_doc), clauses - written)
        title = f"{place}关于加强{rng.choice(('干部', '一把手', '领导班子', '年轻干部'))}监督管理的" \
                f"{rng.choice(('实施办法', '若干规定', '工作意见', '实施细则'))}(第{n}号)"
        lines = [title, ""]
        k = min(len(CHAPTERS) - 1, size // 6, size - 1)
        chapters = [1, *sorted(rng.sample(range(2, size + 1), k=max(k, 0)))]
        chapter = 0
        for i in range(1, size + 1):
            if chapter < len(chapters) and i == chapters[chapter]:
                chapter += 1
                lines.append(f"第{cn_number(chapter)}章 {CHAPTERS[(chapter - 1) % len(CHAPTERS)]}")
            lines.append(f"第{cn_number(i)}条 {article(rng, pool, place)}")
        (docs_out / f"{doc_id}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        level = {"县": "县", "市": "市", "区": "区"}[place[-1]]
        catalog.append(f'["{doc_id}"]\ntitle = "{title}"\nissuer = "{place}委组织部"\nlevel = "{level}"\n'
                       f'date = "2024-01-01"\nurl = ""\n')
        written += size
    (out / "catalog.toml").write_text("\n".join(catalog), encoding="utf-8")
    summary = {"clauses": written, "docs": n, "seed": seed, "source_clauses": len(pool),
               "docs_dir": str(docs_out), "catalog": str(out / "catalog.toml")}
    (out / "corpus.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clauses", type=int, required=True, help="how many clauses (articles) in all")
    ap.add_argument("--out", type=Path, required=True, help="output directory (docs/, catalog.toml, corpus.json)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    print(json.dumps(make_corpus(args.out, args.clauses, args.seed), ensure_ascii=False))


if __name__ == "__main__":
    main()
