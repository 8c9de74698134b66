"""`rashomon serve`: a read-only web app over a store — story list, story pages, search, JSON API.

The store is read once and again whenever it changes (SQLite: the file's modification time;
PostgreSQL: every RELOAD_SECONDS). Story pages are rendered from the same views as the HTML
report and cached until the store changes, so a page costs a dictionary lookup once rendered.
Search runs on an SQLite FTS5 index of every sentence, built in memory from the store.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon.documents.normalise import normalise_string
from rashomon.documents.persian import canonical
from rashomon.report.html import environment, new_nonce, render_html
from rashomon.report.json import report_to_dict
from rashomon.store import open_store

STRICT_POLICY = "default-src 'none'; frame-ancestors 'none'; form-action 'none'"
RELOAD_SECONDS = 30.0  # how often a PostgreSQL store is re-read
SEARCH_LIMIT = 50
PRERENDER_STORIES = 500  # story pages rendered in the background after each load of the store


@dataclass
class Snapshot:
    """Everything the app serves, derived from one read of the store."""

    data: dict[str, Any]
    stories: dict[str, dict[str, Any]]
    articles: dict[str, dict[str, Any]]
    index: sqlite3.Connection
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # story id → (script nonce, rendered page)


class Library:
    """The store as the web app sees it: loaded lazily, reloaded when it changes, safe across threads."""

    def __init__(self, location: str):
        self.location = location
        self.lock = threading.Lock()
        self.snapshot: Snapshot | None = None
        self.version: object = None
        self.checked = 0.0

    def current(self) -> Snapshot:
        with self.lock:
            version = self.store_version()
            if self.snapshot is None or version != self.version:
                self.snapshot = load_snapshot(self.location)
                self.version = version
                threading.Thread(target=prerender, args=(self.snapshot,), daemon=True).start()
            return self.snapshot

    def store_version(self) -> object:
        if self.location.startswith(("postgresql://", "postgres://")):
            if time.monotonic() - self.checked > RELOAD_SECONDS:
                self.checked = time.monotonic()
                return self.checked
            return self.version
        path = Path(self.location)
        wal = path.with_name(path.name + "-wal")
        return tuple(os.stat(p).st_mtime_ns if p.exists() else 0 for p in (path, wal))


def story_page_html(snapshot: Snapshot, story_id: str) -> tuple[str, str]:
    """(script nonce, rendered story page), rendered once per store version."""
    if story_id not in snapshot.pages:
        nonce = new_nonce()
        snapshot.pages[story_id] = nonce, render_html(story_data(snapshot, story_id), nonce, home="/")
    return snapshot.pages[story_id]


def prerender(snapshot: Snapshot) -> None:
    """Render every story page in the background so the first visitor does not wait for it."""
    for story_id in list(snapshot.stories)[:PRERENDER_STORIES]:
        story_page_html(snapshot, story_id)


def load_snapshot(location: str) -> Snapshot:
    with open_store(location) as store:
        report = store.load_report()
    data = report_to_dict(report)
    articles = {a["id"]: a for a in data["articles"]}
    stories = {s["id"]: s for s in data["stories"]}
    return Snapshot(data, stories, articles, build_search_index(data))


def build_search_index(data: dict[str, Any]) -> sqlite3.Connection:
    """An FTS5 table of every sentence (unicode61 tokens, diacritics folded), with its story and article."""
    index = sqlite3.connect(":memory:", check_same_thread=False)
    index.execute(
        "CREATE VIRTUAL TABLE sentences USING fts5(text, story_id UNINDEXED, article_id UNINDEXED,"
        " sentence_index UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
    )
    story_of = {a: s["id"] for s in data["stories"] for a in s["article_ids"]}
    rows = [
        (canonical(article["text"][s["start"] : s["end"]]).replace("\u200c", " "), story_of.get(article["id"], ""),
         article["id"], s["index"])
        for article in data["articles"]
        for s in article["sentences"]
    ]  # fmt: skip
    index.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?)", rows)
    return index


def search(snapshot: Snapshot, query: str) -> list[dict[str, Any]]:
    """Sentences matching every word of the query (prefix match on the last), best first."""
    query = normalise_string(query)  # the articles' own normalisation: 'بندر ها' is spelled as in the texts
    words = re.findall(r"[^\W_]+", canonical(query).replace("\u200c", " "))
    if not words:
        return []
    expression = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
    rows = snapshot.index.execute(
        "SELECT story_id, article_id, sentence_index, snippet(sentences, 0, '\u0001', '\u0002', '…', 16)"
        " FROM sentences WHERE sentences MATCH ? ORDER BY rank LIMIT ?",
        (expression, SEARCH_LIMIT),
    ).fetchall()
    results = []
    for story_id, article_id, sentence_index, marked in rows:
        article = snapshot.articles[article_id]
        parts = snippet_parts(marked)
        story = snapshot.stories.get(story_id, {})
        results.append(
            {
                "story_id": story_id,
                "story_title": story.get("title", ""),
                "article_id": article_id,
                "outlet": article["outlet"],
                "language": article["language"],
                "sentence_index": sentence_index,
                "snippet": "".join(text for text, _ in parts),
                "matches": [[text, hit] for text, hit in parts],  # the snippet in pieces; hit = matched words
            }
        )
    return results


def snippet_parts(marked: str) -> list[tuple[str, bool]]:
    """FTS5's snippet with its \\x01…\\x02 match markers turned into (text, matched) pieces."""
    parts: list[tuple[str, bool]] = []
    for number, piece in enumerate(marked.split("\u0001")):
        hit, _, rest = piece.partition("\u0002") if number else ("", "", piece)
        parts += [(text, matched) for text, matched in ((hit, True), (rest, False)) if text]
    return parts


def story_data(snapshot: Snapshot, story_id: str) -> dict[str, Any]:
    """The report data restricted to one story and its articles (the JSON API's story document)."""
    story = snapshot.stories[story_id]
    return {
        **{k: v for k, v in snapshot.data.items() if k not in {"articles", "stories", "problems"}},
        "articles": [snapshot.articles[a] for a in story["article_ids"]],
        "stories": [story],
        "problems": [],
    }


def story_summary(story: dict[str, Any]) -> dict[str, Any]:
    statuses = [g["status"] for g in story["fact_groups"]]
    return {
        "id": story["id"],
        "title": story["title"],
        "outlets": story["outlets"],
        "languages": story["languages"],
        "articles": len(story["article_ids"]),
        "facts_all": statuses.count("all"),
        "facts_several": statuses.count("several"),
        "facts_single": statuses.count("single"),
        "divergences": len(story.get("divergences", [])),
        "quotes": len(story.get("quotes", [])),
    }


def create_app(location: str) -> Any:
    """The FastAPI application over the store at `location` (a SQLite file or a postgresql:// URL)."""
    try:
        from fastapi import FastAPI, HTTPException, Query
        from fastapi.responses import HTMLResponse, JSONResponse
    except ImportError as error:  # pragma: no cover - exercised by users without the extra
        raise RuntimeError("the web app needs FastAPI and uvicorn: pip install 'rashomon[web]'") from error

    library = Library(location)
    library.current()  # read the store now (and start pre-rendering), so the first visitor is served at once
    app = FastAPI(title="Rashomon", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")

    @app.middleware("http")
    async def security_headers(request: Any, call_next: Any) -> Any:
        """Every response (pages, JSON, errors, the API description) forbids sniffing, framing and, unless
        the page set its own nonce policy, any script or external resource."""
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", STRICT_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def page(html: str, nonce: str) -> HTMLResponse:
        policy = (
            f"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; img-src data:;"
            " form-action 'self'; frame-ancestors 'none'"
        )
        return HTMLResponse(html, headers={"Content-Security-Policy": policy})

    @app.get("/api/docs", response_class=HTMLResponse, response_model=None, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        """The API description as a self-contained page (Swagger UI would load its code from a CDN)."""
        nonce = new_nonce()
        html = environment().get_template("app_docs.html.j2").render(
            spec=app.openapi(), nonce=nonce, endpoints=api_endpoints(app.openapi())
        )
        return page(html, nonce)

    @app.get("/", response_class=HTMLResponse, response_model=None)
    def story_list() -> HTMLResponse:
        snapshot = library.current()
        nonce = new_nonce()
        stories = [story_summary(s) for s in snapshot.data["stories"]]
        template = environment().get_template("app_list.html.j2")
        html = template.render(stories=stories, nonce=nonce, problems=snapshot.data["problems"])
        return page(html, nonce)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, response_model=None)
    def story_page(story_id: str) -> HTMLResponse:
        snapshot = library.current()
        if story_id not in snapshot.stories:
            raise HTTPException(status_code=404, detail="no such story")
        nonce, html = story_page_html(snapshot, story_id)
        return page(html, nonce)

    @app.get("/search", response_class=HTMLResponse, response_model=None)
    def search_page(q: str = Query("", max_length=200)) -> HTMLResponse:
        snapshot = library.current()
        nonce = new_nonce()
        results = search(snapshot, q)
        html = environment().get_template("app_search.html.j2").render(query=q, results=results, nonce=nonce)
        return page(html, nonce)

    @app.get("/api/stories", response_model=None)
    def api_stories() -> JSONResponse:
        return JSONResponse([story_summary(s) for s in library.current().data["stories"]])

    @app.get("/api/stories/{story_id}", response_model=None)
    def api_story(story_id: str) -> JSONResponse:
        snapshot = library.current()
        if story_id not in snapshot.stories:
            raise HTTPException(status_code=404, detail="no such story")
        return JSONResponse(story_data(snapshot, story_id))

    @app.get("/api/search", response_model=None)
    def api_search(q: str = Query("", max_length=200)) -> JSONResponse:
        return JSONResponse(search(library.current(), q))

    return app


def api_endpoints(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """(method, path, summary, parameters) of every documented operation, for the docs page."""
    found = []
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {"name": p["name"], "in": p["in"], "required": p.get("required", False)}
                        for p in operation.get("parameters", [])
                    ],
                }
            )
    return found
