"""Report writers: JSON (the documented contract), Markdown and self-contained HTML, all from one StoryReport."""

from __future__ import annotations

from pathlib import Path

from rashomon.model import StoryReport
from rashomon.report.html import render_html
from rashomon.report.json import SCHEMA_VERSION, report_to_dict, write_json
from rashomon.report.markdown import render_markdown

__all__ = ["SCHEMA_VERSION", "render_html", "render_markdown", "report_to_dict", "write_json", "write_reports"]


def write_reports(report: StoryReport, out_dir: Path) -> dict[str, Path]:
    """Write report.json, report.md and report.html into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = report_to_dict(report)
    paths = {"json": out_dir / "report.json", "md": out_dir / "report.md", "html": out_dir / "report.html"}
    write_json(data, paths["json"])
    paths["md"].write_text(render_markdown(data), encoding="utf-8")
    paths["html"].write_text(render_html(data), encoding="utf-8")
    return paths
