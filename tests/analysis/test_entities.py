"""People, organisations and places merged across outlets, titles and scripts."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from rashomon.evaluate import score
from rashomon.text.countries import country_by_stem, country_code, persian_names
from rashomon.text.transliterate import latin_skeleton, persian_skeleton


def entity_with(report: dict[str, Any], alias: str) -> dict[str, Any]:
    return next(e for s in report["stories"] for e in s["entities"] if alias in e["aliases"])


def test_gold_entities_are_merged_across_outlets_and_scripts(
    example_report: dict[str, Any], gold: dict[str, Any]
) -> None:
    result = score(example_report, gold)
    assert result.entities_total == 14
    assert result.entities_found >= 13, result.missed_entities


def test_second_corpus_entities(synthetic_report: dict[str, Any], synthetic_gold: dict[str, Any]) -> None:
    """Other names, outlets and titles; one Persian spelling of a two-consonant city name may be missed."""
    result = score(synthetic_report, synthetic_gold)
    assert result.entities_found >= result.entities_total - 1, result.missed_entities


def test_titles_resolve_to_the_person_who_holds_them(example_report: dict[str, Any]) -> None:
    lukashenko = entity_with(example_report, "Lukashenko")
    assert {"Belarusian president", "President of Belarus", "لوکاشنکو", "رئیس‌جمهور بلاروس"} <= set(
        lukashenko["aliases"]
    )
    raisi = entity_with(example_report, "Raisi")
    assert "Iranian President" in raisi["aliases"]
    assert "Belarusian president" not in raisi["aliases"]
    khamenei = entity_with(example_report, "Imam Khamenei")
    assert {"Leader", "رهبر معظم انقلاب", "خامنه‌ای"} <= set(khamenei["aliases"])
    assert khamenei["type"] == "PERSON"


def test_country_names_merge_by_iso_code(example_report: dict[str, Any]) -> None:
    usa = entity_with(example_report, "America")
    assert {"US", "U.S.", "United States", "آمریکا"} <= set(usa["aliases"])
    assert entity_with(example_report, "Iran")["id"] != usa["id"]


def test_mentions_are_spans_of_the_cleaned_text(example_report: dict[str, Any]) -> None:
    texts = {a["id"]: a["text"] for a in example_report["articles"]}
    for entity in example_report["stories"][0]["entities"]:
        for mention in entity["mentions"]:
            assert texts[mention["article_id"]][mention["start"] : mention["end"]] == mention["text"]


def test_consonant_skeletons_meet_across_scripts() -> None:
    pairs = [("Lukashenko", "لوکاشنکو"), ("Khamenei", "خامنه‌ای"), ("Tehran", "تهران"), ("Haugen", "هاوگن")]
    for latin, persian in pairs:
        assert latin_skeleton(latin) == persian_skeleton(persian)
    assert latin_skeleton("Tehran") != persian_skeleton("ترین")  # a superlative suffix is not the city


@given(st.text())
def test_skeletons_are_plain_consonants(word: str) -> None:
    for skeleton in (latin_skeleton(word), persian_skeleton(word)):
        assert set(skeleton) <= set("bcdfgjklmnprstxzh")
        assert all(a != b for a, b in itertools.pairwise(skeleton))


def test_country_names_and_codes() -> None:
    assert {country_code(n) for n in ("US", "U.S.", "America", "the United States")} == {"US"}
    assert country_code("Russia") == "RU"
    assert country_code("Western") is None  # an adjective, not Western Sahara
    assert country_by_stem("the Islamic Republic", {"IR", "BY"}) == "IR"
    assert country_by_stem("the Islamic Republic", {"BY"}) is None
    assert persian_names()["بلاروس"] == "BY"


def test_names_in_other_scripts_meet_english_names_but_adjectives_do_not() -> None:
    """'Лусяка' and 'لوسياك' are Lusiak; 'تلمار' is Telmar but 'التلمارية' ('Telmarian') is an adjective."""
    from rashomon.analysis.entities import extract_entities
    from rashomon.datamodel import Story
    from tests.builders import article

    english = article(
        "Telmar closed the Kelvara crossing on Sunday, Transport Minister Ander Lusiak said in the capital.",
        "wire-en",
        "en",
    )
    russian = article(
        "Телмар закрыл переход Кельвара в воскресенье, сообщил министр транспорта Андер Лусяк.", "wire-ru", "ru"
    )
    arabic = article(
        "أغلقت تلمار معبر كيلفارا يوم الأحد، وقال الوزير أندر لوسياك إن الحكومة التلمارية ستدفع.", "wire-ar", "ar"
    )
    story = Story("s1", [english.id, russian.id, arabic.id])
    index = extract_entities(story, {a.id: a for a in (english, russian, arabic)})
    by_name = {e.name: {m.text for m in e.mentions} for e in index.entities}
    lusiak = next(texts for name, texts in by_name.items() if "Lusiak" in name)
    assert "لوسياك" in lusiak and any("Лусяк" in text for text in lusiak)  # natasha: 'Андер Лусяк'
    telmar = by_name["Telmar"]
    assert {"Телмар", "تلمار"} <= telmar and "التلمارية" not in telmar


@given(st.text(alphabet=st.sampled_from(list("ab \n\tC.")), max_size=30), st.data())
def test_a_name_span_never_crosses_a_line_break(text: str, data: st.DataObject) -> None:
    from rashomon.analysis.entities.index import first_line

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    cut_start, cut_end = first_line(text, start, end)
    assert cut_start == start and start <= cut_end <= end
    assert "\n" not in text[cut_start:cut_end] and not text[cut_start:cut_end].endswith((" ", "\t"))


def test_a_word_alone_on_its_line_is_a_heading_not_a_name() -> None:
    from rashomon.analysis.entities.index import is_heading_word

    text = "Background\n\nBackground checks were run by Telmar Police.\nGallery:"
    assert is_heading_word(text, 0, 10)
    assert not is_heading_word(text, 12, 22)
    assert is_heading_word(text, text.index("Gallery"), text.index("Gallery") + 7)


def test_no_entity_mention_crosses_a_line_break(multilingual_report: dict[str, Any]) -> None:
    for story in multilingual_report["stories"]:
        for entity in story["entities"]:
            assert not any("\n" in mention["text"] for mention in entity["mentions"]), entity["name"]


def test_a_hyphenated_pair_of_names_is_two_people() -> None:
    """spaCy tags 'Putin-Erdogan' (the meeting) as one PERSON: it is two; 'Al-Assad' stays one name."""
    from rashomon.analysis.entities.english import split_name_pair
    from rashomon.analysis.entities.index import Candidate

    def parts(text: str) -> list[str]:
        return [c.text for c in split_name_pair(Candidate("a", 10, 10 + len(text), text, "PERSON"))]

    assert parts("Okafor-Brandt") == ["Okafor", "Brandt"]
    assert parts("Al-Assad") == ["Al-Assad"] and parts("Jean-Luc Brandt") == ["Jean-Luc Brandt"]
    [first, second] = split_name_pair(Candidate("a", 10, 23, "Okafor-Brandt", "PERSON"))
    assert (first.start, first.end, second.start, second.end) == (10, 16, 17, 23)


def test_a_persian_nationality_adjective_is_not_its_country() -> None:
    """'عراقی' (Iraqi) describes; 'عراق' (Iraq) names: only the second is a mention of the country."""
    from rashomon.analysis.entities.persian import persian_candidates
    from tests.builders import article

    report = article("پاپ با مقامات عراقی در بغداد دیدار کرد و سفر او به عراق سه روز طول کشید.", "tehran-daily", "fa")
    found = [c.text for c in persian_candidates(report, {"Iraq": "country:IQ"})]
    assert found == ["عراق"]


def test_a_given_name_before_a_known_surname_is_not_another_person() -> None:
    """In a Chinese page '(Emmanuel Macron)' is Macron: 'Emmanuel' must not meet another 'Emmanuel'."""
    from rashomon.analysis.entities.foreign import keyed_candidates
    from rashomon.text.transliterate import name_key
    from tests.builders import article

    report = article("马克宏(Emmanuel Macron)今天抵达北京。", "beijing-daily", "zh")
    owners = {name_key("Macron"): {"person:macron"}, name_key("Emmanuel"): {"person:emmanuel"}}
    labels = {"person:macron": "PERSON", "person:emmanuel": "PERSON"}
    assert [c.text for c in keyed_candidates(report, owners, labels)] == ["Macron"]
    nameless = article("今天上午，北京的天气晴朗，许多市民在公园里散步和锻炼身体。", "beijing-daily", "zh")
    assert keyed_candidates(nameless, owners, labels) == []  # no candidate at all: nothing to look past
