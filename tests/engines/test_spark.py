"""The Spark engine (local[2]) gives the same stories, fact groups and report as the local engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rashomon.engines.local import analyze
from rashomon.report import report_to_dict
from tests.conftest import EXAMPLES, SYNTHETIC, run_cli

pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'rashomon[spark]'): Spark tests skipped")
if shutil.which("java") is None:
    pytest.skip("no Java runtime: Spark tests skipped", allow_module_level=True)


def test_spark_and_local_engines_agree_on_a_multi_story_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus / "iran")
    shutil.copytree(SYNTHETIC, corpus / "synthetic")
    (corpus / "empty.txt").write_bytes(b"")
    local = report_to_dict(analyze([corpus]))
    out = tmp_path / "out"
    result = run_cli(
        "analyze",
        str(corpus),
        "--engine",
        "spark",
        "--master",
        "local[2]",
        "--out",
        str(out),
        "--parquet",
        str(tmp_path / "parquet"),
        "--quiet",
    )
    assert result.exit_code == 0, result.output
    import json

    spark = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(local["stories"]) == 3
    assert spark["articles"] == local["articles"]
    assert spark["stories"] == local["stories"]
    assert spark["problems"] == local["problems"] == [{"source": str(corpus / "empty.txt"), "message": "empty file"}]
    assert (tmp_path / "parquet" / "articles").is_dir() and (tmp_path / "parquet" / "mentions").is_dir()


def test_uris_and_tables_are_read_like_files(tmp_path: Path) -> None:
    """A file:// URI (the path HDFS/S3 take) and a Parquet table give the same articles as local files."""
    from rashomon.engines.spark import analyze_spark, spark_session

    spark = spark_session("local[2]")
    rows = [
        {"text": path.read_text(encoding="utf-8"), "title": path.stem, "outlet": f"Outlet {n}", "language": None}
        for n, path in enumerate(sorted(SYNTHETIC.glob("harbour-*.txt")))
    ]
    spark.createDataFrame(rows, "text string, title string, outlet string, language string").write.parquet(
        str(tmp_path / "table")
    )
    report = analyze_spark(
        [f"file://{SYNTHETIC}", f"parquet:{tmp_path / 'table'}", f"file://{tmp_path / 'nowhere'}"], master="local[2]"
    )
    from_uri = [a for a in report.articles if a.source.startswith("file:")]
    from_table = [a for a in report.articles if a.source.startswith("parquet:")]
    local = analyze([SYNTHETIC])
    assert sorted(a.text for a in from_uri) == sorted(a.text for a in local.articles)
    assert [a.outlet for a in from_table] == ["Outlet 0", "Outlet 1", "Outlet 2"]
    assert [p.source for p in report.problems] == [f"file://{tmp_path / 'nowhere'}"]
    assert "cannot read" in report.problems[0].message


def test_a_failing_story_stage_is_the_same_problem_line_and_stats_in_both_engines(tmp_path: Path) -> None:
    """A per-story stage that raises on executors becomes a problem line, as in the local engine."""
    from rashomon.analysis.stages import STORY_STAGES, StoryStage
    from rashomon.engines.local import Options
    from rashomon.engines.spark import analyze_spark

    def explode(context):  # type: ignore[no-untyped-def]
        if len(context.story.article_ids) > 1:
            raise ValueError("could not convert string to float: '3.200.00'")
        return []

    stages = tuple(
        StoryStage(s.name, explode, s.reads, s.writes, s.empty) if s.name == "compare" else s for s in STORY_STAGES
    )
    options = Options(story_stages=stages)
    local = analyze([SYNTHETIC], options=options)
    spark = analyze_spark([str(SYNTHETIC)], master="local[2]", options=options)
    harbour = next(s for s in local.stories if len(s.article_ids) == 3)
    expected = [(f"story {harbour.id} (compare)", "ValueError: could not convert string to float: '3.200.00'")]
    assert [(p.source, p.message) for p in local.problems] == expected
    assert [(p.source, p.message) for p in spark.problems] == expected
    assert set(spark.stats) == set(local.stats)
    assert {k: v for k, v in spark.stats.items() if not k.startswith("seconds")} == {
        k: v for k, v in local.stats.items() if not k.startswith("seconds") and k != "embedding_cache_hits"
    } | {"embedding_cache_hits": spark.stats["embedding_cache_hits"]}
    assert spark.config == local.config
