"""Persistence for articles, sentences, embeddings, stories and fact groups.

SQLite (one file, WAL) is the default; `postgresql://` URLs use PostgreSQL. Both
share one schema, one migration history and one interface (`SQLStore`).
"""

from __future__ import annotations

from pathlib import Path

from rashomon.store.base import SCHEMA_VERSION, SQLStore, StoreVersionError
from rashomon.store.sqlite import SQLiteStore

__all__ = ["SCHEMA_VERSION", "SQLStore", "SQLiteStore", "StoreVersionError", "open_store"]


def open_store(location: str | Path) -> SQLStore:
    """Open (creating and migrating if needed) the store at a file path, a folder (its rashomon.db) or a
    postgresql:// URL. Raises ValueError naming the location when it cannot be opened."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        from rashomon.store.postgres import PostgresStore

        return PostgresStore(text)
    if "://" in text:
        raise ValueError(f"{text.split('@')[-1]}: unsupported store; use a file path or a postgresql:// URL")
    path = Path(text)
    return SQLiteStore(path / "rashomon.db" if path.is_dir() else path)
