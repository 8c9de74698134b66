"""Detect the language of each article and each sentence (lingua, models shipped in the package)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import regex
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from rashomon.config import settings
from rashomon.text.scripts import WORD

UNDETERMINED = "und"


@lru_cache(maxsize=1)
def article_detector() -> LanguageDetector:
    """All languages, low-accuracy mode: fast to load and accurate on article-length text."""
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


@lru_cache(maxsize=8)
def sentence_detector(languages: frozenset[str]) -> LanguageDetector | None:
    """High-accuracy detector restricted to the batch's languages, for short sentences."""
    candidates = [language_from_code(code) for code in languages]
    known = [language for language in candidates if language is not None]
    if len(known) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*known).build()


def language_from_code(code: str) -> Language | None:
    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
    except (AttributeError, ValueError):
        return None


def code_of(language: Language | None) -> str:
    return language.iso_code_639_1.name.lower() if language is not None else UNDETERMINED


SHORT_TEXT_WORDS = 50  # below this, names outweigh the function words that tell languages apart
SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n)$")


def detect_article_language(text: str) -> str:
    """ISO 639-1 code of the text's language ('und' when lingua cannot tell)."""
    return code_of(article_detector().detect_language_of(detection_text(text[:5000])))


def detection_text(text: str) -> str:
    """The text to detect the language of: in a short text of a cased script, without its names.

    Names and acronyms belong to no language, and in a headline-length text they decide the vote
    ("Nordwing CEO Lars Eid quits. Board names CFO Ane Moe interim chief." reads as Dutch). Words
    capitalised inside a sentence and all-capital acronyms are dropped when at least three other
    words remain; scripts without case (Arabic, Chinese, ...) are left as they are.
    """
    words = list(WORD.finditer(text))
    if len(words) >= SHORT_TEXT_WORDS or not any(w.group().lower() != w.group().upper() for w in words):
        return text
    kept = [w.group() for w in words if not is_name_like(w, text)]
    return " ".join(kept) if len(kept) >= 3 else text


def is_name_like(word: regex.Match[str], text: str) -> bool:
    token = word.group()
    if len(token) > 1 and token.isupper():
        return True
    return token[0].isupper() and not SENTENCE_START.search(text[: word.start()])


def detect_sentence_languages(sentences: Iterable[str], article_language: str, batch_languages: set[str]) -> list[str]:
    """Each sentence's language; short or ambiguous sentences inherit the article's.

    The article's long sentences go to lingua in one call (`..._in_parallel`: its own threads over the
    idle cores), not one call per sentence.
    """
    texts = list(sentences)
    detector = sentence_detector(frozenset(batch_languages))
    languages = [article_language] * len(texts)
    if detector is None:
        return languages
    long_enough = [i for i, text in enumerate(texts) if len(text.split()) >= settings().language.sentence_words]
    if not long_enough:  # too short to tell: every sentence inherits, without a model call
        return languages
    confidences = detector.compute_language_confidence_values_in_parallel([texts[i] for i in long_enough])
    for i, values in zip(long_enough, confidences, strict=True):
        best = values[0] if values else None
        if best is not None and best.value >= settings().language.sentence_confidence:
            languages[i] = code_of(best.language)
    return languages
