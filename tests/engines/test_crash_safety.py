"""A run killed at any point, then started again, ends exactly like an uninterrupted run."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES

RASHOMON = str(Path(sys.executable).parent / "rashomon")


def embeddings_stored(store: Path) -> int:
    try:
        connection = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1)
        try:
            return int(connection.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


def kill_when(condition: Callable[[], bool], command: list[str], limit: float = 120) -> bool:
    """Start the command, SIGKILL it as soon as `condition` holds; False if it finished first."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + limit
    while process.poll() is None and time.monotonic() < deadline:
        if condition():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.02)
    process.wait()
    return False


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    return {key: report[key] for key in ("articles", "stories", "problems")}


@pytest.mark.parametrize(
    "stage",
    ["start-up", "mid-embedding", "after-embedding"],
)
def test_killed_run_resumes_to_the_same_result(stage: str, tmp_path: Path, example_report: dict[str, Any]) -> None:
    out, store = tmp_path / "out", tmp_path / "out" / "rashomon.db"
    command = [RASHOMON, "analyze", str(EXAMPLES), "--out", str(out), "--quiet"]
    started = time.monotonic()
    conditions = {
        "start-up": lambda: time.monotonic() - started > 1.0,
        "mid-embedding": lambda: 0 < embeddings_stored(store) < 100,
        "after-embedding": lambda: embeddings_stored(store) >= 100,
    }
    killed = kill_when(conditions[stage], command)
    assert killed, f"the run finished before reaching {stage}"
    if (out / "report.json").exists():  # a report from a killed run is never half-written
        json.loads((out / "report.json").read_text(encoding="utf-8"))
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    resumed = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert comparable(resumed) == comparable(example_report)
    connection = sqlite3.connect(store)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 5
    assert connection.execute("SELECT COUNT(DISTINCT id) = COUNT(*) FROM fact_groups").fetchone()[0] == 1
    if stage != "start-up":
        assert resumed["stats"]["embedding_cache_hits"] > 0  # work done before the kill was kept
