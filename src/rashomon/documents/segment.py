"""Split an article's cleaned text into sentences with exact offsets.

Paragraph breaks always end a sentence. Latin-script and most other languages
use pysbd; Persian and Arabic use hazm's sentence tokenizer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from rashomon.config import settings
from rashomon.datamodel import Sentence
from rashomon.text.scripts import script_of, word_count

PARAGRAPH = re.compile(r"[^\n]+")
PYSBD_LANGUAGES = {
    "en", "hi", "mr", "zh", "es", "am", "ar", "el", "ru", "hy", "fa", "pl", "bg", "ur", "da", "it",
    "fr", "de", "ja", "nl", "kk", "my", "sk",
}  # fmt: skip
HAZM_LANGUAGES = {"fa"}


def segment(article_id: str, text: str, language: str) -> list[Sentence]:
    """Sentences of `text`, each with start/end offsets such that text[start:end] == sentence."""
    sentences: list[Sentence] = []
    for paragraph in PARAGRAPH.finditer(text):
        for start, end in sentence_spans(paragraph.group(), language):
            absolute_start, absolute_end = paragraph.start() + start, paragraph.start() + end
            sentences.append(
                Sentence(
                    article_id,
                    len(sentences),
                    absolute_start,
                    absolute_end,
                    text[absolute_start:absolute_end],
                    language,
                )
            )
    return sentences


def sentence_spans(paragraph: str, language: str) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of one paragraph, trimmed of surrounding spaces."""
    pieces = hazm_sentences(paragraph) if language in HAZM_LANGUAGES else pysbd_sentences(paragraph, language)
    spans = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = paragraph.find(piece, cursor)
        if found < 0:  # segmenter altered the text: fall back to the rest of the paragraph
            break
        spans.append((found, found + len(piece)))
        cursor = found + len(piece)
    rest = paragraph[cursor:].strip()
    if rest:
        start = paragraph.find(rest, cursor)
        spans.append((start, start + len(rest)))
    spans = attach_fragments(paragraph, [piece for span in spans for piece in split_at_script_change(paragraph, span)])
    spans = [piece for span in spans for piece in split_date_stamp(paragraph, span)]
    return [piece for span in spans for piece in split_long_sentence(paragraph, span)]


# A machine date stamp opening a sentence, with at most one short label word: ' date 2023-09 Pope Francis…',
# 'Date: 2024-03-12 15:07 The…', '2021-03-05 Vatican City…' (an index's or CMS's marker, not the sentence).
DATE_STAMP = re.compile(
    r"(?:(?:[A-Za-z]{1,8}:?\s+)?\d{4}-\d\d(?:-\d\d)?(?:[T ]\d\d:\d\d(?::\d\d)?)?\s+|【[^】\n]{1,40}】\s*)(?=\S)"
)  # ... or a bracketed CJK dateline: '【4月25日 AFP】', '【环海日报多尔万5月14日电】'



def split_date_stamp(paragraph: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """Cut a leading machine date stamp or bracketed CJK dateline off a sentence, as a piece of its own.

    Left on, the stamp makes every sentence it opens look alike to the sentence encoder (two unrelated
    first sentences of one index share ' date 2021-03'), and summaries would quote it.
    """
    start, end = span
    stamp = DATE_STAMP.match(paragraph, start, end)
    if stamp is None or not any(ch.isalpha() for ch in paragraph[stamp.end() : end]):
        return [span]
    return [(start, len(paragraph[: stamp.end()].rstrip())), (stamp.end(), end)]


QUOTED_END = re.compile(r"[.!?؟。！？…]['\"”’»」』)]*\s+")


def split_at_script_change(paragraph: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """Cut where a sentence end (and its closing quotes) is followed by a letter of another script.

    Segmenters decide by the next letter's case: in 'He said: "We will win." وی افزود' the Persian
    letter has no case, so the English sentence would run into the Persian one.
    """
    start, end = span
    pieces = []
    piece_start = start
    for match in QUOTED_END.finditer(paragraph, start, end):
        after = match.end()
        if after >= end:
            break
        before_letters = [ch for ch in paragraph[piece_start : match.start()] if ch.isalpha()]
        next_letter = paragraph[after]
        if before_letters and next_letter.isalpha() and script_of(next_letter) != script_of(before_letters[-1]):
            pieces.append((piece_start, match.end() - len(match.group()) + len(match.group().rstrip())))
            piece_start = after
    pieces.append((piece_start, end))
    return pieces


def attach_fragments(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue pieces without letters (a stray closing quote) to the sentence before them."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not any(ch.isalpha() for ch in paragraph[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


CLAUSE_BREAK = re.compile(r"[:;؛]\s+")


def split_long_sentence(paragraph: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """Cut a very long sentence at colons and semicolons, where reported speech or a new clause starts.

    Long Persian sentences often carry a fact, then "he added:" and a quote with another fact.
    """
    start, end = span
    if word_count(paragraph[start:end]) < settings().segment.long_sentence_words:
        return [span]
    pieces = []
    piece_start = start
    for match in CLAUSE_BREAK.finditer(paragraph, start, end):
        left, right = paragraph[piece_start : match.start()], paragraph[match.end() : end]
        if word_count(left) >= 6 and word_count(right) >= 6:
            pieces.append((piece_start, match.start() + 1))
            piece_start = match.end()
    pieces.append((piece_start, end))
    return pieces


@lru_cache(maxsize=32)
def pysbd_segmenter(language: str) -> Any:
    import pysbd

    return pysbd.Segmenter(language=language if language in PYSBD_LANGUAGES else "en", clean=False)


def pysbd_sentences(paragraph: str, language: str) -> list[str]:
    """pysbd's sentences of a paragraph, fed in windows of at most `segment.pysbd_chunk` characters.

    pysbd's time grows with the square of its input, so a long paragraph is read window by window;
    each window keeps the sentences pysbd ends inside it and hands its unfinished last sentence to the
    next window, so every cut is one pysbd itself made (never after an abbreviation such as "Dr.").
    A window in which pysbd finds no sentence end is cut at its last space.
    """
    segmenter = pysbd_segmenter(language)
    size = settings().segment.pysbd_chunk
    sentences: list[str] = []
    start = 0
    while len(paragraph) - start > size:
        window = paragraph[start : start + size]
        pieces = [str(piece) for piece in segmenter.segment(window)]
        consumed = end_of_pieces(window, pieces[:-1]) if len(pieces) > 1 else 0
        if consumed <= 0:
            consumed = last_space(window)
            pieces = [window[:consumed]]
        else:
            pieces = pieces[:-1]
        sentences += pieces
        start += consumed
    return sentences + [str(piece) for piece in segmenter.segment(paragraph[start:])]


def end_of_pieces(window: str, pieces: list[str]) -> int:
    """Where the given leading pieces of `window` end (0 when pysbd altered the text and they cannot be found)."""
    cursor = 0
    for piece in pieces:
        found = window.find(piece.strip(), cursor)
        if found < 0:
            return 0
        cursor = found + len(piece.strip())
    return cursor


def last_space(window: str) -> int:
    """Just after the last space in the second half of `window`, else its whole length."""
    half = len(window) // 2
    return next((i + 1 for i in range(len(window) - 1, half, -1) if window[i].isspace()), len(window))


@lru_cache(maxsize=1)
def hazm_tokenizer() -> Any:
    from hazm import SentenceTokenizer

    return SentenceTokenizer()


def hazm_sentences(paragraph: str) -> list[str]:
    return list(hazm_tokenizer().tokenize(paragraph))
