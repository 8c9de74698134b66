"""The claims scorer on a hand-made report and annotation: each rate counts what it says it counts."""

from __future__ import annotations

from typing import Any

from rashomon.evaluate_claims import b_cubed, names_match, score_claims

TEXTS = {
    "a1": "Photo: Agency\nThe leaders met in Kestrel on Monday. They signed 12 accords.",
    "a2": "Die Präsidenten trafen sich am Montag in Kestrel. Sie unterzeichneten 14 Abkommen.",
    "a3": "El ministro visitó el puerto. Los líderes se reunieron en Kestrel el lunes.",
    "b1": "A storm hit the coast of another country last year.",
}


def span(article: str, fragment: str) -> dict[str, Any]:
    start = TEXTS[article].index(fragment)
    return {"article_id": article, "start": start, "end": start + len(fragment), "text": fragment}


def report(
    groups: list[dict[str, Any]], summary: list[dict[str, Any]], divergences: list[dict[str, Any]]
) -> dict[str, Any]:
    articles = [{"id": a, "text": t, "outlet": f"outlet-{a}"} for a, t in TEXTS.items()]
    story = {
        "id": "s1",
        "article_ids": ["a1", "a2", "a3", "b1"],
        "fact_groups": groups,
        "summary": summary,
        "divergences": divergences,
        "quotes": [],
        "entities": [
            {"id": "x1", "mentions": [span("a1", "Kestrel"), span("a2", "Kestrel")]},
            {"id": "x2", "mentions": [span("a3", "Kestrel")]},
            {"id": "x3", "mentions": [span("a1", "Photo")]},
        ],
    }
    return {"articles": articles, "stories": [story]}


ANNOTATION = {
    "stories": [
        {
            "event": "meeting",
            "articles": ["p1", "p2", "p3"],
            "facts": [
                {
                    "id": "f1",
                    "reported_by": {
                        "p1": "The leaders met in Kestrel",
                        "p2": "Die Präsidenten trafen sich",
                        "p3": "Los líderes se reunieron en Kestrel",
                    },
                },
                {"id": "f2", "reported_by": {"p1": "on Monday", "p2": "am Montag", "p3": "el lunes"}},
                {"id": "f3", "reported_by": {"p3": "El ministro visitó el puerto"}, "single": True},
            ],
            "conflicts": [
                {
                    "what": "accords",
                    "readings": {"p1": "12 accords", "p2": "14 Abkommen"},
                    "values": {"p1": "12", "p2": "14"},
                }
            ],
            "entities": [{"id": "e1", "type": "PLACE", "aliases": ["Kestrel"]}],
            "not_names": ["Photo"],
            "furniture": {"p1": ["Photo: Agency"]},
        }
    ]
}
IDS = {"a1": "p1", "a2": "p2", "a3": "p3", "b1": "q9"}


def sentence(article: str, text: str) -> dict[str, Any]:
    return span(article, text)


def test_a_group_of_one_fact_is_all_right_and_a_foreign_sentence_is_wrong() -> None:
    right = {
        "id": "g1",
        "status": "several",
        "mentions": [
            sentence("a1", "The leaders met in Kestrel on Monday."),
            sentence("a2", "Die Präsidenten trafen sich am Montag in Kestrel."),
            sentence("a3", "Los líderes se reunieron en Kestrel el lunes."),
        ],
    }
    result = score_claims(report([right], [], []), ANNOTATION, IDS).as_dict()
    assert result["fact_link_precision"] == 1.0 and result["fact_link_recall"] == 1.0
    polluted = {**right, "mentions": [*right["mentions"], sentence("b1", TEXTS["b1"])]}
    result = score_claims(report([polluted], [], []), ANNOTATION, IDS).as_dict()
    assert result["system_links"] == 6 and result["fact_link_precision"] == 0.5


def test_a_topical_group_is_impure_and_cited_outlets_must_state_the_line() -> None:
    topical = {
        "id": "g2",
        "status": "all",
        "mentions": [
            sentence("a1", "They signed 12 accords."),
            sentence("a2", "Sie unterzeichneten 14 Abkommen."),
            sentence("a3", "El ministro visitó el puerto."),
        ],
    }
    line = {
        **sentence("a3", "Los líderes se reunieron en Kestrel el lunes."),
        "outlets": ["outlet-a1", "outlet-a3", "outlet-b1"],
    }
    caption = {**sentence("a1", "Photo: Agency"), "outlets": ["outlet-a1"]}
    result = score_claims(report([topical], [line, caption], []), ANNOTATION, IDS).as_dict()
    assert result["fact_link_precision"] == 0.0
    assert result["impure_consensus_groups"] == 1
    assert result["summary_citations"] == 4 and result["summary_citation_precision"] == 0.5
    assert result["furniture_in_summary"] == 1


def test_conflict_cards_entities_and_junk() -> None:
    true_card = {
        "kind": "conflict",
        "topic": "accords",
        "readings": [sentence("a1", "12 accords"), sentence("a2", "14 Abkommen")],
    }
    false_card = {
        "kind": "timing",
        "consistent": False,
        "topic": "day",
        "readings": [sentence("a1", "on Monday"), sentence("a3", "el lunes")],
    }
    result = score_claims(report([], [], [true_card, false_card]), ANNOTATION, IDS).as_dict()
    assert (result["conflict_cards"], result["conflict_precision"], result["conflict_recall"]) == (2, 0.5, 1.0)
    assert result["entities_per_real_entity"] == 2.0 and result["entities_found_as_one"] == 0.0
    assert result["junk_entities"] == 1


def test_b_cubed_and_speaker_names() -> None:
    assert b_cubed({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "x"})[0] == 1.0
    precision, recall, _ = b_cubed({"a": "1", "b": "1"}, {"a": "x", "b": "y"})
    assert (precision, recall) == (0.5, 1.0)
    assert names_match("Recep Tayyip Erdoğan", {"erdoğan"}) and not names_match("Moscow", {"putin"})


def test_the_annotated_stories_are_verbatim_and_the_halves_disjoint() -> None:
    """benchmarks/claims: every fragment is in its page (needs ../shared; skipped without it)."""
    import importlib.util
    import sys

    import pytest

    from tests.conftest import ROOT, SHARED_CORPORA

    corpus = SHARED_CORPORA / "multilingual-events" / "articles.jsonl"
    if not corpus.exists():
        pytest.skip(f"{corpus} not found: the claims benchmark's pages live in ../shared")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from claims.split import SPLIT, load_half

        spec = importlib.util.spec_from_file_location("check", ROOT / "benchmarks" / "claims" / "check_annotation.py")
        assert spec and spec.loader
        check = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(check)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    assert not set(SPLIT["fit"]) & set(SPLIT["heldout"])
    pages = check.load_pages(corpus)
    for half in SPLIT:
        for story in load_half(half)["stories"]:
            assert check.check_story(story, pages) == []
            assert sum(len(f["reported_by"]) > 1 for f in story["facts"]) >= 15
