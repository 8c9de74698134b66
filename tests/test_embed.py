"""Embeddings: cross-lingual, cached by text hash."""

from __future__ import annotations

import numpy as np

from rashomon.embed import MemoryCache, embed_texts


class CountingCache(MemoryCache):
    def __init__(self) -> None:
        super().__init__()
        self.stored = 0

    def put_embeddings(self, vectors, model):  # type: ignore[no-untyped-def]
        self.stored += len(vectors)
        super().put_embeddings(vectors, model)


def test_second_run_is_served_from_the_cache() -> None:
    cache = CountingCache()
    texts = ["Iran and Belarus signed seven agreements.", "The weather was cold.", "The weather was cold."]
    first, hits = embed_texts(texts, cache)
    assert hits == 0 and cache.stored == 2  # duplicates are embedded once
    second, hits = embed_texts(texts, cache)
    assert hits == 3 and cache.stored == 2
    assert np.allclose(first, second)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-3)


def test_a_persian_sentence_is_closest_to_its_english_translation() -> None:
    english = [
        "The world today needs spirituality, which can drive nations forward.",
        "Foreign ministers of both countries held a separate meeting.",
        "Trade between the two countries has tripled compared to last year.",
    ]
    persian = "دنیای امروز نیازمند معنویت است و معنویت می‌تواند عامل حرکت ملت‌ها باشد."
    vectors, _ = embed_texts([persian, *english], MemoryCache())
    similarities = vectors[1:] @ vectors[0]
    assert int(np.argmax(similarities)) == 0
