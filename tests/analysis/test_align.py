"""Fact alignment: the issue's gold targets, and the same behaviour on an unrelated corpus."""

from __future__ import annotations

from typing import Any

from rashomon.analysis.align import align_story
from rashomon.evaluate import score
from tests.builders import article, embed, story_context


def test_gold_link_recall_and_precision(example_report: dict[str, Any], gold: dict[str, Any]) -> None:
    result = score(example_report, gold)
    assert result.fragments_located == result.fragments_total
    # Precision first (issue 26): the fact-pair model links only sentences that state one claim, fitted on real
    # multilingual stories; here 0.545 recall and 0.986 precision when written (topical linkage: 0.87 and 0.94,
    # but 0.23 precision on the real stories of benchmarks/claims).
    assert result.link_recall >= 0.5, result.missed_links
    assert result.link_precision >= 0.97


def test_statuses_follow_outlet_counts(example_report: dict[str, Any]) -> None:
    story = example_report["stories"][0]
    outlet_of = {a["id"]: a["outlet"] for a in example_report["articles"]}
    for group in story["fact_groups"]:
        outlets = {outlet_of[m["article_id"]] for m in group["mentions"]}
        assert sorted(outlets) == group["outlets"]
        expected = "single" if len(outlets) == 1 else "all" if len(outlets) == len(story["outlets"]) else "several"
        assert group["status"] == expected


def test_single_source_facts_include_what_only_one_outlet_reports(
    example_report: dict[str, Any], gold: dict[str, Any]
) -> None:
    """Gold facts F20-F23 appear only in 001; at least three of the four must come out as single-source."""
    story = example_report["stories"][0]
    single_texts = " ".join(m["text"] for g in story["fact_groups"] if g["status"] == "single" for m in g["mentions"])
    only_one = [fact for fact in gold["facts"] if len(fact["reported_by"]) == 1]
    found = [fact["id"] for fact in only_one if next(iter(fact["reported_by"].values())) in single_texts]
    assert len(only_one) == 4 and len(found) >= 3, found


def test_cross_lingual_consensus_on_a_second_corpus(synthetic_report: dict[str, Any]) -> None:
    """Three outlets (two English, one Persian) report the same signing; the quake story is separate."""
    language_of = {a["id"]: a["language"] for a in synthetic_report["articles"]}
    harbour = next(s for s in synthetic_report["stories"] if len(s["article_ids"]) == 3)
    consensus = [g for g in harbour["fact_groups"] if g["status"] == "all"]
    assert len(consensus) >= 2
    joined = [" | ".join(m["text"] for m in g["mentions"]) for g in consensus]
    assert any("research programme" in text and "پژوهشی" in text for text in joined), joined
    assert all({language_of[m["article_id"]] for m in g["mentions"]} == {"en", "fa"} for g in consensus)
    singles = " ".join(m["text"] for g in harbour["fact_groups"] if g["status"] == "single" for m in g["mentions"])
    assert "Norwegian markets" in singles  # only one outlet reports the market access


def test_a_sentence_packing_two_facts_joins_both_groups() -> None:
    """A Spanish sentence says in two clauses what two English outlets say in two sentences each."""
    english = (
        "The severe sanctions made the country aware of its own hidden strengths and abilities.\n\n"
        "During the years of sanctions the country advanced quickly in science, medicine and space research."
    )
    other = (
        "Harsh sanctions made the nation notice its own hidden strengths and abilities, officials said.\n\n"
        "In the sanction years the nation made rapid progress in science, medicine and space research."
    )
    spanish = (
        "Las duras sanciones hicieron que el país descubriera sus propias fuerzas y capacidades ocultas, "
        "y durante los años de sanciones el país avanzó rápidamente en ciencia, medicina e investigación espacial."
    )
    context = story_context(article(english, "north"), article(other, "south"), article(spanish, "sur", "es"))
    groups = align_story(context.story, context.articles, context.vectors, embed=embed)
    [long_sentence] = context.articles[context.story.article_ids[2]].sentences
    holding = [
        g
        for g in groups
        if any(m.start == long_sentence.start and m.article_id == long_sentence.article_id for m in g.mentions)
    ]
    assert len(holding) == 2 and all(len(g.outlets) == 3 for g in holding), [
        [m.text for m in g.mentions] for g in groups
    ]


def test_what_two_different_people_said_is_never_one_fact() -> None:
    """Two outlets give one minister's pledge, a third gives the other minister's near-paraphrase: with the
    quote stage's speakers the paraphrase stays out of the pledge's group; without them it joins."""
    first = "Minister Okafor said the agreements must be carried out on time and not stay on paper."
    second = "Minister Okafor stressed that the agreements have to be carried out on time, not left on paper."
    third = "Minister Brandt pledged that the agreements will be carried out on time and not stay on paper."
    context = story_context(article(first, "north"), article(second, "south"), article(third, "east"))
    sentences = [context.articles[a].sentences[0] for a in context.story.article_ids]

    def holding_all_three(speakers: dict[tuple[str, int], str] | None) -> bool:
        groups = align_story(context.story, context.articles, context.vectors, speakers=speakers)
        return any(len({m.article_id for m in g.mentions}) == 3 for g in groups)

    assert holding_all_three(None)
    keys = [(s.article_id, s.index) for s in sentences]
    speakers = {keys[0]: "okafor", keys[1]: "okafor", keys[2]: "brandt"}
    assert not holding_all_three(speakers)
    assert holding_all_three({**speakers, keys[2]: "okafor"})
