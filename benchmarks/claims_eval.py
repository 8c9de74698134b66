"""The claims benchmark: are the report's claims true of the sentences behind them, on real pages?

Runs `rashomon analyze` on ../shared/corpora/multilingual-events (199 real pages, 19 languages; not in
the repository: skipped with a message when absent) and scores the report against the hand annotation
in benchmarks/claims/ (eight stories read in their languages; README there): fact-link precision and
recall, group purity, "all/several" groups that are not one fact, summary-citation precision, furniture
in summaries and groups, conflict precision/recall, quote grouping and speaker accuracy, entities per
real entity and junk entities, story B-cubed (whole corpus). Metrics: src/rashomon/evaluate_claims.py.

    python benchmarks/claims_eval.py                  # analyse, score both halves, write results
    python benchmarks/claims_eval.py --misses fit     # also print the fit half's misses (tune on these only)
    python benchmarks/claims_eval.py --report R.json  # score an existing report of the corpus
    python benchmarks/claims_eval.py --undated        # the corpus with its `published` dates removed

Fit on the fit half; report on the held-out half (benchmarks/claims/split.py).
Writes benchmarks/results/claims_eval.json
(or claims_eval_undated.json).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "multilingual-events" / "articles.jsonl"
RESULTS = ROOT / "benchmarks" / "results"
CACHE = Path(tempfile.gettempdir()) / "rashomon-claims-embeddings.db"
TARGETS = {
    "fact_link_precision": ">= 0.90",
    "fact_link_recall": ">= 0.70",
    "impure_consensus_groups": "0",
    "summary_citation_precision": ">= 0.95",
    "story_precision": ">= 0.90",
    "furniture_in_summary": "0",
    "furniture_in_groups": "0",
}


def analyse(corpus: Path, out: Path, config: Path | None) -> Path:
    """Run the real command line on the corpus; returns the report.json path."""
    command = [sys.executable, "-m", "rashomon", "analyze", str(corpus), "--out", str(out), "--store", str(CACHE), "-q"]
    if config:
        command += ["--config", str(config)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return out / "report.json"


def undated(corpus: Path, folder: Path) -> Path:
    """The corpus with every `published` value removed (the undated case of issue 26)."""
    path = folder / "undated.jsonl"
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    path.write_text("".join(json.dumps({**r, "published": None}, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def corpus_ids(report: dict[str, Any], corpus: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Report article id → corpus page id, and → the page's event label (JSONL sources end in '#line')."""
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    ids, events = {}, {}
    for article in report["articles"]:
        line = int(article["source"].rsplit("#", 1)[1])
        ids[article["id"]] = rows[line - 1]["id"]
        events[article["id"]] = rows[line - 1]["event"]
    return ids, events


def main(argv: list[str]) -> int:
    from claims.split import SPLIT, load_half
    from rashomon.evaluate_claims import score_claims

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", type=Path, help="score this report.json instead of analysing")
    parser.add_argument("--config", type=Path, help="analysis settings (TOML) for the run")
    parser.add_argument("--undated", action="store_true", help="remove the corpus' published dates first")
    parser.add_argument("--misses", choices=["fit", "heldout"], help="print this half's misses")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, help="keep the analysis' reports in this folder")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"{args.corpus}: corpus not found (it lives in ../shared beside the repository); nothing scored")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        corpus = undated(args.corpus, Path(scratch)) if args.undated else args.corpus
        started = time.perf_counter()
        path = args.report or analyse(corpus, args.out or Path(scratch) / "out", args.config)
        seconds = time.perf_counter() - started
        report = json.loads(path.read_text(encoding="utf-8"))
    ids, events = corpus_ids(report, args.corpus)
    results: dict[str, Any] = {"corpus": "multilingual-events", "undated": args.undated, "seconds": round(seconds, 1)}
    for half in SPLIT:
        annotation = load_half(half)
        scored = score_claims(report, annotation, ids, events)
        results[half] = {"stories": [s["event"] for s in annotation["stories"]], **scored.as_dict()}
        if args.misses == half:
            for kind, lines in scored.misses.items():
                print(f"\n## {kind} ({len(lines)})")
                print("\n".join(f"  {line}" for line in lines))
    print_table(results)
    name = "claims_eval_undated.json" if args.undated else "claims_eval.json"
    if not args.report:
        (RESULTS / name).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written to benchmarks/results/{name}")
    return 0


def print_table(results: dict[str, Any]) -> None:
    print(f"{'metric':<30}{'fit':>10}{'held-out':>10}{'target':>10}")
    for key in results["fit"]:
        if key == "stories":
            continue
        values = [results[h][key] for h in ("fit", "heldout")]
        print(
            f"{key:<30}"
            + "".join(f"{v if v is not None else '—'!s:>10}" for v in values)
            + f"{TARGETS.get(key, ''):>10}"
        )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
