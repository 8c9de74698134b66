"""Normalisation keeps a character map back to the raw text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.datamodel import RawDocument
from rashomon.documents.clean import clean_batch
from rashomon.documents.ingest import ingest
from rashomon.documents.normalise import normalise
from rashomon.documents.persian import ZWNJ
from rashomon.documents.textmap import TrackedText
from tests.conftest import EXAMPLES

INVISIBLE = {ZWNJ, " ", "\n"}


def example_articles():  # type: ignore[no-untyped-def]
    documents, _ = ingest([EXAMPLES])
    return {Path(c.raw.source).name[:3]: normalise(c) for c in clean_batch(documents)}


def test_every_character_traces_back_to_the_raw_text() -> None:
    for article in example_articles().values():
        assert len(article.offset_map.raw_offsets) == len(article.text)
        for index, char in enumerate(article.text):
            raw = article.raw_text[article.offset_map.raw_offsets[index]]
            # Exact, or inserted spacing/ZWNJ, or a letter hazm unified (Arabic yeh/kaf → Persian) or a space it
            # turned into ZWNJ: every difference is one of those, never an unrelated character.
            same_script_letter = char.isalpha() and raw.isalpha() and is_arabic(char) and is_arabic(raw)
            assert char == raw or char in INVISIBLE or raw.isspace() or same_script_letter, (char, raw)


def is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


def test_english_text_is_a_verbatim_copy_apart_from_spacing() -> None:
    article = example_articles()["003"]
    for index, char in enumerate(article.text):
        if char != "\n":
            assert article.raw_text[article.offset_map.raw_offsets[index]] == char


def test_persian_words_are_restored_and_mapped() -> None:
    article = example_articles()["004"]
    for word in ("تحریم‌های", "رئیس‌جمهور", "می‌تواند"):
        assert word in article.text
        start = article.text.index(word)
        raw_start, raw_end = article.offset_map.to_raw(start, start + len(word))
        assert article.raw_text[raw_start:raw_end] == word.replace(ZWNJ, "")
    assert "تحریمهای" not in article.text.split()


def test_glued_sentence_stop_gets_its_space() -> None:
    raw = RawDocument(
        "x.txt", "h", "عنوان خبر\n\nاین کار شدنی است.ایشان با اشاره به تحریم‌ها سخن گفتند و افزودند که این راه است."
    )
    [cleaned] = clean_batch([raw])
    assert "است. ایشان" in normalise(cleaned).text


def test_mojibake_is_repaired() -> None:
    raw = RawDocument(
        "x.txt", "h", "Headline here\n\nThe minister\u00e2\u20ac\u2122s visit was a success, officials said on Monday."
    )
    [cleaned] = clean_batch([raw])
    article = normalise(cleaned)
    assert "minister\u2019s visit" in article.text


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=120))
def test_tracked_substitution_keeps_one_origin_per_character(text: str) -> None:
    tracked = TrackedText.from_raw(text).sub(r"\s+", " ").sub(r"a", "aa").strip()
    assert len(tracked.origins) == len(tracked.text)
    assert all(0 <= origin < max(len(text), 1) for origin in tracked.origins)
    assert tracked.origins == sorted(tracked.origins)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_opaque_transform_alignment_is_monotonic(text: str) -> None:
    tracked = TrackedText.from_raw(text).transform(lambda s: s.upper().replace("E", "EE"))
    assert len(tracked.origins) == len(tracked.text)
    assert tracked.origins == sorted(tracked.origins)


def test_a_quotation_in_another_script_keeps_its_straight_quotes_in_persian_text() -> None:
    from rashomon.documents.normalise import normalise_string

    assert normalise_string('او گفت "We will win" و رفت') == 'او گفت "We will win" و رفت'
    assert normalise_string('او گفت "ما پیروز می شویم" و رفت') == "او گفت «ما پیروز می\u200cشویم» و رفت"


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.sampled_from("ae o\u0301\u0308\u0316 \u00e9"), min_size=2100, max_size=4000))
def test_long_texts_keep_an_origin_for_every_character(text: str) -> None:
    """Long texts are aligned piece by piece (graphemes, words): every character still maps into the raw text."""
    import unicodedata

    tracked = TrackedText(text, list(range(len(text))))
    changed = tracked.transform(lambda t: unicodedata.normalize("NFC", t))
    assert changed.text == unicodedata.normalize("NFC", text)
    assert len(changed.origins) == len(changed.text)
    assert all(0 <= origin < len(text) for origin in changed.origins)
    assert changed.origins == sorted(changed.origins)
