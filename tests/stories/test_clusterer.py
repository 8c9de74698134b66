"""The streaming story clusterer: assignment, merges, splits, idempotence, batch = streaming, time windows.

Signatures are built by hand with a one-signal model (P depends on the embedding cosine alone), so each
test controls exactly which pairs look alike; the shipped model is exercised end to end in test_watch
and test_stories.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from rashomon.config import Config
from rashomon.datamodel import ArticleSignature
from rashomon.stories.clusterer import (
    StoryClusterer,
    archive_of,
    cluster,
)
from rashomon.stories.same_event import FEATURES, UNSIGNED, StoryModel, fit_logistic, fit_monotone
from rashomon.stories.signatures import term_hash

CLUSTERING = Config().clustering
MIN_REPORT_CHARACTERS = CLUSTERING.min_report_characters
RETAINED_WINDOWS = CLUSTERING.retained_windows
WINDOW_SECONDS = CLUSTERING.window_seconds

# P(same event) = sigmoid(40 * cosine - 34): 0.5 at cosine 0.85; the batch's consolidation pass at 0.5 too
COSINE_ONLY = StoryModel([40.0] + [0.0] * (len(FEATURES) - 1), -34.0, 0.5, consolidation_threshold=0.5)


def unit_vector(*coordinates: float) -> np.ndarray:
    vector = np.zeros(384, dtype=np.float32)
    vector[: len(coordinates)] = coordinates
    return vector / np.linalg.norm(vector)


def towards(base: np.ndarray, cosine: float, axis: int) -> np.ndarray:
    """A unit vector at the given cosine from `base`, turned towards a fresh axis."""
    side = np.zeros(384, dtype=np.float32)
    side[axis] = 1.0
    return (cosine * base + np.sqrt(1 - cosine**2) * side).astype(np.float32)


def item(
    article_id: str, vector: np.ndarray, published: float | None = None, characters: int | None = None
) -> ArticleSignature:
    rng = np.random.default_rng(abs(hash(article_id)) % 2**32)
    minhash = rng.integers(0, 2**32, 64, dtype=np.uint32)
    return ArticleSignature(article_id, "en", published, vector, Counter(), Counter(), [], minhash, characters)


def memberships(stories: list) -> list[list[str]]:
    return [story.article_ids for story in stories]


def test_articles_join_the_story_they_resemble_and_others_stay_apart() -> None:
    a = unit_vector(1)
    b = unit_vector(0, 1)
    stream = [item("a1", a), item("b1", b), item("a2", towards(a, 0.95, 10)), item("b2", towards(b, 0.95, 11))]
    stories, events = cluster(stream, COSINE_ONLY)
    assert memberships(stories) == [["a1", "a2"], ["b1", "b2"]]
    assert events == []


def test_a_page_too_short_to_be_a_report_stays_alone_and_nothing_joins_it() -> None:
    a = unit_vector(1)
    short = MIN_REPORT_CHARACTERS - 1
    stream = [item("wall", a, characters=short), item("a1", a, characters=4000), item("a2", a, characters=None)]
    stream.append(item("wall2", a, characters=short))
    stories, _ = cluster(stream, COSINE_ONLY)
    assert memberships(stories) == [["wall"], ["a1", "a2"], ["wall2"]]


def test_seeing_an_article_again_changes_nothing() -> None:
    a = unit_vector(1)
    clusterer = StoryClusterer(COSINE_ONLY)
    first = clusterer.add([item("a1", a), item("a2", towards(a, 0.95, 10))])
    before = memberships(clusterer.result())
    again = clusterer.add([item("a1", a), item("a2", towards(a, 0.95, 10))])
    assert again == [] and memberships(clusterer.result()) == before and len(first) == 2


def test_a_bridging_article_merges_two_stories_and_the_merge_is_recorded() -> None:
    left = unit_vector(1)
    right = towards(left, 0.80, 5)  # P(left, right) = 0.12: two stories
    bridge = unit_vector(*(left + right)[:6])  # cosine 0.95 to both
    stories, events = cluster([item("l", left), item("r", right), item("bridge", bridge)], COSINE_ONLY)
    assert memberships(stories) == [["l", "r", "bridge"]]
    [merge] = events
    assert merge.kind == "merge" and merge.article_id == "bridge" and len(merge.other_ids) == 1
    assert merge.story_id == stories[0].id


def test_a_story_that_grew_apart_splits_and_the_split_is_recorded() -> None:
    a1 = unit_vector(1)
    a2 = towards(a1, 0.999, 20)
    b1 = towards(a1, 0.86, 21)  # P 0.6 to the a's: joins them
    b2 = towards(a1, 0.83, 21)  # in the same plane, a little further: P 0.31 to the a's, ~1 to b1: joins
    stream = [item("a1", a1), item("a2", a2), item("b1", b1), item("b2", b2)]
    assert float(b2 @ b1) > 0.99 and float(b2 @ a1) < 0.84
    stories, events = cluster(stream, COSINE_ONLY)
    assert memberships(stories) == [["a1", "a2"], ["b1", "b2"]]
    [split] = events
    assert split.kind == "split" and split.article_id == "b2"
    assert split.story_id == stories[0].id and split.other_ids == [stories[1].id]


def test_batch_and_streaming_give_the_same_stories() -> None:
    rng = np.random.default_rng(3)
    centres = [unit_vector(*rng.standard_normal(40)) for _ in range(6)]
    stream = []
    for n in range(60):
        centre = centres[n % 6]
        noisy = centre + 0.15 * unit_vector(*rng.standard_normal(60))
        stream.append(item(f"x{n}", (noisy / np.linalg.norm(noisy)).astype(np.float32)))
    batch, _ = cluster(stream, COSINE_ONLY)
    one_by_one = StoryClusterer(COSINE_ONLY)
    for signature in stream:
        one_by_one.add([signature])
    in_chunks = StoryClusterer(COSINE_ONLY)
    for start in range(0, 60, 7):
        in_chunks.add(stream[start : start + 7])
    assert memberships(batch) == memberships(one_by_one.result()) == memberships(in_chunks.result())
    assert [s.id for s in batch] == [s.id for s in one_by_one.result()]
    assert len(batch) == 6


def two_stories_and_a_bridge() -> dict[str, ArticleSignature]:
    """Stories a and b (cosine 0.80 apart: P 0.12) and x, closer to a (P 0.88) than to b (P 0.69)."""
    a, b = unit_vector(1), unit_vector(0.8, 0.6)
    x = unit_vector(0.9, 0.25, float(np.sqrt(1 - 0.81 - 0.0625)))
    vectors = {"a1": a, "a2": towards(a, 0.999, 20), "b1": b, "b2": towards(b, 0.999, 21), "x": x}
    return {name: item(name, vector) for name, vector in vectors.items()}


def test_streaming_alone_depends_on_arrival_order_and_the_consolidated_batch_does_not() -> None:
    articles = two_stories_and_a_bridge()
    x_first = [articles[name] for name in ("x", "a1", "b1", "a2", "b2")]
    b_first = [articles[name] for name in ("b1", "b2", "x", "a1", "a2")]
    streamed = [sorted(map(sorted, memberships(cluster(order, COSINE_ONLY, consolidate=False)[0])))
                for order in (x_first, b_first)]
    assert streamed[0] != streamed[1]  # x went with whichever story it met first
    consolidated = [sorted(map(sorted, memberships(cluster(order, COSINE_ONLY)[0]))) for order in (x_first, b_first)]
    assert consolidated[0] == consolidated[1] == [["a1", "a2", "x"], ["b1", "b2"]]


def test_the_consolidation_pass_records_what_it_moved() -> None:
    articles = two_stories_and_a_bridge()
    order = [articles[name] for name in ("b1", "b2", "x", "a1", "a2")]
    streamed, _ = cluster(order, COSINE_ONLY, consolidate=False)
    stories, events = cluster(order, COSINE_ONLY)
    assert memberships(streamed) == [["b1", "b2", "x"], ["a1", "a2"]]
    assert memberships(stories) == [["b1", "b2"], ["x", "a1", "a2"]]
    assert [s.id for s in stories] == [s.id for s in streamed]  # each story keeps its id
    [moved] = events
    assert moved.kind == "split" and moved.story_id == stories[0].id and moved.other_ids == [stories[1].id]


def test_old_time_windows_leave_memory_but_their_stories_remain() -> None:
    clusterer = StoryClusterer(COSINE_ONLY)
    a = unit_vector(1)
    clusterer.add([item("old", a, published=0.0)])
    for step in range(1, RETAINED_WINDOWS + 3):
        clusterer.add([item(f"later{step}", unit_vector(0, 0, step), published=step * WINDOW_SECONDS)])
    assert "old" in [aid for s in clusterer.result() for aid in s.article_ids]
    assert clusterer.live_articles < len(clusterer.article_ids)  # the first windows were evicted
    clusterer.add([item("today", towards(a, 0.99, 30), published=(RETAINED_WINDOWS + 3) * WINDOW_SECONDS)])
    assert ["today"] in memberships(clusterer.result())  # too late to join a story whose window was dropped


def test_a_late_article_finds_its_story_in_a_window_read_back_from_the_archive() -> None:
    a = unit_vector(1)
    stream = [item("old", a, published=0.0)]
    stream += [item(f"later{n}", unit_vector(0, 0, n), published=n * WINDOW_SECONDS) for n in range(1, 8)]
    stream.append(item("late", towards(a, 0.99, 30), published=60.0))  # published with "old", arrives last
    clusterer = StoryClusterer(COSINE_ONLY, archive_of(stream))
    without_archive = StoryClusterer(COSINE_ONLY)
    for arriving in stream:  # one at a time: "old" has left memory when "late" comes
        clusterer.add([arriving])
        without_archive.add([arriving])
    assert ["old", "late"] in memberships(clusterer.result())
    assert clusterer.live_articles < len(stream)  # the read-back window left memory again
    assert ["late"] in memberships(without_archive.result())
    assert memberships(cluster(stream, COSINE_ONLY)[0]) == memberships(clusterer.result())  # batch reads its input


def test_undated_articles_are_windowed_by_arrival() -> None:
    clusterer = StoryClusterer(COSINE_ONLY)
    a = unit_vector(1)
    clusterer.add([item("u1", a), item("u2", towards(a, 0.97, 9))])
    assert memberships(clusterer.result()) == [["u1", "u2"]]


@pytest.mark.parametrize("fit", [fit_logistic, fit_monotone])
def test_the_pair_model_fit_separates_a_learnable_signal(fit) -> None:
    rng = np.random.default_rng(0)
    signals = rng.uniform(0, 1, (400, len(FEATURES)))
    labels = signals[:, 0] + 0.1 * rng.standard_normal(400) > 0.6
    weights, bias = fit(signals, labels)
    model = StoryModel(weights.tolist(), bias, 0.5)
    accuracy = ((model.probability(signals) >= 0.5) == labels).mean()
    assert accuracy > 0.85 and weights[0] > 5 * max(abs(weights[1:]))


def test_monotone_fit_never_lets_more_similarity_lower_the_probability() -> None:
    rng = np.random.default_rng(1)
    signals = rng.uniform(0, 1, (400, len(FEATURES)))
    labels = (signals[:, 0] > 0.5) & (signals[:, 4] < 0.5)  # copied text made to look like a different event
    weights, _ = fit_monotone(signals, labels)
    assert weights[4] == 0.0 and weights[0] > 0
    assert fit_logistic(signals, labels)[0][4] < 0  # the unconstrained fit would have learned it


def test_the_shipped_model_loads_and_names_its_features() -> None:
    model = StoryModel.load()
    assert tuple(model.features) == FEATURES and 0 < model.threshold < 1
    assert all(w >= 0 for name, w in zip(model.features, model.weights, strict=True) if name not in UNSIGNED)
    assert model.weights[FEATURES.index("time_apart")] < 0  # reports far apart in time are less likely one event
    assert "tuning halves" in model.trained_on and "multilingual-events" in model.trained_on


def test_a_dated_and_an_undated_report_of_one_event_form_one_story() -> None:
    """Undated reports are searched across time windows by content (search_content), in and across batches."""
    a = unit_vector(1)
    stream = [item("dated", a, published=400 * WINDOW_SECONDS)]
    stream += [item(f"other{n}", unit_vector(0, 0, n), published=(400 + 2 * n) * WINDOW_SECONDS) for n in range(1, 8)]
    stream.append(item("undated", towards(a, 0.97, 30)))
    clusterer = StoryClusterer(COSINE_ONLY, archive_of(stream))
    for arriving in stream:  # one at a time: the dated report's window has left memory when the undated comes
        clusterer.add([arriving])
    assert ["dated", "undated"] in memberships(clusterer.result())
    assert ["dated", "undated"] in memberships(cluster(stream, COSINE_ONLY)[0])  # one batch
    reversed_stream = [stream[-1], *stream[:-1]]
    assert ["undated", "dated"] in memberships(cluster(reversed_stream, COSINE_ONLY)[0])


def test_reports_dated_months_apart_never_share_a_story_even_through_an_undated_one() -> None:
    a = unit_vector(1)
    day = 86400.0
    stream = [
        item("summit", a, published=1000 * day),
        item("undated", towards(a, 0.99, 20)),
        item("next_summit", towards(a, 0.99, 21), published=1300 * day),
    ]
    stories, _ = cluster(stream, COSINE_ONLY)
    together = [s for s in memberships(stories) if "summit" in s and "next_summit" in s]
    assert together == []
    assert ["summit", "undated"] in memberships(stories)
    stream[2] = item("next_day", towards(a, 0.99, 21), published=1001 * day)
    assert memberships(cluster(stream, COSINE_ONLY)[0]) == [["summit", "undated", "next_day"]]


def test_a_recurring_event_keeps_each_years_reports_together_when_consolidated_by_candidates() -> None:
    """Each report's nearest by content are the other years' reports of the same event, which the dates
    keep apart: the candidates are the nearest among reports the dates allow, not none at all."""
    from rashomon.config import use_config

    year = 365 * 86400.0
    a = unit_vector(1)
    order = [
        item(f"y{k}{part}", vector, published=1e9 + k * year)
        for k in range(20)
        for part, vector in (("a", a), ("b", towards(a, 0.999, 20)))
    ]
    with use_config(Config().replace(clustering={"consolidate_max": 5})):  # 40 reports: by candidates
        stories = cluster(order, COSINE_ONLY)[0]
    assert sorted(map(sorted, memberships(stories))) == sorted([f"y{k}a", f"y{k}b"] for k in range(20))


def test_language_bridging_never_joins_stories_months_apart() -> None:
    from rashomon.datamodel import Story
    from rashomon.stories.bridging import bridge_languages

    vectors = {"en": np.stack([unit_vector(1), unit_vector(0, 1)]), "ru": np.stack([unit_vector(1), unit_vector(0, 1)])}
    stories = [Story("s1", ["en"]), Story("s2", ["ru"])]
    languages = {"en": "en", "ru": "ru"}
    day = 86400.0
    joined, _ = bridge_languages(list(stories), languages, vectors, times={"en": (0.0, 0.0), "ru": (2 * day, 0.0)})
    assert len(joined) == 1
    stories = [Story("s1", ["en"]), Story("s2", ["ru"])]
    apart, merged = bridge_languages(stories, languages, vectors, times={"en": (0.0, 0.0), "ru": (120 * day, 0.0)})
    assert len(apart) == 2 and merged == []


def test_a_batch_above_the_pair_matrix_limit_is_consolidated_through_its_candidates() -> None:
    """Above `clustering.consolidate_max` reports, components come from each report's nearest reports and
    are consolidated as below the limit; one above `clustering.linkage_max` keeps its streaming stories."""
    from rashomon.config import use_config

    articles = two_stories_and_a_bridge()
    far = {name: item(name, vector) for name, vector in
           {"c1": unit_vector(0, 0, 0, 1), "c2": towards(unit_vector(0, 0, 0, 1), 0.999, 30)}.items()}
    order = [articles[name] for name in ("b1", "b2", "x", "a1", "a2")] + [far["c1"], far["c2"]]
    exact = sorted(map(sorted, memberships(cluster(order, COSINE_ONLY)[0])))
    with use_config(Config().replace(clustering={"consolidate_max": 5})):  # 7 reports: by candidates
        by_candidates = sorted(map(sorted, memberships(cluster(order, COSINE_ONLY)[0])))
    assert by_candidates == exact == [["a1", "a2", "x"], ["b1", "b2"], ["c1", "c2"]]
    with use_config(Config().replace(clustering={"consolidate_max": 5, "linkage_max": 3})):  # a, b, x: 5 linked
        kept = sorted(map(sorted, memberships(cluster(order, COSINE_ONLY)[0])))
    streamed = sorted(map(sorted, memberships(cluster(order, COSINE_ONLY, consolidate=False)[0])))
    assert kept == streamed == [["a1", "a2"], ["b1", "b2", "x"], ["c1", "c2"]]


def test_the_consolidation_pass_weighs_terms_the_same_whatever_the_arrival_order() -> None:
    """Term rarities change as reports arrive; the batch's second stage scores every pair with the final ones,
    so the same reports in any order give the same stories (a second ferry accident had joined the first
    one's story only when it arrived last)."""
    import random

    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("term_cosine")] = 12.0
    model = StoryModel(weights, -6.0, 0.5, consolidation_threshold=0.5)
    words = ["ferry", "lake", "capsized", "dolvan", "minister", "injured", "grain", "pelin", "aground", "crew"]
    rng = random.Random(7)
    items = []
    for n in range(12):
        terms = Counter({term_hash(w): 1 + rng.randrange(3) for w in rng.sample(words, 4)})
        items.append(ArticleSignature(f"r{n}", "en", None, unit_vector(1, n), terms, Counter(), [], item(f"r{n}", unit_vector(1)).minhash, None))

    def partition(order: list[ArticleSignature]) -> list[list[str]]:
        return sorted(sorted(ids) for ids in memberships(cluster(order, model)[0]))

    first = partition(items)
    for seed in range(6):
        shuffled = list(items)
        random.Random(seed).shuffle(shuffled)
        assert partition(shuffled) == first
