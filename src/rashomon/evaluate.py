"""Score a report against a hand annotation (gold file) of the same corpus.

Used by `rashomon evaluate`, benchmarks/gold_eval.py and the tests. The analysis
itself never reads a gold file.

Gold format: {"articles": {file name: {"title", "boilerplate": [lines], "normalisation"}},
"facts": [{"id", "reported_by": {file-name prefix: verbatim fragment of the raw file}}]}.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from pathlib import PurePath
from typing import Any

COVERAGE = 0.9  # share of a gold fragment's characters a system mention must contain
SKIPPED = {"\u200c", "\u200d", "\u0640"}  # ZWNJ, ZWJ, tatweel: lost or added freely by normalisation
FOLD = str.maketrans("يكۀة٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "یکهه01234567890123456789")


@dataclass
class Located:
    """A gold fragment found in an article's cleaned text."""

    article_id: str
    start: int
    end: int


@dataclass
class Score:
    link_recall: float = 0.0
    link_precision: float = 0.0
    gold_links: int = 0
    links_found: int = 0
    system_links: int = 0
    correct_system_links: int = 0
    fragments_located: int = 0
    fragments_total: int = 0
    boilerplate_left: list[str] = field(default_factory=list)
    repeated_headlines_left: int = 0
    persian_words_restored: int = 0
    persian_words_total: int = 0
    missed_links: list[str] = field(default_factory=list)
    citations_found: int = 0
    citations_total: int = 0
    entities_found: int = 0
    entities_total: int = 0
    missed_entities: list[str] = field(default_factory=list)
    quote_groups_found: int = 0
    quote_groups_total: int = 0
    quote_speakers_right: int = 0
    missed_quotes: list[str] = field(default_factory=list)
    source_links_found: int = 0
    source_links_total: int = 0
    divergences_found: int = 0
    divergences_total: int = 0
    missed_divergences: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "link_recall": round(self.link_recall, 4),
            "link_precision": round(self.link_precision, 4),
            "gold_links": self.gold_links,
            "links_found": self.links_found,
            "system_links": self.system_links,
            "correct_system_links": self.correct_system_links,
            "fragments_located": f"{self.fragments_located}/{self.fragments_total}",
            "boilerplate_lines_left": len(self.boilerplate_left),
            "repeated_headlines_left": self.repeated_headlines_left,
            "persian_words_restored": f"{self.persian_words_restored}/{self.persian_words_total}",
            "citations_found": f"{self.citations_found}/{self.citations_total}",
            "entities_found": f"{self.entities_found}/{self.entities_total}",
            "quote_groups_found": f"{self.quote_groups_found}/{self.quote_groups_total}",
            "quote_speakers_right": f"{self.quote_speakers_right}/{self.quote_groups_total}",
            "source_links_found": f"{self.source_links_found}/{self.source_links_total}",
            "divergences_found": f"{self.divergences_found}/{self.divergences_total}",
        }


def canonical(text: str) -> tuple[str, list[int]]:
    """Text folded for matching (no spaces, ZWNJs or letter variants) and each kept char's index."""
    chars, index = [], []
    for i, ch in enumerate(text):
        if ch.isspace() or ch in SKIPPED:
            continue
        folded = unicodedata.normalize("NFKC", ch).translate(FOLD)
        for piece in folded:
            chars.append(piece)
            index.append(i)
    return "".join(chars), index


def locate(fragment: str, article: dict[str, Any]) -> Located | None:
    spots = locate_all(fragment, article)
    return spots[0] if spots else None


def gold_article_map(gold: dict[str, Any], report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Gold article key (file name or its prefix) → report article, matched by source file name."""
    by_name = {PurePath(a["source"]).name: a for a in report["articles"]}
    mapping = {}
    for name in gold.get("articles", {}):
        if name in by_name:
            mapping[name] = by_name[name]
            mapping[name.split("_")[0]] = by_name[name]
    return mapping


@lru_cache(maxsize=256)
def canonical_text(text: str) -> tuple[str, list[int]]:
    return canonical(text)


def covered(spans: list[tuple[int, int]], target: Located) -> bool:
    """Do the spans together contain COVERAGE of the target's characters?"""
    length = target.end - target.start
    inside = sum(max(0, min(end, target.end) - max(start, target.start)) for start, end in merge(spans))
    return length > 0 and inside / length >= COVERAGE


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 2:  # a space or paragraph break between two mentions
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def score(report: dict[str, Any], gold: dict[str, Any]) -> Score:
    result = Score()
    articles = gold_article_map(gold, report)
    facts = locate_facts(gold, articles, result)
    groups = [g for story in report["stories"] for g in story["fact_groups"]]
    score_links(facts, groups, result)
    score_cleaning(gold, articles, result)
    score_citations(gold, articles, report, result)
    speaker_entity = score_entities(gold, articles, report, result)
    score_quotes(gold, articles, report, speaker_entity, result)
    score_source_links(gold, articles, report, result)
    score_divergences(gold, articles, report, result)
    return result


def without_gloss(reading: str) -> str:
    """Gold readings in Persian carry an English gloss in parentheses: 'عصر دیروز (دوشنبه) (yesterday …)'."""
    if re.search(r"[\u0600-\u06ff]", reading):
        return re.sub(r"\s*\([^()]*[A-Za-z][^()]*\)\s*$", "", reading)
    return reading


def score_divergences(
    gold: dict[str, Any], articles: dict[str, dict[str, Any]], report: dict[str, Any], result: Score
) -> None:
    """A gold divergence is found when one system divergence (of its kind, when given) has readings in at least
    two of the gold readings' articles overlapping them; a gold 'consistent' timing must not be flagged."""
    system = [d for story in report["stories"] for d in story.get("divergences", [])]
    for number, annotated in enumerate(gold.get("divergences", []), 1):
        result.divergences_total += 1
        spots = []
        for key, text in annotated["readings"].items():
            article = articles.get(key)
            spot = locate(without_gloss(text), article) if article else None
            if spot:
                spots.append(spot)
        consistent_expected = "consistent" in annotated.get("note", "")
        found = False
        for divergence in system:
            if annotated.get("kind") and divergence["kind"] != annotated["kind"]:
                continue
            if consistent_expected and divergence.get("consistent") is False:
                continue
            hit = {s.article_id for s in spots if any(overlaps(r, s) for r in divergence["readings"])}
            if len(hit) >= 2:
                found = True
                break
        if found:
            result.divergences_found += 1
        else:
            result.missed_divergences.append(annotated.get("what", f"divergence {number}"))


def overlaps(reading: dict[str, Any], spot: Located) -> bool:
    return reading["article_id"] == spot.article_id and reading["start"] < spot.end and spot.start < reading["end"]


def locate_all(fragment: str, article: dict[str, Any]) -> list[Located]:
    """Every occurrence of a gold fragment (a lede may repeat a quote word for word)."""
    text, index = canonical_text(article["text"])
    needle, _ = canonical(fragment)
    found, position = [], text.find(needle) if needle else -1
    while position >= 0:
        found.append(Located(article["id"], index[position], index[position + len(needle) - 1] + 1))
        position = text.find(needle, position + 1)
    return found


def find_all(alias: str, article: dict[str, Any]) -> list[Located]:
    """Every whole-word occurrence of an alias in an article (spaces, ZWNJs and letter variants folded)."""
    text = article["text"]
    return [
        spot
        for spot in locate_all(alias, article)
        if not (spot.start > 0 and text[spot.start - 1].isalnum())
        and not (spot.end < len(text) and text[spot.end].isalnum())
    ]


def score_entities(
    gold: dict[str, Any], articles: dict[str, dict[str, Any]], report: dict[str, Any], result: Score
) -> dict[str, str]:
    """A gold entity is found when all its alias occurrences fall in one system entity holding no other's.

    Returns gold entity id → the system entity id its occurrences fell in (for the speaker check).
    """
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for story in report["stories"]:
        for entity in story.get("entities", []):
            for m in entity["mentions"]:
                spans.setdefault(m["article_id"], []).append((m["start"], m["end"], entity["id"]))
    unique_articles = {a["id"]: a for a in articles.values()}.values()
    occurrences = [
        (entity["id"], spot)
        for entity in gold.get("entities", [])
        for alias in entity["aliases"]
        for article in unique_articles
        for spot in find_all(alias, article)
    ]
    occurrences = [
        (gold_id, spot)
        for gold_id, spot in occurrences
        if not any(o is not spot and contains(o, spot) for _, o in occurrences)
    ]
    system_of: dict[str, set[str | None]] = {}
    for gold_id, spot in occurrences:
        system_of.setdefault(gold_id, set()).add(best_overlap(spans.get(spot.article_id, []), spot))
    owners: dict[str, set[str]] = {}
    for gold_id, systems in system_of.items():
        for system in systems:
            if system:
                owners.setdefault(system, set()).add(gold_id)
    matched = {}
    for gold_id, systems in system_of.items():
        result.entities_total += 1
        system = next(iter(systems))
        if len(systems) == 1 and system and owners[system] == {gold_id}:
            result.entities_found += 1
            matched[gold_id] = system
        else:
            result.missed_entities.append(gold_id)
    return matched


def contains(outer: Located, inner: Located) -> bool:
    return (
        outer.article_id == inner.article_id
        and outer.start <= inner.start
        and inner.end <= outer.end
        and (outer.end - outer.start) > (inner.end - inner.start)
    )


def best_overlap(spans: list[tuple[int, int, str]], spot: Located) -> str | None:
    """The system item whose span best matches the gold one (intersection over union; nested spans compete)."""
    scored = []
    for start, end, item in spans:
        inter = min(end, spot.end) - max(start, spot.start)
        if inter > 0:
            scored.append((inter / (max(end, spot.end) - min(start, spot.start)), item))
    return max(scored)[1] if scored else None


def score_quotes(
    gold: dict[str, Any],
    articles: dict[str, dict[str, Any]],
    report: dict[str, Any],
    speaker_entity: dict[str, str],
    result: Score,
) -> None:
    """A gold quote group is found when its variants (any occurrence of each) fall in one system group holding no
    other gold group's variants.

    The group's speaker must also be the system entity the gold speaker was matched to.
    """
    variants: dict[str, list[tuple[int, int, str]]] = {}
    speaker_of = {}
    for story in report["stories"]:
        for quote in story.get("quotes", []):
            speaker_of[quote["id"]] = quote["speaker"]
            for v in quote["variants"]:
                variants.setdefault(v["article_id"], []).append((v["start"], v["end"], quote["id"]))
    found_for: dict[str, list[set[str | None]]] = {}
    for group in gold.get("quote_variants", []):
        found_for[group["id"]] = []
        for key, fragment in group["variants"].items():
            article = articles.get(key)
            spots = locate_all(fragment, article) if article else []
            found_for[group["id"]].append({best_overlap(variants.get(s.article_id, []), s) for s in spots} or {None})
    for group in gold.get("quote_variants", []):
        result.quote_groups_total += 1
        common = {q for q in set.intersection(*found_for[group["id"]]) if q}
        others = set().union(*(set().union(*v) for gold_id, v in found_for.items() if gold_id != group["id"]))
        system = min(common - others, default=None)
        if system:
            result.quote_groups_found += 1
            if speaker_of.get(system) and speaker_of[system] == speaker_entity.get(group.get("speaker", "")):
                result.quote_speakers_right += 1
        else:
            result.missed_quotes.append(group["id"])


def score_source_links(
    gold: dict[str, Any], articles: dict[str, dict[str, Any]], report: dict[str, Any], result: Score
) -> None:
    """Gold provenance between two articles of the corpus: is there an edge from the one to the other?"""
    edges = {(e["from"], e["to"]) for story in report["stories"] for e in story.get("provenance", [])}
    for link in gold.get("provenance", []):
        source, target = articles.get(link["from"]), articles.get(link["to"])
        if source and target:
            result.source_links_total += 1
            result.source_links_found += (source["id"], target["id"]) in edges


def score_citations(
    gold: dict[str, Any], articles: dict[str, dict[str, Any]], report: dict[str, Any], result: Score
) -> None:
    """A gold citation is found when a 'cites' edge into its article has evidence covering its fragment."""
    edges = [edge for story in report["stories"] for edge in story.get("provenance", []) if edge["kind"] == "cites"]
    for name, annotation in gold.get("articles", {}).items():
        article = articles.get(name)
        for cite in annotation.get("cites", []):
            result.citations_total += 1
            spot = locate(cite["fragment"], article) if article else None
            if spot and any(
                edge["to"] == spot.article_id and covered([(m["start"], m["end"]) for m in edge["evidence"]], spot)
                for edge in edges
            ):
                result.citations_found += 1


def locate_facts(gold: dict[str, Any], articles: dict[str, dict[str, Any]], result: Score) -> list[list[Located]]:
    facts = []
    for fact in gold.get("facts", []):
        located = []
        for key, fragment in fact["reported_by"].items():
            result.fragments_total += 1
            article = articles.get(key)
            spot = locate(fragment, article) if article else None
            if spot:
                located.append(spot)
                result.fragments_located += 1
        facts.append(located)
    return facts


def score_links(facts: list[list[Located]], groups: list[dict[str, Any]], result: Score) -> None:
    for number, located in enumerate(facts):
        for first, second in combinations(located, 2):
            result.gold_links += 1
            if any(group_covers(group, first) and group_covers(group, second) for group in groups):
                result.links_found += 1
            else:
                result.missed_links.append(f"fact #{number + 1}: {first.article_id} ↔ {second.article_id}")
    fragments = [spot for located in facts for spot in located]
    fact_of = {id(spot): number for number, located in enumerate(facts) for spot in located}
    for group in groups:
        covering = [
            (mention["article_id"], {fact_of[id(s)] for s in fragments if mention_covers(mention, s)})
            for mention in group["mentions"]
        ]
        covering = [(article_id, facts_) for article_id, facts_ in covering if facts_]
        for (article_a, facts_a), (article_b, facts_b) in combinations(covering, 2):
            if article_a == article_b:
                continue
            result.system_links += 1
            result.correct_system_links += bool(facts_a & facts_b)
    result.link_recall = result.links_found / result.gold_links if result.gold_links else 0.0
    result.link_precision = result.correct_system_links / result.system_links if result.system_links else 0.0


def mention_covers(mention: dict[str, Any], target: Located) -> bool:
    return mention["article_id"] == target.article_id and covered([(mention["start"], mention["end"])], target)


def group_covers(group: dict[str, Any], target: Located) -> bool:
    spans = [(m["start"], m["end"]) for m in group["mentions"] if m["article_id"] == target.article_id]
    return bool(spans) and covered(spans, target)


def score_cleaning(gold: dict[str, Any], articles: dict[str, dict[str, Any]], result: Score) -> None:
    for name, annotation in gold.get("articles", {}).items():
        article = articles.get(name)
        if article is None:
            continue
        lines = [line.strip() for line in article["text"].split("\n") if line.strip()]
        for boilerplate in annotation.get("boilerplate", []):
            if boilerplate.strip() in lines:
                result.boilerplate_left.append(f"{name}: {boilerplate}")
        title = annotation.get("title")
        if title:
            key = " ".join(title.split())
            copies = sum(1 for line in lines if " ".join(line.split()) == key)
            copies += 1 if article.get("title") and " ".join(article["title"].split()) == key else 0
            result.repeated_headlines_left += max(0, copies - 1)
        for broken, restored in re.findall(r"'([^']+)' should read '([^']+)'", annotation.get("normalisation", "")):
            result.persian_words_total += 1
            tokens = set(re.findall(r"[\w\u200c]+", article["text"]))
            if restored in article["text"] and broken not in tokens:
                result.persian_words_restored += 1
