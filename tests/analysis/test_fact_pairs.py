"""The fact-pair model: what a claim is made of decides "same fact", in any script."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.analysis.align import align_story
from rashomon.analysis.fact_pairs import FEATURES, FactPairModel, claim_parts, content_signals, pair_features
from rashomon.datamodel import Sentence
from tests.builders import article, story_context


def parts(text: str, language: str = "en"):  # type: ignore[no-untyped-def]
    return claim_parts(Sentence("a", 0, 0, len(text), text, language))


def signal(a, b, name: str) -> float:  # type: ignore[no-untyped-def]
    return content_signals(a, b)[FEATURES.index(name) - 4]


def test_figures_and_names_are_read_across_scripts() -> None:
    english = parts("Rescuers in Valdoria pulled 12 people from the rubble on Tuesday.")
    russian = parts("Спасатели в Вальдории извлекли из-под завалов 12 человек.", "ru")
    other_count = parts("Rescuers in Valdoria pulled 15 people from the rubble.")
    assert signal(english, russian, "figures_shared") == 1.0
    assert signal(english, other_count, "figures_apart") == 1.0
    assert signal(english, other_count, "names_shared") == 1.0  # Valdoria
    assert signal(english, russian, "same_language") == 0.0


def test_years_are_not_figures() -> None:
    assert parts("The treaty of 2019 was signed in Kestrel.").figures == frozenset()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=60), min_size=2, max_size=5))
def test_pair_signals_are_symmetric_and_finite_for_any_text(texts: list[str]) -> None:
    units = [parts(t) for t in texts]
    n = len(units)
    rng = np.random.default_rng(0)
    raw = rng.uniform(0.5, 1.0, (n, n))
    raw = (raw + raw.T) / 2
    article_of = np.arange(n) % 2
    signals = pair_features(units, raw, raw - 0.8, article_of)
    assert signals.shape == (n, n, len(FEATURES))
    assert np.isfinite(signals).all()
    assert np.allclose(signals, signals.transpose(1, 0, 2))


def test_a_stricter_model_splits_a_topical_group() -> None:
    """Three outlets: two state the death toll, the third only that a quake hit. A model that needs
    a shared figure links the two; with the figure ignored and a low bar, all three join."""
    first = "At least 12 people died when the earthquake struck the Valdoria region on Monday."
    second = "Officials said 12 people were killed by the Monday earthquake in the Valdoria region."
    third = "A strong earthquake struck the Valdoria region on Monday, officials said."
    context = story_context(article(first, "north"), article(second, "south"), article(third, "east"))
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("cosine")] = 10.0
    loose = FactPairModel(weights, -5.0, 0.1)
    strict_weights = list(weights)
    strict_weights[FEATURES.index("figure_one_side")] = -20.0
    strict = FactPairModel(strict_weights, -5.0, 0.1)

    def widest(model: FactPairModel) -> int:
        groups = align_story(context.story, context.articles, context.vectors, model=model)
        return max(len({m.article_id for m in g.mentions}) for g in groups)

    assert widest(loose) == 3
    assert widest(strict) == 2


def test_the_day_of_a_date_is_not_a_figure() -> None:
    assert parts("Напомним, 7 сентября в Тегеране прошел саммит.", "ru").figures == frozenset()
    assert parts("Il 7 settembre 12 persone sono morte.", "it").figures == frozenset({12.0})
