"""The `rashomon` command: help, a batch with broken inputs, re-rendering, evaluation."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rashomon.report import report_to_dict
from rashomon.store import open_store
from tests.conftest import EXAMPLES, GOLD_PATH, SYNTHETIC, run_cli


@pytest.mark.parametrize("command", [[], ["analyze"], ["report"], ["inspect"], ["evaluate"]])
def test_help_is_available_for_every_subcommand(command: list[str]) -> None:
    result = run_cli(*command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_broken_inputs_are_listed_and_the_rest_is_analysed(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (corpus_copy / "garbled.txt").write_bytes(bytes(range(128, 256)) * 4)
    out = tmp_path / "out"
    result = run_cli("analyze", str(corpus_copy), str(tmp_path / "missing-folder"), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(report["articles"]) == 5
    problems = {Path(p["source"]).name: p["message"] for p in report["problems"]}
    assert problems == {
        "empty.txt": "empty file",
        "binary.txt": "binary file (contains NUL bytes), not text",
        "garbled.txt": "unknown text encoding (not UTF-8 and no plausible legacy encoding)",
        "missing-folder": "no such file or directory",
    }
    log = (out / "run.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 4 and all(line.startswith("SKIPPED ") for line in log)
    for name in problems:
        assert name in result.output


def test_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli("analyze", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "out"), "--quiet")
    assert result.exit_code == 1
    assert "empty file" in result.output


def test_report_rerenders_from_the_store(example_out: Path, tmp_path: Path) -> None:
    result = run_cli("report", str(example_out / "rashomon.db"), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8")) == json.loads(
        (example_out / "report.json").read_text(encoding="utf-8")
    )


def test_rerun_uses_the_embedding_cache_and_gives_the_same_report(example_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    result = run_cli("analyze", str(EXAMPLES), "--out", str(out), "--store", str(example_out / "rashomon.db"), "-q")
    assert result.exit_code == 0, result.output
    first = json.loads((example_out / "report.json").read_text(encoding="utf-8"))
    second = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert second["stats"]["embedding_cache_hits"] == second["stats"]["sentences"]
    assert f"{int(second['stats']['sentences'])} of {int(second['stats']['sentences'])} sentences (100%)" in " ".join(
        result.output.split()
    )
    assert first["stories"] == second["stories"] and first["articles"] == second["articles"]


def test_evaluate_prints_scores(example_out: Path) -> None:
    result = run_cli("evaluate", str(example_out / "report.json"), str(GOLD_PATH))
    assert result.exit_code == 0
    scores: dict[str, Any] = json.loads(result.output)
    assert scores["link_precision"] >= 0.95 and scores["link_recall"] >= 0.45  # see tests/analysis/test_align.py


def test_evaluate_bad_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    result = run_cli("evaluate", str(bad), str(GOLD_PATH))
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "not valid JSON" in result.output


def test_inspect_shows_removed_boilerplate() -> None:
    result = run_cli("inspect", str(EXAMPLES / "001_bebe86455bde8f56.txt"))
    assert result.exit_code == 0
    assert "removed: Add new comment" in result.output
    assert "Financialtribune.com" in result.output


def test_console_script_is_installed() -> None:
    executable = Path(sys.executable).parent / "rashomon"
    completed = subprocess.run([str(executable), "--help"], capture_output=True, text=True, check=False)
    assert completed.returncode == 0 and "analyze" in completed.stdout


def test_serve_refuses_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database", encoding="utf-8")
    result = run_cli("serve", str(bogus))
    assert result.exit_code == 2
    assert f"{bogus}: cannot serve this store" in result.output and "Traceback" not in result.output
    missing = run_cli("serve", str(tmp_path / "missing.db"))
    assert missing.exit_code == 2 and "no such store file" in missing.output


def test_a_typo_never_costs_the_stored_analysis(tmp_path: Path) -> None:
    """A run that reads no article changes nothing and says so; the store and reports stay as they were."""
    out = tmp_path / "out"
    assert run_cli("analyze", str(SYNTHETIC), "--out", str(out), "--quiet").exit_code == 0
    before = {name: (out / name).read_bytes() for name in ("report.json", "report.md", "report.html", "run.log")}
    stored = open_store(out / "rashomon.db").load_report()
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    for typo in (tmp_path / "typo-folder", empty):
        result = run_cli("analyze", str(typo), "--out", str(out), "--quiet")
        assert result.exit_code == 1
        assert f"no readable input in {typo}" in result.output and "nothing was changed" in result.output
        assert {name: (out / name).read_bytes() for name in before} == before
        assert report_to_dict(open_store(out / "rashomon.db").load_report()) == report_to_dict(stored)
        assert not (out / "previous").exists()


def test_a_replaced_analysis_stays_recoverable(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("analyze", str(SYNTHETIC), "--out", str(out), "--quiet").exit_code == 0
    first = json.loads((out / "report.json").read_text(encoding="utf-8"))
    only_quake = tmp_path / "quake"
    only_quake.mkdir()
    shutil.copy(SYNTHETIC / "quake-en.txt", only_quake)
    assert run_cli("analyze", str(only_quake), "--out", str(out), "--quiet").exit_code == 0
    assert len(json.loads((out / "report.json").read_text(encoding="utf-8"))["articles"]) == 1
    assert json.loads((out / "previous" / "report.json").read_text(encoding="utf-8")) == first
    result = run_cli("report", str(out / "previous"), "--out", str(tmp_path / "restored"))
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "restored" / "report.json").read_text(encoding="utf-8")) == first


def test_a_store_that_is_a_folder_is_its_rashomon_db_and_a_bad_one_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "store-folder"
    folder.mkdir()
    result = run_cli("analyze", str(SYNTHETIC / "quake-en.txt"), "--out", str(tmp_path / "o"), "--store", str(folder))
    assert result.exit_code == 0, result.output
    assert (folder / "rashomon.db").is_file()
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    executable = Path(sys.executable).parent / "rashomon"
    command = [str(executable), "analyze", str(SYNTHETIC), "--out", str(tmp_path / "o2"), "--store", str(blocked / "x.db")]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert str(blocked / "x.db") in output and "Traceback" not in output


def test_help_is_literal_text() -> None:
    result = run_cli("analyze", "--help")
    assert "rashomon[spark]" in result.output
    assert "<bool>" not in result.output


def test_serve_warns_about_open_hosts_and_refuses_a_busy_port(example_out: Path) -> None:
    import socket

    executable = Path(sys.executable).parent / "rashomon"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        completed = subprocess.run(
            [str(executable), "serve", str(example_out), "--host", "0.0.0.0", "--port", str(port)],
            capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
    assert completed.returncode == 2
    assert "warning: --host 0.0.0.0 lets other machines read this store" in completed.stderr
    assert f"cannot serve at 0.0.0.0:{port}: Address already in use" in completed.stderr
    assert "serving" not in completed.stdout
