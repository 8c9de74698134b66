"""Every language compared: the multilingual fixture (two invented events in ten languages, Latin, Cyrillic,
Arabic and Han scripts) against its hand annotation, tests/fixtures/multilingual.gold.json."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import MULTILINGUAL


def report_ids(report: dict[str, Any]) -> dict[str, str]:
    """Article id in the report → the fixture's own report id (a-en, b-zh, ...), by input line."""
    lines = [json.loads(line)["id"] for line in MULTILINGUAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {a["id"]: lines[int(a["source"].rsplit("#", 1)[1]) - 1] for a in report["articles"]}


def story_of(report: dict[str, Any], names: dict[str, str], fixture_id: str) -> dict[str, Any]:
    return next(s for s in report["stories"] if any(names[a] == fixture_id for a in s["article_ids"]))


def test_each_event_is_one_story_in_every_language(multilingual_report, multilingual_gold) -> None:
    names = report_ids(multilingual_report)
    stories = [sorted(names[a] for a in s["article_ids"]) for s in multilingual_report["stories"]]
    for members in multilingual_gold["events"].values():
        assert sorted(members) in stories


def test_planted_conflict_found_and_no_conflict_from_number_formats(multilingual_report, multilingual_gold) -> None:
    names = report_ids(multilingual_report)
    story = story_of(multilingual_report, names, "a-en")
    conflicts = [d for d in story["divergences"] if d["kind"] == "conflict"]
    planted = multilingual_gold["divergences"][0]["readings"]
    odd = {k for k, v in planted.items() if v == "45"}
    in_conflict = {names[r["article_id"]] for d in conflicts for r in d["readings"]}
    assert odd <= in_conflict  # each outlet that says 45 is shown against one that says 40
    for divergence in conflicts:  # every conflict is 40 vs 45; none is a figure written two ways
        assert divergence["note"] in {"40 vs 45", "45 vs 40"}, divergence


def test_days_read_and_resolved_in_every_language(multilingual_report, multilingual_gold) -> None:
    names = report_ids(multilingual_report)
    expected = {k: v for d in multilingual_gold["divergences"] if d["kind"] == "timing" for k, v in d["dates"].items()}
    found: dict[str, str] = {}
    for story in multilingual_report["stories"]:
        for divergence in story["divergences"]:
            if divergence["kind"] != "timing":
                continue
            for outlet_note in divergence["note"].split("; "):
                for reading in divergence["readings"]:
                    outlet = next(a["outlet"] for a in multilingual_report["articles"] if a["id"] == reading["article_id"])
                    if outlet_note.startswith(outlet + ":"):
                        found[names[reading["article_id"]]] = outlet_note.split(": ", 1)[1][:10]
            assert divergence["consistent"] is True
    right = sum(found.get(k) == v for k, v in expected.items())
    assert right >= 0.95 * len(expected), (found, expected)


def test_quotes_grouped_across_languages_with_their_speaker(multilingual_report, multilingual_gold) -> None:
    names = report_ids(multilingual_report)
    people = {e["id"]: e["aliases"] for e in multilingual_gold["entities"]}
    total = right = 0
    for gold_quote in multilingual_gold["quote_variants"]:
        story = story_of(multilingual_report, names, next(iter(gold_quote["variants"])))
        groups = [q for q in story["quotes"] if q["speaker_name"]]
        best = max(groups, key=lambda q: sum(names[v["article_id"]] in gold_quote["variants"] for v in q["variants"]))
        speaker_right = any(alias in (best["speaker_name"] or "") for alias in people[gold_quote["speaker"]])
        grouped = {names[v["article_id"]] for v in best["variants"]} & set(gold_quote["variants"])
        total += len(gold_quote["variants"])
        right += len(grouped) if speaker_right else 0
    assert right >= 0.9 * total


def test_entities_merged_across_scripts(multilingual_report, multilingual_gold) -> None:
    names = report_ids(multilingual_report)
    total = merged = 0
    for gold_entity in multilingual_gold["entities"]:
        story = story_of(multilingual_report, names, next(iter(gold_entity["mentions"])))
        spelled = {k: v for k, v in gold_entity["mentions"].items() if not k.endswith("-zh")}  # Han: no name reader
        best = max(story["entities"], key=lambda e: sum(any(w in alias for alias in e["aliases"]) for w in spelled.values()))
        articles = {names[m["article_id"]] for m in best["mentions"]}
        total += len(spelled)
        merged += len(articles & set(spelled))
    assert merged >= 0.9 * total


def test_what_was_not_looked_for_is_said(multilingual_report) -> None:
    names = report_ids(multilingual_report)
    story = story_of(multilingual_report, names, "a-zh")
    notes = [line["note"] for line in story["not_compared"]]
    assert any(note.startswith("wording not compared in") and "ru" in note for note in notes)
    assert all("en" not in line["languages"] for line in story["not_compared"])
