"""Markdown report: readable in a terminal, a wiki or a pull request."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from rashomon.report.view import STATUS_LABELS, build_views


def md_text(value: object) -> str:
    """Article text is untrusted: neutralise HTML and Markdown control characters that could inject markup."""
    text = html.escape(str(value), quote=False)
    for char in "\\`*_[]|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def render_markdown(data: dict[str, Any]) -> str:
    return "".join(markdown_chunks(data))


def markdown_chunks(data: dict[str, Any]) -> Iterator[str]:
    """`render_markdown`'s text in pieces as the template produces them, for writing a large report."""
    environment = Environment(
        loader=PackageLoader("rashomon.report", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = md_text
    template = environment.get_template("report.md.j2")
    return template.generate(data=data, stories=build_views(data), labels=STATUS_LABELS)
