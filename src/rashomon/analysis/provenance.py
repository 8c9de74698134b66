"""Who got it from whom: explicit citations, text reuse and cross-lingual near-translation.

Edges point from the source to the article that used it. A cited source that is
not in the corpus keeps its cited name as the edge's `source`.
"""

from __future__ import annotations

import re
from itertools import combinations

import numpy as np

from rashomon.config import settings
from rashomon.datamodel import Article, EdgeKind, Entity, EntityType, Mention, ProvenanceEdge, Sentence, Story
from rashomon.documents.persian import canonical
from rashomon.text.names import name_words
from rashomon.text.scripts import WORD

NAME_WORD = r"(?:[A-Z][\w&'’-]*(?:\.[a-z]{2,})?)"
LINK_WORD = r"(?:of|for|and|the|de|al|on)"
NAME = rf"(?:the\s+)?{NAME_WORD}(?:\s+(?:{LINK_WORD}\s+)*{NAME_WORD}){{0,5}}"
ENGLISH_CITATIONS = [
    re.compile(rf"(?P<name>{NAME})\s+(?:reported|reports|quoted|wrote|said in a report)\b"),
    re.compile(rf"\baccording to (?P<name>{NAME})"),
    re.compile(rf"\b(?:reported|quoted|published) by (?P<name>{NAME})"),
    re.compile(rf"\bciting (?P<name>{NAME})"),
]
PERSIAN_NAME = r"(?P<name>[^،,.:؛\n«»]{2,80}?)"
PERSIAN_CITATIONS = [
    re.compile(rf"به\s*گزارش\s+{PERSIAN_NAME}\s*[،,:]"),
    re.compile(rf"به\s*نقل\s+از\s+{PERSIAN_NAME}\s*[،,:]"),
]


def find_citations(article: Article) -> list[tuple[str, Mention]]:
    """(cited name, evidence span) for each explicit attribution in an article."""
    patterns = PERSIAN_CITATIONS if article.language in {"fa", "ar"} else ENGLISH_CITATIONS
    found = []
    for sentence in article.sentences:
        for pattern in patterns:
            for match in pattern.finditer(sentence.text):
                name = clean_name(match.group("name"))
                if not name:
                    continue
                start, end = sentence.start + match.start(), sentence.start + match.end()
                name_span = (sentence.start + match.start("name"), sentence.start + match.end("name"))
                if article.language == "en" and is_nationality(article, *name_span):
                    continue
                found.append((name, Mention(article.id, start, end, article.text[start:end], sentence.index)))
    return found


def clean_name(name: str) -> str:
    """The cited name without 'the' and punctuation; '' when it is no source: too short, or a possessive
    ('according to Iran’s foreign ministry' cites the ministry, whose name is not capitalised here)."""
    name = re.sub(r"^(?:the|The)\s+", "", name.strip(" ,.;:\u200c"))
    words = name.split()
    if not words or (len(words) == 1 and len(name) < 3) or re.search(r"['’]s?$", name):
        return ""
    return name


def is_nationality(article: Article, start: int, end: int) -> bool:
    """Is the cited span a nationality in spaCy's parse ('according to the Bolivian government': NORP)?"""
    from rashomon.text.parsing import parse_english

    span = parse_english(article.text).char_span(start, end, alignment_mode="expand")
    return span is not None and any(ent.label_ == "NORP" for ent in span.ents)


def name_key(name: str) -> str:
    """Comparable form of an outlet name: case, 'the', spaces, punctuation and a web suffix removed."""
    key = re.sub(r"\.(?:com|org|net|ir|ru|co\.uk|info|news)\b", "", name.casefold())
    key = re.sub(r"^the\s+", "", key)
    return re.sub(r"\W+", "", key)


def resolve(name: str, articles: list[Article], entities: list[Entity]) -> str:
    """The id of the article whose outlet the cited name denotes, else the name itself."""
    key = name_key(name)
    for article in articles:
        outlet = name_key(article.outlet) if article.outlet else ""
        if outlet and len(key) >= 4 and (outlet == key or outlet.startswith(key) or key.startswith(outlet)):
            return article.id
    return office_of_same_person(name, articles, entities) or name


def office_of_same_person(name: str, articles: list[Article], entities: list[Entity]) -> str | None:
    """'Khamenei.ir' and an outlet called 'The Office of the Supreme Leader' both stand for one person.

    The cited name holds a word that the story uses for a person (a surname or a title the story
    resolved to them); an outlet whose name holds another of that person's aliases is their office.
    """
    cited_words = {w.casefold() for w in WORD.findall(name)}
    for entity in (e for e in entities if e.type == EntityType.PERSON):
        aliases = [a for a in entity.aliases if re.fullmatch(r"[\w' .-]+", a)]
        if not cited_words & {w.casefold() for a in aliases for w in name_words(a)}:
            continue
        for article in articles:
            if article.outlet and any(
                re.search(rf"\b{re.escape(a)}\b", article.outlet, re.IGNORECASE) for a in aliases
            ):
                return article.id
    return None


def citation_edges(story_articles: list[Article], entities: list[Entity]) -> list[ProvenanceEdge]:
    edges = []
    for article in story_articles:
        for name, evidence in find_citations(article):
            source = resolve(name, [a for a in story_articles if a.id != article.id], entities)
            edges.append(ProvenanceEdge(source, article.id, EdgeKind.CITES, [evidence], label=name))
    return edges


def shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", canonical(text).casefold())  # \w+ also splits at any ZWNJ left
    size = settings().provenance.shingle_words
    return {" ".join(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}


def reuse_edges(story_articles: list[Article]) -> list[ProvenanceEdge]:
    """Same-language articles sharing wording (MinHash estimate of shingle Jaccard), earliest first."""
    from datasketch import MinHash

    signatures = {}
    for article in story_articles:
        signature = MinHash(num_perm=128, seed=1)
        for shingle in shingles(article.text):
            signature.update(shingle.encode("utf-8"))
        signatures[article.id] = signature
    edges = []
    for first, second in combinations(story_articles, 2):
        if first.language != second.language:
            continue
        if signatures[first.id].jaccard(signatures[second.id]) < settings().provenance.reuse_jaccard:
            continue
        source, target = chronological(first, second)
        edges.append(ProvenanceEdge(source.id, target.id, EdgeKind.REUSES, shared_sentences(source, target)))
    return edges


def shared_sentences(source: Article, target: Article) -> list[Mention]:
    """Evidence: the target's sentences that share a 5-word run with the source."""
    source_shingles = shingles(source.text)
    return [mention_of(s) for s in target.sentences if shingles(s.text) & source_shingles][:5]


def translation_edges(story_articles: list[Article], vectors: dict[str, np.ndarray]) -> list[ProvenanceEdge]:
    """Cross-language pairs where most of the shorter article has a near-translation in the other.

    `vectors`: sentence id → (D,) unit vector.
    """
    edges = []
    for first, second in combinations(story_articles, 2):
        if first.language == second.language or not first.sentences or not second.sentences:
            continue
        a = np.stack([vectors[s.id] for s in first.sentences])
        b = np.stack([vectors[s.id] for s in second.sentences])
        similarity = a @ b.T
        best_in_second, best_in_first = similarity.argmax(axis=1), similarity.argmax(axis=0)
        mutual = [
            (i, j)
            for i, j in enumerate(best_in_second)
            if best_in_first[j] == i and similarity[i, j] >= settings().embedding.translation
        ]
        if len(mutual) < settings().provenance.translation_share * min(len(first.sentences), len(second.sentences)):
            continue
        source, target = chronological(first, second)
        target_index = [j for _, j in mutual] if target is second else [i for i, _ in mutual]
        evidence = [mention_of(target.sentences[k]) for k in sorted(target_index)[:5]]
        edges.append(ProvenanceEdge(source.id, target.id, EdgeKind.TRANSLATES, evidence))
    return edges


def chronological(first: Article, second: Article) -> tuple[Article, Article]:
    """(earlier, later) by publication time when both are known, else in input order."""
    if first.published and second.published and second.published < first.published:
        return second, first
    return first, second


def mention_of(sentence: Sentence) -> Mention:
    return Mention(sentence.article_id, sentence.start, sentence.end, sentence.text, sentence.index)


def build_provenance(
    story: Story, articles: dict[str, Article], vectors: dict[str, np.ndarray]
) -> list[ProvenanceEdge]:
    """Every provenance edge among a story's articles (and to the sources they cite).

    `vectors`: sentence id → (D,) unit vector.
    """
    members = [articles[a] for a in story.article_ids]
    return citation_edges(members, story.entities) + reuse_edges(members) + translation_edges(members, vectors)
