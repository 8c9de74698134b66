"""Sentence segmentation with exact offsets."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.config import Config, use_config
from rashomon.documents.segment import segment


def test_english_quotes_and_abbreviations() -> None:
    text = 'The U.S. envoy arrived on Monday. "We believe this is possible," he said.\n\nTalks resume today.'
    sentences = segment("a1", text, "en")
    assert [s.text for s in sentences] == [
        "The U.S. envoy arrived on Monday.",
        '"We believe this is possible," he said.',
        "Talks resume today.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_stray_closing_quote_stays_with_its_sentence() -> None:
    text = "He said: “Sanctions failed. We believe that such a thing is achievable.”"
    sentences = segment("a1", text, "en")
    assert sentences[-1].text.endswith("achievable.”")


def test_persian_sentences_and_long_sentence_split_at_reported_speech() -> None:
    text = (
        "ایشان با اشاره به مشترکات فراوان دو کشور، یکی از این اشتراکات را تحریم‌های آمریکا و برخی کشورهای غربی "
        "برشمردند و افزودند: کشورهایی که مورد تحریم قرار گرفته‌اند باید با همکاری یکدیگر حربه تحریم را از بین "
        "ببرند و معتقدیم این کار شدنی است. لوکاشنکو نیز سخن گفت."
    )
    sentences = segment("a1", text, "fa")
    assert len(sentences) == 3
    assert sentences[0].text.endswith("افزودند:")
    assert sentences[1].text.startswith("کشورهایی")
    assert all(text[s.start : s.end] == s.text for s in sentences)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*"abc ABC.?!\n\"'،:؛", "می", "است.", " word", "U.S."]), max_size=80).map("".join))
def test_spans_are_ordered_disjoint_and_exact(text: str) -> None:
    for language in ("en", "fa"):
        sentences = segment("a1", text, language)
        previous_end = 0
        for sentence in sentences:
            assert previous_end <= sentence.start < sentence.end <= len(text)
            assert text[sentence.start : sentence.end] == sentence.text == sentence.text.strip()
            previous_end = sentence.end


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab Dr .!?"”'), max_size=1500), st.integers(min_value=100, max_value=400))
def test_windowed_segmentation_loses_no_word(paragraph: str, size: int) -> None:
    """However pysbd's windows fall, sentences are exact, ordered spans holding every letter of the paragraph."""
    with use_config(Config().replace(segment={"pysbd_chunk": size})):
        sentences = segment("a", paragraph, "en")
    assert all(paragraph[s.start : s.end] == s.text for s in sentences)
    assert all(a.end <= b.start for a, b in pairwise(sentences))
    covered = {i for s in sentences for i in range(s.start, s.end)}
    assert all(i in covered for i, ch in enumerate(paragraph) if ch.isalpha())


def test_a_long_paragraph_is_split_where_its_sentences_end() -> None:
    sentence = "The U.S. envoy met Dr. Smith in Geneva on Monday and they agreed to talk again. "
    paragraph = (sentence * 200).strip()  # one 16,000-character paragraph, no line breaks
    sentences = segment("a1", paragraph, "en")
    assert len(sentences) == 200
    assert {s.text for s in sentences} == {sentence.strip()}
    assert all(paragraph[s.start : s.end] == s.text for s in sentences)


def test_long_paragraphs_are_never_cut_after_an_abbreviation() -> None:
    paragraph = "The minister met Dr. Amara Okoye in the capital on Monday and they discussed the harbour. " * 60
    sentences = segment("a", paragraph.strip(), "en")
    assert len(sentences) == 60
    assert {s.text for s in sentences} == {paragraph.split(" The minister")[0].strip()}


def test_a_closing_quote_before_another_script_ends_the_sentence() -> None:
    text = 'He said: "We will win the vote." وی افزود که انتخابات برگزار می شود. Then the English report goes on.'
    assert [s.text for s in segment("a", text, "en")] == [
        'He said: "We will win the vote."',
        "وی افزود که انتخابات برگزار می شود.",
        "Then the English report goes on.",
    ]


def test_a_leading_machine_date_stamp_is_its_own_piece() -> None:
    """An index's ' date 2021-03' marker opening a line is cut off the sentence it opens (in any script)."""
    text = " date 2021-03 Continua la visita di Papa Francesco in Iraq.\nDate: 2024-03-12 15:07 Путин прибыл в Сочи.\n2021 was a year."
    pieces = [s.text for s in segment("a", text, "it")]
    assert pieces[:2] == ["date 2021-03", "Continua la visita di Papa Francesco in Iraq."]
    assert "Date: 2024-03-12 15:07" in pieces and "Путин прибыл в Сочи." in pieces
    assert "2021 was a year." in pieces  # a year opening a sentence is the sentence


def test_a_bracketed_cjk_dateline_is_its_own_piece() -> None:
    pieces = [s.text for s in segment("a", "【环海日报多尔万5月14日电】周二上午，客轮在梅列夫湖倾覆。九人死亡。", "zh")]
    assert pieces[:2] == ["【环海日报多尔万5月14日电】", "周二上午，客轮在梅列夫湖倾覆。"]
