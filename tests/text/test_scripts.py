"""Script-aware word counts, features and sentence ends: no rule may assume spaces or Latin punctuation."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from rashomon.text.scripts import WORD, ends_like_sentence, is_unspaced, word_count, word_features


def test_word_count_in_spaced_and_unspaced_scripts() -> None:
    assert word_count("Xi met Macron in Paris") == 5
    assert word_count("习近平与马克龙会谈") == 5  # nine characters, two per word
    assert word_count("ミャンマーの首都で地震が起きた") == 8
    assert word_count("Президент прибыл в Сочи") == 4
    assert word_count("الرئيس وصل إلى سوتشي") == 4
    assert word_count("Xi 与 Macron 会谈") == 4


def test_word_features_give_bigrams_where_there_are_no_spaces() -> None:
    assert word_features("马克龙访华") == ["马克", "克龙", "龙访", "访华"]
    assert word_features("Macron visits China") == ["macron", "visits", "china"]
    assert word_features("地") == ["地"]


def test_sentence_ends_of_many_scripts() -> None:
    for sentence in ("He left.", "他离开了。", "本当ですか？", "هل غادر؟", "वह गया।", "Он ушёл!»", "「行く」と述べた。」"):
        assert ends_like_sentence(sentence), sentence
    assert not ends_like_sentence("Breaking news")
    assert not ends_like_sentence("最新消息")


def test_unspaced_detection() -> None:
    assert is_unspaced("中国国家主席习近平")
    assert not is_unspaced("Xi Jinping 习")
    assert not is_unspaced("12345")


@given(st.text(max_size=200))
def test_word_count_never_negative_and_additive_over_spaces(text: str) -> None:
    count = word_count(text)
    assert count >= 0
    assert word_count(text + " " + text) == 2 * count


@given(st.text(max_size=200))
def test_features_are_lower_case_and_come_from_the_text(text: str) -> None:
    folded = text.lower()
    for feature in word_features(text):
        assert feature == feature.lower()
        assert feature in folded or feature in text


def test_a_word_keeps_its_combining_marks() -> None:
    """Devanagari vowel signs and viramas, Arabic vowel marks and the Persian ZWNJ belong to their word."""
    assert WORD.findall("4 मार्च को नरेंद्र मोदी ने कहा") == ["मार्च", "को", "नरेंद्र", "मोदी", "ने", "कहा"]
    assert WORD.findall("قالَ الرئيسُ") == ["قالَ", "الرئيسُ"]
    assert WORD.findall("می\u200cگوید") == ["می\u200cگوید"]


@given(st.text(max_size=200))
def test_a_word_never_ends_before_a_combining_mark(text: str) -> None:
    for match in WORD.finditer(text):
        following = text[match.end() : match.end() + 1]
        assert not following or not unicodedata.category(following).startswith("M")
