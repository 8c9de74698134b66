"""The per-story stages, declared once and run by every engine (local, `watch`, Spark).

Each stage reads a `StoryContext` and returns the value of one `Story` field (`writes`). A stage that
raises leaves that field empty (`empty()`) and becomes one problem line, "story ID (stage)": the
story's other parts and every other story are still analysed. Stage order matters only through
`reads`: entities project names through the fact groups, quotes read the entity index the entities
stage leaves in the context, and the fact groups are drawn again once the quotes say who spoke.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rashomon._typing import Embed, SentenceVectors
from rashomon.analysis.align import align_story
from rashomon.analysis.compare import compare_story
from rashomon.analysis.compare.terms import distinctive_terms
from rashomon.analysis.compare.timeline import timing_divergences
from rashomon.analysis.entities import EntityIndex, extract_entities
from rashomon.analysis.provenance import build_provenance
from rashomon.analysis.quotes import extract_quotes
from rashomon.analysis.summary import summarise
from rashomon.config import Config, use_config
from rashomon.datamodel import Article, Entity, FactGroup, Problem, Story
from rashomon.isolation import attempt

StageTimes = dict[str, float]
"""'seconds_<stage>' → seconds spent in that stage, summed over stories."""


@dataclass
class StoryContext:
    """Everything a per-story stage may read: the story, its articles, their sentence vectors, the config."""

    story: Story
    articles: dict[str, Article]  # article id → article (at least the story's own)
    vectors: SentenceVectors  # sentence id → (D,) float32 unit vector
    embed: Embed  # texts → (n, D) float32, through the run's cache
    config: Config = field(default_factory=Config)
    problems: list[Problem] = field(default_factory=list)
    times: StageTimes = field(default_factory=dict)
    entity_index: EntityIndex = field(default_factory=lambda: EntityIndex([]))

    def entities(self) -> list[Entity]:
        """The story's entities, also kept as the index the quote stage looks speakers up in."""
        self.entity_index = extract_entities(self.story, self.articles, self.embed)
        return self.entity_index.entities


@dataclass(frozen=True)
class StoryStage:
    """One per-story stage: its name (in stats and problem lines), what it reads and which field it writes."""

    name: str
    function: Callable[[StoryContext], Any]
    reads: tuple[str, ...]
    writes: str
    empty: Callable[[], Any]


def attributed_facts(context: StoryContext) -> list[Any]:
    """The fact groups again, now that the quotes say who spoke: what two people said is never one fact.

    Names are projected through the first alignment (the entity stage reads it), so alignment runs
    twice; the second pass only re-links (clause embeddings come from the run's cache). Where no group
    of the first alignment joins two known speakers, it stands.
    """
    speakers = sentence_speakers(context.story)
    if not any(len(group_speakers(group, speakers)) > 1 for group in context.story.fact_groups):
        return context.story.fact_groups  # no group joins two speakers: nothing to redraw
    story, config = context.story, context.config
    return align_story(story, context.articles, context.vectors, config.align, context.embed, speakers)


def group_speakers(group: FactGroup, speakers: dict[tuple[str, int], str]) -> set[str]:
    """The known speakers of a fact group's sentences."""
    return {speaker for m in group.mentions if (speaker := speakers.get((m.article_id, m.sentence_index)))}


def sentence_speakers(story: Story) -> dict[tuple[str, int], str]:
    """(article id, sentence index) → the one speaker its quotes or reported speech name (the quote
    stage's, per rendering); sentences naming none, or several, are left out."""
    named: dict[tuple[str, int], set[str]] = {}
    for quote in story.quotes:
        for variant in quote.variants:
            if variant.speaker:
                named.setdefault((variant.article_id, variant.sentence_index), set()).add(variant.speaker)
    return {sentence: next(iter(found)) for sentence, found in named.items() if len(found) == 1}


def divergences(context: StoryContext) -> list[Any]:
    """Conflicting figures and framing, then the days outlets give for the same fact."""
    story, articles, embed = context.story, context.articles, context.embed
    return compare_story(story, articles, embed) + timing_divergences(story, articles, embed)


STORY_STAGES: tuple[StoryStage, ...] = (
    StoryStage(
        "align",
        lambda c: align_story(c.story, c.articles, c.vectors, c.config.align, c.embed),
        ("sentences", "vectors", "embed"),
        "fact_groups",
        list,
    ),
    StoryStage("entities", StoryContext.entities, ("sentences", "fact_groups", "embed"), "entities", list),
    StoryStage(
        "quotes",
        lambda c: extract_quotes(c.story, c.articles, c.entity_index, c.embed),
        ("entities", "embed"),
        "quotes",
        list,
    ),
    StoryStage(
        "speakers",
        attributed_facts,
        ("fact_groups", "quotes", "vectors", "embed"),
        "fact_groups",
        list,
    ),
    StoryStage(
        "provenance",
        lambda c: build_provenance(c.story, c.articles, c.vectors),
        ("entities", "vectors"),
        "provenance",
        list,
    ),
    StoryStage("compare", divergences, ("fact_groups", "entities", "embed"), "divergences", list),
    StoryStage("terms", lambda c: distinctive_terms(c.story, c.articles), ("text",), "outlet_terms", dict),
    StoryStage(
        "summary",
        lambda c: summarise(c.story, c.articles, c.config.summary.language),
        ("fact_groups", "published"),
        "summary",
        list,
    ),
)


def analyze_story(context: StoryContext, stages: tuple[StoryStage, ...] = STORY_STAGES) -> Story:
    """Run the per-story stages in order under the context's configuration; returns the filled story.

    A stage that fails leaves its field empty and appends one Problem to `context.problems`. `stages`
    may replace or add stages (`Options.story_stages`); every engine runs the list it is given.
    """
    with use_config(context.config):
        for stage in stages:
            setattr(context.story, stage.writes, run_stage(stage, context))
    return context.story


def run_stage(stage: StoryStage, context: StoryContext) -> Any:
    """The stage's value, or its empty value and a problem line when it raises; time added to `times`."""
    started = time.perf_counter()
    outcome = attempt(stage.function, context, lambda c: f"story {c.story.id} ({stage.name})")
    key = f"seconds_{stage.name}"
    context.times[key] = context.times.get(key, 0.0) + time.perf_counter() - started
    if isinstance(outcome, Problem):
        context.problems.append(outcome)
        return stage.empty()
    return outcome
