"""Speed benchmark: ingest throughput, warm query latency per stage, cold start and peak memory of the app,
each next to its floor measured on the same machine in the same run.

    .venv/bin/python bench/speed.py                      # bundled corpus, all gold questions, web cold start
    .venv/bin/python bench/speed.py --synthetic 1000     # a synthetic corpus of ~1000 clauses (bench/make_corpus.py)
    .venv/bin/python bench/speed.py --profile            # also cProfile the first ingest and the warm query loop

Floors: ingest <- the bare embedder on the same passage texts, same batch size, in the same fresh process
(target: ingest <= 1.2x; model load excluded from both);
query <- one bare query embedding + a dot product over all clause vectors (target: warm total <= 2x).
Prints a table and writes bench/out/speed.json (and a time-stamped copy). Builds its index in a temporary
data dir; the project's data/ is never touched.
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
for _k, _v in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
               "GRADIO_ANALYTICS_ENABLED": "False", "TQDM_DISABLE": "1"}.items():
    os.environ.setdefault(_k, _v)

from bench import common  # noqa: E402

KEYS = ("meta", "ingest", "query", "cold_start", "memory", "targets")


def floor_texts(docs: Path, catalog: Path) -> list[str]:
    """The texts a first ingest of `docs` embeds, in its order: the clauses' passage texts (files sorted,
    clauses in order), then the sentences of clauses of several sentences (knowledge/sentence_vectors.py)."""
    from knowledge.catalog import load_catalog
    from knowledge.ingest import list_documents, passage_text, safe_doc_id
    from knowledge.parse import parse_bytes
    from knowledge.sentence_vectors import clause_sentences

    entries = load_catalog(catalog)
    texts, sentences = [], []
    for path in sorted(list_documents([docs]), key=lambda p: safe_doc_id(p.name)):
        entry = entries.get(safe_doc_id(path.name))
        parsed = parse_bytes(path.name, safe_doc_id(path.name), entry.title if entry else "", path.read_bytes())
        texts.extend(passage_text(c) for c in parsed.clauses)
        sentences.extend(s for c in parsed.clauses for s in clause_sentences(c))
    return texts + sentences


def ingest_child(work: Path, docs: Path, catalog: Path, texts_file: Path,
                 profile: Path | None = None) -> dict[str, Any]:
    """One measurement in a fresh process, as `jiandu ingest` runs: load the embedder and warm it on one query
    (neither side counts this), then the bare embedder on the same texts with the same batch size, a first
    ingest with everything else cold (no chromadb, bm25s or jieba loaded in this process, parser child not
    started), and the bare embedder again: the floor is the mean of the two runs around the ingest, so a
    change in the machine's load during the measurement falls on both sides alike."""
    from knowledge.config import Settings
    from knowledge.embed import get_embedder
    from knowledge.ingest import ingest

    settings = Settings(data_dir=work / "data", docs_dir=docs, catalog=catalog)
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    embedder = common.TimedEmbedder(get_embedder(settings))
    embedder.inner.embed_queries(["预热"])
    load_s = time.perf_counter() - t0
    assert "chromadb" not in sys.modules and "bm25s" not in sys.modules  # the ingest starts cold

    bare_cpu: list[float] = []

    def bare() -> float:
        t, c = time.perf_counter(), time.process_time()
        for i in range(0, len(texts), settings.embed_batch):
            embedder.inner.embed_passages(texts[i : i + settings.embed_batch])
        bare_cpu.append(time.process_time() - c)
        return time.perf_counter() - t

    load_before = os.getloadavg()[0]
    bare_before = bare()
    embedded: list[str] = []
    inner_embed = embedder.embed_passages

    def recording(batch: Any) -> Any:
        embedded.extend(batch)
        return inner_embed(batch)

    embedder.embed_passages = recording  # type: ignore[method-assign]
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    import resource

    t0, c0 = time.perf_counter(), time.process_time()
    k0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = ingest(settings, [docs], rebuild=True, embedder=embedder)
    t1, c1 = time.perf_counter(), time.process_time()
    k1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = (k1.ru_utime + k1.ru_stime) - (k0.ru_utime + k0.ru_stime)
    if prof is not None and profile is not None:
        import io
        import pstats

        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(40)
        profile.write_text(buf.getvalue(), encoding="utf-8")
    assert report.changed and not report.failed, report.to_dict()
    embedder.embed_passages = inner_embed  # type: ignore[method-assign]
    bare_after = bare()
    bare_s = (bare_before + bare_after) / 2
    ingest_cpu = (c1 - c0) + child_cpu
    first = embedder.first_passage_at or t0
    last = embedder.last_passage_end or t1
    return {"seconds": round(t1 - t0, 3), "bare_s": round(bare_s, 3), "ratio": round((t1 - t0) / bare_s, 3),
            "bare_before_s": round(bare_before, 3), "bare_after_s": round(bare_after, 3),
            "embed_s": round(embedder.passage_s, 3), "cpu_s": round(c1 - c0, 2),
            "parser_child_cpu_s": round(child_cpu, 2), "bare_cpu_s": round(sum(bare_cpu) / 2, 2),
            "cpu_ratio": round(ingest_cpu / (sum(bare_cpu) / 2), 3),
            "loadavg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "before_first_embed_s": round(first - t0, 3), "after_last_embed_s": round(t1 - last, 3),
            "model_load_s": round(load_s, 3), "clauses": report.clauses,
            "docs": report.docs, "same_texts": embedded == texts,
            "peak_rss_mb": round(common.self_peak_rss_mb(), 1)}


def measure_ingest(settings: Any, docs: Path, repeat: int, profile: bool = False) -> dict[str, Any]:
    """First ingest against the bare embedder on the same texts: each run in a fresh process, the floor
    measured right before and right after the ingest in it (see `ingest_child`)."""
    texts = floor_texts(docs, settings.catalog)
    texts_file = settings.data_dir.parent / "floor_texts.json"
    texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    runs = []
    for i in range(max(1, repeat)):
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child-ingest", str(settings.data_dir.parent),
             "--docs", str(docs), "--catalog", str(settings.catalog), "--texts", str(texts_file)]
            + (["--profile-ingest", str(common.OUT / "ingest-profile.txt")] if profile and i == 0 else []),
            cwd=common.ROOT, env=common.child_env(), capture_output=True, text=True, timeout=3600)
        if proc.returncode != 0:
            raise RuntimeError(f"ingest child failed:\n{proc.stderr[-3000:]}")
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    import statistics

    total, bare = sum(r["seconds"] for r in runs), sum(r["bare_s"] for r in runs)
    mid = sorted(runs, key=lambda r: r["ratio"])[(len(runs) - 1) // 2]  # the median run (lower middle)
    return {
        "clauses": runs[0]["clauses"], "docs": runs[0]["docs"], "seconds": mid["seconds"],
        "clauses_per_s": round(len(texts) / mid["seconds"], 2),
        "bare_embed_s": mid["bare_s"], "bare_clauses_per_s": round(len(texts) / mid["bare_s"], 2),
        "ratio": mid["ratio"], "ratio_runs": [r["ratio"] for r in runs], "ratio_of_sums": round(total / bare, 3),
        "cpu_ratio": round(statistics.median(r["cpu_ratio"] for r in runs), 3),
        "ratio_to_own_embed": round(total / sum(r["embed_s"] for r in runs), 3),
        "stages_s": {"before_first_embed": round(sum(r["before_first_embed_s"] for r in runs) / len(runs), 2),
                     "embed": round(sum(r["embed_s"] for r in runs) / len(runs), 2),
                     "after_last_embed": round(sum(r["after_last_embed_s"] for r in runs) / len(runs), 2)},
        "same_texts": all(r["same_texts"] for r in runs), "model_load_s": runs[0]["model_load_s"],
        "ingest_peak_rss_mb": max(r["peak_rss_mb"] for r in runs), "runs": runs,
    }


def compare_variants(assistant: Any, embedder: common.TimedEmbedder, qs: list[str], matrix: Any) -> dict[str, Any]:
    """Before/after on the same questions, interleaved: each question is asked once per variant, in rotating
    order, next to its floor, so the machine's load falls on all variants alike."""
    import numpy as np

    from knowledge import store

    index = assistant.index()
    chroma = getattr(index.collection, "_collection", index.collection)
    exact = index.collection if chroma is not index.collection else store.ExactSearch(
        chroma, [c.id for c in index.clauses], [c.doc_id for c in index.clauses], matrix)
    variants = {"before: Chroma HNSW query": chroma, "now: exact numpy search (knowledge/)": exact}
    names = list(variants)
    stats: dict[str, dict[str, list[float]]] = {n: {"work": [], "retrieve_excl_embed": [], "answer": [],
                                                    "total": [], "work_cpu": [], "total_cpu": []} for n in names}
    floor: list[float] = []
    floor_cpu: list[float] = []
    try:
        for i, q in enumerate(qs[:3] + qs):  # the first three only warm up
            t0, c0 = time.perf_counter(), time.process_time()
            v = embedder.inner.embed_queries([q])[0]
            np.argpartition(-(matrix @ v), min(30, len(matrix) - 1))
            f, f_cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
            for k in range(len(names)):
                name = names[(i + k) % len(names)]
                index.collection = variants[name]
                before, before_cpu, c1 = embedder.query_s, embedder.query_cpu_s, time.process_time()
                ans = assistant.ask(q)
                cpu = (time.process_time() - c1) * 1000
                emb = (embedder.query_s - before) * 1000
                if i >= 3:
                    stats[name]["total_cpu"].append(cpu)
                    stats[name]["work_cpu"].append(cpu - (embedder.query_cpu_s - before_cpu) * 1000)
                    t = ans.timings_ms
                    stats[name]["retrieve_excl_embed"].append(t["retrieve"] - emb)
                    stats[name]["answer"].append(t["answer"])
                    stats[name]["work"].append(t["total"] - emb)
                    stats[name]["total"].append(t["total"])
            if i >= 3:
                floor.append(f)
                floor_cpu.append(f_cpu)
    finally:
        index.collection = exact if chroma is not exact else chroma
    fl, fl_cpu = common.summary(floor), common.summary(floor_cpu)
    out: dict[str, Any] = {"floor": fl, "floor_cpu": fl_cpu, "variants": {}}
    for name in names:
        row = {k: common.summary(v) for k, v in stats[name].items()}
        row["ratio_p50"] = round(row["total"]["p50"] / fl["p50"], 3)
        row["cpu_ratio_p50"] = round(row["total_cpu"]["p50"] / fl_cpu["p50"], 3)
        row["work_over_floor_p50"] = round(row["work"]["p50"] / fl["p50"], 3)
        out["variants"][name] = row
    return out


def profile_queries(assistant: Any, qs: list[str], out: Path, top: int = 30) -> list[str]:
    import cProfile
    import io
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    for q in qs:
        assistant.ask(q)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    out.write_text(buf.getvalue(), encoding="utf-8")
    lines = [ln for ln in buf.getvalue().splitlines() if ln.strip()]
    return lines[:top + 8]


def run(args: argparse.Namespace) -> dict[str, Any]:
    from assistant.service import Assistant
    from knowledge.config import PROJECT_ROOT, Settings
    from knowledge.embed import get_embedder

    work = Path(tempfile.mkdtemp(prefix="jiandu-speed-"))
    try:
        docs, catalog = args.docs, PROJECT_ROOT / "knowledge" / "catalog.toml"
        if args.synthetic:
            from bench.make_corpus import make_corpus

            made = make_corpus(work / "corpus", args.synthetic, seed=args.seed)
            docs, catalog = Path(str(made["docs_dir"])), Path(str(made["catalog"]))
        settings = Settings(data_dir=work / "data", docs_dir=docs, catalog=catalog)
        result: dict[str, Any] = {"meta": {**common.machine(), "command": " ".join(sys.argv),
                                           "docs_dir": str(docs), "synthetic": args.synthetic}}
        result["ingest"] = measure_ingest(settings, docs, args.repeat, args.profile)
        t0 = time.perf_counter()
        embedder = common.TimedEmbedder(get_embedder(settings))
        embedder.inner.embed_queries(["预热"])
        result["meta"]["embedder_load_s"] = round(time.perf_counter() - t0, 2)

        qs = common.questions(args.questions)
        assistant = Assistant(settings, embedder=embedder)
        t0 = time.perf_counter()
        index = assistant.index()
        result["meta"]["index_load_s"] = round(time.perf_counter() - t0, 3)
        result["meta"]["dense_backend"] = type(index.collection).__name__
        matrix = common.all_vectors(index.collection)
        result["query"] = common.measure_queries(assistant, embedder, qs, matrix)
        if args.variants:
            result["variants"] = compare_variants(assistant, embedder, qs, matrix)
        if args.profile:
            result["profile_top"] = profile_queries(assistant, qs, common.OUT / "speed-profile.txt")

        cold: dict[str, Any] = {}
        if args.cold_start in ("cli", "both"):
            cold["cli"] = common.cli_cold_start(settings, qs[0])
        if args.cold_start in ("web", "both"):
            cold["web"] = common.web_cold_start(settings, qs[: args.web_questions])
        result["cold_start"] = cold
        result["memory"] = {"bench_process_peak_rss_mb": round(common.self_peak_rss_mb(), 1),
                            "app_peak_rss_mb": cold.get("web", {}).get("peak_rss_mb"),
                            "cli_peak_rss_mb": cold.get("cli", {}).get("peak_rss_mb"),
                            "index_dir_mb": round(common.dir_size(settings.data_dir / "index") / 1048576, 2)}
        result["targets"] = {"ingest_ratio_max": 1.2, "ingest_ok": result["ingest"]["ratio"] <= 1.2,
                             "query_ratio_max": 2.0, "query_ok": result["query"]["ratio_p50"] <= 2.0}
        return result
    finally:
        if args.keep:
            print(f"kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def table(r: dict[str, Any]) -> str:
    ing, q = r["ingest"], r["query"]
    rows = [
        ("ingest", f"{ing['clauses']} clauses in {ing['seconds']} s = {ing['clauses_per_s']} clauses/s",
         f"bare embedder {ing['bare_embed_s']} s",
         f"{ing['ratio']}x, median run (target <= 1.2x; runs {', '.join(f'{r}x' for r in ing['ratio_runs'])}); "
         f"CPU time {ing['cpu_ratio']}x"),
        ("  stages", "to first batch {before_first_embed} s | embedding {embed} s | after last batch "
         "{after_last_embed} s".format(**ing["stages_s"]), "", ""),
    ]
    for stage in ("embed", "retrieve_excl_embed", "retrieve", "answer", "total"):
        rows.append((f"query {stage}", f"p50 {q[stage]['p50']:.1f} ms  p95 {q[stage]['p95']:.1f} ms", "", ""))
    rows.append(("query floor", f"p50 {q['floor']['p50']:.1f} ms  p95 {q['floor']['p95']:.1f} ms",
                 "embed 1 query + dot over all vectors",
                 f"total/floor p50 {q['ratio_p50']}x p95 {q['ratio_p95']}x (target <= 2x)"))
    rows.append(("query CPU time", f"total p50 {q['total_cpu']['p50']:.1f} ms; all but embedding "
                 f"{q['work_cpu']['p50']:.1f} ms", f"floor {q['floor_cpu']['p50']:.1f} ms",
                 f"total/floor CPU p50 {q['cpu_ratio_p50']}x"))
    for kind, c in r["cold_start"].items():
        if kind == "web":
            rows.append(("cold start web", f"/api/health ok {c.get('health_s')} s; first answer "
                         f"{c.get('first_answer_s')} s", "", "ok" if c.get("ok") else f"FAILED {c.get('error', '')[:80]}"))
        else:
            rows.append(("cold start cli", f"jiandu ask: {c.get('seconds')} s to first answer", "",
                         "ok" if c.get("ok") else f"FAILED {c.get('error', '')[:80]}"))
    m = r["memory"]
    rows.append(("peak RSS", f"app {m['app_peak_rss_mb']} MiB; cli {m['cli_peak_rss_mb']} MiB; "
                 f"bench {m['bench_process_peak_rss_mb']} MiB", f"index on disk {m['index_dir_mb']} MiB", ""))
    width = [max(len(str(row[i])) for row in rows) for i in range(4)]
    return "\n".join("  ".join(str(c).ljust(width[i]) for i, c in enumerate(row)).rstrip() for row in rows)


def variants_table(v: dict[str, Any]) -> str:
    lines = [f"query path variants, ms p50 (floor: wall {v['floor']['p50']:.1f}, CPU {v['floor_cpu']['p50']:.1f}); "
             "work = everything but the query embedding:"]
    for name, row in v["variants"].items():
        lines.append(f"  {name:<46} work wall {row['work']['p50']:6.1f} (p95 {row['work']['p95']:6.1f})  "
                     f"work CPU {row['work_cpu']['p50']:6.1f}  retrieve-embed {row['retrieve_excl_embed']['p50']:6.1f}"
                     f"  answer {row['answer']['p50']:6.1f}  total/floor wall {row['ratio_p50']}x "
                     f"CPU {row['cpu_ratio_p50']}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from knowledge.config import PROJECT_ROOT

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=Path, default=PROJECT_ROOT / "knowledge" / "docs", help="documents to ingest")
    ap.add_argument("--synthetic", type=int, default=0, help="ingest a synthetic corpus of ~N clauses instead")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--questions", type=int, default=0, help="how many gold questions (0: all)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="ingest runs, each in a fresh process between two runs of the bare embedder")
    ap.add_argument("--catalog", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child-ingest", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--profile-ingest", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--cold-start", choices=("web", "cli", "both", "none"), default="both")
    ap.add_argument("--web-questions", type=int, default=10, help="questions asked over HTTP before reading RSS")
    ap.add_argument("--variants", action="store_true",
                    help="before/after of the query path: Chroma HNSW, exact search, + the proposed assistant fix")
    ap.add_argument("--profile", action="store_true", help="cProfile the first ingest (bench/out/ingest-profile.txt) "
                    "and the warm query loop (bench/out/speed-profile.txt)")
    ap.add_argument("--out", type=Path, default=common.OUT / "speed.json")
    ap.add_argument("--keep", action="store_true", help="keep the temporary data dir")
    args = ap.parse_args(argv)
    if args.child_ingest:
        print(json.dumps(ingest_child(args.child_ingest, args.docs, args.catalog, args.texts, args.profile_ingest)))
        return 0
    result = run(args)
    common.write_json(args.out, result)
    stamped = args.out.with_name(f"{args.out.stem}-{time.strftime('%Y%m%dT%H%M%S')}.json")
    common.write_json(stamped, result)
    print(table(result))
    if "variants" in result:
        print(variants_table(result["variants"]))
    if "profile_top" in result:
        print("\n".join(result["profile_top"][:25]))
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
