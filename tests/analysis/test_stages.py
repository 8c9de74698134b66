"""Each per-story stage called directly on a story built from short strings (seconds, not CLI runs)."""

from __future__ import annotations

import pytest

from rashomon.analysis.align import align_story
from rashomon.analysis.compare import compare_story
from rashomon.analysis.entities import extract_entities
from rashomon.analysis.provenance import build_provenance
from rashomon.analysis.quotes import extract_quotes
from rashomon.analysis.stages import STORY_STAGES, StoryStage, analyze_story
from rashomon.config import Config
from rashomon.datamodel import FactStatus, Story
from tests.builders import article, harbour_story_texts, story_context


@pytest.fixture(scope="module")
def harbour():  # type: ignore[no-untyped-def]
    first, second, third = harbour_story_texts()
    return (
        article(first, "Coast Daily", "en", "Valdoria port strike ends"),
        article(second, "Harbour Herald", "en", "Strike over at Valdoria port"),
        article(third, "Diario del Puerto", "es", "Termina la huelga en Valdoria"),
    )


def test_align_groups_the_same_fact_across_outlets_and_languages(harbour) -> None:  # type: ignore[no-untyped-def]
    context = story_context(*harbour)
    groups = align_story(context.story, context.articles, context.vectors)
    spanning = [g for g in groups if g.status is FactStatus.ALL]
    assert spanning, [g.mentions[0].text for g in groups]
    assert any("120" in m.text for g in spanning for m in g.mentions)
    for group in groups:
        for mention in group.mentions:
            assert context.articles[mention.article_id].text[mention.start : mention.end] == mention.text


def test_entities_merge_the_union_leader_across_outlets(harbour) -> None:  # type: ignore[no-untyped-def]
    context = story_context(*harbour)
    index = extract_entities(context.story, context.articles, context.embed)
    quispe = [e for e in index.entities if "Quispe" in e.name]
    assert len(quispe) == 1
    assert {m.article_id for m in quispe[0].mentions} >= {harbour[0].id, harbour[1].id}


def test_quotes_group_one_utterance_with_its_speaker(harbour) -> None:  # type: ignore[no-untyped-def]
    context = story_context(*harbour[:2])
    index = extract_entities(context.story, context.articles, context.embed)
    quotes = extract_quotes(context.story, context.articles, index, context.embed)
    grouped = [q for q in quotes if len(q.variants) == 2]
    assert len(grouped) == 1
    speaker = next(e for e in index.entities if e.id == grouped[0].speaker)
    assert "Quispe" in speaker.name


def test_compare_finds_the_planted_conflict(harbour) -> None:  # type: ignore[no-untyped-def]
    context = story_context(*harbour[:2])
    context.story.fact_groups = align_story(context.story, context.articles, context.vectors)
    conflicts = [d for d in compare_story(context.story, context.articles, context.embed) if d.kind == "conflict"]
    assert any({"40", "45"} <= {r.text.split()[0] for r in d.readings} for d in conflicts), conflicts


def test_provenance_traces_shared_wording_to_its_sentences(harbour) -> None:  # type: ignore[no-untyped-def]
    """The two English reports share most of a sentence (5-word shingles); the Spanish one shares none."""
    context = story_context(*harbour)
    edges = build_provenance(context.story, context.articles, context.vectors)
    reuse = [e for e in edges if e.kind == "reuses"]
    assert {(e.source, e.target) for e in reuse} <= {(harbour[0].id, harbour[1].id), (harbour[1].id, harbour[0].id)}
    assert reuse
    for mention in reuse[0].evidence:
        assert context.articles[mention.article_id].text[mention.start : mention.end] == mention.text


def test_analyze_story_fills_every_field_and_times_every_stage(harbour) -> None:  # type: ignore[no-untyped-def]
    context = story_context(*harbour)
    story = analyze_story(context)
    assert story.fact_groups and story.entities and story.quotes and story.summary
    assert not context.problems
    assert set(context.times) == {f"seconds_{stage.name}" for stage in STORY_STAGES}


def test_a_failing_stage_becomes_one_problem_and_an_empty_field(harbour) -> None:  # type: ignore[no-untyped-def]
    def explode(_: object) -> list[object]:
        raise RuntimeError("boom\nsecond line")

    stages = tuple(
        StoryStage(s.name, explode, s.reads, s.writes, s.empty) if s.name == "quotes" else s for s in STORY_STAGES
    )
    context = story_context(*harbour)
    story = analyze_story(context, stages)
    [problem] = context.problems
    assert problem.source == f"story {story.id} (quotes)" and problem.message == "RuntimeError: boom"
    assert story.quotes == [] and story.fact_groups and story.entities


def test_the_story_context_config_reaches_the_stages(harbour) -> None:  # type: ignore[no-untyped-def]
    """One cosine cut-off changed in one place changes what the quote stage groups."""
    strict = Config().replace(embedding={"quote_group": 0.9999})
    loose = analyze_story(story_context(*harbour[:2]))
    tight = analyze_story(story_context(*harbour[:2], config=strict))
    assert max(len(q.variants) for q in loose.quotes) == 2
    assert max(len(q.variants) for q in tight.quotes) == 1


def test_stage_declarations_are_unique_and_write_story_fields() -> None:
    names = [stage.name for stage in STORY_STAGES]
    assert len(names) == len(set(names))
    fields = set(Story.__dataclass_fields__)
    assert {stage.writes for stage in STORY_STAGES} <= fields
