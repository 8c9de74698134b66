"""Array shapes and callables shared by the stages, defined once (as dedupe's `_typing.py`).

numpy cannot check shapes statically, so each alias says its shape in words; a function that takes
or returns one of these promises that shape. `D` is the embedding dimension (384 for the shipped
multilingual-e5-small; `Config().embedding.dimension`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

Vector = NDArray[np.float32]
"""(D,) float32, unit length: one text's embedding."""

Matrix = NDArray[np.float32]
"""(n, D) float32, unit-length rows: one embedding per text, in input order."""

Similarity = NDArray[np.floating]
"""(n, n) or (n, m) float32/float64: pairwise cosines (or locally scaled cosines), row i = text i."""

Embed = Callable[[list[str]], Matrix]
"""texts → (len(texts), D) float32 unit rows, through the run's embedding cache."""

SentenceVectors = dict[str, Vector]
"""sentence id → its (D,) vector."""

ArticleVectors = dict[str, Matrix]
"""article id → (n_sentences, D) float32: its sentences' vectors in sentence order."""
