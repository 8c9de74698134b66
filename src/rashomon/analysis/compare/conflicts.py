"""Conflicting figures: within a fact group, two outlets give different numbers for the same kind of thing
("40 monitoring buoys" / "45 buoys"); across languages the counted phrases must be each other's best match."""

from __future__ import annotations

from itertools import combinations

from rashomon._typing import Embed
from rashomon.analysis.compare.numbers import Quantity, quantities
from rashomon.config import settings
from rashomon.datamodel import Article, Divergence, DivergenceKind, FactGroup, Mention, Reading, Story
from rashomon.ids import short_hash


def first_mention_per_article(group: FactGroup) -> dict[str, Mention]:
    mentions: dict[str, Mention] = {}
    for mention in group.mentions:
        mentions.setdefault(mention.article_id, mention)
    return mentions


def numeric_conflicts(story: Story, articles: dict[str, Article], embed: Embed) -> list[Divergence]:
    """Per fact group, figures outlets give for the same kind of thing that differ; `embed`: texts → (n, D).

    Disagreeing pairs that share a figure are one conflict: ten outlets giving 12 and one giving 14 make
    one card with eleven readings, not ten cards.
    """
    found: list[Divergence] = []
    for group in story.fact_groups:
        pairs = disagreeing_pairs(group, articles, embed)
        for component in connected(pairs):
            values = sorted({q.value for _, q in component}, key=lambda v: -sum(q.value == v for _, q in component))
            readings = [reading(m, q) for m, q in sorted(component, key=lambda mq: (mq[1].value, mq[0].article_id))]
            first = component[0][1]
            note = " vs ".join(format_value(v) for v in values)
            found.append(
                divergence(story, DivergenceKind.CONFLICT, first.next_word or first.unit or "figure", readings, note)
            )
    return found


Figure = tuple[Mention, Quantity]


def disagreeing_pairs(group: FactGroup, articles: dict[str, Article], embed: Embed) -> list[tuple[Figure, Figure]]:
    """Pairs of one group's figures from two outlets that count the same thing and differ."""
    mentions = first_mention_per_article(group)
    if len({articles[a].outlet_label for a in mentions}) < 2:
        return []
    figures = {a: [q for q in quantities(m.text, articles[a].language) if not q.is_year] for a, m in mentions.items()}
    with_figures = sorted(a for a, found in figures.items() if found)
    if len(with_figures) < 2:
        return []
    vectors = dict(zip(with_figures, embed([mentions[a].text for a in with_figures]), strict=True))
    pairs = []
    for first, second in combinations(with_figures, 2):
        if articles[first].outlet_label == articles[second].outlet_label:
            continue
        if float(vectors[first] @ vectors[second]) < settings().embedding.same_statement:
            continue  # a loose fact group: the two sentences do not say the same thing
        cross = articles[first].language != articles[second].language
        for a, b in disagreeing(figures[first], figures[second], cross, embed):
            pairs.append(((mentions[first], a), (mentions[second], b)))
    return pairs


def connected(pairs: list[tuple[Figure, Figure]]) -> list[list[Figure]]:
    """The figures linked by disagreeing pairs, one list per connected component, in first-seen order."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}
    figure_of: dict[tuple[str, int], Figure] = {}

    def root(key: tuple[str, int]) -> tuple[str, int]:
        while parent[key] != key:
            key = parent[key]
        return key

    for pair in pairs:
        keys = [(m.article_id, m.start + q.start) for m, q in pair]
        for key, figure in zip(keys, pair, strict=True):
            parent.setdefault(key, key)
            figure_of.setdefault(key, figure)
        parent[root(keys[1])] = root(keys[0])
    components: dict[tuple[str, int], list[Figure]] = {}
    for key, figure in figure_of.items():
        components.setdefault(root(key), []).append(figure)
    return list(components.values())


def disagreeing(
    first: list[Quantity], second: list[Quantity], cross_language: bool, embed: Embed
) -> list[tuple[Quantity, Quantity]]:
    """Pairs of figures for the same kind of thing whose values differ, when neither side also gives the other's."""
    kin = same_kind_pairs(first, second, cross_language, embed)
    pairs = []
    for i, a in enumerate(first):
        for j, b in enumerate(second):
            if a.value == b.value or (i, j) not in kin:
                continue
            if any((i, k) in kin and c.value == a.value for k, c in enumerate(second)):
                continue
            if any((k, j) in kin and c.value == b.value for k, c in enumerate(first)):
                continue
            pairs.append((a, b))
    return pairs


def same_kind_pairs(
    first: list[Quantity], second: list[Quantity], cross_language: bool, embed: Embed
) -> set[tuple[int, int]]:
    """Index pairs (i, j) of figures counting the same kind of thing.

    In one language: a shared unit word. Across languages ('12 грузовых вагонов' / '14 عربة شحن' /
    '12节货运车厢'): the counted phrases, each embedded with one common number so the figures themselves do
    not pull them apart, must be each other's best match among the two sentences' figures and reach
    `embedding.unit_similarity`. A best match, not a cut-off alone: single counted phrases of different
    things in different languages embed almost as close (0.88-0.91) as the same thing (0.86-0.97).
    """
    if not cross_language:
        return {
            (i, j)
            for i, a in enumerate(first)
            for j, b in enumerate(second)
            if a.same_kind(b) and bool(a.unit or b.unit)
        }
    left = [i for i, q in enumerate(first) if q.unit]
    right = [j for j, q in enumerate(second) if q.unit]
    if not left or not right:
        return set()
    vectors = embed([counted_phrase(first[i]) for i in left] + [counted_phrase(second[j]) for j in right])
    similarity = vectors[: len(left)] @ vectors[len(left) :].T
    floor = settings().embedding.unit_similarity
    return {
        (left[r], right[c])
        for r in range(len(left))
        for c in [int(similarity[r].argmax())]
        if int(similarity[:, c].argmax()) == r and float(similarity[r, c]) >= floor
    }


def counted_phrase(quantity: Quantity) -> str:
    """'12 вагонов' for '14 вагонов': the unit words after one common number ('12')."""
    return f"12 {quantity.counted or quantity.unit}"


def format_value(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def reading(mention: Mention, quantity: Quantity) -> Reading:
    start = mention.start + quantity.start
    return Reading(mention.article_id, start, start + len(quantity.text), quantity.text)


def divergence(story: Story, kind: DivergenceKind, topic: str, readings: list[Reading], note: str = "") -> Divergence:
    key = ":".join(f"{r.article_id}@{r.start}" for r in readings)
    return Divergence(short_hash(f"{story.id}:{kind}:{key}"), kind, topic, readings, note)
