"""Conflicting figures across languages and scripts, with the real embedding model."""

from __future__ import annotations

from rashomon.analysis.compare.conflicts import disagreeing
from rashomon.analysis.compare.numbers import quantities
from tests.builders import embed

WAGONS = {
    "ru": "С рельсов сошли 12 грузовых вагонов, пострадавших нет, сообщила полиция.",
    "ar": "وخرجت 14 عربة شحن عن القضبان دون وقوع إصابات، بحسب الشرطة.",
    "zh": "警方表示，12节货运车厢脱轨，无人受伤。",
    "es": "Descarrilaron 12 vagones de carga y no hubo heridos, según la policía.",
}


def conflicting(first: str, second: str) -> list[tuple[float, float]]:
    pairs = disagreeing(quantities(WAGONS[first], first), quantities(WAGONS[second], second), True, embed)
    return [(a.value, b.value) for a, b in pairs]


def test_a_count_of_one_thing_in_two_scripts_conflicts() -> None:
    assert conflicting("ru", "ar") == [(12, 14)]
    assert conflicting("ar", "zh") == [(14, 12)]
    assert conflicting("ar", "es") == [(14, 12)]


def test_the_same_count_in_two_languages_is_no_conflict() -> None:
    assert conflicting("ru", "zh") == conflicting("es", "ru") == []


def test_each_figure_is_paired_with_its_own_kind() -> None:
    """Two figures a side: wagons go with wagons and injured with injured, never crosswise."""
    english = quantities("12 freight wagons derailed and 3 people were injured.", "en")
    russian = quantities("С рельсов сошли 14 грузовых вагонов, пострадали 5 человек.", "ru")
    assert sorted((a.value, b.value) for a, b in disagreeing(english, russian, True, embed)) == [(3, 5), (12, 14)]


def test_different_separators_are_the_same_figure_across_languages() -> None:
    english = quantities("The shop lost 1,200 products.", "en")
    spanish = quantities("La tienda perdió 1.200 productos.", "es")
    assert disagreeing(english, spanish, True, embed) == []
