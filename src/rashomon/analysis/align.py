"""Align sentences across the articles of a story into fact groups.

Sentences from different outlets and languages that state the same claim are
clustered over a calibrated same-fact probability (mean linkage with a floor on every pair)
(analysis/fact_pairs.py: embeddings plus who, what figure and which day).
Clusters may hold two sentences of one article (a fact split over sentences),
and a long sentence that packs several facts may join several groups.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import numpy as np

from rashomon._typing import Embed
from rashomon.analysis.fact_pairs import (
    FEATURES,
    ClaimParts,
    FactPairModel,
    claim_parts,
    content_signals,
    fill_derived,
    nearest_in_article,
    pair_features,
    shipped_model,
)
from rashomon.analysis.summary import is_page_furniture
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
    model: FactPairModel | None = None,
) -> list[FactGroup]:
    """Fact groups of one story; `vectors` maps sentence id to its (D,) unit embedding.

    Sentences of two articles share a group only when the fact-pair model (analysis/fact_pairs.py, fitted
    on hand-annotated real stories) finds they state one claim: a group's cross-article pairs reach the
    model's threshold on average and every one of them `align.weakest_share` of it (fact_linkage), so a
    group that cannot be made coherent stays split. `params` defaults to the run's `align` configuration section. With
    `embed` (texts → (n, D)), the clauses of long sentences are embedded too, so a sentence packing two
    facts can join the second fact's group through the clause that says it. `speakers` ((article id,
    sentence index) → entity id, from the quote stage) keeps what two different people said apart.
    """
    params = params or settings().align
    model = model or shipped_model()
    units = [s for article_id in story.article_ids for s in articles[article_id].sentences if is_fact_sized(s)]
    if not units:
        return []
    matrix = np.stack([vectors[s.id] for s in units])
    article_of = np.array([story.article_ids.index(s.article_id) for s in units])
    cross = article_of[:, None] != article_of[None, :]
    raw_similarity = matrix @ matrix.T
    similarity = local_scaling(raw_similarity, article_of, params.neighbours)
    parts = [claim_parts(s) for s in units]
    signals = pair_features(parts, raw_similarity, similarity, article_of)
    probability = model.probability(signals)
    position = np.array([s.index for s in units])
    speaker_of = [(speakers or {}).get((s.article_id, s.index)) for s in units]
    floor = model.threshold * params.weakest_share
    clusters = fact_linkage(
        probability, raw_similarity, article_of, position, params, model.threshold, speaker_of, floor
    )
    clause_rows = clause_probabilities(
        units, matrix, raw_similarity, similarity, signals, parts, article_of, embed, params, model
    )
    clusters = add_extra_memberships(clusters, probability, article_of, model.threshold, clause_rows, speaker_of)
    outlet_of = {article_id: articles[article_id].outlet_label for article_id in story.article_ids}
    story_outlets = set(outlet_of.values())
    reading_order = {article_id: position for position, article_id in enumerate(story.article_ids)}
    groups = [
        build_group(story.id, [units[i] for i in members], outlet_of, story_outlets, probability, cross, members)
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
    """Long enough to state a fact, and not page furniture (a dateline, byline or embedded post's signature)."""
    return word_count(sentence.text) >= settings().align.min_fact_words and not is_page_furniture(
        sentence.text, sentence.language
    )


def fact_linkage(
    probability: np.ndarray,
    raw_similarity: np.ndarray,
    article_of: np.ndarray,
    position: np.ndarray,
    params: AlignConfig,
    threshold: float,
    speaker_of: list[str | None] | None = None,
    floor: float | None = None,
) -> list[list[int]]:
    """Agglomerate units while the merged cluster's cross-article pairs reach `threshold` P on average and
    every one of them reaches `floor` (default `threshold`: complete linkage). With a floor below the
    threshold, one weak pair (a translation the encoder places a little apart) does not keep a sentence
    out of a group every other member endorses, while no pair may be plainly unrelated.

    The next merge is the pair of clusters with the highest mean cross-article P among those whose weakest
    pair reaches the floor (same-article pairs neither help nor hurt). A cluster may hold up to
    `max_per_article` sentences of one article, each next to or restating another (can_merge), and no two
    sentences whose known speakers differ (`speaker_of`). Shapes: probability, raw_similarity (n, n);
    article_of, position (n,) int. Returns clusters as lists of row indices.
    """
    floor = threshold if floor is None else floor
    speaker_of = speaker_of or [None] * len(probability)
    n = len(probability)
    cross = article_of[:, None] != article_of[None, :]
    sums = np.where(cross, probability, 0.0).astype(np.float64)
    counts = cross.astype(np.float64)
    weakest = np.where(cross, probability, np.inf)  # min P over cross pairs; inf: no cross pair yet
    members: list[list[int] | None] = [[i] for i in range(n)]
    refused = np.eye(n, dtype=bool)  # pairs of clusters that may never merge (can_merge, speakers)

    def scores(rows: int | slice) -> np.ndarray:
        mean = sums[rows] / np.maximum(counts[rows], 1.0)
        return np.where((counts[rows] > 0) & ~refused[rows] & (weakest[rows] >= floor), mean, -np.inf)

    score = scores(slice(None))
    while n > 1:
        i, j = np.unravel_index(int(np.argmax(score)), score.shape)
        if score[i, j] < threshold:
            break
        merged = (members[i] or []) + (members[j] or [])
        if not can_merge(merged, article_of, position, raw_similarity, params) or speakers_differ(merged, speaker_of):
            refused[i, j] = refused[j, i] = True  # this pair may never merge; try the next best
            score[i, j] = score[j, i] = -np.inf
            continue
        for matrix, combine in ((sums, np.add), (counts, np.add), (weakest, np.minimum)):
            matrix[i, :] = combine(matrix[i, :], matrix[j, :])
            matrix[:, i] = matrix[i, :]
        refused[i, :] |= refused[j, :]
        refused[:, i] = refused[i, :]
        members[i], members[j] = merged, None
        row = scores(int(i))
        row[[k for k, m in enumerate(members) if m is None or k == i]] = -np.inf
        score[i, :] = row
        score[:, i] = row
        score[j, :] = -np.inf
        score[:, j] = -np.inf
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


def clause_probabilities(
    units: list[Sentence],
    matrix: np.ndarray,
    raw_similarity: np.ndarray,
    similarity: np.ndarray,
    signals: np.ndarray,
    parts: list[ClaimParts],
    article_of: np.ndarray,
    embed: Embed | None,
    params: AlignConfig,
    model: FactPairModel,
) -> dict[int, np.ndarray]:
    """Unit row → (n_clauses, n) P that each clause of a long sentence states the fact of each unit.

    A clause is scaled with its sentence's neighbourhood radii (the sentence's raw minus scaled row) and
    read for its own names, figures and days; only sentences with two or more clauses of at least
    `align.clause_words` words are split. matrix: (n, D) unit vectors; raw_similarity, similarity: (n, n);
    signals: (n, n, len(FEATURES)) the sentences' pair signals (their articles' parallelism is the clause's);
    parts: (n,) the units' claim parts.
    """
    if embed is None:
        return {}
    split = {row: pieces for row, s in enumerate(units) if len(pieces := clauses(s.text, params.clause_words)) > 1}
    if not split:
        return {}
    vectors = embed([piece for pieces in split.values() for piece in pieces])
    best_of_units = nearest_in_article(similarity, article_of)
    rows: dict[int, np.ndarray] = {}
    offset = 0
    for row, texts in split.items():
        raw = vectors[offset : offset + len(texts)] @ matrix.T
        scaled = raw - (raw_similarity[row] - similarity[row])[None, :]
        offset += len(texts)
        sentence = units[row]
        probabilities = []
        for clause_raw, clause_scaled, text in zip(raw, scaled, texts, strict=True):
            clause = claim_parts(replace(sentence, text=text))
            best = np.zeros(len(units), dtype=bool)
            for article in np.unique(article_of):
                columns = np.flatnonzero(article_of == article)
                best[columns[np.argmax(clause_scaled[columns])]] = True
            member_best = best_of_units[:, row]
            rows_of_clause = np.array(
                [
                    clause_signals(
                        signals[row, m], clause_raw[m], clause_scaled[m], best[m], member_best[m], clause, parts[m]
                    )
                    for m in range(len(units))
                ]
            )
            probabilities.append(model.probability(rows_of_clause))
        rows[row] = np.array(probabilities)
    return rows


def clause_signals(
    sentence_row: np.ndarray,
    raw: float,
    scaled: float,
    best: bool,
    member_best: bool,
    clause: ClaimParts,
    member: ClaimParts,
) -> np.ndarray:
    """The fact-pair signals of a clause and a unit (FEATURES' order): the clause's own similarity, nearness
    and content, its sentence's article parallelism (`sentence_row`: the sentence's signals with the unit)."""
    row = np.array(
        [raw, scaled, float(best and member_best), float(best or member_best), *content_signals(clause, member)]
    )
    fill_derived(row, clause.language == member.language, sentence_row[FEATURES.index("articles_parallel")])
    return row


def add_extra_memberships(
    clusters: list[list[int]],
    probability: np.ndarray,
    article_of: np.ndarray,
    threshold: float,
    clause_rows: dict[int, np.ndarray] | None = None,
    speaker_of: list[str | None] | None = None,
) -> list[list[int]]:
    """Let a long sentence packing two facts also join the group of its second fact.

    After linkage a sentence sits in one cluster. It joins another cluster that lacks its article when
    one of its clauses (`clause_rows`) reaches `threshold` P with every member, that clause matches the
    cluster better than the sentence's own cluster, and no known speaker differs (`speaker_of`).
    probability: (n, n); article_of: (n,) int.
    """
    clause_rows = clause_rows or {}
    speaker_of = speaker_of or [None] * len(probability)
    own_cluster = {unit: cluster for cluster in clusters for unit in cluster}
    extended = [list(c) for c in clusters]
    for cluster, members in zip(clusters, extended, strict=True):
        present = {int(article_of[i]) for i in cluster}
        if len(present) < 2:
            continue
        for unit, rows in clause_rows.items():
            if int(article_of[unit]) in present or speakers_differ([*cluster, unit], speaker_of):
                continue
            own = [m for m in own_cluster[unit] if article_of[m] != article_of[unit]]
            for row in rows:
                weakest = float(row[cluster].min())
                if weakest >= threshold and (not own or weakest > float(row[own].min())):
                    members.append(unit)
                    break
    return extended


def build_group(
    story_id: str,
    sentences: list[Sentence],
    outlet_of: dict[str, str],
    story_outlets: set[str],
    probability: np.ndarray,
    cross: np.ndarray,
    members: list[int],
) -> FactGroup:
    """A fact group from its sentences; probability (P same fact) and cross are the story's (n, n) matrices,
    `members` row indices. Cohesion is the mean P over the group's cross-article pairs."""
    outlets = sorted({outlet_of[s.article_id] for s in sentences})
    if len(outlets) == 1:
        status = FactStatus.SINGLE
    elif set(outlets) == story_outlets:
        status = FactStatus.ALL
    else:
        status = FactStatus.SEVERAL
    block = probability[np.ix_(members, members)][cross[np.ix_(members, members)]]
    cohesion = float(block.mean()) if block.size else 1.0
    mentions = [Mention(s.article_id, s.start, s.end, s.text, s.index) for s in sentences]
    group_id = "f" + short_hash(story_id, *(f"{m.article_id}:{m.start}" for m in mentions))[:8]
    return FactGroup(group_id, status, mentions, outlets, round(cohesion, 4))


def group_order(group: FactGroup, reading_order: dict[str, int]) -> tuple[int, int, int, int]:
    """Consensus first, then by how many outlets, then in reading order of the story's first articles."""
    rank = {FactStatus.ALL: 0, FactStatus.SEVERAL: 1, FactStatus.SINGLE: 2}[group.status]
    first = group.mentions[0]
    return rank, -len(group.outlets), reading_order[first.article_id], first.start
