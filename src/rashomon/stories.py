"""Group articles into stories (articles about the same event).

A small interface so the scalable clustering can replace this simple one. The
default scores a pair of articles by their few best-matching sentence pairs
(reports of one event share a handful of near-paraphrases, whatever their
language; mean article embeddings barely separate events) and joins articles
by average linkage over that score.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from rashomon.ids import short_hash
from rashomon.model import Article, Story

STORY_SIMILARITY = 0.875  # mean cosine of the best sentence pairs above which two articles share an event
BEST_PAIRS = 3


class StoryGrouper(Protocol):
    def group(self, articles: list[Article], vectors: dict[str, np.ndarray]) -> list[Story]:
        """Partition articles into stories; `vectors` maps article id to its sentences' unit vectors (rows)."""
        ...


class BestPairsGrouper:
    """Average-linkage agglomeration of articles by best-sentence-pair similarity, stopped at a threshold."""

    def __init__(self, threshold: float = STORY_SIMILARITY):
        self.threshold = threshold

    def group(self, articles: list[Article], vectors: dict[str, np.ndarray]) -> list[Story]:
        clusters = [[article.id] for article in articles]
        if len(clusters) > 1:
            similarity = pairwise_article_similarity([vectors[article.id] for article in articles])
            index = {article.id: i for i, article in enumerate(articles)}
            clusters = average_linkage(clusters, similarity, index, self.threshold)
        return canonical_stories(clusters, [article.id for article in articles])


def canonical_stories(clusters: list[list[str]], input_order: list[str]) -> list[Story]:
    """Stories in input order of their first article, each listing its articles in input order."""
    position = {article_id: i for i, article_id in enumerate(input_order)}
    ordered = sorted((sorted(members, key=position.__getitem__) for members in clusters), key=lambda m: position[m[0]])
    return [Story(story_id(members), members) for members in ordered]


def average_linkage(
    clusters: list[list[str]], similarity: np.ndarray, index: dict[str, int], threshold: float
) -> list[list[str]]:
    """Repeatedly merge the two clusters with the highest mean pairwise similarity while it reaches threshold.

    Cluster-to-cluster means are updated in place (Lance-Williams), so each merge costs O(n).
    """
    sizes = np.array([len(c) for c in clusters], dtype=np.float64)
    membership = np.zeros((len(clusters), len(similarity)))
    for row, cluster in enumerate(clusters):
        membership[row, [index[a] for a in cluster]] = 1.0
    means = membership @ similarity @ membership.T / np.outer(sizes, sizes)
    np.fill_diagonal(means, -np.inf)
    members: list[list[str] | None] = [list(c) for c in clusters]
    while len(means) > 1:
        i, j = np.unravel_index(int(np.argmax(means)), means.shape)
        if means[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        merged = (sizes[i] * means[i] + sizes[j] * means[j]) / (sizes[i] + sizes[j])
        means[i, :] = merged
        means[:, i] = merged
        means[i, i] = -np.inf
        means[j, :] = -np.inf
        means[:, j] = -np.inf
        sizes[i] += sizes[j]
        members[i] = (members[i] or []) + (members[j] or [])
        members[j] = None
    return [m for m in members if m]


def story_id(article_ids: list[str]) -> str:
    return "s" + short_hash(*sorted(article_ids))[:8]


def pairwise_article_similarity(sentence_vectors: list[np.ndarray]) -> np.ndarray:
    """For each pair of articles, the mean cosine of their BEST_PAIRS best-matching sentences (symmetrised)."""
    n = len(sentence_vectors)
    scores = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            block = sentence_vectors[i] @ sentence_vectors[j].T
            if block.size == 0:
                scores[i, j] = scores[j, i] = 0.0
                continue
            k = min(BEST_PAIRS, *block.shape)
            forward = np.sort(block.max(axis=1))[-k:].mean()
            backward = np.sort(block.max(axis=0))[-k:].mean()
            scores[i, j] = scores[j, i] = min(forward, backward)
    return scores
