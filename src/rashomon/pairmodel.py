"""A shipped logistic model over named pair signals, saved as JSON beside the module that uses it.

One base for the same-event model (stories/same_event.py: are two reports of one event?) and the fact-pair
model (analysis/fact_pairs.py: do two sentences state one fact?). Both are fitted by a benchmark script and
only read at run time.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import ClassVar, Self

import numpy as np


@dataclass
class PairModel:
    """P = sigmoid(weights · signals + bias) over the subclass' FEATURES; `threshold` is its decision P."""

    weights: list[float]
    bias: float
    threshold: float

    FEATURES: ClassVar[tuple[str, ...]] = ()
    MODEL_FILE: ClassVar[Path]

    def probability(self, signals: np.ndarray) -> np.ndarray:
        """P for signals of any leading shape (..., len(FEATURES))."""
        return 1.0 / (1.0 + np.exp(-(signals @ np.asarray(self.weights) + self.bias)))

    def save(self, path: Path | None = None) -> None:
        (path or self.MODEL_FILE).write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path | None = None) -> Self:
        """The model in `path` (default the shipped file); ValueError when it was fitted on other features."""
        path = path or cls.MODEL_FILE
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != cls.FEATURES or len(data["weights"]) != len(cls.FEATURES):
            raise ValueError(f"{path}: model was fitted on other features ({data['features']}); refit it")
        return cls(**data)
