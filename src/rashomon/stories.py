"""Group articles into stories (articles about the same event).

A small interface so the scalable clustering can replace this simple one: the
default joins articles whose mean sentence embeddings are close (average linkage).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from rashomon.ids import short_hash
from rashomon.model import Article, Story

STORY_SIMILARITY = 0.86  # mean-embedding cosine above which two articles report the same event


class StoryGrouper(Protocol):
    def group(self, articles: list[Article], vectors: dict[str, np.ndarray]) -> list[Story]:
        """Partition articles into stories; `vectors` maps article id to a unit vector."""
        ...


class CentroidGrouper:
    """Average-linkage agglomeration of article centroids, stopped at a similarity threshold."""

    def __init__(self, threshold: float = STORY_SIMILARITY):
        self.threshold = threshold

    def group(self, articles: list[Article], vectors: dict[str, np.ndarray]) -> list[Story]:
        clusters = [[article.id] for article in articles]
        if len(clusters) > 1:
            matrix = np.stack([vectors[article.id] for article in articles])
            similarity = matrix @ matrix.T
            index = {article.id: i for i, article in enumerate(articles)}
            clusters = average_linkage(clusters, similarity, index, self.threshold)
        return [Story(story_id(members), members) for members in clusters]


def average_linkage(
    clusters: list[list[str]], similarity: np.ndarray, index: dict[str, int], threshold: float
) -> list[list[str]]:
    """Repeatedly merge the two clusters with the highest mean pairwise similarity while it exceeds threshold."""
    while len(clusters) > 1:
        best, pair = threshold, None
        for i in range(len(clusters)):
            rows = [index[a] for a in clusters[i]]
            for j in range(i + 1, len(clusters)):
                cols = [index[b] for b in clusters[j]]
                mean = float(similarity[np.ix_(rows, cols)].mean())
                if mean >= best:
                    best, pair = mean, (i, j)
        if pair is None:
            break
        i, j = pair
        clusters[i] = clusters[i] + clusters[j]
        del clusters[j]
    return clusters


def story_id(article_ids: list[str]) -> str:
    return "s" + short_hash(*sorted(article_ids))[:8]


def article_vector(sentence_vectors: np.ndarray) -> np.ndarray:
    """An article's direction in embedding space: the normalised mean of its sentences."""
    mean = sentence_vectors.mean(axis=0) if len(sentence_vectors) else np.zeros(384, dtype=np.float32)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean
