"""Story-page latency of `rashomon serve` for a 50-article story.

Builds a 50-article story (the five examples copied ten times with words dropped, paragraphs
reordered and outlets renamed, as in throughput.py), analyses it into a fresh store, serves it
with uvicorn on localhost and times HTTP requests with httpx: the first story-page request after
start-up (the app reads the store and pre-renders story pages when it starts), then repeated
requests (median and 95th percentile), plus the JSON API, the story list and search; and, for
reference, the time to render the story page from scratch.
Prints a table and writes benchmarks/results/web_latency.json.

Usage: python benchmarks/web_latency.py [--copies N] [--requests N]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rashomon.engines.local import analyze
from rashomon.report.html import render_html
from rashomon.store import open_store
from rashomon.web.app import create_app, load_snapshot, story_data
from throughput import make_synthetic

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "web_latency.json"


def timed(client: httpx.Client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    response.raise_for_status()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="copies of the five examples (10 → 50 articles)")
    parser.add_argument("--requests", type=int, default=50, help="warm requests per URL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        corpus = scratch / "corpus"
        corpus.mkdir()
        make_synthetic(corpus, args.copies)
        store_path = scratch / "store.db"
        started = time.perf_counter()
        with open_store(store_path) as store:
            report = analyze([str(corpus)], cache=store)
            store.save_report(report)
        analysis_seconds = time.perf_counter() - started
        story = max(report.stories, key=lambda s: len(s.article_ids))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(str(store_path)), port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        results: dict[str, object] = {
            "date": time.strftime("%Y-%m-%d"),
            "articles_in_story": len(story.article_ids),
            "stories": len(report.stories),
            "analysis_seconds": round(analysis_seconds, 1),
        }
        started = time.perf_counter()
        render_html(story_data(load_snapshot(str(store_path)), story.id), home="/")
        results["render_story_page_ms (what pre-rendering saves each visitor)"] = round(
            (time.perf_counter() - started) * 1000, 1
        )
        time.sleep(2)  # the app pre-renders story pages in the background after reading the store
        with httpx.Client(timeout=60) as client:
            results["first_story_page_ms (after start-up)"] = round(timed(client, f"{base}/stories/{story.id}"), 1)
            for name, url in (
                ("story_page", f"{base}/stories/{story.id}"),
                ("story_json", f"{base}/api/stories/{story.id}"),
                ("story_list", base + "/"),
                ("search", base + "/search?q=sanctions"),
            ):
                samples = sorted(timed(client, url) for _ in range(args.requests))
                results[f"{name}_median_ms"] = round(statistics.median(samples), 1)
                results[f"{name}_p95_ms"] = round(samples[int(0.95 * (len(samples) - 1))], 1)
            results["story_page_bytes"] = len(client.get(f"{base}/stories/{story.id}").content)
        server.should_exit = True
    for key, value in results.items():
        print(f"{key:<64}{value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
