"""Core types shared by every pipeline stage.

Stages take and return these dataclasses and nothing else, so a stage can be
replaced (or distributed) without touching its neighbours.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np


class DocumentFormat(StrEnum):
    """How a document was read."""

    TEXT = "text"
    HTML = "html"
    FEED = "feed"
    JSONL = "jsonl"
    WARC = "warc"
    TABLE = "table"  # a row of a Spark table or Parquet dataset


class OutletSource(StrEnum):
    """Where an article's outlet name came from."""

    METADATA = "metadata"
    URL = "url"
    DATELINE = "dateline"
    FOOTER = "footer"
    MASTHEAD = "masthead"
    UNKNOWN = "unknown"


class EntityType(StrEnum):
    """spaCy's entity labels kept for people, organisations and places (NORP becomes GPE on merging)."""

    PERSON = "PERSON"
    GPE = "GPE"
    ORG = "ORG"
    LOC = "LOC"
    FAC = "FAC"
    NORP = "NORP"


class DivergenceKind(StrEnum):
    """How outlets part ways."""

    CONFLICT = "conflict"  # different figures for the same thing
    FRAMING = "framing"  # different wording for the same thing
    TIMING = "timing"  # the day each outlet gives for the same fact


class EdgeKind(StrEnum):
    """How one article fed another."""

    CITES = "cites"
    REUSES = "reuses"
    TRANSLATES = "translates"


class StoryEventKind(StrEnum):
    """What the clusterer did to stories."""

    MERGE = "merge"
    SPLIT = "split"


@dataclass
class RawDocument:
    """One document as read from disk, before any cleaning."""

    source: str  # input path as given (plus "#n" for items inside feeds, JSONL, WARC)
    content_hash: str  # sha256 of the raw bytes: makes re-runs idempotent
    text: str  # decoded text (for HTML: the extracted main text)
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601 when known
    language: str | None = None  # ISO 639-1 when given by metadata
    fmt: DocumentFormat = DocumentFormat.TEXT
    title_in_text: bool = True  # plain dumps carry the title on their first lines
    outlet_hint: str | None = None  # a feed's channel title: the outlet only when nothing closer names one
    language_hint: str | None = None  # a feed's channel language: used only when detection cannot tell


@dataclass
class CleanDocument:
    """A raw document with boilerplate removed: which raw lines make up its paragraphs."""

    raw: RawDocument
    paragraphs: list[list[tuple[int, int]]]  # raw [start, end) line spans; a paragraph may span wrapped lines
    title: str | None
    removed_lines: list[str]
    outlet: str | None
    outlet_source: OutletSource
    access_wall: bool = False  # subscription or login prompts were removed from it


@dataclass
class OffsetMap:
    """Maps each character of a derived text back to an offset in the raw text.

    `raw_offsets` is a compact array('i') (4 bytes a character; a Python list took 36), so a batch of
    long articles fits in memory.
    """

    raw_offsets: Sequence[int]  # raw_offsets[i] = raw index of derived char i
    raw_length: int

    def __post_init__(self) -> None:
        if not isinstance(self.raw_offsets, array):
            self.raw_offsets = array("i", self.raw_offsets)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) covering the derived span [start, end)."""
        if not self.raw_offsets or start >= end:
            pos = self.raw_offsets[start] if start < len(self.raw_offsets) else self.raw_length
            return pos, pos
        return self.raw_offsets[start], self.raw_offsets[end - 1] + 1

    def segments(self) -> list[list[int]]:
        """Compact form: [derived_start, raw_start, length] runs of contiguous characters."""
        runs: list[list[int]] = []
        for i, raw in enumerate(self.raw_offsets):
            if runs and runs[-1][1] + runs[-1][2] == raw and runs[-1][0] + runs[-1][2] == i:
                runs[-1][2] += 1
            else:
                runs.append([i, raw, 1])
        return runs

    @classmethod
    def from_segments(cls, segments: list[list[int]], length: int, raw_length: int) -> OffsetMap:
        offsets = array("i", bytes(4 * length))
        for derived_start, raw_start, run in segments:
            offsets[derived_start : derived_start + run] = array("i", range(raw_start, raw_start + run))
        return cls(offsets, raw_length)


@dataclass
class Sentence:
    """A sentence of an article's cleaned text."""

    article_id: str
    index: int
    start: int  # offset into Article.text
    end: int
    text: str
    language: str
    embedding: list[float] | None = None

    @property
    def id(self) -> str:
        return f"{self.article_id}:s{self.index}"


@dataclass
class Article:
    """A cleaned, normalised article ready for analysis."""

    id: str  # short stable id derived from the content hash
    source: str
    content_hash: str
    outlet: str
    outlet_source: OutletSource  # where the outlet name came from
    title: str | None
    published: str | None  # ISO 8601 date or moment; "YYYY-MM" when only the month is known
    text: str  # cleaned and normalised
    raw_text: str  # decoded raw text, the target of offset_map
    offset_map: OffsetMap
    language: str = "und"
    url: str | None = None
    removed_lines: list[str] = field(default_factory=list)  # boilerplate dropped by the cleaner
    sentences: list[Sentence] = field(default_factory=list)
    published_from: str | None = None  # how `published` was found: "metadata", "url" or "text" (documents/dating.py)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding a character offset of the cleaned text, if any."""
        return next((s for s in self.sentences if s.start <= offset < s.end), None)

    @property
    def outlet_label(self) -> str:
        """Display name of the outlet; unnamed outlets are told apart by their source file."""
        return self.outlet or f"unknown outlet ({self.source.replace(chr(92), '/').rsplit('/', 1)[-1]})"


class FactStatus(StrEnum):
    """How widely a fact is reported across the outlets of its story."""

    ALL = "all"  # every outlet in the story
    SEVERAL = "several"  # two or more outlets, not all
    SINGLE = "single"  # one outlet only


@dataclass
class Mention:
    """A span of one article's cleaned text that expresses a fact."""

    article_id: str
    start: int
    end: int
    text: str
    sentence_index: int


@dataclass
class FactGroup:
    """Mentions of one fact across articles (many-to-many: a sentence may serve several facts)."""

    id: str
    status: FactStatus
    mentions: list[Mention]
    outlets: list[str]
    cohesion: float  # mean cross-article similarity of its mentions


@dataclass
class Story:
    """Articles about the same event."""

    id: str
    article_ids: list[str]
    fact_groups: list[FactGroup] = field(default_factory=list)
    provenance: list[ProvenanceEdge] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    divergences: list[Divergence] = field(default_factory=list)
    outlet_terms: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # outlet → distinctive words
    summary: list[SummarySentence] = field(default_factory=list)


@dataclass
class Entity:
    """A person, organisation or place, merged across outlets and scripts."""

    id: str
    name: str
    type: EntityType
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class QuoteVariant:
    """One outlet's rendering of an utterance: a span of its cleaned text."""

    article_id: str
    start: int
    end: int
    text: str
    direct: bool  # in quotation marks (or after a colon) rather than reported speech
    sentence_index: int
    speaker: str | None = None  # entity id this outlet attributes the words to (None: not attributed here)


@dataclass
class Quote:
    """One utterance and its renderings across outlets."""

    id: str
    speaker: str | None  # entity id: the speaker most renderings name (each rendering keeps its own)
    variants: list[QuoteVariant] = field(default_factory=list)


@dataclass
class Reading:
    """One outlet's version of a contested point: a span of its cleaned text."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass
class Divergence:
    """A point on which outlets differ: a figure (conflict), a wording (framing) or a date (timing)."""

    id: str
    kind: DivergenceKind
    topic: str
    readings: list[Reading]
    note: str = ""  # e.g. '40 vs 45', or the date each reading resolves to
    consistent: bool | None = None  # timing: do the readings agree once resolved?


@dataclass
class SummarySentence:
    """One sentence of the consolidated summary, cited to every outlet that reports it."""

    text: str
    article_id: str
    start: int
    end: int
    outlets: list[str]
    single_source: bool


@dataclass
class ProvenanceEdge:
    """Evidence that one article (or named source) fed another."""

    source: str  # article id, or the cited name when that source is not in the corpus
    target: str  # article id
    kind: EdgeKind
    evidence: list[Mention] = field(default_factory=list)
    label: str = ""  # the source's name as cited, for citations


@dataclass
class Problem:
    """An input or stage failure that skipped one document but not the batch."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass
class ArticleSignature:
    """What story clustering compares: computed from one article's text, no corpus state."""

    article_id: str
    language: str
    published: float | None  # seconds since the epoch, when known
    vector: np.ndarray  # unit embedding of the title and lead
    terms: Counter[int]  # hashed lower-cased words → count
    names: Counter[int]  # hashed capitalised words (names) → count
    numbers: list[int]  # hashed numbers of two or more digits
    minhash: np.ndarray  # MinHash of word shingles, for syndicated copies
    characters: int | None = None  # text length in spaced-script characters (text/scripts.spaced_length)
    published_spread: float = 0.0  # seconds the true moment may lie from `published` (a month-only date)
    days: list[int] = field(default_factory=list)  # days of the year the text names, as month * 100 + day


@dataclass
class StoryEvent:
    """A change to the story partition that a reader should be able to audit: a merge or a split."""

    kind: StoryEventKind
    story_id: str  # the story that survives (merge) or was split (split)
    other_ids: list[str]  # the story absorbed (merge) or the stories split off (split)
    article_id: str  # the arrival that triggered it
    sequence: int  # how many articles the clusterer had seen when it happened


@dataclass
class StoryReport:
    """Everything one analysis run produced: the single source for every report format."""

    articles: list[Article]
    stories: list[Story]
    problems: list[Problem] = field(default_factory=list)
    stats: dict[str, float] = field(default_factory=dict)
    story_events: list[StoryEvent] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)  # Config.record(): digest and non-default settings

def sentence_index_at(article: Article, offset: int) -> int:
    """Index of the sentence holding a character offset of the article's text, or -1 between sentences."""
    sentence = article.sentence_at(offset)
    return sentence.index if sentence else -1
