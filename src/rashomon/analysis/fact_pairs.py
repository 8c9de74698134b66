"""Same claim, not same topic: a calibrated model of whether two sentences of two articles state one fact.

Topical closeness alone links "Erdoğan and Putin met in Sochi" with "Putin thanked Erdoğan for the visit"
(cosines of a small multilingual encoder differ little between the two). What a claim is made of does
tell them apart: who (script-independent name keys), what figure (typed quantities), when (days named),
and whether each sentence is the other's best counterpart in its article. The model is a logistic
regression over those signals, fitted on the fit half of the claims benchmark (real pages in many
languages: the fit half of benchmarks/claims, and the bundled example) by benchmarks/claims_fit.py and
shipped as fact_pairs.json
beside this file; nothing is learned at run time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np

from rashomon.analysis.compare.numbers import Quantity, quantities
from rashomon.datamodel import Sentence
from rashomon.pairmodel import PairModel
from rashomon.text.calendar import day_mentions, month_names
from rashomon.text.names import keyed_names
from rashomon.text.scripts import is_unspaced, word_features

MODEL_FILE = Path(__file__).with_name("fact_pairs.json")

FEATURES = (
    "cosine",  # raw cosine of the two sentences' multilingual embeddings
    "scaled",  # the same after cross-domain local scaling (align.local_scaling)
    "mutual_best",  # 1 when each is the other's nearest sentence in its article
    "best_either",  # 1 when one is the other's nearest sentence in its article
    "names_shared",  # overlap coefficient of the two sentences' name keys (0 when either has none)
    "names_apart",  # 1 when both name someone or somewhere and they share no name key
    "figures_shared",  # 1 when both give figures and share one value
    "figures_apart",  # 1 when both give figures and share none
    "figure_one_side",  # 1 when only one of the two gives a figure
    "days_apart",  # 1 when both name days of the year and share none
    "same_language",  # 1 when both sentences are in one language
    "cosine_same_language",  # the cosine again for a pair in one language (cosines run higher there), else 0
    "words_shared",  # overlap coefficient of the two sentences' word stems (text/scripts.word_features)
    "articles_parallel",  # how parallel the two articles are: share of their sentences in mutual-best pairs
    "mutual_best_parallel",  # mutual_best × articles_parallel: nearest counterparts mean more in parallel texts
    "scaled_parallel",  # scaled × articles_parallel
)


@dataclass(frozen=True)
class ClaimParts:
    """What one sentence's claim is made of: name keys, figures (values), days of the year (month*100+day)."""

    names: frozenset[str]
    figures: frozenset[float]
    days: frozenset[int]
    language: str
    words: frozenset[str] = frozenset()


def claim_parts(sentence: Sentence) -> ClaimParts:
    """Read the parts of a sentence's claim in its own language (names need a spaced script; see keyed_names).

    Figures leave out years and the day of a date ('7 сентября' is a day, read into `days`, not a count of 7).
    """
    text, language = sentence.text, sentence.language
    names = frozenset(key for _, _, key in keyed_names(text, language, skip_first=True) if key)
    months = month_names(language)
    figures = frozenset(
        q.value
        for q in quantities(text, language)
        if not looks_like_year(q) and q.counted.split(" ")[0].casefold().rstrip(".") not in months
    )
    days = frozenset(month * 100 + day for month, day in day_mentions(text, language))
    return ClaimParts(names, figures, days, language, stems(text))


def looks_like_year(quantity: Quantity) -> bool:
    """A bare four-digit number from 1900 to 2100 ('in 2019 the treaty …', 'the 2019 summit'): a year, not a
    figure of the claim (a count of 2,000 written with a separator is still a figure)."""
    digits = quantity.text[:4]
    return quantity.is_year or (
        1900 <= quantity.value <= 2100
        and quantity.value == int(quantity.value)
        and digits.isdigit()
        and not quantity.text[4:5].isdigit()
        and quantity.unit not in {"%", "$", "€", "£"}
    )


def stems(text: str) -> frozenset[str]:
    """Words of four letters or more cut to their first five (a crude stem that survives inflection:
    'Erdoğan'ın', 'Erdoğan'), and character bigrams of unspaced scripts (text/scripts.word_features)."""
    return frozenset(w[:5] for w in word_features(text) if len(w) >= 4 or is_unspaced(w))


def pair_features(parts: list[ClaimParts], raw: np.ndarray, scaled: np.ndarray, article_of: np.ndarray) -> np.ndarray:
    """Signals for every pair of units: (n, n, len(FEATURES)) float64 (same-article pairs are filled too).

    parts: (n,) claim parts; raw, scaled: (n, n) cosines and CSLS-scaled cosines; article_of: (n,) int.
    """
    n = len(parts)
    best = nearest_in_article(scaled, article_of)
    signals = np.zeros((n, n, len(FEATURES)))
    signals[..., 0] = raw
    signals[..., 1] = scaled
    signals[..., 2] = best & best.T
    signals[..., 3] = best | best.T
    for i in range(n):
        for j in range(i + 1, n):
            signals[i, j, 4:] = signals[j, i, 4:] = content_signals(parts[i], parts[j])
    same_language = np.array([[a.language == b.language for b in parts] for a in parts])
    fill_derived(signals, same_language, articles_parallel(best & best.T, article_of))
    return signals


def fill_derived(signals: np.ndarray, same_language: np.ndarray | bool, parallel: np.ndarray | float) -> None:
    """Fill the signals derived from others, in place: the cosine of a same-language pair, the articles'
    parallelism and its products with mutual nearness and the scaled cosine.

    signals: (..., len(FEATURES)) with cosine, scaled and mutual_best set; same_language and parallel
    broadcast against its leading shape (a sentence pair matrix, or one clause's row).
    """
    signals[..., FEATURES.index("cosine_same_language")] = np.where(same_language, signals[..., 0], 0.0)
    signals[..., FEATURES.index("articles_parallel")] = parallel
    signals[..., FEATURES.index("mutual_best_parallel")] = signals[..., 2] * parallel
    signals[..., FEATURES.index("scaled_parallel")] = signals[..., 1] * parallel


def content_signals(a: ClaimParts, b: ClaimParts) -> list[float]:
    """The content signals of FEATURES (from names_shared on; cosine_same_language is left 0 here)."""
    shared_names = len(a.names & b.names) / min(len(a.names), len(b.names)) if a.names and b.names else 0.0
    both_figures = bool(a.figures) and bool(b.figures)
    shared_figure = bool(a.figures & b.figures)
    return [
        shared_names,
        float(bool(a.names) and bool(b.names) and not a.names & b.names),
        float(both_figures and shared_figure),
        float(both_figures and not shared_figure),
        float(bool(a.figures) != bool(b.figures)),
        float(bool(a.days) and bool(b.days) and not a.days & b.days),
        float(a.language == b.language),
        0.0,  # cosine_same_language: filled from the cosines by pair_features
        len(a.words & b.words) / min(len(a.words), len(b.words)) if a.words and b.words else 0.0,
        0.0,  # articles_parallel and its products: filled by pair_features
        0.0,
        0.0,
    ]


def articles_parallel(mutual: np.ndarray, article_of: np.ndarray) -> np.ndarray:
    """(n, n) share of the two units' articles' sentences that sit in a mutual-best pair between them.

    Near-parallel articles (a copy, a translation, two rewrites of one wire story) pair most sentences
    with a mutual nearest counterpart, and there the nearest counterpart is usually the same fact;
    independent reports covering different parts of an event pair few, and their nearest counterpart is
    often just the closest topic. mutual: (n, n) bool; article_of: (n,) int.
    """
    articles = np.unique(article_of)
    index = {a: k for k, a in enumerate(articles)}
    counts = np.array([np.sum(article_of == a) for a in articles])
    share = np.zeros((len(articles), len(articles)))
    for i, a in enumerate(articles):
        rows = article_of == a
        for j, b in enumerate(articles):
            if i != j:
                pairs = mutual[np.ix_(rows, article_of == b)].sum()
                share[i, j] = 2 * pairs / (counts[i] + counts[j])
    rows = np.array([index[a] for a in article_of])
    return share[np.ix_(rows, rows)]


def nearest_in_article(similarity: np.ndarray, article_of: np.ndarray) -> np.ndarray:
    """best[i, j]: j is i's most similar unit among the units of j's article (other articles only); (n, n) bool."""
    best = np.zeros(similarity.shape, dtype=bool)
    for article in np.unique(article_of):
        columns = np.flatnonzero(article_of == article)
        rows = np.flatnonzero(article_of != article)
        if len(rows) and len(columns):
            winners = columns[np.argmax(similarity[np.ix_(rows, columns)], axis=1)]
            best[rows, winners] = True
    return best


@dataclass
class FactPairModel(PairModel):
    """P(same fact | pair signals) = sigmoid(weights · signals + bias); `threshold`: the P a group's pairs of
    sentences from two articles must reach on average (analysis/align.fact_linkage)."""

    features: list[str] = field(default_factory=lambda: list(FEATURES))
    trained_on: str = ""

    FEATURES: ClassVar[tuple[str, ...]] = FEATURES
    MODEL_FILE: ClassVar[Path] = MODEL_FILE


_MODEL: FactPairModel | None = None


def shipped_model() -> FactPairModel:
    """The model shipped with the package (loaded once)."""
    global _MODEL
    if _MODEL is None:
        _MODEL = FactPairModel.load()
    return _MODEL
