"""Function words per language, from the libraries we already ship: hazm (Persian) and spaCy (the rest).

spaCy's `spacy.lang.<code>.stop_words` modules ship lists for about 70 languages (ar, de, el, es, fr, it,
ja, pt, ru, tr, uk, zh, ...) without any model download; a language without one gets an empty set.
"""

from __future__ import annotations

import importlib
from functools import lru_cache


@lru_cache(maxsize=8)
def stop_words(language: str) -> frozenset[str]:
    """Lower-cased function words of an ISO 639-1 language (empty when no shipped list has it)."""
    if language == "fa":
        import hazm

        return frozenset(word.replace("_", " ") for word in hazm.stopwords_list())
    if not language.isalpha():
        return frozenset()
    try:
        module = importlib.import_module(f"spacy.lang.{language}.stop_words")
    except ImportError:
        return frozenset()
    return frozenset(word.lower() for word in getattr(module, "STOP_WORDS", ()))
