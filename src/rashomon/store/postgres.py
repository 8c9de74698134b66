"""PostgreSQL backend (psycopg 3) for shared deployments; same schema and behaviour as SQLite.

Writers serialise on a transaction-level advisory lock, so two runs saving at
once take turns instead of interleaving.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar

from rashomon.store.base import SQLStore

WRITE_LOCK = 0x5261_7368  # advisory lock key shared by every Rashomon writer ("Rash")


def to_pyformat(sql: str) -> str:
    """Our SQL uses `?` placeholders; psycopg wants `%s` (and literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresCursor:
    def __init__(self, cursor: Any):
        self.cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.cursor.execute(to_pyformat(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        if rows:
            return self.cursor.executemany(to_pyformat(sql), rows)
        return None


class PostgresStore(SQLStore):
    types: ClassVar[dict[str, str]] = {"blob": "BYTEA", "real": "DOUBLE PRECISION"}

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError:
            raise RuntimeError("PostgreSQL stores need psycopg: pip install 'rashomon[postgresql]'") from None
        self.location = url.split("@")[-1]  # never echo credentials
        self.connection = psycopg.connect(url, autocommit=True)
        self.migrate()

    @contextmanager
    def transaction(self) -> Iterator[PostgresCursor]:
        with self.connection.transaction(), self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield PostgresCursor(cursor)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(to_pyformat(sql), params)
            return [tuple(row) for row in cursor.fetchall()]

    def table_exists(self, name: str) -> bool:
        return bool(self.query("SELECT 1 FROM information_schema.tables WHERE table_name = ?", (name,)))

    def close(self) -> None:
        self.connection.close()
