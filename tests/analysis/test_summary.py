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
    assert len(summary[0]["outlets"]) == 5  # it opens with what everyone reports


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
