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
    spans = attach_fragments(paragraph, spans)
    return [piece for span in spans for piece in split_long_sentence(paragraph, span)]


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
    if len(paragraph[start:end].split()) < settings().segment.long_sentence_words:
        return [span]
    pieces = []
    piece_start = start
    for match in CLAUSE_BREAK.finditer(paragraph, start, end):
        left, right = paragraph[piece_start : match.start()], paragraph[match.end() : end]
        if len(left.split()) >= 6 and len(right.split()) >= 6:
            pieces.append((piece_start, match.start() + 1))
            piece_start = match.end()
    pieces.append((piece_start, end))
    return pieces


@lru_cache(maxsize=32)
def pysbd_segmenter(language: str) -> Any:
    import pysbd

    return pysbd.Segmenter(language=language if language in PYSBD_LANGUAGES else "en", clean=False)


SENTENCE_END = re.compile(r"[.!?。؟!]['\"”’»)]*\s+")


def pysbd_sentences(paragraph: str, language: str) -> list[str]:
    segmenter = pysbd_segmenter(language)
    chunks = bounded_chunks(paragraph, settings().segment.pysbd_chunk)
    return [str(piece) for chunk in chunks for piece in segmenter.segment(chunk)]


def bounded_chunks(text: str, size: int) -> list[str]:
    """`text` cut into pieces of at most `size` characters, each ending at a sentence end where one exists."""
    chunks = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        ends = [match.end() for match in SENTENCE_END.finditer(window) if match.end() > size // 2]
        last_space = next((i + 1 for i in range(size - 1, size // 2, -1) if window[i].isspace()), size)
        cut = start + (ends[-1] if ends else last_space)
        chunks.append(text[start:cut])
        start = cut
    chunks.append(text[start:])
    return chunks


@lru_cache(maxsize=1)
def hazm_tokenizer() -> Any:
    from hazm import SentenceTokenizer

    return SentenceTokenizer()


def hazm_sentences(paragraph: str) -> list[str]:
    return list(hazm_tokenizer().tokenize(paragraph))
