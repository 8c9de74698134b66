"""Compose the stages: ingest → clean → normalise → language → segment → embed → stories → align.

Each per-document stage runs inside `per_document`, so one document that fails
becomes a Problem line and the rest of the batch carries on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from rashomon.analysis.align import AlignParams
from rashomon.analysis.stages import analyse_story
from rashomon.datamodel import Article, CleanDocument, Problem, RawDocument, Story, StoryReport
from rashomon.documents.clean import clean_batch
from rashomon.documents.ingest import ingest
from rashomon.documents.language import detect_article_language, detect_sentence_languages
from rashomon.documents.normalise import normalise
from rashomon.documents.segment import segment
from rashomon.embed import EmbeddingCache, MemoryCache, embed_texts
from rashomon.isolation import In, Out, attempt
from rashomon.progress import Reporter
from rashomon.stories.clusterer import group_stories
from rashomon.stories.same_event import StoryModel
from rashomon.stories.signatures import article_signatures
from rashomon.text.parsing import warm_up


@dataclass
class Options:
    story_model: StoryModel | None = None  # None: the shipped model (story_model.json)
    align: AlignParams = field(default_factory=AlignParams)
    summary_language: str = "en"  # ISO 639-1; the story's main language when it has no article in it


def analyze(
    paths: Iterable[str | os.PathLike[str]],
    cache: EmbeddingCache | None = None,
    reporter: Reporter | None = None,
    options: Options | None = None,
) -> StoryReport:
    """Run the whole pipeline over files and folders."""
    reporter = reporter or Reporter()
    options = options or Options()
    cache = cache or MemoryCache()
    started = time.perf_counter()
    reporter.start("Reading", 1)
    documents, problems = ingest(paths)
    reporter.advance()
    for problem in problems:
        reporter.problem(problem)
    articles = prepare_articles(documents, problems, reporter)
    report = analyze_articles(articles, cache, reporter, options)
    report.problems = problems + report.problems
    report.stats["seconds"] = round(time.perf_counter() - started, 3)
    report.stats["documents_skipped"] = len(report.problems)
    return report


def prepare_articles(documents: list[RawDocument], problems: list[Problem], reporter: Reporter) -> list[Article]:
    """Clean, normalise, detect language and segment every document."""
    reporter.start("Cleaning", len(documents))
    cleaned = clean_batch(documents)
    reporter.advance(len(documents))
    reporter.start("Normalising", len(cleaned))
    articles = per_document(cleaned, normalise_checked, problems, reporter, lambda d: d.raw.source)
    languages = {article.language for article in articles}
    reporter.start("Languages & sentences", len(articles))
    articles = per_document(articles, lambda a: split_sentences(a, languages), problems, reporter, lambda a: a.source)
    return articles


def normalise_checked(document: CleanDocument) -> Article:
    article = normalise(document)
    if not article.text.strip():
        raise ValueError("no article text left after removing boilerplate")
    if article.language == "und":
        article.language = detect_article_language(article.text)
    return article


def split_sentences(article: Article, batch_languages: set[str]) -> Article:
    article.sentences = segment(article.id, article.text, article.language)
    languages = detect_sentence_languages(
        [s.text for s in article.sentences], article.language, batch_languages | {article.language}
    )
    for sentence, language in zip(article.sentences, languages, strict=True):
        sentence.language = language
    if not article.sentences:
        raise ValueError("no sentences found")
    return article


def per_document(
    items: list[In],
    stage: Callable[[In], Out],
    problems: list[Problem],
    reporter: Reporter,
    source_of: Callable[[In], str],
) -> list[Out]:
    """Apply a stage to each document; a failure skips that document with a one-line problem."""
    results = []
    for item in items:
        outcome = attempt(stage, item, source_of)
        if isinstance(outcome, Problem):
            problems.append(outcome)
            reporter.problem(outcome)
        else:
            results.append(outcome)
        reporter.advance()
    return results


def analyze_articles(
    articles: list[Article], cache: EmbeddingCache, reporter: Reporter, options: Options
) -> StoryReport:
    """Group into stories, then analyse each: the cross-document half of the pipeline."""
    warm_up(articles)
    sentence_vectors, cache_hits = embed_sentences(articles, cache, reporter)
    reporter.start("Stories", len(articles))
    signatures = article_signatures(articles, cache)
    languages = {article.id: article.language for article in articles}
    stories, story_events = group_stories(signatures, languages, sentence_vectors, options.story_model)
    reporter.advance(len(articles))
    by_id = {article.id: article for article in articles}
    stage_times, story_problems = analyse_stories(stories, by_id, sentence_vectors, cache, reporter, options)
    stats = report_stats(articles, stories, stage_times)
    stats["embedding_cache_hits"] = float(cache_hits)
    return StoryReport(articles, stories, story_problems, stats, story_events)


def embed_sentences(
    articles: list[Article], cache: EmbeddingCache, reporter: Reporter
) -> tuple[dict[str, np.ndarray], int]:
    """Each article's sentence vectors (rows), through the cache, and how many came from the cache."""
    sentences = [s for article in articles for s in article.sentences]
    reporter.start("Embedding", len(sentences))
    matrix, cache_hits = embed_texts([s.text for s in sentences], cache, reporter.advance)
    vectors, offset = {}, 0
    for article in articles:
        vectors[article.id] = matrix[offset : offset + len(article.sentences)]
        offset += len(article.sentences)
    return vectors, cache_hits


def analyse_stories(
    stories: list[Story],
    by_id: dict[str, Article],
    sentence_vectors: dict[str, np.ndarray],
    cache: EmbeddingCache,
    reporter: Reporter,
    options: Options,
) -> tuple[dict[str, float], list[Problem]]:
    """Analyse each story from its articles' sentence vectors (`embed_sentences`); returns stage times and problems."""
    vectors = {
        s.id: sentence_vectors[article_id][row]
        for story in stories
        for article_id in story.article_ids
        for row, s in enumerate(by_id[article_id].sentences)
    }
    reporter.start("Comparing (facts, people, quotes, sources)", len(stories))
    stage_times: dict[str, float] = {}
    story_problems: list[Problem] = []
    embed = lambda texts: embed_texts(texts, cache)[0]  # noqa: E731
    for story in stories:
        analyse_story(
            story, by_id, vectors, embed, options.align, stage_times, options.summary_language, story_problems
        )
        reporter.advance()
    for problem in story_problems:
        reporter.problem(problem)
    return stage_times, story_problems


def report_stats(articles: list[Article], stories: list[Story], stage_times: dict[str, float]) -> dict[str, float]:
    return {
        "articles": float(len(articles)),
        "entities": float(sum(len(story.entities) for story in stories)),
        "quote_groups": float(sum(len(story.quotes) for story in stories)),
        "sentences": float(sum(len(article.sentences) for article in articles)),
        "stories": float(len(stories)),
        "fact_groups": float(sum(len(story.fact_groups) for story in stories)),
        **{name: round(seconds, 3) for name, seconds in stage_times.items()},
    }
