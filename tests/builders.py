"""Small builders: articles and stories from short strings, through the real per-document stages.

A test of one per-story stage needs a `StoryContext`; building it by hand from a few sentences takes
seconds (the embedding model is real and its vectors are cached in memory), where a whole CLI run
takes a minute.
"""

from __future__ import annotations

from functools import lru_cache

from rashomon.analysis.stages import StoryContext
from rashomon.config import Config
from rashomon.datamodel import Article, RawDocument, Story
from rashomon.documents.clean import clean_batch
from rashomon.documents.stages import DOCUMENT_STAGES, DocumentContext
from rashomon.embed import MemoryCache, embed_texts
from rashomon.ids import text_hash

CACHE = MemoryCache()  # one per test session: a sentence is embedded once


def article(
    text: str,
    outlet: str,
    language: str | None = None,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
) -> Article:
    """An article from plain text (paragraphs separated by blank lines), cleaned, normalised and segmented."""
    raw = RawDocument(
        source=f"{outlet}.txt",
        content_hash=text_hash(f"{outlet}\n{text}"),
        text=text,
        title=title,
        outlet=outlet,
        published=published,
        language=language,
        url=url,
        fmt="jsonl",
        title_in_text=False,
    )
    [item] = clean_batch([raw])
    batch = DocumentContext(frozenset({language} if language else ()))
    for stage in DOCUMENT_STAGES:
        item = stage.function(item, batch)
    return item


def embed(texts: list[str]):  # type: ignore[no-untyped-def]
    """texts → (n, 384) float32 unit rows, through the session's memory cache."""
    return embed_texts(texts, CACHE)[0]


def story_context(*articles: Article, config: Config | None = None) -> StoryContext:
    """A one-story context over the given articles, with their sentence vectors."""
    story = Story(f"s-{'-'.join(a.id for a in articles)}"[:24], [a.id for a in articles])
    sentences = [s for a in articles for s in a.sentences]
    vectors = dict(zip([s.id for s in sentences], embed([s.text for s in sentences]), strict=True))
    return StoryContext(story, {a.id: a for a in articles}, vectors, embed, config or Config())


@lru_cache(maxsize=1)
def harbour_story_texts() -> tuple[str, str, str]:
    """Three invented reports of one event: two English outlets and one Spanish, with a planted conflict."""
    first = (
        "Port workers in Valdoria ended a nine-day strike on Sunday after the harbour authority agreed to hire "
        "120 new crane operators.\n\n"
        'Union leader Marta Quispe said: "This agreement protects every family that lives from the port."\n\n'
        "The strike had stranded 40 container ships outside the harbour, the Valdoria Port Authority said."
    )
    second = (
        "A nine-day strike at the port of Valdoria ended on Sunday when the harbour authority agreed to hire "
        "120 new crane operators, union officials said.\n\n"
        '"This agreement protects every family that lives from the port," union leader Marta Quispe told reporters.'
        "\n\nAbout 45 container ships had been stranded outside the harbour during the strike."
    )
    third = (
        "Los trabajadores portuarios de Valdoria terminaron el domingo una huelga de nueve días después de que la "
        "autoridad del puerto aceptara contratar a 120 nuevos operadores de grúas.\n\n"
        "La huelga había dejado varados a 40 buques portacontenedores frente al puerto."
    )
    return first, second, third
