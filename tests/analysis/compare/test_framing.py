"""Where outlets part ways: conflicts, framing and distinctive terms."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rashomon.analysis.compare.framing import demonym_country
from rashomon.analysis.compare.terms import log_odds
from rashomon.evaluate import score


def divergences(report: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [d for s in report["stories"] for d in s["divergences"] if d["kind"] == kind]


def test_gold_divergences_are_found(example_report: dict[str, Any], gold: dict[str, Any]) -> None:
    """European vs Western bullies, the labels of the sanctions, and a meeting day all outlets agree on."""
    result = score(example_report, gold)
    assert (result.divergences_found, result.divergences_total) == (3, 3), result.missed_divergences


def test_planted_conflict_and_framing_in_the_second_corpus(
    synthetic_report: dict[str, Any], synthetic_gold: dict[str, Any]
) -> None:
    result = score(synthetic_report, synthetic_gold)
    assert (result.divergences_found, result.divergences_total) == (3, 3), result.missed_divergences
    [conflict] = divergences(synthetic_report, "conflict")
    assert conflict["note"] == "40 vs 45" and {r["text"] for r in conflict["readings"]} == {
        "40 monitoring buoys",
        "45 monitoring buoys",
    }


def test_no_conflict_where_outlets_agree(example_report: dict[str, Any]) -> None:
    """'twelve years' and '12 سال', 'seven memorandums' once: nothing to flag in the example."""
    assert divergences(example_report, "conflict") == []


def test_the_persian_original_sits_beside_the_english_renderings(example_report: dict[str, Any]) -> None:
    languages = {a["id"]: a["language"] for a in example_report["articles"]}
    texts = {a["id"]: a["text"] for a in example_report["articles"]}
    western = next(d for d in divergences(example_report, "framing") if "European bullies" in str(d["readings"]))
    assert {languages[r["article_id"]] for r in western["readings"]} == {"en", "fa"}
    for reading in western["readings"]:
        assert texts[reading["article_id"]][reading["start"] : reading["end"]] == reading["text"]


def test_log_odds_favours_the_outlet_that_uses_a_word() -> None:
    own, rest = Counter({"bullies": 6, "sanctions": 10}), Counter({"sanctions": 12, "countries": 8})
    scores = log_odds(own, rest, own + rest)
    assert scores["bullies"] > 1.0 > scores["sanctions"] > -1.0


def test_demonyms_name_countries() -> None:
    assert demonym_country("belarusian") == "BY"
    assert demonym_country("iranian") == "IR"
    assert demonym_country("western") is None
