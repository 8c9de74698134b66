"""Language bridging: the candidate search leaves out only stories the exact time test would refuse."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.datamodel import Story
from rashomon.stories.bridging import BridgeView, Candidates, close_in_time

DAY = 86400.0

# One article: (language, publication day or None for undated, uncertainty in days, direction seed).
articles = st.tuples(
    st.sampled_from(["en", "ru", "fa"]),
    st.one_of(st.none(), st.integers(-60, 60)),
    st.sampled_from([0, 1, 15]),
    st.integers(0, 3),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(articles, min_size=1, max_size=3), min_size=2, max_size=8))
def test_foreign_candidates_are_exactly_the_foreign_stories_close_in_time(stories_spec: list) -> None:
    languages: dict[str, str] = {}
    times: dict[str, tuple[float, float]] = {}
    vectors: dict[str, np.ndarray] = {}
    stories = []
    for s, spec in enumerate(stories_spec):
        ids = []
        for a, (language, day, uncertainty, seed) in enumerate(spec):
            article = f"s{s}a{a}"
            ids.append(article)
            languages[article] = language
            if day is not None:
                times[article] = (day * DAY, uncertainty * DAY)
            direction = np.zeros(4, dtype=np.float32)
            direction[seed] = 1.0
            vectors[article] = direction[None, :] + 0.1
        stories.append(Story(f"s{s}", ids))
    views = [BridgeView.of(story, languages, vectors, times) for story in stories]
    candidates = Candidates(views)
    for i in range(len(stories)):
        found = list(candidates.foreign(i))
        expected = {
            j
            for j in range(i + 1, len(stories))
            if not views[i].languages & views[j].languages and close_in_time(views[i].dated, views[j].dated)
        }
        assert set(found) == expected
        closeness = [float(views[j].centroid @ views[i].centroid) for j in found]
        assert all(nearer >= further - 1e-6 for nearer, further in pairwise(closeness))
