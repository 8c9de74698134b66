"""The README's stage table and architecture section name modules that exist (a docs test)."""

from __future__ import annotations

import re

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "rashomon"


def section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", text, re.S | re.M)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def named_paths(text: str) -> list[str]:
    return re.findall(r"`([\w/]+(?:\.py|/))`", text)


def test_the_stage_table_names_modules_that_exist() -> None:
    paths = named_paths(section("How it works"))
    assert len(paths) >= 25
    missing = [p for p in paths if not (PACKAGE / p).exists()]
    assert not missing, missing


def test_every_subpackage_has_an_architecture_paragraph() -> None:
    text = section("Architecture")
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages
    for package in packages:
        assert f"`{package}/`" in text, package
    missing = [p for p in named_paths(text) if not (PACKAGE / p).exists()]
    assert not missing, missing
