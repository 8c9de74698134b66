"""One configuration object: validated on construction, overridden by TOML, recorded in report.json."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashomon.config import Config, ConfigError, describe, load_config, settings, use_config
from tests.conftest import SYNTHETIC, run_cli


def test_defaults_are_valid_and_every_setting_says_unit_and_source() -> None:
    rows = describe()
    assert len(rows) >= 45
    for section, name, _, unit, source in rows:
        assert unit and source, f"{section}.{name}"


def test_every_cosine_cut_off_lives_in_the_embedding_section() -> None:
    cosines = [(s, n) for s, n, _, unit, _ in describe() if "cosine" in unit and "scaled" not in unit]
    assert cosines and {s for s, _ in cosines} == {"embedding"}


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_cosine_outside_minus_one_to_one_is_refused(value: float) -> None:
    if -1.0 <= value <= 1.0:
        assert Config().replace(embedding={"quote_group": value}).embedding.quote_group == value
    else:
        with pytest.raises(ConfigError, match="quote_group"):
            Config().replace(embedding={"quote_group": value})


def test_wrong_types_unknown_sections_and_keys_are_refused() -> None:
    with pytest.raises(ConfigError, match="whole number"):
        Config().replace(quotes={"min_quote_words": 2.5})
    with pytest.raises(ConfigError, match="expected a number"):
        Config().replace(quotes={"min_quote_words": "3"})
    with pytest.raises(ConfigError, match=r"unknown configuration section \[qoutes\]"):
        Config().replace(qoutes={"min_quote_words": 3})
    with pytest.raises(ConfigError, match=r"unknown setting quotes\.min_words"):
        Config().replace(quotes={"min_words": 3})
    with pytest.raises(ConfigError, match="outside"):
        Config().replace(clustering={"candidates": 0})


def test_toml_overrides_defaults_and_names_the_file_when_bad(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text("[embedding]\nquote_group = 0.9\n\n[summary]\nmax_sentences = 5\n", encoding="utf-8")
    config = load_config(good)
    assert config.embedding.quote_group == 0.9 and config.summary.max_sentences == 5
    assert config.non_defaults() == {"embedding": {"quote_group": 0.9}, "summary": {"max_sentences": 5}}
    assert config.digest() != Config().digest()
    bad = tmp_path / "bad.toml"
    bad.write_text("[embedding\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        load_config(bad)


def test_use_config_is_scoped() -> None:
    changed = Config().replace(align={"neighbours": 3})
    with use_config(changed):
        assert settings().align.neighbours == 3
    assert settings().align.neighbours == 2


def test_sections_are_frozen() -> None:
    config = Config()
    for section in fields(config):
        with pytest.raises(AttributeError):
            getattr(config, section.name).x = 1


def test_a_cut_off_changed_in_a_file_is_recorded_in_the_report(tmp_path: Path) -> None:
    settings_file = tmp_path / "strict.toml"
    settings_file.write_text("[embedding]\nquote_group = 0.9999\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("analyze", str(SYNTHETIC), "--out", str(out), "--config", str(settings_file), "--quiet")
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["config"]["non_default"] == {"embedding": {"quote_group": 0.9999}}
    assert report["config"]["digest"] == Config().replace(embedding={"quote_group": 0.9999}).digest()
    assert all(len(q["variants"]) == 1 for story in report["stories"] for q in story["quotes"])


def test_a_bad_config_file_is_one_line(tmp_path: Path) -> None:
    settings_file = tmp_path / "typo.toml"
    settings_file.write_text("[embeding]\nquote_group = 0.9\n", encoding="utf-8")
    result = run_cli("analyze", str(SYNTHETIC), "--out", str(tmp_path / "out"), "--config", str(settings_file))
    assert result.exit_code == 2
    assert "typo.toml: unknown configuration section [embeding]" in result.output
    assert "Traceback" not in result.output
