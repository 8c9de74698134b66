"""Average linkage (UPGMA) with an optional cannot-link constraint: the one agglomeration shared by the
story clusterer's split check, quote grouping and the clustering baseline.

Cluster-to-cluster means are updated in place by the Lance-Williams formula for average linkage
(Lance & Williams 1967), so each merge costs one vectorised pass over a row: O(n^2) per merge.
Fact alignment (`analysis.align`) agglomerates differently (means over cross-article pairs only, and a
pairwise merge test), so it keeps its own loop.
"""

from __future__ import annotations

import numpy as np

from rashomon._typing import Similarity


def average_linkage(
    similarity: Similarity, threshold: float, cannot_link: np.ndarray | None = None
) -> list[list[int]]:
    """Merge the two clusters with the highest mean pairwise similarity while that mean reaches `threshold`.

    similarity: (n, n) symmetric; its dtype is kept for the running means (pass float64 for exact means).
    cannot_link: optional (n, n) bool; True pairs never share a cluster (the constraint spreads to
    merged clusters). Returns clusters as lists of row indices, each cluster ordered by merge
    (its lowest index first), clusters ordered by their lowest index. Ties go to the first pair in
    row-major order, so the result is deterministic.
    """
    n = len(similarity)
    means = np.array(similarity, copy=True)
    np.fill_diagonal(means, -np.inf)
    forbidden = None if cannot_link is None else np.array(cannot_link, dtype=bool, copy=True)
    sizes = np.ones(n, dtype=np.float64)
    members: list[list[int] | None] = [[i] for i in range(n)]
    while n > 1:
        candidates = means if forbidden is None else np.where(forbidden, -np.inf, means)
        i, j = np.unravel_index(int(np.argmax(candidates)), candidates.shape)
        if candidates[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        merged = (sizes[i] * means[i] + sizes[j] * means[j]) / (sizes[i] + sizes[j])
        means[i, :] = merged
        means[:, i] = merged
        means[i, i] = -np.inf
        means[j, :] = -np.inf
        means[:, j] = -np.inf
        if forbidden is not None:
            forbidden[i, :] |= forbidden[j, :]
            forbidden[:, i] = forbidden[i, :]
        sizes[i] += sizes[j]
        members[i] = (members[i] or []) + (members[j] or [])
        members[j] = None
    return [m for m in members if m]
