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


def test_spaced_and_joined_suffixes_have_one_canonical_spelling() -> None:
    from rashomon.documents.normalise import normalise_string
    from rashomon.documents.persian import canonical

    spaced, joined = normalise_string("بندر ها"), normalise_string("بندرها")
    assert canonical(spaced) == canonical(joined) == "بندرها"
    assert canonical(normalise_string("کتاب ها")) == "کتاب\u200cها"  # ب joins: its ZWNJ is needed


def test_plurals_missing_from_the_lexicon_are_not_split() -> None:
    for word in ("گردشگران", "پژوهشگران", "بازیگران"):
        assert restore_token(word) == word
    assert restore_token("دراین") == "در این"  # a glued pair is still split


def test_search_finds_both_spellings() -> None:
    from rashomon.web.app import Snapshot, build_search_index, search

    texts = {"a1": "کشتی‌ها در بندر ها ماندند.", "a2": "کشتی‌ها در بندرها ماندند."}
    articles = [
        {"id": i, "text": t, "outlet": i, "language": "fa", "sentences": [{"index": 0, "start": 0, "end": len(t)}]}
        for i, t in texts.items()
    ]
    data = {"articles": articles, "stories": [{"id": "s1", "title": "t", "article_ids": ["a1", "a2"]}]}
    from rashomon.documents.normalise import normalise_string

    for article in articles:
        article["text"] = normalise_string(article["text"])
        article["sentences"][0]["end"] = len(article["text"])
    snapshot = Snapshot(data, {"s1": data["stories"][0]}, {a["id"]: a for a in articles}, build_search_index(data))
    for query in ("بندرها", "بندر ها", "بندر‌ها"):
        assert {r["article_id"] for r in search(snapshot, query)} == {"a1", "a2"}, query
