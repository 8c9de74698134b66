"""Merge keys: a person's surname, an ISO country, or a shared set of name words; aliases carried to every
other occurrence in the story."""

from __future__ import annotations

import re
from collections import defaultdict

from rashomon.analysis.entities.index import Candidate, overlaps_any
from rashomon.analysis.entities.titles import is_subject
from rashomon.datamodel import Article
from rashomon.text.countries import country_by_stem, country_code
from rashomon.text.names import content_tokens, name_words, surname


def merge_keys(candidates: list[Candidate]) -> dict[str, str]:
    """Give each candidate a merge key and return alias text → key for later stages."""
    surnames = {surname(c.text) for c in candidates if c.label == "PERSON" and len(name_words(c.text)) >= 2}
    countries = {code for c in candidates if (code := country_code(c.text))}
    for candidate in candidates:
        candidate.key = initial_key(candidate, surnames, countries)
    merge_name_sets(candidates)
    return {c.text: c.key for c in candidates}


def initial_key(candidate: Candidate, surnames: set[str], countries: set[str]) -> str:
    code = country_code(candidate.text) or country_by_stem(candidate.text, countries)
    if code and candidate.label in {"GPE", "LOC", "ORG", "NORP"}:
        return f"country:{code}"
    last = surname(candidate.text)
    if candidate.label == "PERSON" or (last in surnames and len(name_words(candidate.text)) <= 2):
        return f"person:{last}"
    return f"name:{' '.join(sorted(content_tokens(candidate.text)))}"


def merge_name_sets(candidates: list[Candidate]) -> None:
    """Organisation and place names merge when one's words are a subset of the other's (two or more)."""
    names = sorted({c.key for c in candidates if c.key.startswith("name:")}, key=len, reverse=True)
    target: dict[str, str] = {}
    for name in names:
        tokens = set(name[5:].split())
        for longer in names:
            if longer == name or len(longer) < len(name):
                continue
            if len(tokens) >= 2 and tokens <= set(target.get(longer, longer)[5:].split()):
                target[name] = target.get(longer, longer)
                break
    for candidate in candidates:
        candidate.key = target.get(candidate.key, candidate.key)


def extend_into_known_names(candidates: list[Candidate], articles: dict[str, Article]) -> None:
    """'North-South' + ' corridor' is the 'North-South Transport Corridor' the tagger found elsewhere."""
    names = {c.key: set(c.key[5:].split()) for c in candidates if c.key.startswith("name:") and " " in c.key}
    for candidate in candidates:
        if candidate.key.startswith("person:") or candidate.key in names:
            continue
        text = articles[candidate.article_id].text
        following = re.match(r"(\s+[a-z][\w-]*){1,2}", text[candidate.end :])
        if not following:
            continue
        for words in range(len(following.group(0).split()), 0, -1):
            extra = " ".join(following.group(0).split()[:words])
            tokens = content_tokens(f"{candidate.text} {extra}")
            owners = [key for key, name_tokens in names.items() if len(tokens) >= 2 and tokens <= name_tokens]
            if len(owners) == 1:
                end = candidate.end + following.group(0).index(extra) + len(extra)
                candidate.end, candidate.text, candidate.key = end, text[candidate.start : end], owners[0]
                break


def propagate_aliases(candidates: list[Candidate], members: list[Article]) -> list[Candidate]:
    """Every other occurrence of a known English alias is a mention too (the tagger misses some)."""
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for c in candidates:
        covered[c.article_id].append((c.start, c.end))
    aliases = {c.text: (c.key, c.label) for c in candidates if len(c.text) >= 3 or c.text.isupper()}
    if not aliases:
        return candidates
    forms = {form: alias for alias in aliases for form in (alias, alias.upper())}  # datelines: 'TEHRAN –'
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)"
    )
    added = []
    for article in (a for a in members if a.language == "en"):
        spans = sorted(covered[article.id])
        for match in pattern.finditer(article.text):
            if overlaps_any(spans, match.start(), match.end()):
                continue
            key, label = aliases[forms[match.group(0)]]
            subject = is_subject(article, match.start(), match.end())
            added.append(Candidate(article.id, match.start(), match.end(), match.group(0), label, key, subject=subject))
    return candidates + added
