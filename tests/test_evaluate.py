"""The gold scorer itself: it must be able to fail."""

from __future__ import annotations

import copy
from typing import Any

from rashomon.evaluate import canonical, score


def test_empty_analysis_scores_zero(example_report: dict[str, Any], gold: dict[str, Any]) -> None:
    empty = copy.deepcopy(example_report)
    for story in empty["stories"]:
        story["fact_groups"] = []
    result = score(empty, gold)
    assert result.link_recall == 0.0 and result.system_links == 0


def test_one_group_of_everything_has_full_recall_but_poor_precision(
    example_report: dict[str, Any], gold: dict[str, Any]
) -> None:
    lumped = copy.deepcopy(example_report)
    story = lumped["stories"][0]
    story["fact_groups"] = [
        {"id": "all", "status": "all", "mentions": [m for g in story["fact_groups"] for m in g["mentions"]]}
    ]
    result = score(lumped, gold)
    assert result.link_recall >= 0.95
    assert result.link_precision < 0.3


def test_boilerplate_left_in_the_text_is_counted(example_report: dict[str, Any], gold: dict[str, Any]) -> None:
    dirty = copy.deepcopy(example_report)
    tasnim = next(a for a in dirty["articles"] if a["source"].endswith("000_e943d2264299953e.txt"))
    tasnim["text"] += "\n\nTop Stories\n\n" + tasnim["title"]
    result = score(dirty, gold)
    assert result.boilerplate_left == ["000_e943d2264299953e.txt: Top Stories"]
    assert result.repeated_headlines_left == 1


def test_canonical_matching_ignores_zwnj_spacing_and_digit_script() -> None:
    text, index = canonical("در ۱۲ سال‌ گذشته")
    assert text == "در12سالگذشته"
    assert len(index) == len(text)


def test_scoring_leaves_the_report_untouched(example_report: dict[str, Any], gold: dict[str, Any]) -> None:
    before = copy.deepcopy(example_report)
    score(example_report, gold)
    assert example_report == before


def test_entity_and_quote_scores_can_fail(example_report: dict[str, Any], gold: dict[str, Any]) -> None:
    """No entities or quotes finds none; one entity holding every mention finds none either (no other's aliases)."""
    stripped = copy.deepcopy(example_report)
    for story in stripped["stories"]:
        story["entities"], story["quotes"], story["provenance"] = [], [], []
    result = score(stripped, gold)
    assert (result.entities_found, result.quote_groups_found, result.source_links_found) == (0, 0, 0)
    lumped = copy.deepcopy(example_report)
    story = lumped["stories"][0]
    story["entities"] = [{"id": "x", "mentions": [m for e in story["entities"] for m in e["mentions"]]}]
    story["quotes"] = [{"id": "q", "speaker": "x", "variants": [v for q in story["quotes"] for v in q["variants"]]}]
    result = score(lumped, gold)
    assert result.entities_found == 0
    assert result.quote_groups_found == 0
