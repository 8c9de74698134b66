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
SYNTHETIC_GOLD_PATH = Path(__file__).parent / "fixtures" / "synthetic.gold.json"
MULTILINGUAL = Path(__file__).parent / "fixtures" / "multilingual" / "reports.jsonl"
MULTILINGUAL_GOLD_PATH = Path(__file__).parent / "fixtures" / "multilingual.gold.json"
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"


def run_cli(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def synthetic_gold() -> dict[str, Any]:
    return json.loads(SYNTHETIC_GOLD_PATH.read_text(encoding="utf-8"))


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


@pytest.fixture(scope="session")
def multilingual_gold() -> dict[str, Any]:
    return json.loads(MULTILINGUAL_GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def multilingual_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two invented events in ten languages and four scripts (tests/fixtures/multilingual), analysed once."""
    out = tmp_path_factory.mktemp("multilingual-run")
    result = run_cli("analyze", str(MULTILINGUAL), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the example corpus, for tests that add broken files beside it."""
    target = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, target)
    return target


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A throwaway PostgreSQL cluster (Debian's server binaries) on a free port, removed afterwards."""
    import glob
    import os
    import subprocess

    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not binaries:
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql); PostgreSQL tests skipped")
    bin_dir = Path(binaries[-1]).parent
    root = tmp_path_factory.mktemp("postgres")
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        as_user = ["runuser", "-u", "postgres", "--"]
        subprocess.run(["chown", "-R", "postgres", str(root)], check=True)
        root.chmod(0o755)
        for parent in root.parents:
            if str(parent).startswith(tempfile_root()):
                parent.chmod(parent.stat().st_mode | 0o755)
    port = free_port()
    run = lambda *args: subprocess.run([*as_user, *args], check=True, capture_output=True, text=True)  # noqa: E731
    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start")
    try:
        run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "rashomon")
        yield f"postgresql://postgres@127.0.0.1:{port}/rashomon"
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")


def tempfile_root() -> str:
    import tempfile

    return tempfile.gettempdir()
