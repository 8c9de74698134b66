"""Fetching against a local HTTP server on 127.0.0.1: input URLs, pages behind summary-only feeds, robots.txt."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rashomon.config import Config, use_config
from rashomon.documents.fetch import Fetcher, FetchError
from rashomon.documents.ingest import ingest

BODY = (
    "The river rose two metres overnight and the town council closed the old bridge to traffic. "
    "Engineers said the pillars had been weakened by the spring floods and needed a full inspection. "
    "Residents of the lower town were moved to the school gym, where volunteers served soup until midnight. "
    "The mayor said repairs could take three months and would cost about 2 million euros. "
)
PAGES = {
    "/robots.txt": ("text/plain", "User-agent: *\nDisallow: /private/\n"),
    "/story.html": ("text/html", f"<html><head><title>Bridge closed</title></head><body><article><h1>Bridge closed"
                    f"</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"),
    "/private/story.html": ("text/html", f"<html><body><p>{BODY}</p></body></html>"),
    "/feed.rss": ("application/rss+xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title>'
                  "<item><title>Bridge closed</title><link>{site}/story.html</link>"
                  "<description>The council closed the bridge.</description></item>"
                  "<item><title>Secret</title><link>{site}/private/story.html</link>"
                  "<description>Something private happened today.</description></item></channel></rss>"),
}  # fmt: skip
REQUESTS: list[tuple[str, float]] = []


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        REQUESTS.append((self.path, time.monotonic()))
        if self.path == "/huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"a " * 200_000 + b"</p>")
            return
        if self.path not in PAGES:
            self.send_error(404)
            return
        kind, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.end_headers()
        self.wfile.write(body.replace("{site}", self.server.site).encode())  # type: ignore[attr-defined]

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.site = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.site  # type: ignore[attr-defined]
    server.shutdown()


def fetching(**changes: object) -> Config:
    return Config().replace(fetch={"enabled": True, "delay_seconds": 0.0, **changes})


def test_a_url_input_needs_fetch_and_is_read_with_it(site: str) -> None:
    documents, problems = ingest([f"{site}/story.html"])
    assert documents == [] and [p.message for p in problems] == ["a URL: add --fetch to download it"]
    with use_config(fetching()):
        [document], problems = ingest([f"{site}/story.html"])
    assert not problems
    assert document.url == f"{site}/story.html" and BODY.split(".")[0] in document.text


def test_summary_only_feeds_are_followed_to_their_pages_within_robots_txt(site: str) -> None:
    with use_config(fetching()):
        documents, problems = ingest([f"{site}/feed.rss"])
    by_title = {d.title: d for d in documents}
    assert len(by_title["Bridge closed"].text) > 300 and by_title["Bridge closed"].outlet == "Valley Post"
    assert by_title["Secret"].text == "Something private happened today."  # disallowed: the summary stays
    [problem] = problems
    assert problem.message == "robots.txt disallows fetching this page (the feed's summary is used)"


def test_limits_errors_and_the_polite_delay(site: str) -> None:
    with use_config(Config().replace(ingest={"max_file_bytes": 10_000}, fetch={"delay_seconds": 0.3})):
        fetcher = Fetcher()
        with pytest.raises(FetchError, match="larger than 10,000 bytes"):
            fetcher.get(f"{site}/huge.html")
        with pytest.raises(FetchError, match=r"HTTP 404"):
            fetcher.get(f"{site}/missing.html")
        with pytest.raises(FetchError, match="cannot fetch"):
            fetcher.get("http://127.0.0.1:9/closed")
    hits = [moment for path, moment in REQUESTS if path in {"/huge.html", "/missing.html"}]
    assert hits[-1] - hits[-2] >= 0.29


def test_the_command_line_fetches_a_url_and_says_what_to_do_without_fetch(site: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`rashomon analyze URL` keeps the URL whole (it had become the path 'http:/127.0.0.1…')."""
    import json

    from tests.conftest import run_cli

    settings_file = tmp_path / "fast.toml"
    settings_file.write_text("[fetch]\ndelay_seconds = 0.0\n", encoding="utf-8")
    url = f"{site}/story.html"
    without = run_cli("analyze", url, "--out", str(tmp_path / "a"), "--quiet")
    assert without.exit_code == 1  # nothing readable: one line says why, nothing written
    assert f"skipped {url}: a URL: add --fetch to download it" in without.output
    fetched = run_cli("analyze", url, "--fetch", "--config", str(settings_file), "--out", str(tmp_path / "b"), "-q")
    assert fetched.exit_code == 0, fetched.output
    report = json.loads((tmp_path / "b" / "report.json").read_text(encoding="utf-8"))
    assert [a["url"] for a in report["articles"]] == [url] and "spring floods" in report["articles"][0]["text"]
