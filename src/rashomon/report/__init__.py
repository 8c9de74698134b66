"""Report writers: JSON (the documented contract), Markdown and self-contained HTML, all from one StoryReport."""

from __future__ import annotations

import os
from pathlib import Path

from rashomon.datamodel import StoryReport
from rashomon.report.html import render_html
from rashomon.report.json import SCHEMA_VERSION, json_text, report_to_dict, write_json
from rashomon.report.markdown import render_markdown

__all__ = ["SCHEMA_VERSION", "render_html", "render_markdown", "report_to_dict", "write_json", "write_reports"]


def write_reports(report: StoryReport, out_dir: Path) -> dict[str, Path]:
    """Write report.json, report.md and report.html into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = report_to_dict(report)
    paths = {"json": out_dir / "report.json", "md": out_dir / "report.md", "html": out_dir / "report.html"}
    write_atomically(paths["json"], json_text(data))
    write_atomically(paths["md"], render_markdown(data))
    write_atomically(paths["html"], render_html(data))
    return paths


def write_atomically(path: Path, text: str) -> None:
    """Write beside the target, then rename over it: a run killed mid-write never leaves half a report."""
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
