"""Everything computed inside one story, shared by the local and the Spark engine."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TypeVar

import numpy as np

from rashomon.analysis.align import AlignParams, align_story
from rashomon.analysis.compare import compare_story
from rashomon.analysis.compare.terms import distinctive_terms
from rashomon.analysis.compare.timeline import timing_divergences
from rashomon.analysis.entities import Embed, EntityIndex, extract_entities
from rashomon.analysis.provenance import build_provenance
from rashomon.analysis.quotes import extract_quotes
from rashomon.analysis.summary import summarise
from rashomon.datamodel import Article, Problem, Story
from rashomon.isolation import attempt

StageTimes = dict[str, float]
T = TypeVar("T")


def analyse_story(
    story: Story,
    articles: dict[str, Article],
    vectors: dict[str, np.ndarray],
    embed: Embed,
    params: AlignParams,
    times: StageTimes | None = None,
    summary_language: str = "en",
    problems: list[Problem] | None = None,
) -> Story:
    """Align facts, find entities and quotes, trace provenance, compare outlets and summarise.

    A stage that fails on this story leaves its part empty and becomes one line in `problems`;
    the story's other parts and every other story are still analysed.
    """
    timed = timer(times if times is not None else {})
    failures = problems if problems is not None else []

    def run(stage: str, work: Callable[[Story], T], fallback: T) -> T:
        with timed(stage):
            outcome = attempt(work, story, lambda s: f"story {s.id} ({stage})")
        if isinstance(outcome, Problem):
            failures.append(outcome)
            return fallback
        return outcome

    story.fact_groups = run("align", lambda s: align_story(s, articles, vectors, params), [])
    index = run("entities", lambda s: extract_entities(s, articles, embed), EntityIndex([]))
    story.entities = index.entities
    story.quotes = run("quotes", lambda s: extract_quotes(s, articles, index, embed), [])
    story.provenance = run("provenance", lambda s: build_provenance(s, articles, vectors), [])
    story.divergences = run(
        "compare", lambda s: compare_story(s, articles, embed) + timing_divergences(s, articles, embed), []
    )
    story.outlet_terms = run("compare", lambda s: distinctive_terms(s, articles), {})
    story.summary = run("summary", lambda s: summarise(s, articles, summary_language), [])
    return story


def timer(times: StageTimes) -> Callable[[str], AbstractContextManager[None]]:
    """A context manager per stage name that adds the time spent inside it to `times`."""

    @contextmanager
    def timed(stage: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        times[f"seconds_{stage}"] = times.get(f"seconds_{stage}", 0.0) + time.perf_counter() - start

    return timed
