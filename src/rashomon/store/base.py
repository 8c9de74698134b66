"""The store logic shared by SQLite and PostgreSQL: one schema, versioned migrations, atomic saves.

Backends differ only in how they connect, lock and spell a few types; SQL is
written once with `?` placeholders and `{blob}`/`{real}` type slots.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, ClassVar, Protocol

import numpy as np

from rashomon.datamodel import (
    Article,
    Divergence,
    DivergenceKind,
    EdgeKind,
    Entity,
    EntityType,
    FactGroup,
    FactStatus,
    Mention,
    OffsetMap,
    OutletSource,
    Problem,
    ProvenanceEdge,
    Quote,
    QuoteVariant,
    Reading,
    Sentence,
    Story,
    StoryEvent,
    StoryEventKind,
    StoryReport,
    SummarySentence,
)

SCHEMA_VERSION = 7

# Each migration takes the store from version N-1 to N. Version 1 named offset columns start/end,
# which PostgreSQL reserves; version 2 renames them and records the articles' input order;
# version 3 adds provenance edges; version 4 entities and quote groups; version 5 each story's comparison
# (divergences, distinctive terms per outlet, summary) as JSON; version 6 the clusterer's merges and splits;
# version 7 how each article's publication date was found.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE IF NOT EXISTS articles (
            id TEXT PRIMARY KEY, source TEXT NOT NULL, content_hash TEXT NOT NULL UNIQUE,
            outlet TEXT NOT NULL, outlet_source TEXT NOT NULL, title TEXT, published TEXT,
            language TEXT NOT NULL, url TEXT, text TEXT NOT NULL, raw_text TEXT NOT NULL,
            offset_map TEXT NOT NULL, removed_lines TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS sentences (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, language TEXT NOT NULL,
            PRIMARY KEY (article_id, idx))""",
        """CREATE TABLE IF NOT EXISTS embeddings (
            text_hash TEXT NOT NULL, model TEXT NOT NULL, vector {blob} NOT NULL, PRIMARY KEY (text_hash, model))""",
        "CREATE TABLE IF NOT EXISTS stories (id TEXT PRIMARY KEY, position INTEGER NOT NULL)",
        """CREATE TABLE IF NOT EXISTS story_articles (
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(id), position INTEGER NOT NULL,
            PRIMARY KEY (story_id, article_id))""",
        """CREATE TABLE IF NOT EXISTS fact_groups (
            id TEXT PRIMARY KEY, story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, status TEXT NOT NULL, outlets TEXT NOT NULL, cohesion {real} NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS mentions (
            fact_group_id TEXT NOT NULL REFERENCES fact_groups(id) ON DELETE CASCADE, position INTEGER NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id), start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            sentence_index INTEGER NOT NULL, PRIMARY KEY (fact_group_id, position))""",
        "CREATE TABLE IF NOT EXISTS problems (source TEXT NOT NULL, message TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS stats (key TEXT PRIMARY KEY, value {real} NOT NULL)",
    ],
    2: [
        "ALTER TABLE sentences RENAME COLUMN start TO start_offset",
        'ALTER TABLE sentences RENAME COLUMN "end" TO end_offset',
        "ALTER TABLE mentions RENAME COLUMN start TO start_offset",
        'ALTER TABLE mentions RENAME COLUMN "end" TO end_offset',
        "ALTER TABLE articles ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
    ],
    3: [
        """CREATE TABLE IF NOT EXISTS provenance (
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE, position INTEGER NOT NULL,
            source TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL,
            evidence TEXT NOT NULL, PRIMARY KEY (story_id, position))""",
    ],
    4: [
        """CREATE TABLE IF NOT EXISTS entities (
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE, position INTEGER NOT NULL,
            id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, aliases TEXT NOT NULL,
            mentions TEXT NOT NULL, PRIMARY KEY (story_id, position))""",
        """CREATE TABLE IF NOT EXISTS quotes (
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE, position INTEGER NOT NULL,
            id TEXT NOT NULL, speaker TEXT, variants TEXT NOT NULL, PRIMARY KEY (story_id, position))""",
    ],
    5: [
        """CREATE TABLE IF NOT EXISTS story_comparisons (
            story_id TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
            divergences TEXT NOT NULL, outlet_terms TEXT NOT NULL, summary TEXT NOT NULL)""",
    ],
    6: [
        """CREATE TABLE IF NOT EXISTS story_events (
            position INTEGER PRIMARY KEY, kind TEXT NOT NULL, story_id TEXT NOT NULL, other_ids TEXT NOT NULL,
            article_id TEXT NOT NULL, sequence INTEGER NOT NULL)""",
    ],
    7: ["ALTER TABLE articles ADD COLUMN published_from TEXT"],
}

ANALYSIS_TABLES = (
    "story_events",
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
)


class StoreVersionError(RuntimeError):
    """The store was written by a newer Rashomon."""


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any: ...


class SQLStore:
    """Everything above the connection: schema, migrations, embedding cache, saving and loading analyses."""

    types: ClassVar[dict[str, str]] = {"blob": "BLOB", "real": "REAL"}
    location = ""

    # Backend hooks ------------------------------------------------------------

    def transaction(self) -> AbstractContextManager[Cursor]:
        """A write transaction that holds the store's write lock until it commits."""
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def table_exists(self, name: str) -> bool:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def backup(self, target: Path) -> bool:
        """Copy the whole store to a file (SQLite); False where the backend leaves backups to its own tools."""
        return False

    def has_analysis(self) -> bool:
        """Whether an analysis is stored (articles saved by `analyze` or `watch`)."""
        return bool(self.query("SELECT 1 FROM articles LIMIT 1"))

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Schema ---------------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to SCHEMA_VERSION, one recorded step at a time; refuse a newer store."""
        with self.transaction() as db:
            version = self.current_version()
            if version > SCHEMA_VERSION:
                raise StoreVersionError(
                    f"{self.location}: store schema v{version} is newer than this Rashomon (v{SCHEMA_VERSION}); "
                    "upgrade rashomon (pip install -U rashomon) or analyse into a new store with --store"
                )
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[step]:
                    db.execute(statement.format(**self.types))
                db.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (str(step),),
                )

    def current_version(self) -> int:
        if not self.table_exists("meta"):
            return 0
        rows = self.query("SELECT value FROM meta WHERE key = 'schema_version'")
        return int(rows[0][0]) if rows else 0

    # Embedding cache -----------------------------------------------------------

    def get_embeddings(self, hashes: Sequence[str], model: str) -> dict[str, np.ndarray]:
        """text hash → (D,) float32 vector, for the hashes cached under `model`."""
        found: dict[str, np.ndarray] = {}
        for offset in range(0, len(hashes), 500):
            chunk = list(hashes[offset : offset + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.query(
                f"SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash IN ({marks})", [model, *chunk]
            )
            found.update({h: np.frombuffer(bytes(blob), dtype=np.float32) for h, blob in rows})
        return found

    def put_embeddings(self, vectors: dict[str, np.ndarray], model: str) -> None:
        """Store (D,) float32 vectors by text hash under `model` (existing ones are kept)."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO embeddings (text_hash, model, vector) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(h, model, np.asarray(v, dtype=np.float32).tobytes()) for h, v in vectors.items()],
            )

    # Analyses --------------------------------------------------------------------

    def save_report(self, report: StoryReport) -> None:
        """Replace the stored analysis with this one in one transaction: readers see the old or the new, never half."""
        with self.transaction() as db:
            for table in ANALYSIS_TABLES:
                db.execute(f"DELETE FROM {table}")
            for position, article in enumerate(report.articles):
                insert_article(db, article, position)
            for position, story in enumerate(report.stories):
                insert_story(db, story, position)
            db.executemany(
                "INSERT INTO problems (source, message) VALUES (?, ?)", [(p.source, p.message) for p in report.problems]
            )
            db.executemany("INSERT INTO stats (key, value) VALUES (?, ?)", list(report.stats.items()))
            db.execute("DELETE FROM meta WHERE key = 'config'")
            db.execute("INSERT INTO meta (key, value) VALUES ('config', ?)", (json.dumps(report.config),))
            db.executemany(
                "INSERT INTO story_events (position, kind, story_id, other_ids, article_id, sequence)"
                " VALUES (?,?,?,?,?,?)",
                [
                    (i, e.kind, e.story_id, json.dumps(e.other_ids), e.article_id, e.sequence)
                    for i, e in enumerate(report.story_events)
                ],
            )

    def load_report(self) -> StoryReport:
        """Rebuild the full analysis from the store (reports can be re-rendered from this alone)."""
        articles = [
            row_to_article(row) for row in self.query(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY position")
        ]
        by_id = {article.id: article for article in articles}
        for article_id, index, start, end, language in self.query(
            "SELECT article_id, idx, start_offset, end_offset, language FROM sentences ORDER BY article_id, idx"
        ):
            article = by_id[article_id]
            article.sentences.append(Sentence(article_id, index, start, end, article.text[start:end], language))
        stories = [
            Story(
                story_id,
                self.story_article_ids(story_id),
                self.load_fact_groups(story_id, by_id),
                self.load_provenance(story_id, by_id),
                self.load_entities(story_id, by_id),
                self.load_quotes(story_id, by_id),
            )
            for (story_id,) in self.query("SELECT id FROM stories ORDER BY position")
        ]
        for story in stories:
            self.load_comparison(story, by_id)
        problems = [Problem(s, m) for s, m in self.query("SELECT source, message FROM problems")]
        stats = {key: float(value) for key, value in self.query("SELECT key, value FROM stats")}
        events = [
            StoryEvent(StoryEventKind(kind), story_id, json.loads(others), article_id, sequence)
            for kind, story_id, others, article_id, sequence in self.query(
                "SELECT kind, story_id, other_ids, article_id, sequence FROM story_events ORDER BY position"
            )
        ]
        config = [json.loads(value) for (value,) in self.query("SELECT value FROM meta WHERE key = 'config'")]
        return StoryReport(articles, stories, problems, stats, events, config[0] if config else {})

    def story_article_ids(self, story_id: str) -> list[str]:
        rows = self.query("SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY position", (story_id,))
        return [row[0] for row in rows]

    def load_fact_groups(self, story_id: str, articles: dict[str, Article]) -> list[FactGroup]:
        groups = []
        rows = self.query(
            "SELECT id, status, outlets, cohesion FROM fact_groups WHERE story_id = ? ORDER BY position", (story_id,)
        )
        for group_id, status, outlets, cohesion in rows:
            mentions = [
                Mention(article_id, start, end, articles[article_id].text[start:end], sentence_index)
                for article_id, start, end, sentence_index in self.query(
                    "SELECT article_id, start_offset, end_offset, sentence_index FROM mentions"
                    " WHERE fact_group_id = ? ORDER BY position",
                    (group_id,),
                )
            ]
            groups.append(FactGroup(group_id, FactStatus(status), mentions, json.loads(outlets), float(cohesion)))
        return groups

    def load_provenance(self, story_id: str, articles: dict[str, Article]) -> list[ProvenanceEdge]:
        rows = self.query(
            "SELECT source, target, kind, label, evidence FROM provenance WHERE story_id = ? ORDER BY position",
            (story_id,),
        )
        return [
            ProvenanceEdge(
                source,
                target,
                EdgeKind(kind),
                [
                    Mention(a, start, end, articles[a].text[start:end], index)
                    for a, start, end, index in json.loads(evidence)
                ],
                label,
            )
            for source, target, kind, label, evidence in rows
        ]

    def load_entities(self, story_id: str, articles: dict[str, Article]) -> list[Entity]:
        rows = self.query(
            "SELECT id, name, type, aliases, mentions FROM entities WHERE story_id = ? ORDER BY position", (story_id,)
        )
        return [
            Entity(
                entity_id,
                name,
                EntityType(entity_type),
                json.loads(aliases),
                [
                    Mention(a, start, end, articles[a].text[start:end], index)
                    for a, start, end, index in json.loads(spans)
                ],
            )
            for entity_id, name, entity_type, aliases, spans in rows
        ]

    def load_quotes(self, story_id: str, articles: dict[str, Article]) -> list[Quote]:
        rows = self.query("SELECT id, speaker, variants FROM quotes WHERE story_id = ? ORDER BY position", (story_id,))
        return [
            Quote(
                quote_id,
                speaker,
                [
                    QuoteVariant(a, start, end, articles[a].text[start:end], bool(direct), index, *own)
                    for a, start, end, direct, index, *own in json.loads(variants)  # own: [speaker], or [] (older)
                ],
            )
            for quote_id, speaker, variants in rows
        ]

    def load_comparison(self, story: Story, articles: dict[str, Article]) -> None:
        rows = self.query(
            "SELECT divergences, outlet_terms, summary FROM story_comparisons WHERE story_id = ?", (story.id,)
        )
        if not rows:
            return
        divergences, terms, summary = (json.loads(value) for value in rows[0])

        def reading(a: str, start: int, end: int) -> Reading:
            return Reading(a, start, end, articles[a].text[start:end])

        story.divergences = [
            Divergence(
                d["id"],
                DivergenceKind(d["kind"]),
                d["topic"],
                [reading(*r) for r in d["readings"]],
                d["note"],
                d["consistent"],
            )
            for d in divergences
        ]
        story.outlet_terms = {article_id: [(w, z) for w, z in pairs] for article_id, pairs in terms}
        story.summary = [
            SummarySentence(articles[a].text[start:end], a, start, end, outlets, single)
            for a, start, end, outlets, single in summary
        ]

    def article_count(self) -> int:
        return int(self.query("SELECT COUNT(*) FROM articles")[0][0])

    def embedding_count(self) -> int:
        return int(self.query("SELECT COUNT(*) FROM embeddings")[0][0])


ARTICLE_COLUMNS = (
    "id, source, content_hash, outlet, outlet_source, title, published, language, url, text, raw_text,"
    " offset_map, removed_lines, published_from"
)


def insert_article(db: Cursor, article: Article, position: int) -> None:
    db.execute(
        f"INSERT INTO articles ({ARTICLE_COLUMNS}, position) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
            article.published_from,
            position,
        ),
    )
    db.executemany(
        "INSERT INTO sentences (article_id, idx, start_offset, end_offset, language) VALUES (?,?,?,?,?)",
        [(article.id, s.index, s.start, s.end, s.language) for s in article.sentences],
    )


def insert_story(db: Cursor, story: Story, position: int) -> None:
    db.execute("INSERT INTO stories (id, position) VALUES (?, ?)", (story.id, position))
    db.executemany(
        "INSERT INTO story_articles (story_id, article_id, position) VALUES (?, ?, ?)",
        [(story.id, article_id, i) for i, article_id in enumerate(story.article_ids)],
    )
    for group_position, group in enumerate(story.fact_groups):
        db.execute(
            "INSERT INTO fact_groups (id, story_id, position, status, outlets, cohesion) VALUES (?,?,?,?,?,?)",
            (group.id, story.id, group_position, group.status.value, json.dumps(group.outlets), group.cohesion),
        )
        db.executemany(
            "INSERT INTO mentions (fact_group_id, position, article_id, start_offset, end_offset, sentence_index)"
            " VALUES (?,?,?,?,?,?)",
            [(group.id, i, m.article_id, m.start, m.end, m.sentence_index) for i, m in enumerate(group.mentions)],
        )
    db.executemany(
        "INSERT INTO provenance (story_id, position, source, target, kind, label, evidence) VALUES (?,?,?,?,?,?,?)",
        [
            (
                story.id,
                i,
                edge.source,
                edge.target,
                edge.kind,
                edge.label,
                json.dumps([[m.article_id, m.start, m.end, m.sentence_index] for m in edge.evidence]),
            )
            for i, edge in enumerate(story.provenance)
        ],
    )
    db.executemany(
        "INSERT INTO entities (story_id, position, id, name, type, aliases, mentions) VALUES (?,?,?,?,?,?,?)",
        [
            (
                story.id,
                i,
                entity.id,
                entity.name,
                entity.type,
                json.dumps(entity.aliases, ensure_ascii=False),
                json.dumps([[m.article_id, m.start, m.end, m.sentence_index] for m in entity.mentions]),
            )
            for i, entity in enumerate(story.entities)
        ],
    )
    db.executemany(
        "INSERT INTO quotes (story_id, position, id, speaker, variants) VALUES (?,?,?,?,?)",
        [
            (
                story.id,
                i,
                quote.id,
                quote.speaker,
                json.dumps(
                    [[v.article_id, v.start, v.end, v.direct, v.sentence_index, v.speaker] for v in quote.variants]
                ),
            )
            for i, quote in enumerate(story.quotes)
        ],
    )
    divergences = [
        {
            "id": d.id,
            "kind": d.kind,
            "topic": d.topic,
            "note": d.note,
            "consistent": d.consistent,
            "readings": [[r.article_id, r.start, r.end] for r in d.readings],
        }
        for d in story.divergences
    ]
    db.execute(
        "INSERT INTO story_comparisons (story_id, divergences, outlet_terms, summary) VALUES (?,?,?,?)",
        (
            story.id,
            json.dumps(divergences, ensure_ascii=False),
            json.dumps(list(story.outlet_terms.items()), ensure_ascii=False),
            json.dumps([[s.article_id, s.start, s.end, s.outlets, s.single_source] for s in story.summary]),
        ),
    )


def row_to_article(row: Sequence[Any]) -> Article:
    id_, source, digest, outlet, outlet_source, title, published, language, url, text, raw, offsets, removed = row[:13]
    dated = row[13]
    return Article(
        id=id_,
        source=source,
        content_hash=digest,
        outlet=outlet,
        outlet_source=OutletSource(outlet_source),
        title=title,
        published=published,
        text=text,
        raw_text=raw,
        offset_map=OffsetMap.from_segments(json.loads(offsets), len(text), len(raw)),
        language=language,
        url=url,
        removed_lines=json.loads(removed),
        published_from=dated,
    )
