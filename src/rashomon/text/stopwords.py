"""Function words per language, from the libraries we already ship: hazm (Persian) and spaCy (the rest).

spaCy's `spacy.lang.<code>/stop_words.py` files ship lists for about 70 languages (ar, de, el, es, fr, it,
ja, pt, ru, tr, uk, zh, ...) without any model download; a language without one gets an empty set. The
file is read on its own: importing `spacy.lang.<code>` would run the language package first, which for
French compiles its tokenizer exceptions (4.4 s on this machine) and for every language imports spaCy.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


@cache
def stop_words(language: str) -> frozenset[str]:
    """Lower-cased function words of an ISO 639-1 language (empty when no shipped list has it)."""
    if language == "fa":
        import hazm

        return frozenset(word.replace("_", " ") for word in hazm.stopwords_list())
    path = spacy_languages() / language / "stop_words.py"
    if not language.isalpha() or not path.is_file():
        return frozenset()
    spec = importlib.util.spec_from_file_location(f"rashomon_stop_words_{language}", path)
    if spec is None or spec.loader is None:
        return frozenset()
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # a data file: one set literal, no imports
    return frozenset(word.lower() for word in getattr(module, "STOP_WORDS", ()))


@cache
def spacy_languages() -> Path:
    """spaCy's `lang` folder, found without importing spaCy."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:
        return Path("/nonexistent")
    return Path(spec.origin).parent / "lang"
