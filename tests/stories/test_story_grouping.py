"""Story grouping: same event together, different events apart."""

from __future__ import annotations

from typing import Any


def test_the_five_examples_are_one_story(example_report: dict[str, Any]) -> None:
    assert len(example_report["stories"]) == 1
    assert len(example_report["stories"][0]["article_ids"]) == 5


def test_an_unrelated_event_is_its_own_story(synthetic_report: dict[str, Any]) -> None:
    sources = {a["id"]: a["source"].rsplit("/", 1)[-1] for a in synthetic_report["articles"]}
    groups = sorted(sorted(sources[i] for i in story["article_ids"]) for story in synthetic_report["stories"])
    assert groups == [["harbour-en-1.txt", "harbour-en-2.txt", "harbour-fa.txt"], ["quake-en.txt"]]
