"""Persistence for articles, sentences, embeddings, stories and fact groups.

SQLite (one file, WAL) is the default; `open_store` picks the backend from the location.
"""

from __future__ import annotations

from pathlib import Path

from rashomon.store.sqlite import SCHEMA_VERSION, SQLiteStore

__all__ = ["SCHEMA_VERSION", "SQLiteStore", "open_store"]


def open_store(location: str | Path) -> SQLiteStore:
    """Open (creating if needed) the store at a path; URLs for other backends are refused clearly."""
    text = str(location)
    if "://" in text:
        raise ValueError(f"{text}: only SQLite file stores are supported in this version")
    return SQLiteStore(Path(text))
