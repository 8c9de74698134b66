"""Self-contained HTML report: one file, inline CSS and script, no network needed to view it."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from rashomon.report.view import STATUS_LABELS, build_views


def render_html(data: dict[str, Any]) -> str:
    """Render the report; Jinja2 autoescaping escapes every string that comes from an article."""
    environment = Environment(
        loader=PackageLoader("rashomon.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("report.html.j2")
    return template.render(data=data, stories=build_views(data), labels=STATUS_LABELS)
