"""Citations, text reuse and near-translation: who got it from whom."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rashomon.engines.local import analyze
from rashomon.evaluate import score


def test_gold_citations_are_all_found(example_report: dict[str, Any], gold: dict[str, Any]) -> None:
    result = score(example_report, gold)
    assert (result.citations_found, result.citations_total) == (4, 4)


def test_citations_name_their_sources_and_nothing_else(example_report: dict[str, Any]) -> None:
    outlets = {a["id"]: a["source"].rsplit("/", 1)[-1][:3] for a in example_report["articles"]}
    cites = {(outlets[e["to"]], e["label"]) for e in example_report["stories"][0]["provenance"] if e["kind"] == "cites"}
    assert cites == {
        ("000", "Khamenei.ir"),
        ("001", "Leader.ir"),
        ("003", "Press TV"),
        ("004", "پایگاه اطلاع‌رسانی دفتر مقام معظم رهبری"),
    }


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


WIRE = (
    "Dam talks stall\n\n"
    "CAIRO (River Wire) – Talks between Egypt and Ethiopia on the filling of the Grand Ethiopian Renaissance Dam "
    "ended on Tuesday without agreement, the Egyptian water ministry said.\n\n"
    "The ministry said Ethiopia had rejected a proposal for a binding mechanism to settle future disputes.\n\n"
    "Ethiopia's negotiators said the dam's third filling would go ahead as planned in July.\n"
)


def test_a_cited_outlet_in_the_corpus_is_resolved_and_copied_text_is_reuse(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(
        corpus, "wire.jsonl", '{"text": ' + repr_json(WIRE) + ', "published": "2024-03-05", "outlet": "River Wire"}\n'
    )
    copied = (
        "Egypt, Ethiopia fail to agree on dam\n\n"
        "Talks between Egypt and Ethiopia on the filling of the Grand Ethiopian Renaissance Dam ended on Tuesday "
        "without agreement, according to River Wire.\n\n"
        "The ministry said Ethiopia had rejected a proposal for a binding mechanism to settle future disputes.\n\n"
        "Analysts expect the dispute to reach the African Union summit next month.\n"
    )
    write(
        corpus,
        "daily.jsonl",
        '{"text": ' + repr_json(copied) + ', "published": "2024-03-06", "outlet": "Nile Daily"}\n',
    )
    report = analyze([corpus])
    [story] = report.stories
    by_outlet = {a.outlet: a.id for a in report.articles}
    kinds = {(e.kind, e.source, e.target) for e in story.provenance}
    assert ("cites", by_outlet["River Wire"], by_outlet["Nile Daily"]) in kinds
    assert ("reuses", by_outlet["River Wire"], by_outlet["Nile Daily"]) in kinds  # earlier → later
    reuse = next(e for e in story.provenance if e.kind == "reuses")
    assert any("binding mechanism" in m.text for m in reuse.evidence)


def test_a_near_translation_is_detected(tmp_path: Path) -> None:
    write(
        tmp_path,
        "en.txt",
        "Farmers protest water cuts\n\n"
        "ISFAHAN (Valley Post) – Hundreds of farmers gathered outside the provincial governor's office on Wednesday "
        "to protest cuts to their water allocation.\n\n"
        "The farmers said the river had been dry for three months and their wheat fields were dying.\n\n"
        "Officials promised to release water from the dam next week.\n\n"
        "The governor said a committee would review the allocation rules before the spring planting season.\n",
    )
    write(
        tmp_path,
        "fa.txt",
        "اعتراض کشاورزان به قطع آب\n"
        "صدها کشاورز روز چهارشنبه در مقابل دفتر استانداری تجمع کردند تا به کاهش سهمیه آب خود اعتراض کنند.\n"
        "کشاورزان گفتند رودخانه سه ماه است که خشک شده و مزارع گندم آنها در حال نابودی است.\n"
        "مقامات قول دادند هفته آینده آب سد را رها کنند.\n"
        "استاندار گفت کمیته‌ای پیش از فصل کاشت بهار قوانین تخصیص آب را بررسی خواهد کرد.\n",
    )
    report = analyze([tmp_path])
    [story] = report.stories
    [edge] = [e for e in story.provenance if e.kind == "translates"]
    assert {edge.source, edge.target} == {a.id for a in report.articles}
    assert len(edge.evidence) == 4


def test_independent_reports_are_not_linked(synthetic_report: dict[str, Any]) -> None:
    """The quake report shares nothing with anyone; the two English harbour reports do not copy each other."""
    for story in synthetic_report["stories"]:
        assert not [e for e in story["provenance"] if e["kind"] == "reuses"]


def repr_json(text: str) -> str:
    import json

    return json.dumps(text)


def test_primary_source_linked_to_the_outlet_that_cites_it(
    example_report: dict[str, Any], gold: dict[str, Any]
) -> None:
    """'Khamenei.ir reported' resolves to the article published by the Office of the Supreme Leader: the cited
    name and the outlet's masthead name the same person (his surname, his title)."""
    result = score(example_report, gold)
    assert (result.source_links_found, result.source_links_total) == (1, 1)
    outlets = {a["id"]: a["source"].rsplit("/", 1)[-1][:3] for a in example_report["articles"]}
    press_tv = [e for e in example_report["stories"][0]["provenance"] if e["label"] == "Press TV"]
    assert press_tv and press_tv[0]["from"] == "Press TV" and outlets[press_tv[0]["to"]] == "003"


def test_second_corpus_citation_resolves_to_the_cited_outlet(
    synthetic_report: dict[str, Any], synthetic_gold: dict[str, Any]
) -> None:
    result = score(synthetic_report, synthetic_gold)
    assert (result.citations_found, result.source_links_found) == (1, 1)


def test_a_possessive_or_a_nationality_is_not_a_cited_source() -> None:
    from rashomon.analysis.provenance import find_citations
    from tests.builders import article

    text = (
        "According to Iran’s foreign ministry, the talks will resume in May.\n\n"
        "The border stays closed, according to the Bolivian government.\n\n"
        "The ferry sank near the coast, according to Reuters."
    )
    cited = [name for name, _ in find_citations(article(text, "wire", "en"))]
    assert cited == ["Reuters"]
