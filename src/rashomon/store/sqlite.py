"""SQLite backend: one file in WAL mode; writers take the lock up front (BEGIN IMMEDIATE) and others wait."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from rashomon.store.base import SQLStore

BUSY_TIMEOUT_SECONDS = 600  # a concurrent run waits this long for the write lock


class SQLiteStore(SQLStore):
    types: ClassVar[dict[str, str]] = {"blob": "BLOB", "real": "REAL"}

    def __init__(self, path: Path):
        self.location = str(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            self.use_wal()
        except (OSError, sqlite3.Error) as error:
            raise ValueError(f"{path}: cannot open the store ({error})") from None
        self.connection.execute("PRAGMA foreign_keys=ON")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.migrate()

    def use_wal(self) -> None:
        """Switch to WAL; the switch can report 'locked' without waiting while another process creates the file."""
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                self.connection.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        cursor = self.connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield cursor
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.connection.execute(sql, params)]

    def table_exists(self, name: str) -> bool:
        return bool(self.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)))

    def backup(self, target: Path) -> bool:
        """A consistent copy of the store (SQLite's online backup: safe while others read or write)."""
        target.unlink(missing_ok=True)
        copy = sqlite3.connect(target)
        try:
            self.connection.backup(copy)
        finally:
            copy.close()
        return True

    def close(self) -> None:
        self.connection.close()
