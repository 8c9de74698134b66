"""Framing, per fact group: the noun phrases outlets use for the same thing differ: the same head with
other modifiers ("bullying sanctions" / "unilateral sanctions"), an in-place word swap in otherwise shared
wording, or a phrase whose nearest counterpart in the other outlet's sentence (multilingual embeddings,
mutual best) shares no word ("some Western countries" / "some European bullies")."""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

import numpy as np

from rashomon.analysis.compare.conflicts import Embed, divergence, first_mention_per_article
from rashomon.analysis.compare.numbers import unit_key
from rashomon.config import settings
from rashomon.datamodel import Article, Divergence, DivergenceKind, Mention, Reading, Story
from rashomon.text.countries import english_names
from rashomon.text.names import common_prefix_length
from rashomon.text.parsing import parse_english
from rashomon.text.reporting import REPORTING_VERBS
from rashomon.text.stopwords import stop_words

AND_WORDS = re.compile(r"\s+(?:و|and|et|und|y|e|и)\s+((?:[^\s،,.:؛()]+\s*){1,3})")  # '<entity> and <words>'


@dataclass
class Phrase:
    """A modified noun in a mention: 'bullying sanctions' (head 'sanction', modifiers {'bullying'})."""

    article_id: str
    start: int
    end: int
    text: str
    head: str
    modifiers: frozenset[str]
    entities: frozenset[str] = frozenset()  # entity ids inside a coordinated phrase ('the US' in 'the US and …')


def phrases_of(article: Article, mention: Mention, entity_spans: list[tuple[int, int, str]]) -> list[Phrase]:
    """Nouns with adjective or noun modifiers inside a mention ('coercive measures', 'bullying sanctions')."""
    doc = parse_english(article.text)
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return []
    found = []
    for token in span:
        coordinated = coordination(article, token, entity_spans)
        if coordinated:
            found.append(coordinated)
        if token.pos_ != "NOUN":
            continue
        modifiers = [c for c in token.children if c.dep_ in {"amod", "compound"} and c.pos_ in {"ADJ", "NOUN", "VERB"}]
        modifiers = [m for m in modifiers if m.i < token.i and m.is_alpha]
        if not modifiers:
            continue
        start, end = modifiers[0].idx, token.idx + len(token.text)
        words = frozenset(m.lower_ for m in modifiers)
        found.append(Phrase(article.id, start, end, article.text[start:end], unit_key(token.lower_), words))
    return found


def coordination(article: Article, token: Any, entity_spans: list[tuple[int, int, str]]) -> Phrase | None:
    """'the US and some Western countries': a coordinated noun phrase naming an entity and something else."""
    conjuncts = [c for c in token.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}]
    if token.pos_ not in {"NOUN", "PROPN"} or not conjuncts:
        return None
    tokens = token.doc[token.left_edge.i : conjuncts[-1].i + 1]
    if len(tokens) > 12:
        return None
    named = {e for t in tokens for s, e_end, e in entity_spans if s <= t.idx < e_end}
    described = frozenset(
        t.lower_ for t in tokens if content_word(t) and not any(s <= t.idx < e for s, e, _ in entity_spans)
    )
    if not named or not described:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return Phrase(article.id, start, end, article.text[start:end], "coordination", described, frozenset(named))


def content_word(token: Any) -> bool:
    return token.is_alpha and not token.is_stop


def framing_differences(story: Story, articles: dict[str, Article], embed: Embed) -> list[Divergence]:
    """Per fact group, phrases two outlets use for the same thing that share no word."""
    pairs: list[tuple[Phrase, Phrase]] = []
    entity_spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for entity in story.entities:
        for m in entity.mentions:
            entity_spans[m.article_id].append((m.start, m.end, entity.id))
    coordinated: list[tuple[Phrase, np.ndarray]] = []
    for group in story.fact_groups:
        mentions = {a: m for a, m in first_mention_per_article(group).items() if articles[a].language == "en"}
        phrases = {a: phrases_of(articles[a], m, entity_spans[a]) for a, m in mentions.items()}
        texts = sorted({p.text for ps in phrases.values() for p in ps if p.head != "coordination"})
        vectors = dict(zip(texts, embed(texts), strict=True)) if texts else {}
        for first, second in combinations(sorted(phrases), 2):
            if articles[first].outlet_label != articles[second].outlet_label:
                pairs += matched_phrases(phrases[first], phrases[second], vectors)
                pairs += substitutions(mentions[first], mentions[second], entity_spans, articles)
        sentence_vectors = embed([m.text for m in mentions.values()]) if mentions else np.zeros((0, 384))
        for (article_id, _), vector in zip(mentions.items(), sentence_vectors, strict=True):
            coordinated += [(p, vector) for p in phrases[article_id] if p.head == "coordination"]
    pairs += coordinations_across_groups(coordinated, articles)
    components = connected(pairs)
    for members in components:
        members += renderings_in_other_languages(members, story, articles, entity_spans, embed)
    return [
        divergence(
            story,
            DivergenceKind.FRAMING,
            topic_of(members),
            [Reading(p.article_id, p.start, p.end, p.text) for p in members],
        )
        for members in components
    ]


def substitutions(
    first: Mention,
    second: Mention,
    entity_spans: dict[str, list[tuple[int, int, str]]],
    articles: dict[str, Article],
) -> list[tuple[Phrase, Phrase]]:
    """Word swaps inside otherwise shared wording: '… on [sustainable|industrial] salmon farming …'.

    A swap of at most `compare.max_swap` words on each side, with at least two shared words before and after
    it, where each side swaps in a content word that is not part of a name, a number or a reporting
    verb; each reading runs on to the next shared content word, so it names what the swap qualifies.
    """
    a_words, a_keys = word_keys(first.text)
    b_words, b_keys = word_keys(second.text)
    matcher = difflib.SequenceMatcher(a=a_keys, b=b_keys, autojunk=False)
    pairs = []
    for before, after in itertools.pairwise(matcher.get_matching_blocks()):
        a_gap, b_gap = (before.a + before.size, after.a), (before.b + before.size, after.b)
        if before.size < 2 or after.size < 2:
            continue
        most = settings().compare.max_swap
        if not (0 < a_gap[1] - a_gap[0] <= most and 0 < b_gap[1] - b_gap[0] <= most):
            continue
        a_swap, b_swap = a_words[a_gap[0] : a_gap[1]], b_words[b_gap[0] : b_gap[1]]
        if not (
            meaningful_swap(first, a_swap, entity_spans[first.article_id], articles[first.article_id])
            and meaningful_swap(second, b_swap, entity_spans[second.article_id], articles[second.article_id])
        ) or inflections(a_swap, b_swap):
            continue
        tail = next((k + 1 for k in range(after.size) if content(a_words[after.a + k].group(0))), 1)
        tail = min(tail, 2)
        pairs.append((
            swap_phrase(first, a_words, a_gap[0], a_gap[1] + tail),
            swap_phrase(second, b_words, b_gap[0], b_gap[1] + tail),
        ))  # fmt: skip
    return pairs


def inflections(first: list[re.Match[str]], second: list[re.Match[str]]) -> bool:
    """'believed' / 'believe': the swap only changes a word's ending."""
    a = [normal(w.group(0)) for w in first if content(w.group(0))]
    b = [normal(w.group(0)) for w in second if content(w.group(0))]
    return all(any(common_prefix_length(x, y) >= max(4, min(len(x), len(y)) - 2) for y in b) for x in a)


def meaningful_swap(
    mention: Mention, words: list[re.Match[str]], names: list[tuple[int, int, str]], article: Article
) -> bool:
    """The swap puts in a describing word (adjective or noun, per the parse), not a name or a verb."""
    doc = parse_english(article.text)
    describing = False
    for word in words:
        offset = mention.start + word.start()
        if any(start <= offset < end for start, end, _ in names):
            return False
        span = doc.char_span(offset, offset + len(word.group(0)), alignment_mode="expand")
        describing = describing or bool(
            span is not None and content(word.group(0)) and any(t.pos_ in {"ADJ", "NOUN"} for t in span)
        )
    return describing


def content(word: str) -> bool:
    """A word that carries meaning: not a function word, a number or a verb of saying."""
    key = normal(word)
    return bool(key) and key.isalpha() and key not in stop_words("en") and key not in REPORTING_VERBS


@lru_cache(maxsize=4096)
def word_keys(text: str) -> tuple[list[re.Match[str]], list[str]]:
    """The words of a text and their comparison keys (computed once per mention, reused for every pair)."""
    words = list(re.finditer(r"\S+", text))
    return words, [normal(w.group(0)) for w in words]


def normal(word: str) -> str:
    return re.sub(r"\W+", "", word.casefold())


def swap_phrase(mention: Mention, words: list[re.Match[str]], begin: int, end: int) -> Phrase:
    text = mention.text[words[begin].start() : words[end - 1].end()]
    stripped = text.lstrip("\"“«'")
    start = mention.start + words[begin].start() + len(text) - len(stripped)
    text = stripped.rstrip(",.;:\"”»'")
    changed = frozenset(normal(w.group(0)) for w in words[begin:end])
    topic = next((normal(w.group(0)) for w in reversed(words[begin:end]) if content(w.group(0))), normal(text))
    return Phrase(mention.article_id, start, start + len(text), text, topic, changed)


def coordinations_across_groups(
    coordinated: list[tuple[Phrase, np.ndarray]], articles: dict[str, Article]
) -> list[tuple[Phrase, Phrase]]:
    """'the US and some Western countries' / 'America and some European bullies' anywhere in the story: same
    entity, other descriptive words, in sentences that say nearly the same thing

    `coordinated`: each phrase with its sentence's (D,) unit vector.
    (cosine ≥ `embedding.phrase_similarity`)."""
    pairs = []
    for (a, a_vector), (b, b_vector) in combinations(coordinated, 2):
        if articles[a.article_id].outlet_label == articles[b.article_id].outlet_label:
            continue
        if (
            a.entities & b.entities
            and not a.modifiers & b.modifiers
            and float(a_vector @ b_vector) >= settings().embedding.phrase_similarity
        ):
            pairs.append((a, b))
    return pairs


def renderings_in_other_languages(
    members: list[Phrase],
    story: Story,
    articles: dict[str, Article],
    entity_spans: dict[str, list[tuple[int, int, str]]],
    embed: Embed,
) -> list[Phrase]:
    """The same coordination in articles without a parser: '<entity> و <up to three words>' in a sentence
    close to one of the English ones ('آمریکا و برخی کشورهای غربی' beside 'the US and some Western countries')."""
    named = frozenset().union(*(p.entities for p in members))
    if not named:
        return []
    english = [articles[p.article_id].text[sentence_bounds(articles[p.article_id], p.start)] for p in members]
    english_vectors = embed(english)
    found = []
    for article_id in story.article_ids:
        article = articles[article_id]
        if article.language == "en" or any(p.article_id == article_id for p in members):
            continue
        for start, end, entity_id in entity_spans[article_id]:
            if entity_id not in named:
                continue
            following = re.match(
                r"\s+(?:و|and|et|und|y|e|и)\s+((?:[^\s،,.:؛()]+\s*){1,3})", article.text[end : end + 80]
            )
            if not following:
                continue
            sentence = article.text[sentence_bounds(article, start)]
            if float((embed([sentence])[0] @ english_vectors.T).max()) < settings().embedding.cross_lingual_sentence:
                continue
            stop = end + following.end(1)
            text = article.text[start:stop].rstrip()
            found.append(Phrase(article_id, start, start + len(text), text, "coordination", frozenset(), named))
            break
    return found


def sentence_bounds(article: Article, offset: int) -> slice:
    sentence = article.sentence_at(offset)
    return slice(sentence.start, sentence.end) if sentence else slice(offset, offset)


def matched_phrases(
    first: list[Phrase], second: list[Phrase], vectors: dict[str, np.ndarray]
) -> list[tuple[Phrase, Phrase]]:
    """Mutual-best phrase pairs by cosine of their (D,) vectors (`vectors`: phrase text → vector) that share no word."""
    if not first or not second:
        return []
    first = [p for p in first if p.head != "coordination"]
    second = [p for p in second if p.head != "coordination"]
    pairs = [
        (a, b)
        for a in first
        for b in second
        if a.head == b.head and a.modifiers - b.modifiers and b.modifiers - a.modifiers
    ]
    if not first or not second:
        return pairs
    similarity = np.stack([vectors[p.text] for p in first]) @ np.stack([vectors[p.text] for p in second]).T
    for i, a in enumerate(first):
        j = int(similarity[i].argmax())
        b = second[j]
        mutual = int(similarity[:, j].argmax()) == i
        close = similarity[i, j] >= settings().embedding.phrase_similarity
        if mutual and close and a.head != b.head and not words(a) & words(b):
            pairs.append((a, b))
    return [(a, b) for a, b in pairs if not different_places(a, b)]


def different_places(a: Phrase, b: Phrase) -> bool:
    """'Belarusian president' / 'Iranian president' name two people, not two framings of one."""
    places_a = {code for word in a.modifiers if (code := demonym_country(word))}
    places_b = {code for word in b.modifiers if (code := demonym_country(word))}
    return bool(places_a and places_b and places_a != places_b)


def demonym_country(word: str) -> str | None:
    """ISO code of a country adjective: 'belarusian' → BY, 'iranian' → IR, 'chilean' → CL."""
    names, _ = english_names()
    for cut in (0, 1, 2, 3, 4):
        stem = word[: len(word) - cut] if cut else word
        if len(stem) >= 4 and stem in names:
            return names[stem]
    return None


def words(phrase: Phrase) -> set[str]:
    return set(phrase.modifiers) | ({phrase.head} if phrase.head != "coordination" else set())


def connected(pairs: list[tuple[Phrase, Phrase]]) -> list[list[Phrase]]:
    """Pairs that share a phrase form one divergence; one reading per article (the first)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(key: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    phrase_of: dict[tuple[str, int], Phrase] = {}
    for a, b in pairs:
        for p in (a, b):
            phrase_of[(p.article_id, p.start)] = p
        parent[find((a.article_id, a.start))] = find((b.article_id, b.start))
    groups: dict[tuple[str, int], list[Phrase]] = defaultdict(list)
    for key, phrase in sorted(phrase_of.items()):
        groups[find(key)].append(phrase)
    result = []
    for members in groups.values():
        per_article: dict[str, Phrase] = {}
        for p in members:
            per_article.setdefault(p.article_id, p)
        if len(per_article) >= 2:
            result.append(list(per_article.values()))
    return result


def topic_of(phrases: list[Phrase]) -> str:
    heads = Counter(p.head for p in phrases if p.head != "coordination")
    return heads.most_common(1)[0][0] if heads else phrases[0].text
