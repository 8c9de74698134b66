"""Report writers: JSON (the documented contract), Markdown and self-contained HTML, all from one StoryReport."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TextIO

from rashomon.datamodel import StoryReport
from rashomon.report.html import html_chunks, render_html
from rashomon.report.json import SCHEMA_VERSION, report_to_dict, write_json, write_json_to
from rashomon.report.markdown import markdown_chunks, render_markdown

__all__ = ["SCHEMA_VERSION", "render_html", "render_markdown", "report_to_dict", "write_json", "write_reports"]


def write_reports(report: StoryReport, out_dir: Path) -> dict[str, Path]:
    """Write report.json, report.md and report.html into out_dir.

    Each story is turned into its dict and view when a writer reaches it and written piece by piece, so
    memory holds one story's rendering at a time, not the whole report's (benchmarks/throughput.py --memory).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    data = report_to_dict(report, lazy=True)
    paths = {"json": out_dir / "report.json", "md": out_dir / "report.md", "html": out_dir / "report.html"}
    write_atomically(paths["json"], partial(write_json_to, data))
    write_atomically(paths["md"], lambda handle: handle.writelines(markdown_chunks(data)))
    write_atomically(paths["html"], lambda handle: handle.writelines(html_chunks(data)))
    return paths


def write_atomically(path: Path, content: str | Callable[[TextIO], object]) -> None:
    """Write beside the target, then rename over it: a run killed mid-write never leaves half a report.

    `content`: the text, or a function that writes it to the open file.
    """
    partial_path = path.with_name(f".{path.name}.partial")
    with partial_path.open("w", encoding="utf-8") as handle:
        if isinstance(content, str):
            handle.write(content)
        else:
            content(handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial_path, path)
