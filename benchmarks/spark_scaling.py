"""Articles/s of the Spark engine at local[1] and local[2], and of the local engine, on one synthetic corpus.

The corpus is the bundled examples copied COPIES times with perturbations (as in
throughput.py), so every run embeds every sentence (each run gets a fresh store).
Writes benchmarks/results/spark_scaling.json.

Usage: python benchmarks/spark_scaling.py [--copies N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import make_synthetic

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "spark_scaling.json"
RASHOMON = str(Path(sys.executable).parent / "rashomon")


def timed_run(corpus: Path, scratch: Path, name: str, extra: list[str]) -> dict[str, float]:
    out = scratch / name
    started = time.perf_counter()
    subprocess.run(
        [RASHOMON, "analyze", str(corpus), "--out", str(out), "--quiet", *extra], check=True, capture_output=True
    )
    seconds = time.perf_counter() - started
    stats = json.loads((out / "report.json").read_text(encoding="utf-8"))["stats"]
    return {
        "seconds": round(seconds, 1),
        "articles": stats["articles"],
        "articles_per_second": round(stats["articles"] / seconds, 3),
        "stories": stats["stories"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8)
    args = parser.parse_args()
    results: dict[str, object] = {"date": time.strftime("%Y-%m-%d"), "copies": args.copies, "runs": {}}
    runs = results["runs"]
    assert isinstance(runs, dict)
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        corpus = scratch / "corpus"
        corpus.mkdir()
        make_synthetic(corpus, args.copies)
        runs["local engine"] = timed_run(corpus, scratch, "local", [])
        for master in ("local[1]", "local[2]"):
            runs[f"spark {master}"] = timed_run(corpus, scratch, master, ["--engine", "spark", "--master", master])
    print(f"{'run':<18}{'articles':>9}{'seconds':>9}{'art/s':>8}{'stories':>9}")
    for name, run in runs.items():
        print(
            f"{name:<18}{int(run['articles']):>9}{run['seconds']:>9}{run['articles_per_second']:>8}"
            f"{int(run['stories']):>9}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
