"""The pipeline keeps going when one document fails at any stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.documents import stages as document_stages
from rashomon.engines.local import analyze
from tests.conftest import EXAMPLES


def test_a_document_that_is_all_boilerplate_is_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "nav.txt").write_text("Home\nNews\nSport\n0\n", encoding="utf-8")
    report = analyze([tmp_path, EXAMPLES / "003_f574fb3969ac495b.txt"])
    assert [Path(a.source).name for a in report.articles] == ["003_f574fb3969ac495b.txt"]
    assert [(Path(p.source).name, p.message) for p in report.problems] == [
        ("nav.txt", "ValueError: no article text left after removing boilerplate")
    ]


def test_a_crash_inside_a_stage_costs_only_that_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection: the real segmenter, made to fail on one article only."""
    real_segment = document_stages.segment

    def flaky_segment(article_id: str, text: str, language: str):  # type: ignore[no-untyped-def]
        if language == "fa":
            raise RuntimeError("segmenter exploded\nwith a second line")
        return real_segment(article_id, text, language)

    monkeypatch.setattr(document_stages, "segment", flaky_segment)
    report = analyze([EXAMPLES])
    assert len(report.articles) == 4
    [problem] = report.problems
    assert problem.source.endswith("004_d67c0edaed6ce3fa.txt")
    assert problem.message == "RuntimeError: segmenter exploded"
    assert len(report.stories) == 1 and report.stories[0].fact_groups


def test_a_crash_inside_a_story_stage_costs_only_that_part(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection after grouping: the real comparison, made to fail on the multi-article story only."""
    from rashomon.analysis import stages as story_analysis
    from tests.conftest import SYNTHETIC

    real_compare = story_analysis.compare_story

    def flaky_compare(story, articles, embed):  # type: ignore[no-untyped-def]
        if len(story.article_ids) > 1:
            raise ValueError("could not convert string to float: '3.200.00'")
        return real_compare(story, articles, embed)

    monkeypatch.setattr(story_analysis, "compare_story", flaky_compare)
    report = analyze([SYNTHETIC])
    harbour = next(s for s in report.stories if len(s.article_ids) == 3)
    [problem] = report.problems
    assert problem.source == f"story {harbour.id} (compare)"
    assert problem.message.startswith("ValueError: could not convert")
    assert harbour.fact_groups and harbour.entities and harbour.quotes and harbour.summary  # the rest is intact
    assert not [d for d in harbour.divergences if d.kind != "timing"]
    assert len(report.stories) == 2
