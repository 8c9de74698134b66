"""SQLite store: one file in WAL mode, schema versioned, safe to re-run on the same corpus."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from rashomon.model import (
    Article,
    FactGroup,
    FactStatus,
    Mention,
    OffsetMap,
    Problem,
    Sentence,
    Story,
    StoryReport,
)

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    outlet TEXT NOT NULL,
    outlet_source TEXT NOT NULL,
    title TEXT,
    published TEXT,
    language TEXT NOT NULL,
    url TEXT,
    text TEXT NOT NULL,
    raw_text TEXT NOT NULL,
    offset_map TEXT NOT NULL,
    removed_lines TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sentences (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    language TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS embeddings (
    text_hash TEXT NOT NULL,
    model TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (text_hash, model)
);
CREATE TABLE IF NOT EXISTS stories (id TEXT PRIMARY KEY, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE TABLE IF NOT EXISTS fact_groups (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    status TEXT NOT NULL,
    outlets TEXT NOT NULL,
    cohesion REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS mentions (
    fact_group_id TEXT NOT NULL REFERENCES fact_groups(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    sentence_index INTEGER NOT NULL,
    PRIMARY KEY (fact_group_id, position)
);
CREATE TABLE IF NOT EXISTS problems (source TEXT NOT NULL, message TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stats (key TEXT PRIMARY KEY, value REAL NOT NULL);
"""


class StoreVersionError(RuntimeError):
    """The store was written by a newer Rashomon."""


class SQLiteStore:
    """All analysis data in one SQLite file."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.connection = sqlite3.connect(path, timeout=60)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA foreign_keys=ON")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.migrate()

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.connection:
            yield self.connection

    def migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreVersionError(
                f"{self.path}: store schema v{version} is newer than this Rashomon (v{SCHEMA_VERSION}); "
                "upgrade rashomon"
            )
        with self.transaction() as db:
            db.executescript(SCHEMA)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def schema_version(self) -> int:
        exists = self.connection.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone()
        if not exists:
            return 0
        row = self.connection.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    # Embedding cache -------------------------------------------------------

    def get_embeddings(self, hashes: Sequence[str], model: str) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for offset in range(0, len(hashes), 500):
            chunk = list(hashes[offset : offset + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE model=? AND text_hash IN ({marks})", [model, *chunk]
            )
            found.update({h: np.frombuffer(blob, dtype=np.float32) for h, blob in rows})
        return found

    def put_embeddings(self, vectors: dict[str, np.ndarray], model: str) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)",
                [(h, model, np.asarray(v, dtype=np.float32).tobytes()) for h, v in vectors.items()],
            )

    # Analysis results ------------------------------------------------------

    def save_report(self, report: StoryReport) -> None:
        """Replace the stored analysis with this one, in one transaction (readers never see half of it)."""
        with self.transaction() as db:
            for table in ("mentions", "fact_groups", "story_articles", "stories", "problems", "stats", "sentences"):
                db.execute(f"DELETE FROM {table}")
            db.execute("DELETE FROM articles")
            for article in report.articles:
                self.insert_article(db, article)
            for position, story in enumerate(report.stories):
                self.insert_story(db, story, position)
            db.executemany("INSERT INTO problems VALUES (?, ?)", [(p.source, p.message) for p in report.problems])
            db.executemany("INSERT INTO stats VALUES (?, ?)", list(report.stats.items()))

    @staticmethod
    def insert_article(db: sqlite3.Connection, article: Article) -> None:
        db.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id,
                article.source,
                article.content_hash,
                article.outlet,
                article.outlet_source,
                article.title,
                article.published,
                article.language,
                article.url,
                article.text,
                article.raw_text,
                json.dumps(article.offset_map.segments()),
                json.dumps(article.removed_lines, ensure_ascii=False),
            ),
        )
        db.executemany(
            "INSERT INTO sentences VALUES (?,?,?,?,?)",
            [(article.id, s.index, s.start, s.end, s.language) for s in article.sentences],
        )

    @staticmethod
    def insert_story(db: sqlite3.Connection, story: Story, position: int) -> None:
        db.execute("INSERT INTO stories VALUES (?, ?)", (story.id, position))
        db.executemany(
            "INSERT INTO story_articles VALUES (?, ?, ?)",
            [(story.id, article_id, i) for i, article_id in enumerate(story.article_ids)],
        )
        for group_position, group in enumerate(story.fact_groups):
            db.execute(
                "INSERT INTO fact_groups VALUES (?,?,?,?,?,?)",
                (group.id, story.id, group_position, group.status.value, json.dumps(group.outlets), group.cohesion),
            )
            db.executemany(
                "INSERT INTO mentions VALUES (?,?,?,?,?,?)",
                [(group.id, i, m.article_id, m.start, m.end, m.sentence_index) for i, m in enumerate(group.mentions)],
            )

    def load_report(self) -> StoryReport:
        """Rebuild the full analysis from the store (the reports can be re-rendered from this alone)."""
        articles = [
            self.row_to_article(row) for row in self.connection.execute("SELECT * FROM articles ORDER BY rowid")
        ]
        by_id = {article.id: article for article in articles}
        for article_id, index, start, end, language in self.connection.execute(
            "SELECT article_id, idx, start, end, language FROM sentences ORDER BY article_id, idx"
        ):
            article = by_id[article_id]
            article.sentences.append(Sentence(article_id, index, start, end, article.text[start:end], language))
        stories = []
        for (story_id,) in self.connection.execute("SELECT id FROM stories ORDER BY position").fetchall():
            article_ids = [
                row[0]
                for row in self.connection.execute(
                    "SELECT article_id FROM story_articles WHERE story_id=? ORDER BY position", (story_id,)
                )
            ]
            stories.append(Story(story_id, article_ids, self.load_fact_groups(story_id, by_id)))
        problems = [Problem(s, m) for s, m in self.connection.execute("SELECT source, message FROM problems")]
        stats = dict(self.connection.execute("SELECT key, value FROM stats").fetchall())
        return StoryReport(articles, stories, problems, stats)

    def load_fact_groups(self, story_id: str, articles: dict[str, Article]) -> list[FactGroup]:
        groups = []
        rows = self.connection.execute(
            "SELECT id, status, outlets, cohesion FROM fact_groups WHERE story_id=? ORDER BY position", (story_id,)
        ).fetchall()
        for group_id, status, outlets, cohesion in rows:
            mentions = [
                Mention(article_id, start, end, articles[article_id].text[start:end], sentence_index)
                for article_id, start, end, sentence_index in self.connection.execute(
                    "SELECT article_id, start, end, sentence_index FROM mentions"
                    " WHERE fact_group_id=? ORDER BY position",
                    (group_id,),
                )
            ]
            groups.append(FactGroup(group_id, FactStatus(status), mentions, json.loads(outlets), cohesion))
        return groups

    @staticmethod
    def row_to_article(row: tuple) -> Article:
        (id_, source, digest, outlet, outlet_source, title, published, language, url, text, raw, offsets, removed) = row
        return Article(
            id=id_,
            source=source,
            content_hash=digest,
            outlet=outlet,
            outlet_source=outlet_source,
            title=title,
            published=published,
            text=text,
            raw_text=raw,
            offset_map=OffsetMap.from_segments(json.loads(offsets), len(text), len(raw)),
            language=language,
            url=url,
            removed_lines=json.loads(removed),
        )
