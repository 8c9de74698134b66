"""The Spark engine (local[2]) gives the same stories, fact groups and report as the local engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rashomon.pipeline import analyze
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
    assert spark["stats"]["candidate_article_pairs"] < 36  # blocking compared fewer than all 9*8/2 pairs
    assert (tmp_path / "parquet" / "articles").is_dir() and (tmp_path / "parquet" / "mentions").is_dir()
