"""The capability table: computed from the components, so what it claims is what the stages do."""

from __future__ import annotations

from rashomon.analysis.compare.numbers import quantities
from rashomon.analysis.compare.timeline import time_expressions
from rashomon.text.calendar import day_mentions
from rashomon.text.languages import COVERED, missing_in, not_compared, support, table
from tests.builders import article
from tests.conftest import run_cli


def test_every_covered_language_reads_days_and_numbers() -> None:
    for language in COVERED:
        row = support(language)
        assert row.days is not None, language
        assert row.numbers
        assert row.stopwords is not None, language
    assert {row["language"] for row in table()} == set(COVERED)


def test_days_are_resolved_against_publication_in_many_languages() -> None:
    sentences = {
        "es": "El puerto cerró el domingo por la tormenta.",
        "ru": "Порт закрыли в воскресенье из-за шторма.",
        "de": "Der Hafen wurde am Sonntag wegen des Sturms geschlossen.",
        "fr": "Le port a fermé dimanche à cause de la tempête.",
        "tr": "Liman fırtına nedeniyle pazar günü kapandı.",
        "ar": "أغلق الميناء يوم الأحد بسبب العاصفة.",
        "zh": "港口星期日因风暴关闭。",
    }
    for language, text in sentences.items():
        found = time_expressions(article(text, f"outlet-{language}", language=language, published="2025-03-17"))
        assert [e.date.isoformat() if e.date else None for e in found] == ["2025-03-16"], language


def test_day_and_month_in_many_languages() -> None:
    assert day_mentions("4 сентября в Сочи", "ru") == {(9, 4)}
    assert day_mentions("el 4 de septiembre", "es") == {(9, 4)}
    assert day_mentions("9月4日，两国", "zh") == {(9, 4)}
    assert day_mentions("في ٤ سبتمبر", "ar") == {(9, 4)}


def test_number_formats_follow_the_language() -> None:
    assert [q.value for q in quantities("1.200 productos", "es")] == [1200.0]
    assert [q.value for q in quantities("1.200 products", "en")] == [1.2]
    assert [q.value for q in quantities("1 200 товаров и 3,5 тонны", "ru")] == [1200.0, 3.5]
    assert [q.value for q in quantities("1 200 produits", "fr")] == [1200.0]


def test_the_report_says_what_was_not_looked_for() -> None:
    lines = not_compared({"en", "zh"})
    notes = " ".join(str(line["note"]) for line in lines)
    assert "wording not compared in zh" in notes
    assert "people, organisations and places not found in zh" in notes
    assert not any("en" in line["languages"] for line in lines)
    assert not_compared({"en"}) == []
    without_recogniser = {line["capability"] for line in not_compared({"es", "it"})}
    assert "names" in without_recogniser  # names there are matched to en/ru/fr reports' names: none here
    with_russian = {line["capability"] for line in not_compared({"ru", "es"})}
    assert "names" not in with_russian  # natasha reads the Russian names, and Spanish spellings meet them
    assert missing_in({"en"}) == {}


def test_languages_command_prints_the_table() -> None:
    result = run_cli("languages", "ru", "zh", "--json")
    assert result.exit_code == 0
    assert '"language": "zh"' in result.output and "character bigrams" in result.output
    assert run_cli("languages", "../etc").exit_code != 0
