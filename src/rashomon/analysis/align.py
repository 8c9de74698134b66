"""Align sentences across the articles of a story into fact groups.

Sentences from different outlets and languages that say the same thing are
clustered by average linkage over their cross-lingual embeddings. Clusters may
hold two sentences of one article (a fact split over sentences), and a long
sentence that packs several facts may join several groups.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from rashomon._typing import Embed
from rashomon.config import AlignConfig, settings
from rashomon.datamodel import Article, FactGroup, FactStatus, Mention, Sentence, Story
from rashomon.ids import short_hash
from rashomon.text.scripts import clauses, word_count


def align_story(
    story: Story,
    articles: dict[str, Article],
    vectors: dict[str, np.ndarray],
    params: AlignConfig | None = None,
    embed: Embed | None = None,
    speakers: dict[tuple[str, int], str] | None = None,
) -> list[FactGroup]:
    """Fact groups of one story; `vectors` maps sentence id to its (D,) unit embedding.

    `params` defaults to the run's `align` configuration section. With `embed` (texts → (n, D)), the
    clauses of long sentences are embedded too, so a sentence packing two facts can join the second
    fact's group through the clause that says it. `speakers` ((article id, sentence index) → entity id,
    from the quote stage) keeps what two different people said apart: a fact group never holds sentences whose known
    speakers differ (the host's "agreements must not stay on paper" is not the guest's "agreements will
    be implemented on time", however close their embeddings).
    """
    params = params or settings().align
    units = [s for article_id in story.article_ids for s in articles[article_id].sentences if is_fact_sized(s)]
    if not units:
        return []
    matrix = np.stack([vectors[s.id] for s in units])
    article_of = np.array([story.article_ids.index(s.article_id) for s in units])
    cross = article_of[:, None] != article_of[None, :]
    raw_similarity = matrix @ matrix.T
    similarity = local_scaling(raw_similarity, article_of, params.neighbours)
    position = np.array([s.index for s in units])
    speaker_of = [(speakers or {}).get((s.article_id, s.index)) for s in units]
    clusters = average_linkage(similarity, raw_similarity, article_of, position, params, speaker_of)
    clause_rows = clause_similarities(units, matrix, raw_similarity, similarity, embed, params)
    clusters = add_extra_memberships(clusters, similarity, cross, article_of, params, clause_rows, speaker_of)
    outlet_of = {article_id: articles[article_id].outlet_label for article_id in story.article_ids}
    story_outlets = set(outlet_of.values())
    reading_order = {article_id: position for position, article_id in enumerate(story.article_ids)}
    groups = [
        build_group(story.id, [units[i] for i in members], outlet_of, story_outlets, similarity, cross, members)
        for members in clusters
    ]
    for group in groups:
        group.mentions.sort(key=lambda m: (reading_order[m.article_id], m.start))
    return sorted(groups, key=lambda group: group_order(group, reading_order))


def local_scaling(similarity: np.ndarray, article_of: np.ndarray, neighbours: int) -> np.ndarray:
    """Cross-domain similarity local scaling (CSLS, Conneau et al. 2018) per pair of articles.

    Raw cosines run higher between two English texts than across languages, and some
    sentences are close to everything ("hubs"). Subtracting each sentence's mean
    similarity to its nearest neighbours in the other article puts every pair of
    articles on one scale: positive means "closer than this sentence's usual best".

    similarity: (n, n) raw cosines of the story's fact-sized sentences; article_of: (n,) int article
    index per row. Returns (n, n) float: each cross-article block minus its rows' and columns' mean radius.
    """
    scaled = similarity.copy()
    groups = [np.flatnonzero(article_of == a) for a in np.unique(article_of)]
    for rows in groups:
        for cols in groups:
            if rows is cols:
                continue
            block = similarity[np.ix_(rows, cols)]
            k_cols, k_rows = min(neighbours, len(cols)), min(neighbours, len(rows))
            row_radius = np.sort(block, axis=1)[:, -k_cols:].mean(axis=1)
            col_radius = np.sort(block, axis=0)[-k_rows:, :].mean(axis=0)
            scaled[np.ix_(rows, cols)] = block - (row_radius[:, None] + col_radius[None, :]) / 2
    return scaled


def is_fact_sized(sentence: Sentence) -> bool:
    return word_count(sentence.text) >= settings().align.min_fact_words


def average_linkage(
    similarity: np.ndarray,
    raw_similarity: np.ndarray,
    article_of: np.ndarray,
    position: np.ndarray,
    params: AlignConfig,
    speaker_of: list[str | None] | None = None,
) -> list[list[int]]:
    """Agglomerate units by mean cross-article similarity (same-article pairs neither help nor hurt).

    A cluster may hold up to `max_per_article` sentences of one article, and only
    consecutive ones (a fact split over sentences) or restatements (a standfirst
    repeating a later paragraph): not two different facts of one article; and
    no two sentences whose known speakers differ (`speaker_of`: entity id or None per unit).

    Shapes: similarity (n, n) CSLS-scaled; raw_similarity (n, n) cosines; article_of and position (n,) int.
    """
    speaker_of = speaker_of or [None] * len(similarity)
    n = len(similarity)
    cross = article_of[:, None] != article_of[None, :]
    sums = np.where(cross, similarity, 0.0).astype(np.float64)
    counts = cross.astype(np.float64)
    members: list[list[int] | None] = [[i] for i in range(n)]
    mean = np.where(counts > 0, sums / np.maximum(counts, 1), -np.inf)
    np.fill_diagonal(mean, -np.inf)
    while n > 1:
        i, j = np.unravel_index(int(np.argmax(mean)), mean.shape)
        if mean[i, j] < params.merge:
            break
        merged = (members[i] or []) + (members[j] or [])
        if not can_merge(merged, article_of, position, raw_similarity, params) or speakers_differ(merged, speaker_of):
            sums[i, j] = sums[j, i] = 0.0
            counts[i, j] = counts[j, i] = 0.0  # this pair may never merge; try the next best
            mean[i, j] = mean[j, i] = -np.inf
            continue
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        counts[i, :] += counts[j, :]
        counts[:, i] += counts[:, j]
        row = np.where(counts[i] > 0, sums[i] / np.maximum(counts[i], 1), -np.inf)
        members[i] = (members[i] or []) + (members[j] or [])
        members[j] = None
        row[[k for k, m in enumerate(members) if m is None]] = -np.inf
        row[i] = -np.inf
        mean[i, :] = row
        mean[:, i] = row
        mean[j, :] = -np.inf
        mean[:, j] = -np.inf
    return [m for m in members if m]


def can_merge(
    units: list[int], article_of: np.ndarray, position: np.ndarray, raw_similarity: np.ndarray, params: AlignConfig
) -> bool:
    """Each article contributes at most `max_per_article` sentences, each next to or restating another.

    article_of, position: (n,) int; raw_similarity: (n, n) cosines.
    """
    by_article: dict[int, list[int]] = {}
    for unit in units:
        by_article.setdefault(int(article_of[unit]), []).append(unit)
    for same in by_article.values():
        if len(same) > params.max_per_article:
            return False
        same.sort(key=lambda unit: position[unit])
        for first, second in pairwise(same):
            adjacent = position[second] - position[first] == 1
            if not adjacent and raw_similarity[first, second] < settings().embedding.restatement:
                return False
    return True


def speakers_differ(units: list[int], speaker_of: list[str | None]) -> bool:
    """Whether the units name two or more different speakers (units of unknown speaker never count)."""
    return len({speaker_of[unit] for unit in units} - {None}) > 1


def clause_similarities(
    units: list[Sentence],
    matrix: np.ndarray,
    raw_similarity: np.ndarray,
    similarity: np.ndarray,
    embed: Embed | None,
    params: AlignConfig,
) -> dict[int, np.ndarray]:
    """Unit row → (n_clauses, n) CSLS-scaled similarities of its clauses to every unit, for long sentences.

    A clause is scaled with its sentence's neighbourhood radii (the sentence's raw minus scaled row), so
    its row reads on the same scale as the sentence's. Only sentences with two or more clauses of at least
    `align.clause_words` words are split. matrix: (n, D) unit vectors; raw_similarity, similarity: (n, n).
    """
    if embed is None:
        return {}
    split = {row: parts for row, s in enumerate(units) if len(parts := clauses(s.text, params.clause_words)) > 1}
    if not split:
        return {}
    vectors = embed([part for parts in split.values() for part in parts])
    rows: dict[int, np.ndarray] = {}
    offset = 0
    for row, parts in split.items():
        raw = vectors[offset : offset + len(parts)] @ matrix.T
        rows[row] = raw - (raw_similarity[row] - similarity[row])[None, :]
        offset += len(parts)
    return rows


def add_extra_memberships(
    clusters: list[list[int]],
    similarity: np.ndarray,
    cross: np.ndarray,
    article_of: np.ndarray,
    params: AlignConfig,
    clause_rows: dict[int, np.ndarray] | None = None,
    speaker_of: list[str | None] | None = None,
) -> list[list[int]]:
    """Let a sentence also join a group that lacks its article, when the group's members agree.

    A long sentence carrying two facts can only sit in one cluster after linkage; it
    joins another group too when its similarity to the group is high and most of
    the group's members rank it among their two best matches in its article. The sentence
    or one of its clauses (`clause_rows`, see clause_similarities) may meet the test; never a
    sentence whose known speaker differs from one in the group (`speaker_of`).

    similarity: (n, n) CSLS-scaled; cross: (n, n) bool, True between articles; article_of: (n,) int.
    """
    ranks = ranks_within_articles(similarity, article_of)
    clause_rows = clause_rows or {}
    speaker_of = speaker_of or [None] * len(similarity)
    own_cluster = {unit: cluster for cluster in clusters for unit in cluster}
    extended = [list(c) for c in clusters]
    for cluster, members in zip(clusters, extended, strict=True):
        present = {int(article_of[i]) for i in cluster}
        if len(present) < 2:
            continue
        for unit in range(len(similarity)):
            if int(article_of[unit]) in present or speakers_differ([*cluster, unit], speaker_of):
                continue
            endorsed = sum(1 for m in cluster if ranks[m, unit] <= 1) / len(cluster)
            whole = endorsed > 0.5 and float(similarity[unit, cluster].mean()) >= params.extra_membership
            if whole or (
                unit in clause_rows
                and clause_joins(clause_rows[unit], unit, cluster, own_cluster[unit], similarity, article_of, params)
            ):
                members.append(unit)
    return extended


def clause_joins(
    rows: np.ndarray,
    unit: int,
    cluster: list[int],
    own: list[int],
    similarity: np.ndarray,
    article_of: np.ndarray,
    params: AlignConfig,
) -> bool:
    """Does a clause of `unit` (rows: (n_clauses, n) scaled) carry it into `cluster` as a second fact?

    The clause must pass the extra-membership test (a member endorses it when fewer than two other
    sentences of the unit's article are closer to it) and match `cluster` better than the unit's own
    group `own`, whose best-matching clause must be another one: a sentence packing two facts says
    each in its own clause, while one generic clause ("in a meeting with the president") close to two
    groups is no second fact.
    """
    siblings = np.flatnonzero((article_of == article_of[unit]) & (np.arange(len(similarity)) != unit))
    others = [m for m in own if article_of[m] != article_of[unit]]
    own_means = rows[:, others].mean(axis=1) if others else None
    for number, row in enumerate(rows):
        closer = (similarity[np.ix_(np.asarray(cluster), siblings)] > row[cluster][:, None]).sum(axis=1)
        mean = float(row[cluster].mean())
        if (closer <= 1).mean() <= 0.5 or mean < params.extra_membership:
            continue
        if own_means is None or (mean > own_means[number] and int(own_means.argmax()) != number):
            return True
    return False


def ranks_within_articles(similarity: np.ndarray, article_of: np.ndarray) -> np.ndarray:
    """ranks[m, u]: how many sentences of u's article are closer to m than u is (0 = m's best there).

    similarity: (n, n); article_of: (n,) int. Returns (n, n) int ranks.
    """
    ranks = np.zeros(similarity.shape, dtype=np.int64)
    for article in np.unique(article_of):
        columns = np.flatnonzero(article_of == article)
        block = similarity[:, columns]
        order = np.argsort(-block, axis=1)
        block_ranks = np.empty_like(order)
        np.put_along_axis(block_ranks, order, np.arange(len(columns))[None, :].repeat(len(block), 0), axis=1)
        ranks[:, columns] = block_ranks
    return ranks


def build_group(
    story_id: str,
    sentences: list[Sentence],
    outlet_of: dict[str, str],
    story_outlets: set[str],
    similarity: np.ndarray,
    cross: np.ndarray,
    members: list[int],
) -> FactGroup:
    """A fact group from its sentences; similarity and cross are the story's (n, n) matrices, `members` row indices."""
    outlets = sorted({outlet_of[s.article_id] for s in sentences})
    if len(outlets) == 1:
        status = FactStatus.SINGLE
    elif set(outlets) == story_outlets:
        status = FactStatus.ALL
    else:
        status = FactStatus.SEVERAL
    block = similarity[np.ix_(members, members)][cross[np.ix_(members, members)]]
    cohesion = float(block.mean()) if block.size else 1.0
    mentions = [Mention(s.article_id, s.start, s.end, s.text, s.index) for s in sentences]
    group_id = "f" + short_hash(story_id, *(f"{m.article_id}:{m.start}" for m in mentions))[:8]
    return FactGroup(group_id, status, mentions, outlets, round(cohesion, 4))


def group_order(group: FactGroup, reading_order: dict[str, int]) -> tuple[int, int, int, int]:
    """Consensus first, then by how many outlets, then in reading order of the story's first articles."""
    rank = {FactStatus.ALL: 0, FactStatus.SEVERAL: 1, FactStatus.SINGLE: 2}[group.status]
    first = group.mentions[0]
    return rank, -len(group.outlets), reading_order[first.article_id], first.start
