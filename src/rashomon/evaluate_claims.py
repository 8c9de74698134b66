"""Score a report's claims against a hand annotation of real stories (the claims benchmark).

The annotation (format: ../shared/annotation/CLAIMS.md, plus `furniture`) names, per story, every fact
that two or more pages state with a verbatim fragment per page, true conflicts, quotes with speakers,
entities with every surface form, and page furniture. This module asks of a `rashomon analyze` report
whether each claim it makes is true of the sentences behind it:

- fact links: a system link is two mentions of one fact group in different articles, at least one in an
  annotated story; it is right when both mentions contain (`COVERAGE` of) fragments of one annotated fact.
  A mention in a page of another event, or stating no annotated fact, makes its links wrong (the
  annotation lists every fact two or more pages state). Recall: pairs of one fact's fragments in two
  articles that some group holds together.
- purity: the share of a group's mentions (annotated articles only) stating its most common fact; groups
  shown as "all" or "several" with purity below 0.5 are counted.
- summary citations: each outlet a summary line cites is right when that outlet's own page states a fact
  the line states (or the line is that outlet's own sentence of no annotated fact); a line of furniture
  makes all its citations wrong.
- conflicts: a system card (figure or day, flagged as a disagreement) touching an annotated story is true
  when its readings overlap one annotated conflict's readings in two articles; recall likewise.
- quotes: annotated quotes carried by two or more pages, grouped whole (one system quote holds every
  variant) or partly (two or more); speaker accuracy over system renderings that overlap an annotated
  variant of a named speaker.
- entities: system entities per annotated entity (1.0 is perfect), annotated entities found as exactly
  one system entity, and junk entities (a system entity one of whose mentions is an annotated non-name).
- stories: B-cubed precision/recall/F1 of the report's stories against the corpus' event labels.

Articles are matched to annotation ids through `ids`: report article id → corpus page id.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from rashomon.evaluate import Located, best_overlap, covered, find_all, locate_all, overlaps


@dataclass
class ClaimsScore:
    """Counts behind every rate; `as_dict` gives the rates (None where nothing was there to count)."""

    gold_links: int = 0
    links_found: int = 0
    system_links: int = 0
    correct_links: int = 0
    groups_scored: int = 0
    purity_sum: float = 0.0
    impure_consensus_groups: int = 0
    consensus_groups: int = 0
    citations: int = 0
    correct_citations: int = 0
    summary_lines: int = 0
    furniture_in_summary: int = 0
    furniture_in_groups: int = 0
    conflict_cards: int = 0
    true_cards: int = 0
    gold_conflicts: int = 0
    conflicts_found: int = 0
    gold_quotes: int = 0
    quotes_whole: int = 0
    quotes_partly: int = 0
    speaker_checked: int = 0
    speaker_right: int = 0
    gold_entities: int = 0
    entities_one: int = 0
    system_per_entity_sum: int = 0
    junk_entities: int = 0
    b_cubed: tuple[float, float, float] | None = None
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def as_dict(self) -> dict[str, Any]:
        def rate(part: float, whole: float) -> float | None:
            return round(part / whole, 4) if whole else None

        result: dict[str, Any] = {
            "fact_link_precision": rate(self.correct_links, self.system_links),
            "fact_link_recall": rate(self.links_found, self.gold_links),
            "system_links": self.system_links,
            "gold_links": self.gold_links,
            "mean_group_purity": rate(self.purity_sum, self.groups_scored),
            "groups_scored": self.groups_scored,
            "consensus_groups": self.consensus_groups,
            "impure_consensus_groups": self.impure_consensus_groups,
            "summary_citation_precision": rate(self.correct_citations, self.citations),
            "summary_citations": self.citations,
            "furniture_in_summary": self.furniture_in_summary,
            "furniture_in_groups": self.furniture_in_groups,
            "conflict_precision": rate(self.true_cards, self.conflict_cards),
            "conflict_recall": rate(self.conflicts_found, self.gold_conflicts),
            "conflict_cards": self.conflict_cards,
            "gold_conflicts": self.gold_conflicts,
            "quotes_grouped_whole": rate(self.quotes_whole, self.gold_quotes),
            "quotes_grouped_partly": rate(self.quotes_partly, self.gold_quotes),
            "gold_quotes": self.gold_quotes,
            "speaker_accuracy": rate(self.speaker_right, self.speaker_checked),
            "speakers_checked": self.speaker_checked,
            "entities_per_real_entity": rate(self.system_per_entity_sum, self.gold_entities),
            "entities_found_as_one": rate(self.entities_one, self.gold_entities),
            "gold_entities": self.gold_entities,
            "junk_entities": self.junk_entities,
        }
        if self.b_cubed:
            result.update(
                zip(("story_precision", "story_recall", "story_f1"), (round(v, 4) for v in self.b_cubed), strict=True)
            )
        return result


@dataclass
class GoldStory:
    """One annotated story with its fragments located in the report's article texts."""

    annotation: dict[str, Any]
    articles: set[str]  # report article ids
    facts: dict[str, list[Located]]  # fact id → every located fragment (reported_by and also)
    furniture: list[Located]


def score_claims(
    report: dict[str, Any], annotation: dict[str, Any], ids: dict[str, str], events: dict[str, str] | None = None
) -> ClaimsScore:
    """Score `report` (report.json as a dict) on the annotated stories of `annotation`.

    ids: report article id → corpus page id; events: report article id → the corpus event label, for
    story B-cubed (over every article given, not only the annotated stories).
    """
    by_page = {page: article_id for article_id, page in ids.items()}
    texts = {a["id"]: a for a in report["articles"]}
    stories = [locate_story(s, by_page, texts) for s in annotation["stories"]]
    result = ClaimsScore()
    annotated = set().union(*(s.articles for s in stories)) if stories else set()
    for story in stories:
        score_links(story, report, annotated, result)
        score_summary(story, report, texts, result)
        score_conflicts(story, report, by_page, texts, result)
        score_quotes(story, report, by_page, texts, result)
        score_entities(story, report, texts, result)
    if events:
        result.b_cubed = b_cubed(story_of(report), events)
    return result


def locate_story(story: dict[str, Any], by_page: dict[str, str], texts: dict[str, dict[str, Any]]) -> GoldStory:
    articles = {by_page[p] for p in story["articles"] if p in by_page}
    facts: dict[str, list[Located]] = {}
    for fact in story.get("facts", []):
        spots = [s for page, text in fact["reported_by"].items() for s in spots_of(text, page, by_page, texts)]
        for page, extra in fact.get("also", {}).items():
            spots += [s for text in extra for s in spots_of(text, page, by_page, texts)]
        facts[fact["id"]] = spots
    furniture = [
        spot
        for page, lines in story.get("furniture", {}).items()
        for line in lines
        for spot in spots_of(line, page, by_page, texts)
    ]
    return GoldStory(story, articles, facts, furniture)


def spots_of(fragment: str, page: str, by_page: dict[str, str], texts: dict[str, dict[str, Any]]) -> list[Located]:
    article = texts.get(by_page.get(page, ""))
    return locate_all(fragment, article) if article else []


def facts_stated(story: GoldStory, article_id: str, start: int, end: int) -> set[str]:
    """Ids of the annotated facts one of whose fragments the span [start, end) of the article contains."""
    return {
        fact_id
        for fact_id, spots in story.facts.items()
        if any(s.article_id == article_id and covered([(start, end)], s) for s in spots)
    }


def is_furniture(story: GoldStory, article_id: str, start: int, end: int) -> bool:
    """Does the span overlap most of an annotated furniture line (or lie mostly inside one)?"""
    for spot in story.furniture:
        if spot.article_id != article_id:
            continue
        inter = min(end, spot.end) - max(start, spot.start)
        if inter > 0 and inter >= 0.5 * min(end - start, spot.end - spot.start):
            return True
    return False


def relevant_groups(story: GoldStory, report: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        g
        for s in report["stories"]
        for g in s["fact_groups"]
        if any(m["article_id"] in story.articles for m in g["mentions"])
    ]


def score_links(story: GoldStory, report: dict[str, Any], annotated: set[str], result: ClaimsScore) -> None:
    """Fact-link precision and recall, group purity and furniture in groups (see the module docstring)."""
    groups = relevant_groups(story, report)
    event = story.annotation["event"]
    for fact_id, spots in story.facts.items():
        per_article: dict[str, Located] = {}
        for spot in spots:
            per_article.setdefault(spot.article_id, spot)
        for first, second in combinations(per_article.values(), 2):
            result.gold_links += 1
            if any(holds(g, first) and holds(g, second) for g in groups):
                result.links_found += 1
            else:
                result.misses["links missed"].append(f"{event} {fact_id}: {first.article_id} ↔ {second.article_id}")
    for group in groups:
        stated = [
            (m["article_id"], facts_stated(story, m["article_id"], m["start"], m["end"]), m["text"])
            for m in group["mentions"]
        ]
        for (a, fa, ta), (b, fb, tb) in combinations(stated, 2):
            if a == b or (a not in story.articles and b not in story.articles):
                continue
            result.system_links += 1
            if fa & fb:
                result.correct_links += 1
            else:
                result.misses["wrong links"].append(f"{event} {group['id']}: {ta[:70]!r} ↔ {tb[:70]!r}")
        inside = [f for a, f, _ in stated if a in story.articles]
        if len({a for a, _, _ in stated}) < 2 or not inside:
            continue
        counts = Counter(fact for facts in inside for fact in facts)
        purity = counts.most_common(1)[0][1] / len(stated) if counts else 0.0
        result.groups_scored += 1
        result.purity_sum += purity
        if group["status"] in ("all", "several"):
            result.consensus_groups += 1
            if purity < 0.5:
                result.impure_consensus_groups += 1
                result.misses["impure consensus groups"].append(f"{event} {group['id']} purity {purity:.2f}")
        result.furniture_in_groups += sum(
            is_furniture(story, m["article_id"], m["start"], m["end"]) for m in group["mentions"]
        )


def holds(group: dict[str, Any], target: Located) -> bool:
    spans = [(m["start"], m["end"]) for m in group["mentions"] if m["article_id"] == target.article_id]
    return bool(spans) and covered(spans, target)


def score_summary(
    story: GoldStory, report: dict[str, Any], texts: dict[str, dict[str, Any]], result: ClaimsScore
) -> None:
    """Summary-citation precision over the stories holding most of the annotated story's articles."""
    facts_in: dict[str, set[str]] = defaultdict(set)  # article id → the facts it states anywhere
    for fact_id, spots in story.facts.items():
        for spot in spots:
            facts_in[spot.article_id].add(fact_id)
    for system in report["stories"]:
        if len(story.articles & set(system["article_ids"])) * 2 < len(story.articles):
            continue
        outlet_articles: dict[str, set[str]] = defaultdict(set)
        for article_id in system["article_ids"]:
            outlet_articles[texts[article_id]["outlet"]].add(article_id)
        for line in system.get("summary", []):
            result.summary_lines += 1
            own = line["article_id"]
            furniture = is_furniture(story, own, line["start"], line["end"])
            result.furniture_in_summary += furniture
            stated = facts_stated(story, own, line["start"], line["end"])
            for outlet in line["outlets"]:
                result.citations += 1
                right = not furniture and (
                    any(stated & facts_in[a] for a in outlet_articles[outlet])
                    or (not stated and own in outlet_articles[outlet] and own in story.articles)
                )
                result.correct_citations += right
                if not right:
                    result.misses["wrong citations"].append(
                        f"{story.annotation['event']}: {outlet}: {line['text'][:80]!r}"
                    )


def score_conflicts(
    story: GoldStory,
    report: dict[str, Any],
    by_page: dict[str, str],
    texts: dict[str, dict[str, Any]],
    result: ClaimsScore,
) -> None:
    """Conflict-card precision (cards with a reading in the story) and recall of annotated conflicts."""
    gold = [
        [s for page, text in c["readings"].items() for s in spots_of(text, page, by_page, texts)]
        for c in story.annotation.get("conflicts", [])
    ]
    cards = [
        d
        for s in report["stories"]
        for d in s.get("divergences", [])
        if (d["kind"] == "conflict" or (d["kind"] == "timing" and d.get("consistent") is False))
        and any(r["article_id"] in story.articles for r in d["readings"])
    ]

    def matches(card: dict[str, Any], spots: list[Located]) -> bool:
        hit = {s.article_id for s in spots for r in card["readings"] if overlaps(r, s)}
        return len(hit) >= 2

    result.gold_conflicts += len(gold)
    result.conflicts_found += sum(any(matches(c, spots) for c in cards) for spots in gold)
    for card in cards:
        result.conflict_cards += 1
        if any(matches(card, spots) for spots in gold):
            result.true_cards += 1
        else:
            readings = " vs ".join(repr(r["text"][:30]) for r in card["readings"][:4])
            result.misses["false conflict cards"].append(f"{story.annotation['event']}: {card['topic']}: {readings}")


def score_quotes(
    story: GoldStory,
    report: dict[str, Any],
    by_page: dict[str, str],
    texts: dict[str, dict[str, Any]],
    result: ClaimsScore,
) -> None:
    """Quote grouping (whole, partly) and speaker accuracy of renderings of a named annotated speaker."""
    system_variants = [
        (quote["id"], v)
        for s in report["stories"]
        for quote in s.get("quotes", [])
        for v in quote["variants"]
        if v["article_id"] in story.articles
    ]
    spans = defaultdict(list)
    for quote_id, v in system_variants:
        spans[v["article_id"]].append((v["start"], v["end"], quote_id))
    aliases = {e["id"]: {fold(a) for a in e["aliases"]} for e in story.annotation.get("entities", [])}
    for quote in story.annotation.get("quotes", []):
        located = [spots_of(text, page, by_page, texts) for page, text in quote["variants"].items()]
        owners = [{best_overlap(spans.get(s.article_id, []), s) for s in spots} - {None} for spots in located]
        if len(quote["variants"]) >= 2:
            result.gold_quotes += 1
            shared = Counter(q for found in owners for q in found)
            best = max(shared.values(), default=0)
            result.quotes_whole += best == len(located)
            result.quotes_partly += best >= 2
            if best < len(located):
                result.misses["quotes not grouped whole"].append(f"{story.annotation['event']}: {quote['gist'][:60]}")
        speakers = set().union(*(aliases.get(e, set()) for e in quote.get("speaker_entities", [])))
        if not speakers:
            continue
        for spots in located:
            for spot in spots[:1]:
                variant = best_variant(system_variants, spot)
                if variant is None:
                    continue
                result.speaker_checked += 1
                name = variant.get("speaker_name") or ""
                right = bool(name) and names_match(name, speakers)
                result.speaker_right += right
                if not right:
                    result.misses["wrong speakers"].append(
                        f"{story.annotation['event']}: {quote['speaker']} given as {name or 'nobody'}"
                    )


def best_variant(variants: list[tuple[str, dict[str, Any]]], spot: Located) -> dict[str, Any] | None:
    best = None
    for _, v in variants:
        if overlaps(v, spot) and (best is None or abs(v["start"] - spot.start) < abs(best["start"] - spot.start)):
            best = v
    return best


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def names_match(name: str, aliases: set[str]) -> bool:
    """A speaker name is right when it is an annotated alias or shares a word of three or more letters with one."""
    folded = fold(name)
    if folded in aliases:
        return True
    words = {w for w in folded.split() if len(w) >= 3}
    return any(words & {w for w in alias.split() if len(w) >= 3} for alias in aliases)


def score_entities(
    story: GoldStory, report: dict[str, Any], texts: dict[str, dict[str, Any]], result: ClaimsScore
) -> None:
    """System entities per annotated entity, entities found as one, and junk entities."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    entity_mentions: dict[str, list[str]] = {}
    for system in report["stories"]:
        for entity in system.get("entities", []):
            mentions = [m for m in entity["mentions"] if m["article_id"] in story.articles]
            if mentions:
                entity_mentions[entity["id"]] = [m["text"] for m in mentions]
            for m in mentions:
                spans[m["article_id"]].append((m["start"], m["end"], entity["id"]))
    owners: dict[str, set[str]] = defaultdict(set)
    for entity in story.annotation.get("entities", []):
        systems = {
            best_overlap(spans.get(spot.article_id, []), spot)
            for alias in entity["aliases"]
            for article_id in story.articles
            for spot in find_all(alias, texts[article_id])
        } - {None}
        result.gold_entities += 1
        result.system_per_entity_sum += len(systems)
        for system in systems:
            owners[str(system)].add(entity["id"])
        if len(systems) != 1:
            result.misses["entities not one"].append(
                f"{story.annotation['event']}: {entity['aliases'][0]} → {len(systems)}"
            )
    for entity in story.annotation.get("entities", []):
        holders = [s for s, gold in owners.items() if entity["id"] in gold]
        result.entities_one += len(holders) == 1 and owners[holders[0]] == {entity["id"]}
    junk = {fold(w) for w in story.annotation.get("not_names", [])}
    for mentions in entity_mentions.values():
        if any(fold(m) in junk for m in mentions):
            result.junk_entities += 1
            result.misses["junk entities"].append(f"{story.annotation['event']}: {mentions[0]}")


def story_of(report: dict[str, Any]) -> dict[str, str]:
    return {a: s["id"] for s in report["stories"] for a in s["article_ids"]}


def b_cubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering against gold labels (Bagga & Baldwin 1998)."""
    items = [item for item in gold if item in predicted]
    if not items:
        return 0.0, 0.0, 0.0
    by_predicted = Counter(predicted[i] for i in items)
    by_gold = Counter(gold[i] for i in items)
    both = Counter((predicted[i], gold[i]) for i in items)
    precision = sum(both[(predicted[i], gold[i])] / by_predicted[predicted[i]] for i in items) / len(items)
    recall = sum(both[(predicted[i], gold[i])] / by_gold[gold[i]] for i in items) / len(items)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0
