"""Shared fixtures: the bundled example corpus analysed once per test session."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rashomon.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "iran-belarus-2023"
GOLD_PATH = Path(__file__).parent / "fixtures" / "iran-belarus-2023.gold.json"
SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic"
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"


def run_cli(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`rashomon analyze examples/iran-belarus-2023 --out OUT`, run once through the real CLI."""
    out = tmp_path_factory.mktemp("example-run")
    result = run_cli("analyze", str(EXAMPLES), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def example_report(example_out: Path) -> dict[str, Any]:
    return json.loads((example_out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def synthetic_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A second, hand-written corpus (other names, outlets, languages mix) to show nothing is tuned to the example."""
    out = tmp_path_factory.mktemp("synthetic-run")
    result = run_cli("analyze", str(SYNTHETIC), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the example corpus, for tests that add broken files beside it."""
    target = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, target)
    return target
