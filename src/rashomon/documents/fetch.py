"""Fetching pages over HTTP(S), politely: article URLs given as inputs and the pages behind summary-only feeds.

Off unless asked (`--fetch`, `fetch.enabled`): an air-gapped run never touches the network. Each
request has a timeout and a size limit (`ingest.max_file_bytes`), obeys the site's robots.txt (read
once per host with Python's `urllib.robotparser`; a robots.txt that cannot be fetched allows all, as
the robots exclusion standard, RFC 9309 §2.3.1, says for 4xx answers) and waits `fetch.delay_seconds`
between two requests to one host. Every failure is a `FetchError` whose message is one line.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rashomon.config import settings
from rashomon.isolation import one_line


class FetchError(Exception):
    """A page that could not or must not be fetched; the message is shown to the user as is."""


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


@dataclass
class Fetcher:
    """One run's HTTP client: robots.txt rules and the time of the last request, per host."""

    robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    last_request: dict[str, float] = field(default_factory=dict)

    def get(self, url: str) -> bytes:
        """The body of `url`; raises FetchError (robots.txt, HTTP error, timeout, too large)."""
        config = settings().fetch
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {url[:200]}")
        rules = self.rules_for(f"{parts.scheme}://{parts.netloc}")
        if rules is not None and not rules.can_fetch(config.user_agent, url):
            raise FetchError("robots.txt disallows fetching this page")
        return self.download(url)

    def rules_for(self, site: str) -> urllib.robotparser.RobotFileParser | None:
        if site not in self.robots:
            try:
                text = self.download(f"{site}/robots.txt").decode("utf-8", "replace")
            except FetchError:
                self.robots[site] = None  # no readable robots.txt: everything is allowed
            else:
                rules = urllib.robotparser.RobotFileParser()
                rules.parse(text.splitlines())
                self.robots[site] = rules
        return self.robots[site]

    def download(self, url: str) -> bytes:
        config = settings().fetch
        limit = settings().ingest.max_file_bytes
        self.wait_for(urlsplit(url).netloc, config.delay_seconds)
        request = urllib.request.Request(url, headers={"User-Agent": config.user_agent})
        try:
            with urllib.request.urlopen(request, timeout=config.timeout_seconds) as response:
                body = bytes(response.read(limit + 1))
        except urllib.error.HTTPError as error:
            raise FetchError(f"cannot fetch (HTTP {error.code} {error.reason})") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", None) or error
            raise FetchError(f"cannot fetch ({one_line(str(reason))})") from None
        if len(body) > limit:
            raise FetchError(f"larger than {limit:,} bytes (ingest.max_file_bytes): not read")
        return body

    def wait_for(self, host: str, delay: float) -> None:
        """Sleep until `delay` seconds have passed since the last request to `host`."""
        if host in self.last_request:
            remaining = self.last_request[host] + delay - time.monotonic()
            if remaining > 0:
                time.sleep(remaining)
        self.last_request[host] = time.monotonic()
