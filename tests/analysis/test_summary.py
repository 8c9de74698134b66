"""The consolidated summary: extractive, cited, in the chosen language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rashomon.analysis.summary import summarise
from rashomon.store import open_store


def test_every_sentence_is_cited_and_is_an_article_span(example_report: dict[str, Any]) -> None:
    texts = {a["id"]: a["text"] for a in example_report["articles"]}
    summary = example_report["stories"][0]["summary"]
    assert 5 <= len(summary) <= 10
    for sentence in summary:
        assert sentence["outlets"]
        assert texts[sentence["article_id"]][sentence["start"] : sentence["end"]] == sentence["text"]
    groups = example_report["stories"][0]["fact_groups"]
    widest = max(len(g["outlets"]) for g in groups)
    assert widest >= 4 and max(len(s["outlets"]) for s in summary) == widest  # the most widely reported fact is in
    for sentence in summary:  # each line cites exactly the outlets of a fact group that holds it
        holding = [
            g
            for g in groups
            if any(m["start"] == sentence["start"] and m["article_id"] == sentence["article_id"] for m in g["mentions"])
        ]
        assert any(g["outlets"] == sentence["outlets"] for g in holding)


def test_single_source_claims_are_marked(synthetic_report: dict[str, Any]) -> None:
    harbour = next(s for s in synthetic_report["stories"] if len(s["article_ids"]) == 3)
    singles = [s for s in harbour["summary"] if s["single_source"]]
    assert singles and all(len(s["outlets"]) == 1 for s in singles)
    assert any("Norwegian markets" in s["text"] for s in singles)


def test_summary_in_another_language_of_the_story(example_out: Path) -> None:
    with open_store(example_out / "rashomon.db") as store:
        report = store.load_report()
    articles = {a.id: a for a in report.articles}
    persian = summarise(report.stories[0], articles, "fa")
    assert persian and all(articles[s.article_id].language == "fa" for s in persian)
    fallback = summarise(report.stories[0], articles, "de")  # no German article: the story's main language
    assert fallback and all(articles[s.article_id].language == "en" for s in fallback)


def test_datelines_bylines_and_embedded_posts_are_not_summary_sentences() -> None:
    from rashomon.analysis.summary import is_page_furniture

    assert is_page_furniture("EFE/EPA/VATICAN MEDIA HANDOUT EDITORIAL USE ONLY/NO SALES ( )", "en")  # a credit in a paragraph

    for line, language in [
        ("Wednesday, 22 February 2023, 12:52", "en"),
        ("— NexoLatino (@nexolatino) March 13, 2023", "en"),
        ("Среда, 22 февраля 2023, 12:52", "ru"),
        ("Publicado el 13/03/2023 a las 10:15", "es"),
    ]:
        assert is_page_furniture(line, language), line
    for sentence in (
        "The ferry ran aground on 4 September 2023 near the harbour, the coast guard said on Monday.",
        "Putin and Erdogan met in Sochi on Monday.",
    ):
        assert not is_page_furniture(sentence, "en"), sentence


def test_a_fact_with_a_contested_figure_is_not_stated_as_agreed() -> None:
    """Two outlets give the toll differently: the summary leaves that fact out rather than cite one side as
    agreed (the conflict card shows both); the agreed fact stays."""
    from rashomon.datamodel import Divergence, DivergenceKind, FactGroup, FactStatus, Mention, Reading, Story
    from tests.builders import article

    first = article(
        "The bridge over the Kestrel river closed on Monday after engineers found cracks.\n\n"
        "At least 12 workers were evacuated from the site by the fire brigade.",
        "north",
    )
    second = article(
        "Engineers closed the Kestrel river bridge on Monday because of cracks.\n\n"
        "At least 15 workers were evacuated from the site by the fire brigade.",
        "south",
    )
    articles = {a.id: a for a in (first, second)}

    def group(index: int, status: FactStatus) -> FactGroup:
        mentions = [
            Mention(a.id, a.sentences[index].start, a.sentences[index].end, a.sentences[index].text, index)
            for a in (first, second)
        ]
        return FactGroup(f"g{index}", status, mentions, ["north", "south"], 1.0)

    story = Story("s", [first.id, second.id], fact_groups=[group(0, FactStatus.ALL), group(1, FactStatus.ALL)])
    assert len(summarise(story, articles, "en")) == 2
    readings = [
        Reading(a.id, a.sentences[1].start + 9, a.sentences[1].start + 11, a.sentences[1].text[9:11])
        for a in (first, second)
    ]
    story.divergences = [Divergence("d", DivergenceKind.CONFLICT, "workers", readings, "12 vs 15")]
    lines = summarise(story, articles, "en")
    assert [line.text for line in lines] == [first.sentences[0].text] or [line.text for line in lines] == [
        second.sentences[0].text
    ]
