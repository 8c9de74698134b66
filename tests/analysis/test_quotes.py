"""Quotes, their speakers, and each outlet's rendering of the same words."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from rashomon.analysis.quotes import PERSIAN_REPORTING, pieces, quoted_spans
from rashomon.evaluate import score


def test_gold_quote_groups_and_speakers(example_report: dict[str, Any], gold: dict[str, Any]) -> None:
    result = score(example_report, gold)
    assert result.quote_groups_total == 6
    assert result.quote_groups_found >= 5, result.missed_quotes
    assert result.quote_speakers_right >= 5


def test_second_corpus_quotes(synthetic_report: dict[str, Any], synthetic_gold: dict[str, Any]) -> None:
    """An English quote, its English paraphrase and its Persian original form one group with the right speaker."""
    result = score(synthetic_report, synthetic_gold)
    assert (result.quote_groups_found, result.quote_speakers_right) == (2, 2), result.missed_quotes


def test_variants_are_spans_of_their_articles(example_report: dict[str, Any]) -> None:
    texts = {a["id"]: a["text"] for a in example_report["articles"]}
    quotes = example_report["stories"][0]["quotes"]
    assert any(len({v["article_id"] for v in q["variants"]}) >= 3 for q in quotes)
    for quote in quotes:
        assert len({v["article_id"] for v in quote["variants"]}) == len(quote["variants"])  # one rendering per outlet
        for v in quote["variants"]:
            assert texts[v["article_id"]][v["start"] : v["end"]] == v["text"]


def test_quoted_spans_handle_mixed_and_nested_marks() -> None:
    text = (
        'He said, "The severe sanctions made us aware of “science and technology” fields.”\n'
        "“Unclosed quotes run to the end of the paragraph\n"
        'Scare "quotes" are too short to count.'
    )
    spans = [text[s:e] for s, e in quoted_spans(text)]
    assert spans == [
        "The severe sanctions made us aware of “science and technology” fields.",
        "Unclosed quotes run to the end of the paragraph",
    ]


@given(st.text(alphabet=st.sampled_from(list('ab "“”«».,\n'))))
def test_quoted_spans_stay_inside_the_text(text: str) -> None:
    spans = quoted_spans(text)
    for start, end in spans:
        assert 0 <= start <= end <= len(text)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_persian_reporting_verbs_introduce_quotes() -> None:
    sentence = "لوکاشنکو تاکید کرد: ایران در دوران تحریم‌ها به پیشرفت رسید."
    match = PERSIAN_REPORTING.search(sentence)
    assert match and sentence[match.end() :].startswith("ایران")


def test_pieces_keep_the_whole_and_its_clauses() -> None:
    parts = pieces("We believe that this is attainable, and we will work hard for it. Both sides agree on it.")
    assert parts[0].startswith("We believe") and "Both sides agree on it." in parts


def test_html_shows_quote_groups_side_by_side(example_out: Any) -> None:
    html = (example_out / "report.html").read_text(encoding="utf-8")
    assert 'class="quote-group"' in html and '<mark class="diff">' in html
    assert "Who said what" in (example_out / "report.md").read_text(encoding="utf-8")


def test_apposition_and_unnamed_speakers() -> None:
    """'The mayor of X, Name, said …' is Name's; a quote by 'a trawler skipper' is nobody named."""
    from rashomon.analysis.entities import extract_entities
    from rashomon.analysis.quotes import english_quotes
    from rashomon.datamodel import Story
    from tests.builders import article

    text = (
        "The mayor of Altenau, Jonas Brenner, said that the town would pay for the repairs to the pier.\n\n"
        '"Nobody has seen waves like these in thirty years," a trawler skipper told reporters.'
    )
    report = article(text, "coast-news", language="en")
    index = extract_entities(Story("s1", [report.id]), {report.id: report})
    names = {e.id: e.name for e in index.entities}
    speakers = {f.text.split()[0]: names.get(f.speaker or "") for f in english_quotes(report, index)}
    assert speakers["that"] == "Jonas Brenner"
    assert speakers["Nobody"] is None


def test_a_continued_quote_keeps_its_speaker_and_an_organisation_speaks_for_itself() -> None:
    """A quoted paragraph left open continues in the next one (same speaker, whoever is named later); a
    statement '"…," the Ministry said' is the Ministry's, not the last person named before it."""
    from rashomon.analysis.entities import extract_entities
    from rashomon.analysis.quotes import english_quotes
    from rashomon.datamodel import Story
    from tests.builders import article

    text = (
        "Professor Okan Demir, a geologist from Delft University, told NTV that the storm had weakened the dyke.\n\n"
        "On a street in Veldhaven, Tomas Rijker, 52, told AFP: “We were with the rescuers, who were looking for "
        "our neighbours when the dyke broke.\n\n"
        "“You don’t know what to do. … We grabbed each other and the water came over the quay in a minute.”\n\n"
        "Rijker, who has lived in Veldhaven for 12 years, was looking for his brother.\n\n"
        "The engineer Marta Velde said the dyke had been inspected in May.\n\n"
        "\"Repairs on the northern section will start on Monday and last three weeks,\" "
        "the Water Ministry said in a statement."
    )
    report = article(text, "coast-news", language="en")
    index = extract_entities(Story("s1", [report.id]), {report.id: report})
    names = {e.id: e.name for e in index.entities}
    speakers = {f.text.split()[0]: names.get(f.speaker or "") for f in english_quotes(report, index)}
    assert speakers["We"] == speakers["You"] == "Tomas Rijker"
    assert speakers["Repairs"] == "Water Ministry"  # had been Tomas Rijker, the last subject named


def test_a_name_in_a_speakers_apposition_or_after_a_preposition_is_not_the_speaker() -> None:
    """'Ana Berg, the deputy of President Lars Holm, called it "…"' is not Holm's; in Arabic 'أكد X للوزير'
    ('X assured *the minister*') the name carrying the preposition li- is the one spoken to."""
    from rashomon.analysis.entities.index import EntityIndex
    from rashomon.analysis.quotes import direct_speaker, quoted_spans
    from rashomon.datamodel import Entity, EntityType
    from rashomon.text.parsing import parse_english
    from tests.builders import article

    text = 'Ana Berg, the political deputy of President Lars Holm, called the vote "a victory for our diplomacy."'
    report = article(text, "north-news", language="en")
    holm = text.index("Lars Holm")
    index = EntityIndex(
        [Entity("holm", "Lars Holm", EntityType("PERSON"))], {report.id: [(holm, holm + len("Lars Holm"), "holm")]}
    )
    [(start, end)] = quoted_spans(text)
    assert direct_speaker(report, parse_english(text), index, start, end) != "holm"
    arabic = "وأكد المطران للوزير كامل: «نحن مستعدون للحوار»."
    assert speaker_in(arabic, {"للوزير كامل": "PERSON"}) is None
    assert speaker_in(arabic, {"كامل": "PERSON"}) is None  # the name alone, its title carrying li-
    assert speaker_in("وقال الوزير كامل: «نحن مستعدون للحوار».", {"الوزير كامل": "PERSON"}) == "الوزير كامل"


def speaker_in(text: str, names: dict[str, str]) -> str | None:
    """The speaker speaker_by_verb picks in one sentence; `names`: surface form → entity type."""
    from rashomon.analysis.entities.index import EntityIndex
    from rashomon.analysis.quotes import quoted_spans, reporting_verb_spans, speaker_by_verb
    from rashomon.datamodel import Entity, EntityType
    from rashomon.text.reporting import reporting_verbs

    language = {"ar": "قال", "fr": "selon", "tr": "dedi"}
    verbs = frozenset().union(*(reporting_verbs(code) for code in language))
    entities = [Entity(form, form, EntityType(kind)) for form, kind in names.items()]
    spans = [(text.index(form), text.index(form) + len(form), form) for form in names]
    [quote] = quoted_spans(text)
    verb_spans = [(s, e) for s, e in reporting_verb_spans(text, verbs) if not quote[0] <= s < quote[1]]
    return speaker_by_verb(text, quote, verb_spans, spans, EntityIndex(entities))


def test_the_speaker_stands_by_the_reporting_verb_not_by_the_quote() -> None:
    arabic = "قال بوتين في مطلع لقائه إردوغان: «نحن منفتحون على المباحثات»."
    assert speaker_in(arabic, {"بوتين": "PERSON", "إردوغان": "PERSON"}) == "بوتين"
    french = "Selon Samuel Pommeret, chargé de mission, « ce discours va donner le ton »."
    assert speaker_in(french, {"Samuel Pommeret": "PERSON"}) == "Samuel Pommeret"
    turkish = "Genel Sekreter Buğra Gökçe, “Hasar telefonları aldık” dedi."
    assert speaker_in(turkish, {"Buğra Gökçe": "PERSON"}) == "Buğra Gökçe"


def test_an_office_speaks_only_right_by_the_verb() -> None:
    said_by_office = "Le voyage portera « un agenda de coopération et d'équilibre », selon l'Élysée."
    assert speaker_in(said_by_office, {"Élysée": "GPE"}) == "Élysée"
    place = "Le ministre était à Pékin, selon un communiqué cité à Paris : « nous avançons bien »."
    assert speaker_in(place, {"Pékin": "GPE", "Paris": "GPE"}) is None


def test_french_reported_speech_goes_to_the_named_subject() -> None:
    from rashomon.analysis.entities import extract_entities
    from rashomon.analysis.quotes import parsed_reported_speech
    from rashomon.datamodel import Story
    from tests.builders import article

    french = article(
        "Le ministre des Transports Jean Dupont a déclaré que le pont de Valdoria serait rouvert dans trois "
        "semaines. Il a dit que les travaux coûteraient cher.",
        "quotidien",
        "fr",
    )
    index = extract_entities(Story("s-fr", [french.id]), {french.id: french})
    found = parsed_reported_speech(french, index, [])
    names = {e.id: e.name for e in index.entities}
    assert [f.text.split()[0] for f in found] == ["que"]  # 'Il a dit que …' names no one: no reported speech
    assert "Jean Dupont" in names[found[0].speaker or ""]


def test_russian_reported_speech_goes_to_the_named_subject() -> None:
    from rashomon.analysis.entities import extract_entities
    from rashomon.analysis.quotes import parsed_reported_speech
    from rashomon.datamodel import Story
    from tests.builders import article

    russian = article(
        "Глава железной дороги Дравии Марек Ольшанский заявил, что движение поездов восстановят через три недели. "
        "Он добавил, что ущерб очень велик для всего региона.",
        "vestnik",
        "ru",
    )
    index = extract_entities(Story("s-ru", [russian.id]), {russian.id: russian})
    names = {e.id: e.name for e in index.entities}
    found = parsed_reported_speech(russian, index, [])
    assert [f.text for f in found] == ["что движение поездов восстановят через три недели"]
    assert "Ольшанский" in names[found[0].speaker or ""]


def test_a_cyclic_parse_ends() -> None:
    """natasha's parser does not enforce a tree: a head cycle must not loop forever."""
    from rashomon.analysis.entities.native import Dependency
    from rashomon.analysis.quotes import subtree_span

    tokens = [Dependency(0, 3, "abc", 1, "ccomp", None), Dependency(4, 7, "def", 0, "obj", None)]
    assert subtree_span(tokens, {1: [0], 0: [1]}, 0) == (0, 7)
