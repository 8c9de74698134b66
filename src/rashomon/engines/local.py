"""The local engine: ingest → clean → per-document stages → embed → stories → per-story stages.

The stages are declared once (`documents.stages.DOCUMENT_STAGES`, `analysis.stages.STORY_STAGES`) and
this engine, `watch` (engines/stream.py) and the Spark engine iterate the same lists. Each
per-document stage runs inside `per_document`, so one document that fails becomes a Problem line and
the rest of the batch carries on; a per-story stage that fails costs only that part of that story.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from rashomon._typing import ArticleVectors, SentenceVectors
from rashomon.analysis.stages import STORY_STAGES, StageTimes, StoryContext, StoryStage, analyze_story
from rashomon.config import Config, settings, use_config
from rashomon.datamodel import Article, Problem, RawDocument, Story, StoryReport
from rashomon.documents.clean import clean_batch
from rashomon.documents.ingest import ingest
from rashomon.documents.stages import DOCUMENT_STAGES, DocumentContext, DocumentStage, source_of
from rashomon.embed import EmbeddingCache, MemoryCache, embed_texts
from rashomon.isolation import attempt
from rashomon.progress import Reporter
from rashomon.stories.clusterer import group_stories
from rashomon.stories.same_event import StoryModel
from rashomon.stories.signatures import article_signatures
from rashomon.text.parsing import warm_up
from rashomon.threads import analysis_threads

STAGE_LABELS = {"normalise": "Normalising", "segment": "Languages & sentences"}


@dataclass(frozen=True)
class Options:
    """How to run: the configuration (every threshold) and the same-event model for stories."""

    config: Config = field(default_factory=Config)
    story_model: StoryModel | None = None  # None: the shipped model (stories/same_event.json)
    story_stages: tuple[StoryStage, ...] = STORY_STAGES  # replace or add per-story stages here


def analyze(
    paths: Iterable[str | os.PathLike[str]],
    cache: EmbeddingCache | None = None,
    reporter: Reporter | None = None,
    options: Options | None = None,
) -> StoryReport:
    """Run the whole pipeline over files and folders under `options.config`; returns the analysis.

    Unreadable or unusable inputs become `report.problems` lines; nothing in one input stops the rest.
    """
    reporter = reporter or Reporter()
    options = options or Options()
    cache = cache or MemoryCache()
    started = time.perf_counter()
    with use_config(options.config), analysis_threads():
        reporter.start("Reading", 1)
        documents, problems = ingest(paths)
        reporter.advance()
        for problem in problems:
            reporter.problem(problem)
        articles = prepare_articles(documents, problems, reporter)
        report = analyze_articles(articles, cache, reporter, options)
    report.problems = problems + report.problems
    return finish_report(report, options.config, started)


def finish_report(report: StoryReport, config: Config, started: float) -> StoryReport:
    """Stats every engine adds last: wall seconds, problems, and the configuration used."""
    report.stats["seconds"] = round(time.perf_counter() - started, 3)
    report.stats["documents_skipped"] = float(len(report.problems))
    report.config = config.record()
    return report


def prepare_articles(documents: list[RawDocument], problems: list[Problem], reporter: Reporter) -> list[Article]:
    """Clean the batch, then run every per-document stage (DOCUMENT_STAGES) over each document."""
    reporter.start("Cleaning", len(documents))
    items: list[Any] = clean_batch(documents)
    reporter.advance(len(documents))
    batch = DocumentContext()
    for stage in DOCUMENT_STAGES:
        reporter.start(STAGE_LABELS.get(stage.name, stage.name), len(items))
        items = per_document(items, partial(run_document_stage, stage, batch), problems, reporter)
        batch = DocumentContext.of(items)
    return items


def run_document_stage(stage: DocumentStage, batch: DocumentContext, item: Any) -> Any:
    return stage.function(item, batch)


def per_document(
    items: list[Any], stage: Callable[[Any], Any], problems: list[Problem], reporter: Reporter
) -> list[Any]:
    """Apply a stage to each document; a failure skips that document with a one-line problem."""
    results = []
    for item in items:
        outcome = attempt(stage, item, source_of, settings().ingest.max_document_seconds)
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
    stage_times, story_problems = analyze_stories(stories, by_id, sentence_vectors, cache, reporter, options)
    stats = report_stats(articles, stories, stage_times)
    stats["embedding_cache_hits"] = float(cache_hits)
    return StoryReport(articles, stories, story_problems, stats, story_events)


def embed_sentences(
    articles: list[Article], cache: EmbeddingCache, reporter: Reporter
) -> tuple[ArticleVectors, int]:
    """Each article's (n_sentences, D) float32 sentence vectors, through the cache, and the cache hits."""
    sentences = [s for article in articles for s in article.sentences]
    reporter.start("Embedding", len(sentences))
    matrix, cache_hits = embed_texts([s.text for s in sentences], cache, reporter.advance)
    vectors, offset = {}, 0
    for article in articles:
        vectors[article.id] = matrix[offset : offset + len(article.sentences)]
        offset += len(article.sentences)
    return vectors, cache_hits


def analyze_stories(
    stories: list[Story],
    by_id: dict[str, Article],
    sentence_vectors: ArticleVectors,
    cache: EmbeddingCache,
    reporter: Reporter,
    options: Options,
) -> tuple[StageTimes, list[Problem]]:
    """Run the per-story stages on each story (vectors from `embed_sentences`); returns stage times and problems.

    `sentence_vectors`: article id → (n_sentences, D) float32.
    """
    vectors = sentence_vectors_of(stories, by_id, sentence_vectors)
    reporter.start("Comparing (facts, people, quotes, sources)", len(stories))
    stage_times: StageTimes = {}
    story_problems: list[Problem] = []
    embed = lambda texts: embed_texts(texts, cache)[0]  # noqa: E731
    for story in stories:
        context = StoryContext(story, by_id, vectors, embed, options.config, story_problems, stage_times)
        analyze_story(context, options.story_stages)
        reporter.advance()
    for problem in story_problems:
        reporter.problem(problem)
    return stage_times, story_problems


def sentence_vectors_of(
    stories: list[Story], by_id: dict[str, Article], sentence_vectors: ArticleVectors
) -> SentenceVectors:
    """Sentence id → its (D,) vector, for every sentence of the stories' articles."""
    return {
        s.id: sentence_vectors[article_id][row]
        for story in stories
        for article_id in story.article_ids
        for row, s in enumerate(by_id[article_id].sentences)
    }


def report_stats(articles: list[Article], stories: list[Story], stage_times: StageTimes) -> dict[str, float]:
    """The counts every engine reports, and the per-stage seconds summed over stories."""
    return {
        "articles": float(len(articles)),
        "entities": float(sum(len(story.entities) for story in stories)),
        "quote_groups": float(sum(len(story.quotes) for story in stories)),
        "sentences": float(sum(len(article.sentences) for article in articles)),
        "stories": float(len(stories)),
        "fact_groups": float(sum(len(story.fact_groups) for story in stories)),
        **{name: round(seconds, 3) for name, seconds in stage_times.items()},
    }
