"""Self-contained HTML report: one file, inline CSS and script, no network needed to view it."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from rashomon.report.view import STATUS_LABELS, build_views


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("rashomon.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(data: dict[str, Any], nonce: str | None = None, home: str = "") -> str:
    """Render the report; Jinja2 autoescaping escapes every string that comes from an article.

    Only the report's own script runs: the Content-Security-Policy admits scripts carrying a fresh
    random nonce, so even markup that slipped through escaping could not execute.
    `home` (the web app's root URL) adds links back to the story list and a search box.
    """
    return "".join(html_chunks(data, nonce, home))


def html_chunks(data: dict[str, Any], nonce: str | None = None, home: str = "") -> Iterator[str]:
    """`render_html`'s text in pieces as the template produces them, for writing a large report to a file."""
    template = environment().get_template("report.html.j2")
    return template.generate(
        data=data, stories=build_views(data), labels=STATUS_LABELS, nonce=nonce or new_nonce(), home=home
    )


def new_nonce() -> str:
    return secrets.token_urlsafe(16)
