"""The README's stage table and architecture section name modules that exist (a docs test)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "rashomon"


def section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", text, re.S | re.M)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def named_paths(text: str) -> list[str]:
    return re.findall(r"`([\w/]+(?:\.py|\.json|/))`", text)


def exists(path: str, within: Path = PACKAGE) -> bool:
    """A path relative to the package (or the repository); a bare file name anywhere inside `within`."""
    if (PACKAGE / path).exists() or (ROOT / path).exists():
        return True
    if (within / path).exists():
        return True
    return "/" not in path and any(within.rglob(path))


def test_the_stage_table_names_modules_that_exist() -> None:
    paths = named_paths(section("How it works"))
    assert len(paths) >= 25
    missing = [p for p in paths if not exists(p)]
    assert not missing, missing


def test_every_subpackage_has_an_architecture_paragraph() -> None:
    text = section("Architecture")
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages
    for package in packages:
        assert f"`{package}/`" in text, package
    for paragraph in re.split(r"\n- ", text):
        owner = re.match(r"`(\w+)/`", paragraph)
        within = PACKAGE / owner.group(1) if owner else PACKAGE
        missing = [p for p in named_paths(paragraph) if not exists(p, within)]
        assert not missing, (paragraph[:40], missing)
