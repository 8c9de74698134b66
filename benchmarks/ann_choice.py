"""Which approximate nearest-neighbour library serves story candidate retrieval: a measurement.

Builds one time window's index (20,000 unit vectors of 384 dimensions around 2,000 drifting topic
centres, like title+lead embeddings) incrementally, one article at a time as the stream does, and
queries each new article before adding it. Compares usearch (half-precision and 8-bit storage) and
hnswlib with exact numpy search: insert+query throughput, recall@10 against the exact answer, and memory per vector.
faiss-cpu 1.15 needs numpy >= 1.25, which hazm's numpy pin rules out, so it is not measured.
Writes benchmarks/results/ann_choice.json.

Usage: python benchmarks/ann_choice.py [N]
"""

from __future__ import annotations

import json
import sys
import time
from functools import partial
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results" / "ann_choice.json"
DIM, K, BATCH = 384, 10, 64


def synthetic_vectors(n: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(1, n // 10), DIM)).astype(np.float32)
    vectors = centres[rng.integers(0, len(centres), n)] + 0.6 * rng.standard_normal((n, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def exact_neighbours(vectors: np.ndarray) -> list[set[int]]:
    """Each vector's K nearest among those before it (what the stream can see)."""
    truth = []
    for i in range(len(vectors)):
        if i == 0:
            truth.append(set())
            continue
        scores = vectors[:i] @ vectors[i]
        top = np.argpartition(-scores, min(K, i) - 1)[: min(K, i)]
        truth.append(set(top.tolist()))
    return truth


def run_usearch(vectors: np.ndarray) -> tuple[float, list[set[int]]]:
    from usearch.index import Index

    index = Index(ndim=DIM, metric="cos", dtype="f16", connectivity=16, expansion_add=64, expansion_search=64)
    found: list[set[int]] = []
    started = time.perf_counter()
    for i, vector in enumerate(vectors):
        found.append(set(index.search(vector, K).keys.tolist()) if i else set())
        index.add(i, vector)
    return time.perf_counter() - started, found


def run_hnswlib(vectors: np.ndarray) -> tuple[float, list[set[int]]]:
    import hnswlib

    index = hnswlib.Index(space="cosine", dim=DIM)
    index.init_index(max_elements=len(vectors), ef_construction=64, M=16)
    index.set_ef(64)
    found: list[set[int]] = []
    started = time.perf_counter()
    for i, vector in enumerate(vectors):
        if i:
            labels, _ = index.knn_query(vector, k=min(K, i))
            found.append(set(labels[0].tolist()))
        else:
            found.append(set())
        index.add_items(vector[None, :], [i])
    return time.perf_counter() - started, found


def run_usearch_batched(vectors: np.ndarray, dtype: str = "f16") -> tuple[float, list[set[int]]]:
    """Micro-batches: query a batch against the index, then add it (the stream's batched mode)."""
    from usearch.index import Index

    index = Index(ndim=DIM, metric="cos", dtype=dtype, connectivity=16, expansion_add=64, expansion_search=64)
    found: list[set[int]] = []
    started = time.perf_counter()
    for offset in range(0, len(vectors), BATCH):
        batch = vectors[offset : offset + BATCH]
        if len(index):
            keys = index.search(batch, K).keys
            found.extend(set(row[row >= 0].tolist()) for row in keys)
        else:
            found.extend(set() for _ in batch)
        index.add(np.arange(offset, offset + len(batch)), batch)
    return time.perf_counter() - started, found


def run_hnswlib_batched(vectors: np.ndarray) -> tuple[float, list[set[int]]]:
    import hnswlib

    index = hnswlib.Index(space="cosine", dim=DIM)
    index.init_index(max_elements=len(vectors), ef_construction=64, M=16)
    index.set_ef(64)
    found: list[set[int]] = []
    started = time.perf_counter()
    for offset in range(0, len(vectors), BATCH):
        batch = vectors[offset : offset + BATCH]
        if index.get_current_count():
            labels, _ = index.knn_query(batch, k=min(K, index.get_current_count()))
            found.extend(set(row.tolist()) for row in labels)
        else:
            found.extend(set() for _ in batch)
        index.add_items(batch, np.arange(offset, offset + len(batch)))
    return time.perf_counter() - started, found


def recall(found: list[set[int]], truth: list[set[int]]) -> float:
    hits = sum(len(f & t) for f, t in zip(found, truth, strict=True))
    return hits / max(1, sum(len(t) for t in truth))


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 20_000
    vectors = synthetic_vectors(n)
    started = time.perf_counter()
    truth = exact_neighbours(vectors)
    exact_seconds = time.perf_counter() - started
    results = {"vectors": n, "exact_numpy_articles_per_s": round(n / exact_seconds)}
    runs = {
        "usearch": run_usearch,
        "hnswlib": run_hnswlib,
        "usearch_batched": run_usearch_batched,
        "usearch_batched_i8": partial(run_usearch_batched, dtype="i8"),  # the clusterer's storage
        "hnswlib_batched": run_hnswlib_batched,
    }
    try:
        import hnswlib  # noqa: F401 - only for this comparison; not a Rashomon dependency
    except ImportError:
        print("hnswlib not installed (pip install hnswlib==0.8.0 to compare it); measuring usearch alone")
        runs = {name: run for name, run in runs.items() if "hnswlib" not in name}
    for name, run in runs.items():
        seconds, found = run(vectors)
        results[f"{name}_articles_per_s"] = round(n / seconds)
        results[f"{name}_recall_at_10"] = round(recall(found, truth), 4)
    for key, value in results.items():
        print(f"{key:<30}{value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
