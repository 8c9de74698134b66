"""The per-document stages, declared once and run by every engine (local, `watch`, Spark).

Reading (`ingest`) and boilerplate removal (`clean`, which needs lines counted across the batch) come
first; then each `DocumentStage` maps one document to its next form. A stage that raises costs only
that document: one problem line naming its source. Between stages an engine refreshes the
`DocumentContext` (the batch's languages, which sentence language detection is restricted to).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rashomon.config import settings
from rashomon.datamodel import Article, CleanDocument
from rashomon.documents.dating import date_article
from rashomon.documents.language import detect_article_language, detect_sentence_languages
from rashomon.documents.normalise import normalise
from rashomon.documents.segment import segment
from rashomon.text.scripts import spaced_length


@dataclass(frozen=True)
class DocumentContext:
    """What a per-document stage may know of the whole batch."""

    languages: frozenset[str] = frozenset()  # ISO 639-1 codes of the batch's articles so far

    @classmethod
    def of(cls, items: Iterable[Any]) -> DocumentContext:
        return cls(frozenset(item.language for item in items if isinstance(item, Article)))


@dataclass(frozen=True)
class DocumentStage:
    """One per-document stage: name, function (item, batch context) → next item, what it reads and writes."""

    name: str
    function: Callable[[Any, DocumentContext], Any]
    reads: str
    writes: str


def normalise_checked(document: CleanDocument, _: DocumentContext) -> Article:
    """Normalised article; raises ValueError when cleaning left no text. Detects the language if unknown."""
    article = normalise(document)
    if document.access_wall and spaced_length(article.text) < settings().clean.wall_page_characters:
        raise ValueError("only an access wall (subscription or login prompt), no article text")
    if not article.text.strip():
        raise ValueError("no article text left after removing boilerplate")
    if article.language == "und":
        article.language = detect_article_language(article.text)
    if article.language == "und" and document.raw.language_hint:
        article.language = document.raw.language_hint  # a feed's <language>: only when the text cannot tell
    return article


def date_checked(article: Article, _: DocumentContext) -> Article:
    """The article with its publication date from metadata, its URL or its head (documents/dating.py)."""
    return date_article(article)


def split_sentences(article: Article, batch: DocumentContext) -> Article:
    """Sentences with their languages (restricted to the batch's); raises ValueError when there are none."""
    article.sentences = segment(article.id, article.text, article.language)
    languages = detect_sentence_languages(
        [s.text for s in article.sentences], article.language, set(batch.languages) | {article.language}
    )
    for sentence, language in zip(article.sentences, languages, strict=True):
        sentence.language = language
    if not article.sentences:
        raise ValueError("no sentences found")
    return article


def source_of(item: CleanDocument | Article) -> str:
    """The input a document came from, for its problem line."""
    return item.source if isinstance(item, Article) else item.raw.source


DOCUMENT_STAGES: tuple[DocumentStage, ...] = (
    DocumentStage("normalise", normalise_checked, "CleanDocument", "Article: text, offset map, language"),
    DocumentStage("date", date_checked, "Article: published, url, raw text", "Article.published, published_from"),
    DocumentStage("segment", split_sentences, "Article.text, batch languages", "Article.sentences, their languages"),
)
