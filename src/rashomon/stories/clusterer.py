"""Streaming story clustering: each arriving article joins the story it most likely reports, or opens one.

How an article is placed (the same code serves a batch run, `rashomon watch` and the benchmarks):
1. Its words and names are weighted by their running rarity (TF-IDF) and hashed into fixed-size vectors;
   its title+lead embedding is used as is (centring it on a corpus mean was tried: it helps on large
   corpora and wrecks small ones, where the mean is the story itself).
2. Candidates come from an approximate nearest-neighbour index (usearch) per time window; only the
   article's window and its neighbours are searched, and windows older than `clustering.retained_windows` are
   dropped from memory, so the cost per article does not grow with the archive; a late article whose
   window was dropped has it read back from the archive (the store, or a batch's own input) for its
   search. Undated articles are windowed by arrival. Pages too short to be reports stay alone.
3. A logistic model (story_model.py) turns each candidate pair's signals into P(same event); a story's
   score is the mean P over its sampled members (average linkage). The best story at or above the
   threshold takes the article.
4. If the article also reaches a second story and the two stories link on average, they merge; when a
   story doubles in size its members are re-clustered and it splits if they fall apart. Both are
   recorded as StoryEvents.
5. A batch (not `watch`) ends with a consolidation pass: average linkage over every pair of the batch's
   reports at once (the offline second stage of online/offline clustering), so the result no longer
   depends on arrival order; streaming alone chains reports of one family of events (the same leaders
   in the same week) through early greedy joins.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from rashomon.config import settings
from rashomon.datamodel import ArticleSignature, Story, StoryEvent, StoryEventKind
from rashomon.ids import short_hash
from rashomon.linkage import average_linkage
from rashomon.stories.bridging import bridge_languages, canonical_order, unit
from rashomon.stories.same_event import CROSS_LANGUAGE_COPIES, FEATURES, StoryModel

DAY_SLOTS = 12 * 31  # one slot per (month, day)
DAY_TOLERANCE = 2  # days: a report may name the eve or the morrow of the day another names or was published


@dataclass
class StoryState:
    founder: int  # ordinal of the first article: the story id derives from it
    members: list[int] = field(default_factory=list)  # article ordinals, in arrival order
    next_split_check: int = 4


class LiveArticles:
    """Fixed-width rows for the articles still in memory; rows of evicted windows are reused."""

    def __init__(self, capacity: int = 1024) -> None:
        self.vectors = np.zeros((capacity, settings().embedding.dimension), dtype=np.float32)
        self.terms = np.zeros((capacity, settings().clustering.term_dimensions), dtype=np.float32)
        self.names = np.zeros((capacity, settings().clustering.name_dimensions), dtype=np.float32)
        self.numbers = np.zeros((capacity, settings().clustering.number_dimensions), dtype=np.float32)
        self.minhash = np.zeros((capacity, settings().signatures.minhash_permutations), dtype=np.uint32)
        self.days = np.zeros((capacity, DAY_SLOTS), dtype=np.float32)  # unit multi-hot of the named days
        self.day_set = np.zeros((capacity, DAY_SLOTS), dtype=np.uint8)  # named days and the publication day
        self.day_near = np.zeros((capacity, DAY_SLOTS), dtype=np.uint8)  # the same, widened by DAY_TOLERANCE
        self.has_days = np.zeros(capacity, dtype=bool)  # any day in day_set: pair tests skip day features at once
        self.language = np.zeros(capacity, dtype=np.int32)
        self.published = np.full(capacity, np.nan, dtype=np.float64)  # seconds since the epoch; NaN: undated
        self.spread = np.zeros(capacity, dtype=np.float64)  # seconds the true moment may lie from `published`
        self.ordinal = np.full(capacity, -1, dtype=np.int64)
        self.free: list[int] = list(range(capacity - 1, -1, -1))

    def allocate(self) -> int:
        if not self.free:
            self.grow()
        return self.free.pop()

    def grow(self) -> None:
        old = len(self.ordinal)
        grown_arrays = (
            "vectors", "terms", "names", "numbers", "minhash", "days", "day_set", "day_near", "has_days", "language"
        )
        for name in (*grown_arrays, "published", "spread"):
            array = getattr(self, name)
            grown = np.zeros((2 * old, *array.shape[1:]), dtype=array.dtype)
            grown[:old] = array
            setattr(self, name, grown)
        ordinal = np.full(2 * old, -1, dtype=np.int64)
        ordinal[:old] = self.ordinal
        self.ordinal = ordinal
        self.published[old:] = np.nan
        self.free.extend(range(2 * old - 1, old - 1, -1))

    def release(self, rows: Iterable[int]) -> None:
        for row in rows:
            self.ordinal[row] = -1
            self.free.append(row)


class Window:
    """One time window's rows and their nearest-neighbour index."""

    def __init__(self) -> None:
        self.index = new_index()
        self.rows: list[int] = []

    def index_rows(self, rows: list[int], vectors: np.ndarray) -> None:
        """Add rows to the nearest-neighbour index; on one thread, so the graph is the same on every run.

        `vectors`: (len(rows), D) float32 unit rows.
        """
        self.index.add(np.asarray(rows, dtype=np.int64), vectors, threads=1)


class StoryClusterer:
    """Assigns a stream of article signatures to stories; deterministic for a given arrival order."""

    def __init__(self, model: StoryModel | None = None, archive: Archive | None = None) -> None:
        self.model = model or StoryModel.load()
        self.archive = archive  # where the articles of windows dropped from memory can be read again
        self.computed = [weight != 0 for weight in self.model.weights]  # a zero-weight signal is left at 0
        self.live = LiveArticles()
        self.windows: dict[tuple[str, int], Window] = {}
        self.newest: dict[str, int] = {}
        self.document_frequency = np.zeros(settings().clustering.df_buckets, dtype=np.int32)
        self.documents = 0
        self.language_ids: dict[str, int] = {}
        self.article_ids: list[str] = []
        self.ordinal_of: dict[str, int] = {}
        self.row_of: dict[int, int] = {}  # ordinal → live row
        self.story_of: dict[int, int] = {}  # ordinal → story key
        self.stories: dict[int, StoryState] = {}
        self.events: list[StoryEvent] = []
        self.window_key_of = array("q")  # ordinal → its time window's number, -1 when windowed by arrival
        self.published = array("d")  # ordinal → publication moment (seconds; NaN when undated)
        self.spread = array("d")  # ordinal → its uncertainty (seconds)
        self.content: dict[int, Any] = {}  # arrival window → usearch index of its reports' vectors, by ordinal
        self.undated_in: dict[int, int] = {}  # arrival window → how many of its indexed reports are undated

    # Public -----------------------------------------------------------------------------

    def add(self, signatures: Iterable[ArticleSignature]) -> list[str]:
        """Place each new signature, in order; an article seen before is skipped. Returns the story ids."""
        fresh: list[ArticleSignature] = []
        seen: set[str] = set()
        for item in signatures:
            if item.article_id not in self.ordinal_of and item.article_id not in seen:
                seen.add(item.article_id)
                fresh.append(item)
        for offset in range(0, len(fresh), settings().clustering.micro_batch):
            self.add_batch(fresh[offset : offset + settings().clustering.micro_batch])
        return [self.story_id(self.story_of[self.ordinal_of[item.article_id]]) for item in fresh]

    def result(self) -> list[Story]:
        """Current stories: in arrival order of their first article, each listing its articles in arrival order."""
        ordered = sorted(self.stories.items(), key=lambda item: min(item[1].members))
        return [
            Story(self.story_id(key), [self.article_ids[o] for o in sorted(state.members)]) for key, state in ordered
        ]

    def story_id(self, key: int) -> str:
        return "s" + short_hash(self.article_ids[self.stories[key].founder])[:8]

    # Placement --------------------------------------------------------------------------------

    def add_batch(self, batch: list[ArticleSignature]) -> None:
        """Retrieve candidates for a micro-batch at once, then place its articles one by one."""
        keys = [self.window_key(item) for item in batch]
        rows = [self.admit(item) for item in batch]
        reports = [is_report(item) for item in batch]
        self.restore_windows(keys)
        indexed = self.search_windows(keys, rows)
        for found, more in zip(indexed, self.search_content(keys, rows), strict=True):
            found.extend(more)
        placed: dict[tuple[str, int], list[int]] = {}  # this batch's rows by window, not yet indexed
        placed_here: list[tuple[str, int]] = []  # this batch's placed rows with their window kind
        for i, ((kind, number), row) in enumerate(zip(keys, rows, strict=True)):
            if not reports[i]:  # alone, and never a candidate for others
                self.place(row, [])
                continue
            earlier = [r for nearby in (number - 1, number, number + 1) for r in placed.get((kind, nearby), [])]
            earlier += [r for other, r in placed_here if kind != "time" or other != "time"]  # as search_content
            self.place(row, self.nearest(row, indexed[i] + earlier))
            placed.setdefault((kind, number), []).append(row)
            placed_here.append((kind, row))
        for key, row in zip(keys, rows, strict=True):
            if key not in self.windows:
                self.windows[key] = Window()
            self.windows[key].rows.append(row)  # every row, so that eviction frees it
        for key, new_rows in placed.items():
            self.windows[key].index_rows(new_rows, self.live.vectors[new_rows])
        self.index_content([row for row, report in zip(rows, reports, strict=True) if report])
        self.evict()

    def window_key(self, item: ArticleSignature) -> tuple[str, int]:
        """A dated article's time window; an undated one's (or one dated to a month only) arrival window."""
        if item.published is None or item.published_spread > settings().clustering.window_seconds:
            return ("arrival", self.arrival_window())
        return ("time", window_of(item.published))

    def arrival_window(self) -> int:
        return len(self.article_ids) // settings().clustering.undated_window

    def admit(self, item: ArticleSignature) -> int:
        """Give the article an ordinal, count its words' document frequency and a live row of its signals."""
        ordinal = len(self.article_ids)
        self.article_ids.append(item.article_id)
        self.ordinal_of[item.article_id] = ordinal
        kind, number = self.window_key(item)
        self.window_key_of.append(number if kind == "time" else -1)
        self.published.append(np.nan if item.published is None else item.published)
        self.spread.append(item.published_spread)
        self.documents += 1
        for counts in (item.terms, item.names):  # fancy-index += counts a bucket once per document, as DF should
            self.document_frequency[keys_of(counts) % settings().clustering.df_buckets] += 1
        return self.load_row(ordinal, item)

    def load_row(self, ordinal: int, item: ArticleSignature) -> int:
        """A live row holding the article's weighted signals."""
        row = self.live.allocate()
        self.row_of[ordinal] = row
        live = self.live
        live.ordinal[row] = ordinal
        live.vectors[row] = item.vector
        live.language[row] = self.language_ids.setdefault(item.language, len(self.language_ids))
        live.terms[row] = self.hashed_tfidf(item.terms, settings().clustering.term_dimensions)
        live.names[row] = self.hashed_tfidf(item.names, settings().clustering.name_dimensions)
        numbers = np.asarray(item.numbers, dtype=np.int64)
        ones = np.ones(len(numbers), dtype=np.float32)
        live.numbers[row] = unit(hashed(numbers, ones, settings().clustering.number_dimensions))
        live.minhash[row] = item.minhash
        live.published[row] = np.nan if item.published is None else item.published
        live.spread[row] = item.published_spread
        slots = [(day // 100 - 1) * 31 + day % 100 - 1 for day in item.days]
        live.days[row] = unit(np.bincount(np.asarray(slots, dtype=np.int64), minlength=DAY_SLOTS).astype(np.float32))
        known = slots + ([day_slot(item.published)] if item.published is not None and not item.published_spread else [])
        live.day_set[row] = 0
        live.day_near[row] = 0
        live.has_days[row] = bool(known)
        if known:
            live.day_set[row, known] = 1
            near = [(slot + step) % DAY_SLOTS for slot in known for step in range(-DAY_TOLERANCE, DAY_TOLERANCE + 1)]
            live.day_near[row, near] = 1
        return row

    def restore_windows(self, keys: list[tuple[str, int]]) -> None:
        """Read back from the archive the dropped windows that late articles need (they leave again after)."""
        self.restore_window_numbers({number + step for kind, number in keys if kind == "time" for step in (-1, 0, 1)})

    def restore_window_numbers(self, wanted: set[int]) -> None:
        """Read back the given dropped time windows from the archive."""
        if self.archive is None or "time" not in self.newest:
            return
        oldest_retained = self.newest["time"] - settings().clustering.retained_windows
        for number in sorted(n for n in wanted if n < oldest_retained and ("time", n) not in self.windows):
            window = self.windows[("time", number)] = Window()
            for item in self.archive(number):
                ordinal = self.ordinal_of.get(item.article_id)
                if ordinal is not None and ordinal not in self.row_of and is_report(item):
                    window.rows.append(self.load_row(ordinal, item))
            if window.rows:
                window.index_rows(window.rows, self.live.vectors[window.rows])

    def hashed_tfidf(self, counts: dict[int, int], dimensions: int) -> np.ndarray:
        """Sublinear TF × smoothed IDF (as scikit-learn computes them), hashed and unit-normalised.

        Returns a (dimensions,) float32 unit vector.
        """
        if not counts:
            return np.zeros(dimensions, dtype=np.float32)
        keys = keys_of(counts)
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        frequency = self.document_frequency[keys % settings().clustering.df_buckets]
        idf = np.log((self.documents + 1) / (frequency + 1.0)) + 1.0
        return unit(hashed(keys, (tf * idf).astype(np.float32), dimensions))

    def search_windows(self, keys: list[tuple[str, int]], rows: list[int]) -> list[list[int]]:
        """Nearest indexed rows for each batch article, from its own and the neighbouring windows."""
        found: list[list[int]] = [[] for _ in rows]
        wanted: dict[tuple[str, int], list[int]] = {}
        for i, (kind, number) in enumerate(keys):
            for nearby in (number - 1, number, number + 1):
                if (kind, nearby) in self.windows:
                    wanted.setdefault((kind, nearby), []).append(i)
        for key, positions in wanted.items():
            index = self.windows[key].index
            queries = self.live.vectors[[rows[i] for i in positions]]
            matches: Any = index.search(queries, settings().clustering.candidates)
            if hasattr(matches, "counts"):  # several queries: one row of keys per query
                keys_per_query, counts = matches.keys, matches.counts
            else:  # usearch answers a single query with a flat Matches
                keys_per_query, counts = [matches.keys], [len(matches.keys)]
            for position, keys_found, count in zip(positions, keys_per_query, counts, strict=True):
                found[position].extend(keys_found[:count].tolist())
        return found

    def search_content(self, keys: list[tuple[str, int]], rows: list[int]) -> list[list[int]]:
        """Candidates across time for articles without a day: nearest recent articles by content alone.

        Windows keep dated articles apart from undated ones, yet one report of an event may carry a date
        and another none. Every article is also indexed by arrival (`content` windows, as many as
        `clustering.retained_windows`); an undated article takes its nearest there whatever their dates,
        a dated one its nearest undated ones. Their time windows are read back from the archive if they
        were dropped, so the cost stays bounded by `clustering.candidates` per article.
        """
        found: list[list[int]] = [[] for _ in rows]
        undated_query = any(kind != "time" for kind, _ in keys)
        searched = [n for n in self.content if undated_query or self.undated_in.get(n, 0)]
        if not searched:
            return found  # all dated, and no undated report to meet: the time windows are the whole search
        queries = self.live.vectors[rows]
        wanted: list[list[int]] = [[] for _ in rows]
        for number in searched:
            index = self.content[number]
            matches: Any = index.search(queries, settings().clustering.candidates)
            keys_per_query = matches.keys if hasattr(matches, "counts") else [matches.keys]
            counts = matches.counts if hasattr(matches, "counts") else [len(matches.keys)]
            for position, (ordinals, count) in enumerate(zip(keys_per_query, counts, strict=True)):
                for ordinal in ordinals[:count].tolist():
                    dated_pair = keys[position][0] == "time" and self.window_key_of[ordinal] >= 0
                    if not dated_pair:  # two dated articles meet through their windows, or not at all
                        wanted[position].append(ordinal)
        windows = {self.window_key_of[o] for ordinals in wanted for o in ordinals if self.window_key_of[o] >= 0}
        self.restore_window_numbers(windows)
        for position, ordinals in enumerate(wanted):
            found[position] = [self.row_of[o] for o in ordinals if o in self.row_of]
        return found

    def index_content(self, rows: list[int]) -> None:
        """Add reports to the current arrival window's content index (keyed by ordinal)."""
        if not rows:
            return
        number = self.arrival_window()
        if number not in self.content:
            self.content[number] = new_index()
        ordinals = self.live.ordinal[rows]
        self.content[number].add(ordinals, self.live.vectors[rows], threads=1)
        undated = sum(1 for ordinal in ordinals.tolist() if self.window_key_of[ordinal] < 0)
        self.undated_in[number] = self.undated_in.get(number, 0) + undated

    def nearest(self, row: int, candidates: list[int]) -> list[int]:
        """The `clustering.candidates` rows closest to `row` by embedding cosine."""
        if not candidates:
            return []
        unique = np.unique(np.asarray(candidates, dtype=np.int64))
        scores = self.live.vectors[unique] @ self.live.vectors[row]
        return unique[np.argsort(-scores, kind="stable")[:settings().clustering.candidates]].tolist()

    def place(self, row: int, candidates: list[int]) -> None:
        ordinal = int(self.live.ordinal[row])
        scores = self.story_scores(row, candidates)
        joined = [story for story, score in scores if score >= self.model.threshold]
        if not joined:
            self.stories[ordinal] = StoryState(founder=ordinal, members=[ordinal])
            self.story_of[ordinal] = ordinal
            return
        target = joined[0]
        self.stories[target].members.append(ordinal)
        self.story_of[ordinal] = target
        for other in joined[1:]:
            if self.linkage(target, other) >= self.model.threshold:  # both still stories: keys in `joined` differ
                target = self.merge(target, other, ordinal)
        if len(self.stories[target].members) >= self.stories[target].next_split_check:
            self.check_split(target, ordinal)

    def story_scores(self, row: int, candidates: list[int]) -> list[tuple[int, float]]:
        """Average P(same event) against each candidate story's sampled members, best first."""
        by_story: dict[int, list[int]] = {}
        ordinals = self.live.ordinal[candidates].tolist()
        for candidate, ordinal in zip(candidates, ordinals, strict=True):  # nearest first: closest stories first
            story = self.story_of[ordinal]
            if story in by_story or len(by_story) < settings().clustering.stories_compared:
                by_story.setdefault(story, []).append(candidate)
        if not by_story:
            return []
        samples = [self.sample(story, rows, settings().clustering.story_sample) for story, rows in by_story.items()]
        sizes = [len(sample) for sample in samples]
        compared = np.fromiter(itertools.chain.from_iterable(samples), dtype=np.int64, count=sum(sizes))
        probability = self.model.probability(self.signals(row, compared))
        starts = list(itertools.accumulate(sizes, initial=0))[:-1]
        means = np.add.reduceat(probability, starts) / np.asarray(sizes)
        blocked = np.logical_or.reduceat(self.apart(np.asarray([row]), compared)[0], starts)
        means[blocked] = 0.0  # a story holding a report dated too far away is another event
        scores = [(story, float(mean)) for story, mean in zip(by_story, means, strict=True)]
        return sorted(scores, key=lambda item: (-item[1], item[0]))

    def sample(self, story: int, first: list[int], size: int) -> list[int]:
        """The given rows, then the story's most recent live members, up to `size` rows."""
        chosen = list(dict.fromkeys(first))[:size]
        for ordinal in reversed(self.stories[story].members):
            if len(chosen) >= size:
                break
            row = self.row_of.get(ordinal)
            if row is not None and row not in chosen:
                chosen.append(row)
        return chosen

    def signals(self, row: int, others: np.ndarray) -> np.ndarray:
        """The model's pair signals between one row and many (one line per other row).

        others: (m,) row indices; returns (m, len(FEATURES)) float32.
        """
        return self.cross_signals(np.asarray([row]), others)[0]

    def cross_signals(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Pair signals for every (left, right) pair of rows: shape (len(left), len(right), FEATURES)."""
        live = self.live
        signals = np.zeros((len(left), len(right), len(FEATURES)), dtype=np.float32)
        features = (
            lambda: live.vectors[left] @ live.vectors[right].T,
            lambda: live.terms[left] @ live.terms[right].T,
            lambda: live.names[left] @ live.names[right].T,
            lambda: live.numbers[left] @ live.numbers[right].T,
            lambda: (live.minhash[left][:, None, :] == live.minhash[right][None, :, :]).mean(axis=2),
            lambda: live.language[left][:, None] != live.language[right][None, :],
            lambda: time_apart(live.published[left], live.spread[left], live.published[right], live.spread[right]),
            lambda: np.zeros((len(left), len(right)), dtype=np.float32),  # embedding_cosine_across, set below
            lambda: np.zeros((len(left), len(right)), dtype=np.float32),  # name_cosine_across, set below
            lambda: self.if_days(left, right, lambda: live.days[left] @ live.days[right].T),
            lambda: self.if_days(left, right, lambda: days_disagree(live.day_near[left], live.day_set[right])),
        )
        for position, (feature, computed) in enumerate(zip(features, self.computed, strict=True)):
            if computed:
                signals[:, :, position] = feature()
        across = live.language[left][:, None] != live.language[right][None, :]
        for position, base in CROSS_LANGUAGE_COPIES.items():  # the same signal, own weight across languages
            signals[:, :, position] = np.where(across, signals[:, :, base], 0.0)
            signals[:, :, base] = np.where(across, 0.0, signals[:, :, base])
        return signals

    def if_days(self, left: np.ndarray, right: np.ndarray, feature: Callable[[], np.ndarray]) -> np.ndarray:
        """A day feature, computed only when both sides have rows that name days (else zeros, as it would be)."""
        live = self.live
        if live.has_days[left].any() and live.has_days[right].any():
            return feature()
        return np.zeros((len(left), len(right)), dtype=np.float32)

    def pair_probabilities(self, rows: list[int]) -> np.ndarray:
        """P(same event) for every pair among `rows` (a square matrix).

        Returns (len(rows), len(rows)) float.
        """
        array = np.asarray(rows)
        return self.model.probability(self.cross_signals(array, array))

    def apart(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """(len(left), len(right)) bool: both dated and further apart than `clustering.event_span_seconds`.

        A cannot-link constraint: whatever their words, such reports are of different events (a summit
        and the next year's, an earthquake and its anniversary), and no undated report may chain them.
        """
        live = self.live
        gap = date_gap(live.published[left], live.spread[left], live.published[right], live.spread[right])
        return gap > settings().clustering.event_span_seconds  # NaN (undated) compares False

    def linkage(self, first: int, second: int) -> float:
        """Mean P(same event) between two stories' sampled live members."""
        left = self.sample(first, [], settings().clustering.story_sample)
        right = self.sample(second, [], settings().clustering.story_sample)
        if not left or not right or self.apart(np.asarray(left), np.asarray(right)).any():
            return 0.0
        return float(self.model.probability(self.cross_signals(np.asarray(left), np.asarray(right))).mean())

    def merge(self, first: int, second: int, trigger: int) -> int:
        """Fold the younger story into the older one; returns the survivor."""
        keep, gone = sorted((first, second), key=lambda key: self.stories[key].founder)
        self.events.append(
            StoryEvent(
                StoryEventKind.MERGE,
                self.story_id(keep),
                [self.story_id(gone)],
                self.article_ids[trigger],
                len(self.article_ids),
            )
        )
        for ordinal in self.stories[gone].members:
            self.story_of[ordinal] = keep
        self.stories[keep].members = sorted(self.stories[keep].members + self.stories[gone].members)
        del self.stories[gone]
        return keep

    def check_split(self, story: int, trigger: int) -> None:
        """Re-cluster the story's recent live members; parts that no longer link leave as new stories."""
        state = self.stories[story]
        state.next_split_check = 2 * len(state.members)
        rows = self.sample(story, [], settings().clustering.split_sample)
        if len(rows) < 4:
            return
        array = np.asarray(rows)
        clusters = average_linkage(
            self.pair_probabilities(rows).astype(np.float64), self.model.threshold, self.apart(array, array)
        )
        parts = [[rows[i] for i in cluster] for cluster in clusters]
        if len(parts) < 2:
            return
        ordinals = [sorted(int(self.live.ordinal[int(r)]) for r in part) for part in parts]
        with_founder = [part for part in ordinals if state.founder in part]
        kept = with_founder[0] if with_founder else max(ordinals, key=lambda part: (len(part), -part[0]))
        new_ids = []
        for part in ordinals:
            if part is kept:
                continue
            key = part[0]
            self.stories[key] = StoryState(founder=key, members=part, next_split_check=2 * len(part))
            for ordinal in part:
                self.story_of[ordinal] = key
            leaving = set(part)
            state.members = [o for o in state.members if o not in leaving]
            new_ids.append(self.story_id(key))
        self.events.append(
            StoryEvent(
                StoryEventKind.SPLIT, self.story_id(story), new_ids, self.article_ids[trigger], len(self.article_ids)
            )
        )

    def consolidate(self, signatures: list[ArticleSignature]) -> None:
        """Re-cluster the batch's reports at once by average linkage of P(same event), with the date cannot-link.

        The batch's second stage: streaming decides with what has arrived, so early greedy joins chain
        reports of neighbouring events; here each pair's P counts whatever the order. Pairs below the
        model's `consolidation_threshold` never merge two clusters unless others lift their mean, so the
        linkage runs within connected components of the pairs at or above it. Reports whose window left
        memory are read again from `signatures` (the batch's own) for the pass. Up to
        `clustering.consolidate_max` reports every pair is scored (an (n, n) matrix); above it the
        components come from each report's `clustering.candidates` nearest reports by embedding. A
        component larger than `clustering.linkage_max` keeps its streaming stories. Skipped above
        `clustering.consolidate_reload_max` reports (their rows must fit in memory at once). Changes are
        recorded as merge and split StoryEvents.
        """
        by_ordinal = {self.ordinal_of[s.article_id]: s for s in signatures if s.article_id in self.ordinal_of}
        ordinals = sorted(o for o, item in by_ordinal.items() if is_report(item))
        if len(ordinals) < 2 or len(ordinals) > settings().clustering.consolidate_reload_max:
            return
        reloaded = [self.load_row(o, by_ordinal[o]) for o in ordinals if o not in self.row_of]
        rows = np.asarray([self.row_of[ordinal] for ordinal in ordinals])
        self.reweigh(rows, [by_ordinal[o] for o in ordinals])
        threshold = self.model.consolidation_threshold
        dense = len(rows) <= settings().clustering.consolidate_max  # else scored by component, by candidates
        if dense:
            probability, apart = self.pair_matrix(rows)
            groups = components(np.where(apart, 0.0, probability) >= threshold)
        else:
            groups = self.candidate_components(rows, threshold)
        clusters = []
        for component in groups:
            if len(component) > settings().clustering.linkage_max:  # average linkage is O(m^3)
                clusters.extend(self.streaming_parts([ordinals[i] for i in component]))
                continue
            if dense:
                inside = np.ix_(component, component)
                component_probability, component_apart = probability[inside], apart[inside]
            else:
                component_probability, component_apart = self.pair_matrix(rows[component])
            parts = average_linkage(component_probability, threshold, component_apart)
            clusters.extend([[ordinals[component[i]] for i in part] for part in parts])
        for row in reloaded:  # they leave memory again, as their windows did
            del self.row_of[int(self.live.ordinal[row])]
        self.live.release(reloaded)
        self.replace_stories(clusters)

    def reweigh(self, rows: np.ndarray, items: list[ArticleSignature]) -> None:
        """Weigh the rows' terms and names again with the corpus statistics as they stand now.

        A row is weighed when its report arrives, with the term rarities seen so far; scored that way, one
        pair's P depended on the arrival order (an invented report of a second ferry accident joined the
        first accident's story when it came last, not when it came first). The consolidation pass scores
        every pair with the same, final statistics. rows: (n,) live rows of `items`, in order.
        """
        for row, item in zip(rows.tolist(), items, strict=True):
            self.live.terms[row] = self.hashed_tfidf(item.terms, settings().clustering.term_dimensions)
            self.live.names[row] = self.hashed_tfidf(item.names, settings().clustering.name_dimensions)

    def candidate_components(self, rows: np.ndarray, threshold: float, block: int = 512) -> list[list[int]]:
        """Connected components (positions in `rows`) of the pairs of P ≥ `threshold` among each row's
        `clustering.candidates` nearest rows by embedding cosine that are not dated too far apart.

        The date test comes before the nearest are chosen: a report's nearest by content are often the
        same actors' other events (a yearly summit, a recurring quake), which the date keeps apart; chosen
        after, they would fill every candidate place and leave the report alone.
        """
        from scipy.sparse import coo_matrix

        k = min(settings().clustering.candidates, len(rows) - 1)
        vectors = self.live.vectors[rows]
        left: list[int] = []
        right: list[int] = []
        for start in range(0, len(rows), block):
            cosine = vectors[start : start + block] @ vectors.T
            cosine[self.apart(rows[start : start + block], rows)] = -np.inf
            for offset, scores in enumerate(cosine):
                scores[start + offset] = -np.inf
                nearest = np.argpartition(-scores, k)[:k]
                nearest = nearest[np.isfinite(scores[nearest])]
                probability = self.model.probability(self.signals(int(rows[start + offset]), rows[nearest]))
                linked = nearest[probability >= threshold]
                left.extend([start + offset] * len(linked))
                right.extend(linked.tolist())
        return components(coo_matrix((np.ones(len(left)), (left, right)), shape=(len(rows), len(rows))))

    def streaming_parts(self, ordinals: list[int]) -> list[list[int]]:
        """The given reports grouped as the stream left them."""
        parts: dict[int, list[int]] = {}
        for ordinal in ordinals:
            parts.setdefault(self.story_of[ordinal], []).append(ordinal)
        return list(parts.values())

    def pair_matrix(self, rows: np.ndarray, block: int = 256) -> tuple[np.ndarray, np.ndarray]:
        """P(same event) and the date cannot-link for every pair of `rows`, computed a block of rows at a time.

        Returns ((n, n) float64, (n, n) bool); the diagonal of P is 0.
        """
        probability = np.zeros((len(rows), len(rows)), dtype=np.float64)
        for start in range(0, len(rows), block):
            part = rows[start : start + block]
            probability[start : start + len(part)] = self.model.probability(self.cross_signals(part, rows))
        np.fill_diagonal(probability, 0.0)
        return probability, self.apart(rows, rows)

    def replace_stories(self, clusters: list[list[int]]) -> None:
        """Make `clusters` (lists of report ordinals) the stories of those reports, recording what changed.

        A cluster keeps the id of the oldest story whose founder it holds (else it is a new story named
        after its first report); a cluster holding several stories' founders records a merge, and a story
        whose reports end in several clusters a split.
        """
        before = {ordinal: self.story_of[ordinal] for cluster in clusters for ordinal in cluster}
        old_ids = {key: self.story_id(key) for key in set(before.values())}
        for key in old_ids:
            del self.stories[key]
        trigger, seen = self.article_ids[-1], len(self.article_ids)
        went_to: dict[int, list[int]] = {}  # old story key → the new story keys its reports went to
        for cluster in clusters:
            founders = sorted(o for o in cluster if o in old_ids)
            key = founders[0] if founders else min(cluster)
            self.stories[key] = StoryState(founder=key, members=sorted(cluster), next_split_check=2 * len(cluster))
            for ordinal in cluster:
                self.story_of[ordinal] = key
                went_to.setdefault(before[ordinal], [])
                if key not in went_to[before[ordinal]]:
                    went_to[before[ordinal]].append(key)
            if len(founders) > 1:
                gone = [old_ids[f] for f in founders[1:]]
                self.events.append(StoryEvent(StoryEventKind.MERGE, self.story_id(key), gone, trigger, seen))
        for origin, keys in went_to.items():
            if len(keys) > 1:
                parts = [self.story_id(key) for key in keys if key != origin]
                self.events.append(StoryEvent(StoryEventKind.SPLIT, old_ids[origin], parts, trigger, seen))

    def evict(self) -> None:
        """Drop windows more than `clustering.retained_windows` behind the newest of their kind; their stories stay."""
        for kind, number in list(self.windows):
            self.newest[kind] = max(self.newest.get(kind, number), number)
        current = self.arrival_window()
        for number in [n for n in self.content if n < current - settings().clustering.retained_windows]:
            del self.content[number]
            self.undated_in.pop(number, None)
        for key in [k for k in self.windows if k[1] < self.newest[k[0]] - settings().clustering.retained_windows]:
            window = self.windows.pop(key)
            for row in window.rows:
                del self.row_of[int(self.live.ordinal[row])]
            self.live.release(window.rows)

    def times(self) -> dict[str, tuple[float, float]]:
        """Article id → (publication moment, uncertainty) in seconds, for the dated articles seen so far."""
        return {
            article_id: (moment, spread)
            for article_id, moment, spread in zip(self.article_ids, self.published, self.spread, strict=True)
            if not np.isnan(moment)
        }

    @property
    def live_articles(self) -> int:
        return len(self.row_of)


def new_index() -> Any:
    """An empty approximate nearest-neighbour index of unit embeddings (usearch HNSW, int8, cosine)."""
    from usearch.index import Index

    return Index(
        ndim=settings().embedding.dimension,
        metric="cos",
        dtype="i8",
        connectivity=16,
        expansion_add=32,
        expansion_search=32,
    )


Archive = Callable[[int], list[ArticleSignature]]  # a dated window's number → its articles' signatures


def window_of(published: float) -> int:
    """The number of the time window a publication moment falls in."""
    return int(published // settings().clustering.window_seconds)


def archive_of(signatures: list[ArticleSignature]) -> Archive:
    """An archive over signatures held in memory (batch mode reads its own input, as watch reads the store)."""
    by_window: dict[int, list[ArticleSignature]] = {}
    for item in signatures:
        if item.published is not None:
            by_window.setdefault(window_of(item.published), []).append(item)
    return lambda number: by_window.get(number, [])


def components(adjacent: Any) -> list[list[int]]:
    """Connected components (scipy.sparse.csgraph) of an undirected graph given as an (n, n) adjacency
    matrix, dense or sparse; each component's nodes in order, components in order of their lowest node."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    _, labels = connected_components(csr_matrix(adjacent), directed=False)
    groups: dict[int, list[int]] = {}
    for node, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(node)
    return list(groups.values())


def is_report(item: ArticleSignature) -> bool:
    """Long enough to report an event: shorter pages are access walls, error pages and stubs."""
    return item.characters is None or item.characters >= settings().clustering.min_report_characters


def time_apart(
    first: np.ndarray, first_spread: np.ndarray, second: np.ndarray, second_spread: np.ndarray
) -> np.ndarray:
    """Days between publication dates beyond their uncertainty, as log(1 + days) / log(1 + 365), capped at 1.

    first, first_spread: (n,) seconds (NaN: undated); second, second_spread: (m,). Returns (n, m) float32,
    0 where either article is undated (no evidence either way) or the dates may coincide.
    """
    days = np.fmax(date_gap(first, first_spread, second, second_spread), 0.0) / 86400.0  # fmax: NaN → 0
    return np.minimum(np.log1p(days) / np.log1p(365.0), 1.0).astype(np.float32)


def date_gap(
    first: np.ndarray, first_spread: np.ndarray, second: np.ndarray, second_spread: np.ndarray
) -> np.ndarray:
    """Seconds between publication moments beyond their uncertainty: (n, m), negative when they may coincide,
    NaN where either is undated. first, first_spread: (n,) seconds; second, second_spread: (m,)."""
    return np.abs(first[:, None] - second[None, :]) - first_spread[:, None] - second_spread[None, :]


def day_slot(published: float) -> int:
    """The (month, day) slot of a publication moment (seconds since the epoch, UTC)."""
    moment = datetime.fromtimestamp(published, tz=UTC)
    return (moment.month - 1) * 31 + moment.day - 1


def days_disagree(near: np.ndarray, days: np.ndarray) -> np.ndarray:
    """1 where both articles name days (or were published on one) and none is within DAY_TOLERANCE of another.

    near: (n, DAY_SLOTS) uint8 widened day sets; days: (m, DAY_SLOTS) uint8. Returns (n, m) float32.
    A report of 13 October and one of 5 August are of different events even when both are undated.
    """
    overlap = near.astype(np.float32) @ days.T.astype(np.float32)
    both = (near.any(axis=1)[:, None]) & (days.any(axis=1)[None, :])
    return (both & (overlap == 0)).astype(np.float32)


def keys_of(counts: dict[int, int]) -> np.ndarray:
    """Hashed word keys of a count dict: (n,) int64, in the dict's order."""
    return np.fromiter(counts, dtype=np.int64, count=len(counts))


def hashed(keys: np.ndarray, values: np.ndarray, dimensions: int) -> np.ndarray:
    """Signed feature hashing: a bounded-size vector whose dot products approximate the sparse ones.

    keys, values: (n,); returns (dimensions,) float32.
    """
    signs = np.where((keys >> 20) & 1, 1.0, -1.0)
    return np.bincount(keys % dimensions, weights=signs * values, minlength=dimensions).astype(np.float32)


def training_signals(signatures: list[ArticleSignature]) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Pair signals for every pair of articles, weighted as the stream would see them (to fit the model).

    Returns ((n_pairs, len(FEATURES)) float32 signals, the (i, j) index pair of each row).
    """
    clusterer = StoryClusterer(StoryModel([0.0] * len(FEATURES), 0.0, 0.5))
    clusterer.computed = [True] * len(FEATURES)
    rows = [clusterer.admit(item) for item in signatures]
    pairs = [(i, j) for i in range(len(rows)) for j in range(i + 1, len(rows))]
    signals = np.vstack([clusterer.signals(rows[i], np.asarray(rows[i + 1 :])) for i in range(len(rows) - 1)])
    return signals, pairs


def cluster(
    signatures: list[ArticleSignature], model: StoryModel | None = None, consolidate: bool = True
) -> tuple[list[Story], list[StoryEvent]]:
    """Batch mode: the streaming clusterer run over the articles in the given order, then consolidated
    (`consolidate=False`: the stream alone, as `watch` sees it)."""
    clusterer = StoryClusterer(model, archive_of(signatures))
    clusterer.add(signatures)
    if consolidate:
        clusterer.consolidate(signatures)
    return clusterer.result(), clusterer.events


def group_stories(
    signatures: list[ArticleSignature],
    languages: dict[str, str],
    sentence_vectors: dict[str, np.ndarray],
    model: StoryModel | None = None,
) -> tuple[list[Story], list[StoryEvent]]:
    """Batch mode of the analysis: cluster, consolidate, then bridge stories across languages with
    whole-text vectors.

    `sentence_vectors`: article id → (n_sentences, D) float32 (for language bridging).
    """
    clusterer = StoryClusterer(model, archive_of(signatures))
    clusterer.add(signatures)
    clusterer.consolidate(signatures)
    return bridged_stories(clusterer, languages, sentence_vectors)


def bridged_stories(
    clusterer: StoryClusterer, languages: dict[str, str], sentence_vectors: dict[str, np.ndarray]
) -> tuple[list[Story], list[StoryEvent]]:
    """The clusterer's stories after language bridging, in arrival order, with every merge and split.

    `sentence_vectors`: article id → (n_sentences, D) float32.
    """
    clustered = clusterer.result()
    first_article = {story.id: story.article_ids[0] for story in clustered}
    stories, merged = bridge_languages(clustered, languages, sentence_vectors, times=clusterer.times())
    events = list(clusterer.events)
    for kept, gone in merged:
        events.append(StoryEvent(StoryEventKind.MERGE, kept, [gone], first_article[gone], len(clusterer.article_ids)))
    return canonical_order(stories, clusterer.article_ids), events
