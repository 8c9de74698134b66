"""Story grouping on a labelled corpus: B-cubed precision, recall and F1 over events.

Reads ../shared/corpora/wikinews-sources/articles.jsonl (234 reports of 90 events, 7 languages;
present in the development checkout, not in the repository) and analyses it with the local
engine. The grouping threshold was NOT tuned on this corpus: these are held-out figures.
Writes benchmarks/results/story_clustering.json.

Usage: python benchmarks/story_clustering.py [ARTICLES_JSONL]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora" / "wikinews-sources" / "articles.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "story_clustering.json"


def b_cubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision/recall/F1 of a clustering against gold labels (Bagga & Baldwin 1998)."""
    items = [item for item in gold if item in predicted]
    by_predicted = Counter(predicted[i] for i in items)
    by_gold = Counter(gold[i] for i in items)
    both = Counter((predicted[i], gold[i]) for i in items)
    precision = sum(both[(predicted[i], gold[i])] / by_predicted[predicted[i]] for i in items) / len(items)
    recall = sum(both[(predicted[i], gold[i])] / by_gold[gold[i]] for i in items) / len(items)
    return precision, recall, 2 * precision * recall / (precision + recall)


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT
    if not path.is_file():
        print(f"skipped: {path} not found (the wikinews corpus lives in ../shared, outside the repository)")
        return 0
    from rashomon.pipeline import analyze

    started = time.perf_counter()
    report = analyze([str(path)])
    seconds = time.perf_counter() - started
    lines = path.read_text(encoding="utf-8").splitlines()
    gold = {f"{path}#{n}": json.loads(line)["event"] for n, line in enumerate(lines, 1) if line.strip()}
    sources = {a.id: a.source for a in report.articles}
    predicted = {sources[a]: story.id for story in report.stories for a in story.article_ids}
    precision, recall, f1 = b_cubed(predicted, gold)
    result = {
        "articles": len(report.articles),
        "events": len(set(gold.values())),
        "stories": len(report.stories),
        "b_cubed_precision": round(precision, 4),
        "b_cubed_recall": round(recall, 4),
        "b_cubed_f1": round(f1, 4),
        "seconds": round(seconds, 1),
        "skipped_inputs": len(report.problems),
    }
    for key, value in result.items():
        print(f"{key:<22}{value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
