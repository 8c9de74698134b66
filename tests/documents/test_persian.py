"""Restoring lost zero-width non-joiners with hazm's lexicon."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.documents.persian import ZWNJ, restore_text, restore_token


@pytest.mark.parametrize(
    ("glued", "restored"),
    [
        ("تحریمهای", "تحریم‌های"),  # plural suffix
        ("رئیسجمهور", "رئیس‌جمهور"),  # compound from the lexicon
        ("میتواند", "می‌تواند"),  # verbal prefix
        ("خامنهای", "خامنه‌ای"),
        ("ارادهای", "اراده‌ای"),  # ای after ه
        ("پیشرفتهای", "پیشرفت‌های"),  # plural preferred over پیشرفته+ای
        ("اقیانوسها", "اقیانوس‌ها"),
        ("سهشنبه", "سه‌شنبه"),
        ("رهبرمعظمانقلاب", "رهبر معظم انقلاب"),  # lost spaces between frequent words
        ("دراین", "در این"),
    ],
)
def test_known_patterns_are_restored(glued: str, restored: str) -> None:
    assert restore_token(glued) == restored


@pytest.mark.parametrize("word", ["لوکاشنکو", "یابد", "برسد", "منافعی", "کشور", "قلدرمابانه", "ببرند"])
def test_words_names_and_verbs_are_left_alone(word: str) -> None:
    assert restore_token(word) == word


def test_plural_after_non_joining_letter_needs_no_zwnj() -> None:
    assert restore_token("کشورهای") == "کشورهای"


PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=PERSIAN_LETTERS, min_size=1, max_size=12), min_size=1, max_size=6))
def test_restoration_only_inserts_zwnj_or_spaces(words: list[str]) -> None:
    text = " ".join(words)
    restored = restore_text(text)
    assert restored.replace(ZWNJ, "").replace(" ", "") == text.replace(" ", "")


def test_latin_text_is_untouched() -> None:
    text = "Iran and Belarus signed 7 MoUs in 2023."
    assert restore_text(text) == text
