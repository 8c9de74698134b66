"""Conflicting figures: within a fact group, two outlets give different numbers for the same kind of thing
("40 monitoring buoys" / "45 buoys"); across languages the unit words must embed close together."""

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
    """Per fact group, figures two outlets give for the same kind of thing that differ; `embed`: texts → (n, D)."""
    found: list[Divergence] = []
    seen: set[frozenset[tuple[str, int]]] = set()
    for group in story.fact_groups:
        mentions = first_mention_per_article(group)
        if len({articles[a].outlet_label for a in mentions}) < 2:
            continue
        figures = {
            a: [q for q in quantities(m.text, articles[a].language) if not q.is_year] for a, m in mentions.items()
        }
        with_figures = sorted(a for a, found in figures.items() if found)
        if len(with_figures) < 2:
            continue
        vectors = dict(zip(with_figures, embed([mentions[a].text for a in with_figures]), strict=True))
        for first, second in combinations(with_figures, 2):
            if articles[first].outlet_label == articles[second].outlet_label:
                continue
            if float(vectors[first] @ vectors[second]) < settings().embedding.same_statement:
                continue  # a loose fact group: the two sentences do not say the same thing
            cross = articles[first].language != articles[second].language
            for a, b in disagreeing(figures[first], figures[second], cross, embed):
                readings = [reading(mentions[first], a), reading(mentions[second], b)]
                key = frozenset((r.article_id, r.start) for r in readings)
                if key not in seen:
                    seen.add(key)
                    topic = a.next_word or a.unit or "figure"
                    note = f"{format_value(a.value)} vs {format_value(b.value)}"
                    found.append(divergence(story, DivergenceKind.CONFLICT, topic, readings, note))
    return found


def disagreeing(
    first: list[Quantity], second: list[Quantity], cross_language: bool, embed: Embed
) -> list[tuple[Quantity, Quantity]]:
    """Pairs of figures for the same kind of thing whose values differ, when neither side also gives the other's."""
    pairs = []
    for a in first:
        for b in second:
            if a.value == b.value or not same_kind(a, b, cross_language, embed):
                continue
            if any(same_kind(a, c, cross_language, embed) and c.value == a.value for c in second):
                continue
            if any(same_kind(c, b, cross_language, embed) and c.value == b.value for c in first):
                continue
            pairs.append((a, b))
    return pairs


def same_kind(a: Quantity, b: Quantity, cross_language: bool, embed: Embed) -> bool:
    """Same unit word, or (across languages) unit words whose (D,) embeddings reach `embedding.unit_similarity`."""
    if not cross_language:
        return a.same_kind(b) and bool(a.unit or b.unit)
    if not (a.unit and b.unit) or a.unit in "%$€£" or b.unit in "%$€£":
        return a.unit == b.unit and a.unit in "%$€£" and bool(a.unit)
    left, right = [w for w in (a.unit, a.next_word) if w], [w for w in (b.unit, b.next_word) if w]
    vectors = embed(left + right)  # '40 Peruvian trucks' / '45 camiones': the counted noun may come second
    similarity = vectors[: len(left)] @ vectors[len(left) :].T
    return float(similarity.max()) >= settings().embedding.unit_similarity


def format_value(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def reading(mention: Mention, quantity: Quantity) -> Reading:
    start = mention.start + quantity.start
    return Reading(mention.article_id, start, start + len(quantity.text), quantity.text)


def divergence(story: Story, kind: DivergenceKind, topic: str, readings: list[Reading], note: str = "") -> Divergence:
    key = ":".join(f"{r.article_id}@{r.start}" for r in readings)
    return Divergence(short_hash(f"{story.id}:{kind}:{key}"), kind, topic, readings, note)
