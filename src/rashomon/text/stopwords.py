"""Function words per language, from the libraries we already ship: spaCy (English) and hazm (Persian)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=8)
def stop_words(language: str) -> frozenset[str]:
    if language == "en":
        from spacy.lang.en.stop_words import STOP_WORDS

        return frozenset(STOP_WORDS)
    if language == "fa":
        import hazm

        return frozenset(word.replace("_", " ") for word in hazm.stopwords_list())
    return frozenset()
