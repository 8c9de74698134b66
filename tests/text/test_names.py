"""Name candidates in any script (text/names.keyed_names) and their meeting with a story's names."""

from __future__ import annotations

from rashomon.analysis.entities.foreign import hyphen_parts
from rashomon.text.names import keyed_names, surname
from rashomon.text.transliterate import name_key


def words(text: str, language: str) -> list[str]:
    return [text[start:end] for start, end, _ in keyed_names(text, language)]


def test_a_capitalised_function_word_is_no_name() -> None:
    """'Στην' ('in the') opens a sentence capitalised and shares Astana's consonants: it is no name."""
    greek = "Βίντεο Reuters. Στην Αστάνα του Καζακστάν συναντήθηκαν."
    assert "Στην" not in words(greek, "el") and "Αστάνα" in words(greek, "el")
    assert "Die" not in words("Gestern sagte sie: Die Brücke von Narvik bleibt zu.", "de")


def test_a_hyphenated_pair_meets_the_story_names_it_holds() -> None:
    """'Πούτιν-Ερντογάν' (the Putin–Erdoğan meeting) names two known people; 'Jean-Pierre' stays whole."""
    owners = {name_key("Putin"): {"person:putin"}, name_key("Erdogan"): {"person:erdogan"}}
    text = "η συνάντηση Πούτιν-Ερντογάν και ο Jean-Pierre"
    parts = hyphen_parts(text, keyed_names(text, "el"), owners)
    assert [text[s:e] for s, e, _ in parts] == ["Πούτιν", "Ερντογάν", "Jean-Pierre"]


def test_names_in_scripts_with_vowel_signs_are_read_whole() -> None:
    """A Hindi name is one word with its vowel signs, so it keys like its Latin spelling."""
    hindi = "प्रधानमंत्री नरेंद्र मोदी ने कहा"
    assert "नरेंद्र" in words(hindi, "hi") and "मोदी" in words(hindi, "hi")
    assert surname("नरेंद्र मोदी") == "मोदी" and surname("President Vladimir Putin") == "putin"
