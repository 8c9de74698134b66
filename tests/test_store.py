"""SQLite store: WAL, versioned schema, lossless round trip, idempotent re-runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rashomon.report import report_to_dict
from rashomon.store import SCHEMA_VERSION, open_store
from rashomon.store.sqlite import StoreVersionError


def test_store_is_wal_and_versioned(example_out: Path) -> None:
    connection = sqlite3.connect(example_out / "rashomon.db")
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    version = connection.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
    assert int(version) == SCHEMA_VERSION


def test_round_trip_reproduces_the_report(example_out: Path, example_report: dict[str, Any]) -> None:
    with open_store(example_out / "rashomon.db") as store:
        loaded = report_to_dict(store.load_report())
    for key in ("articles", "stories", "problems"):
        assert loaded[key] == example_report[key]


def test_a_newer_schema_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with open_store(path):
        pass
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    connection.commit()
    connection.close()
    with pytest.raises(StoreVersionError, match="upgrade rashomon"):
        open_store(path)


def test_embedding_cache_round_trip(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        vector = np.arange(384, dtype=np.float32) / 384
        store.put_embeddings({"h1": vector}, "m")
        assert set(store.get_embeddings(["h1", "h2"], "m")) == {"h1"}
        assert np.array_equal(store.get_embeddings(["h1"], "m")["h1"], vector)
        assert store.get_embeddings(["h1"], "other-model") == {}


def test_other_backends_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="only SQLite"):
        open_store("postgresql://localhost/db")
