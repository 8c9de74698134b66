"""The store interface, run against SQLite and a real PostgreSQL server alike."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rashomon.report import report_to_dict
from rashomon.store import SCHEMA_VERSION, SQLStore, StoreVersionError, open_store
from rashomon.store.base import MIGRATIONS
from tests.conftest import EXAMPLES, run_cli


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store location for each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    url: str = request.getfixturevalue("postgres_url")
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    yield url


@pytest.fixture(scope="module")
def example_analysis(example_out: Path) -> Any:
    with open_store(example_out / "rashomon.db") as store:
        return store.load_report()


def test_a_new_store_is_at_the_current_schema(location: str) -> None:
    with open_store(location) as store:
        assert store.current_version() == SCHEMA_VERSION


def test_round_trip_reproduces_the_report(location: str, example_analysis: Any) -> None:
    with open_store(location) as store:
        store.save_report(example_analysis)
        loaded = store.load_report()
    assert report_to_dict(loaded) == report_to_dict(example_analysis)


def test_saving_again_replaces_without_duplicates(location: str, example_analysis: Any) -> None:
    with open_store(location) as store:
        store.save_report(example_analysis)
        store.save_report(example_analysis)
        assert store.article_count() == len(example_analysis.articles)


def test_embedding_cache_round_trip(location: str) -> None:
    with open_store(location) as store:
        vector = np.arange(384, dtype=np.float32) / 384
        store.put_embeddings({"h1": vector}, "m")
        store.put_embeddings({"h1": vector}, "m")  # idempotent
        assert set(store.get_embeddings(["h1", "h2"], "m")) == {"h1"}
        assert np.array_equal(store.get_embeddings(["h1"], "m")["h1"], vector)
        assert store.get_embeddings(["h1"], "other-model") == {}
        assert store.embedding_count() == 1


def set_version(store: SQLStore, version: int) -> None:
    with store.transaction() as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))


def test_a_newer_store_is_refused_with_advice(location: str) -> None:
    with open_store(location) as store:
        set_version(store, SCHEMA_VERSION + 7)
    with pytest.raises(StoreVersionError, match="upgrade rashomon"):
        open_store(location)


def test_a_version_1_store_is_upgraded_in_place(location: str) -> None:
    """Build a v1 store by hand (old column names), put data in, and open it with this Rashomon."""
    with open_store(location) as store, store.transaction() as db:
        for table in (
            "story_comparisons",
            "entities",
            "quotes",
            "provenance",
            "mentions",
            "fact_groups",
            "story_articles",
            "stories",
            "problems",
            "stats",
            "sentences",
            "articles",
            "embeddings",
            "meta",
        ):
            db.execute(f"DROP TABLE {table}")
        for statement in MIGRATIONS[1]:
            db.execute(statement.format(**store.types))
        db.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")
        db.execute(
            "INSERT INTO articles VALUES ('a1', 's', 'h', 'o', 'metadata', 't', NULL, 'en', NULL, 'Text.', 'Text.',"
            " '[[0, 0, 5]]', '[]')"
        )
        db.execute("INSERT INTO sentences VALUES ('a1', 0, 0, 5, 'en')")
    with open_store(location) as store:
        assert store.current_version() == SCHEMA_VERSION
        report = store.load_report()
    assert [s.text for s in report.articles[0].sentences] == ["Text."]


def test_concurrent_saves_both_succeed_and_leave_one_whole_analysis(location: str, example_analysis: Any) -> None:
    smaller = type(example_analysis)(example_analysis.articles[:2], [], [], {"articles": 2.0})
    errors: list[BaseException] = []

    def save(report: Any) -> None:
        try:
            with open_store(location) as store:
                for _ in range(3):
                    store.save_report(report)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=save, args=(r,)) for r in (example_analysis, smaller)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_store(location) as store:
        final = report_to_dict(store.load_report())
    assert final in (report_to_dict(example_analysis), report_to_dict(smaller))


def test_sqlite_store_is_wal(example_out: Path) -> None:
    connection = sqlite3.connect(example_out / "rashomon.db")
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_analyze_into_postgresql_gives_the_same_report(postgres_url: str, example_out: Path, tmp_path: Path) -> None:
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    out = tmp_path / "pg-out"
    result = run_cli("analyze", str(EXAMPLES), "--out", str(out), "--store", postgres_url, "--quiet")
    assert result.exit_code == 0, result.output
    sqlite_report = json.loads((example_out / "report.json").read_text(encoding="utf-8"))
    pg_report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert pg_report["stories"] == sqlite_report["stories"] and pg_report["articles"] == sqlite_report["articles"]
    rerendered = tmp_path / "pg-rerender"
    assert run_cli("report", postgres_url, "--out", str(rerendered)).exit_code == 0
    assert json.loads((rerendered / "report.json").read_text(encoding="utf-8"))["stories"] == sqlite_report["stories"]


def test_other_backends_are_refused_clearly() -> None:
    with pytest.raises(ValueError, match="unsupported store"):
        open_store("mysql://user:secret@localhost/db")
