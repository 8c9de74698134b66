"""Story helpers shared by the clusterer and the engines: canonical order and language bridging."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

import numpy as np

from rashomon._typing import ArticleVectors
from rashomon.config import settings
from rashomon.datamodel import Story

Version = tuple[str, int]  # a story's id and size: it changes when the story absorbs another


def canonical_order(stories: list[Story], input_order: list[str]) -> list[Story]:
    """Stories in input order of their first article, each listing its articles in input order."""
    position = {article_id: i for i, article_id in enumerate(input_order)}
    for story in stories:
        story.article_ids.sort(key=position.__getitem__)
    return sorted(stories, key=lambda story: position[story.article_ids[0]])



def bridge_languages(
    stories: list[Story],
    languages: dict[str, str],
    sentence_vectors: ArticleVectors,
    threshold: float | None = None,
    times: dict[str, tuple[float, float]] | None = None,
) -> tuple[list[Story], list[tuple[str, str]]]:
    """Merge stories written in disjoint sets of languages when their articles share near-paraphrases.

    The story model leans on shared words and names, which two languages cannot share; where whole
    texts are embedded (the analysis does it anyway), a story in one language joins one in another if
    the mean, over their article pairs, of the best-matching sentence pairs reaches `threshold` (default:
    the run's `embedding.language_bridge`). `sentence_vectors`: article id → (n_sentences, D). Each
    story joins at most its best match per round, older stories absorb younger ones. `times`: article id →
    (publication moment, its uncertainty), seconds; two stories whose dated articles all lie more than
    `clustering.bridge_max_seconds` apart never join (same actors, another event). Returns the stories and
    the (kept, absorbed) id pairs.
    """
    threshold = settings().embedding.language_bridge if threshold is None else threshold
    limit = settings().clustering.bridge_candidates
    merged: list[tuple[str, str]] = []
    alive = list(stories)
    known: dict[tuple[Version, Version], float] = {}  # scores of story versions already compared
    views: dict[Version, BridgeView] = {}
    changed = bool(alive)
    while changed:
        changed = False
        versions = [(story.id, len(story.article_ids)) for story in alive]
        for version, story in zip(versions, alive, strict=True):
            if version not in views:
                views[version] = BridgeView.of(story, languages, sentence_vectors, times)
        candidates = Candidates([views[version] for version in versions])
        for i, story in enumerate(alive):
            best: tuple[float, int] | None = None
            for j in islice(candidates.foreign(i), limit):
                pair = (versions[i], versions[j])
                if pair not in known:
                    known[pair] = story_similarity(story, alive[j], sentence_vectors)
                if known[pair] >= threshold and (best is None or known[pair] > best[0]):
                    best = (known[pair], j)
            if best is not None:
                absorbed = alive.pop(best[1])
                story.article_ids = story.article_ids + absorbed.article_ids
                merged.append((story.id, absorbed.id))
                changed = True
                break
    return alive, merged


Moments = tuple[tuple[float, float], ...]  # (publication moment, its uncertainty) of each dated article, seconds


@dataclass(frozen=True)
class BridgeView:
    """What bridging compares first about one version of a story: centroid, languages, publication moments."""

    centroid: np.ndarray  # (D,) unit mean of the story's sentence vectors
    languages: frozenset[str]
    dated: Moments

    @classmethod
    def of(
        cls,
        story: Story,
        languages: dict[str, str],
        sentence_vectors: ArticleVectors,
        times: dict[str, tuple[float, float]] | None,
    ) -> BridgeView:
        dated = tuple(times[a] for a in story.article_ids if a in times) if times else ()
        return cls(story_centroid(story, sentence_vectors), frozenset(languages[a] for a in story.article_ids), dated)

    @property
    def span(self) -> tuple[float, float]:
        """Earliest and latest moment its dated articles may lie at, seconds (unbounded when none is dated)."""
        if not self.dated:
            return (-np.inf, np.inf)
        return (min(t - s for t, s in self.dated), max(t + s for t, s in self.dated))


class Candidates:
    """One round's alive stories, for finding each one's bridge candidates among the stories after it."""

    def __init__(self, views: list[BridgeView]) -> None:
        self.views = views
        self.centroids = np.stack([view.centroid for view in views])  # (n_stories, D)
        self.spans = np.array([view.span for view in views], dtype=np.float64).reshape(-1, 2)  # (n_stories, 2)
        self.max_gap = settings().clustering.bridge_max_seconds  # at least 0 (the setting's minimum)

    def foreign(self, i: int) -> Iterator[int]:
        """Stories after `i`, nearest centroid first, written in none of its languages and close in time.

        A generator: the caller takes the first `clustering.bridge_candidates`, so the exact time test
        (`close_in_time`, a loop over article pairs) runs only until those are found. Stories whose time
        spans lie further apart than `clustering.bridge_max_seconds` are left out first, in one array
        operation: every pair of their articles is at least that far apart, so the exact test would fail.
        """
        later = self.spans[i + 1 :]
        gap = np.maximum(later[:, 0] - self.spans[i, 1], self.spans[i, 0] - later[:, 1])
        near = np.flatnonzero(gap <= self.max_gap)
        closeness = self.centroids[i + 1 :][near] @ self.centroids[i]
        own = self.views[i]
        for k in near[np.argsort(-closeness, kind="stable")]:
            j = i + 1 + int(k)
            if not own.languages & self.views[j].languages and close_in_time(own.dated, self.views[j].dated):
                yield j


def close_in_time(first: Moments, second: Moments) -> bool:
    """False when both stories have dated articles and no pair of them is within `clustering.bridge_max_seconds`."""
    if not first or not second:
        return True
    gap = min(abs(t - u) - s - v for t, s in first for u, v in second)
    return gap <= settings().clustering.bridge_max_seconds


def story_centroid(story: Story, sentence_vectors: dict[str, np.ndarray]) -> np.ndarray:
    """Unit (D,) mean of the story's sentence vectors (`sentence_vectors`: article id → (n_sentences, D))."""
    return unit(np.vstack([sentence_vectors[a] for a in story.article_ids]).mean(axis=0))


def story_similarity(first: Story, second: Story, sentence_vectors: dict[str, np.ndarray]) -> float:
    """Mean best-sentence-pairs similarity over the two stories' article pairs (average linkage).

    `sentence_vectors`: article id → (n_sentences, D) float32.
    """
    return float(
        np.mean(
            [
                best_pairs_similarity(sentence_vectors[a], sentence_vectors[b])
                for a in first.article_ids
                for b in second.article_ids
            ]
        )
    )


def best_pairs_similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Mean cosine of the `clustering.bridge_best_pairs` best-matching sentences of two articles (weaker direction).

    first: (n, D), second: (m, D) unit rows.
    """
    block = first @ second.T
    if block.size == 0:
        return 0.0
    k = min(settings().clustering.bridge_best_pairs, *block.shape)
    forward = np.sort(block.max(axis=1))[-k:].mean()
    backward = np.sort(block.max(axis=0))[-k:].mean()
    return float(min(forward, backward))


def unit(vector: np.ndarray) -> np.ndarray:
    """The vector scaled to length 1 (a zero vector stays zero).

    (D,) → (D,), or (n, D) rows each to unit length.
    """
    norm = float(np.sqrt(vector @ vector))  # np.linalg.norm costs more in per-article loops
    return vector / norm if norm > 0 else vector
