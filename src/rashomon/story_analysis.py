"""Everything computed inside one story, shared by the local and the Spark engine."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import numpy as np

from rashomon.align import AlignParams, align_story
from rashomon.compare import compare_story, distinctive_terms
from rashomon.entities import Embed, extract_entities
from rashomon.model import Article, Story
from rashomon.provenance import build_provenance
from rashomon.quotes import extract_quotes
from rashomon.summary import summarise
from rashomon.timeline import timing_divergences

StageTimes = dict[str, float]


def analyse_story(
    story: Story,
    articles: dict[str, Article],
    vectors: dict[str, np.ndarray],
    embed: Embed,
    params: AlignParams,
    times: StageTimes | None = None,
    summary_language: str = "en",
) -> Story:
    """Align facts, find entities and quotes, trace provenance, compare outlets and summarise."""
    timed = timer(times if times is not None else {})
    with timed("align"):
        story.fact_groups = align_story(story, articles, vectors, params)
    with timed("entities"):
        index = extract_entities(story, articles, embed)
        story.entities = index.entities
    with timed("quotes"):
        story.quotes = extract_quotes(story, articles, index, embed)
    with timed("provenance"):
        story.provenance = build_provenance(story, articles, vectors)
    with timed("compare"):
        story.divergences = compare_story(story, articles, embed) + timing_divergences(story, articles)
        story.outlet_terms = distinctive_terms(story, articles)
    with timed("summary"):
        story.summary = summarise(story, articles, summary_language)
    return story


def timer(times: StageTimes) -> Callable[[str], AbstractContextManager[None]]:
    """A context manager per stage name that adds the time spent inside it to `times`."""

    @contextmanager
    def timed(stage: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        times[f"seconds_{stage}"] = times.get(f"seconds_{stage}", 0.0) + time.perf_counter() - start

    return timed
