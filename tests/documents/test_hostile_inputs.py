"""Hostile inputs: each class of bad file is one problem line or a correctly read document, never a lost batch."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashomon.config import settings
from rashomon.documents.ingest import ingest
from rashomon.documents.sanitise import sanitise_text
from tests.conftest import run_cli

GOOD = "The river rose two metres overnight and the town council closed the old bridge to traffic."


def problems_by_name(problems: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {Path(p.source.partition("#")[0]).name: p.message for p in problems}


def test_jsonl_lines_that_break_json_parsers_cost_only_their_line(tmp_path: Path) -> None:
    lines = [
        '{"text": "' + GOOD + '", "n": ' + "7" * 5000 + "}",  # beyond Python's int-string limit
        "[" * 100_000 + "]" * 100_000,  # RecursionError in json
        json.dumps({"text": GOOD + " One.", "url": "http://[::1"}),  # malformed IPv6 URL
        '{"text": "' + GOOD + ' Two \\ud800 lone surrogate."}',  # escaped lone surrogate
        "\ufeff" + json.dumps({"text": GOOD + " Three."}),  # a byte-order mark starting a line
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    documents, problems = ingest([path])
    assert [d.source.rpartition("#")[2] for d in documents] == ["3", "4", "5"]
    assert documents[0].outlet is None
    assert "\ufffd" in documents[1].text and "\ud800" not in documents[1].text
    json.dumps([d.text for d in documents]).encode("utf-8")  # writable: no lone surrogate left
    [problem] = problems
    assert problem.message == "skipped line 1: unreadable JSON (ValueError) and 1 more"


def test_a_warc_with_only_a_header_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "stub.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n")
    documents, problems = ingest([path])
    assert documents == [] and len(problems) == 1 and problems[0].source == str(path)


def test_feeds_declaring_entities_are_refused(tmp_path: Path) -> None:
    laughs = '<!ENTITY a "ha">' + "".join(f'<!ENTITY {chr(98 + i)} "&{chr(97 + i)};&{chr(97 + i)};">' for i in range(9))
    path = tmp_path / "laughs.rss"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [{laughs}]><rss><channel><title>T</title>'
        "<item><title>&j;</title><description>&j;</description></item></channel></rss>",
        encoding="utf-8",
    )
    documents, problems = ingest([path])
    assert documents == []
    assert problems[0].message == "the feed declares XML entities (refused: entity expansion and external entities)"


def test_feed_html_encoded_twice_and_markup_in_titles_become_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    description = "&amp;lt;p&amp;gt;" + GOOD + "&amp;lt;/p&amp;gt;&amp;lt;p&amp;gt;Residents were moved to the school.&amp;lt;/p&amp;gt;"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title>'
        f"<item><title>&lt;b&gt;Flood&lt;/b&gt; closes bridge</title><description>{description}</description>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    [document], problems = ingest([path])
    assert not problems
    assert document.title == "Flood closes bridge"
    assert "<" not in document.text and ">" not in document.text
    assert [line for line in document.text.splitlines() if line.strip()] == [GOOD, "Residents were moved to the school."]


def test_special_files_and_links_leaving_the_folder_are_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(GOOD, encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("password=hunter2 " * 10, encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside)
    (folder / "alias.txt").symlink_to(folder / "ok.txt")
    os.mkfifo(folder / "pipe.txt")
    documents, problems = ingest([folder, "/dev/zero"])
    assert sorted(Path(d.source).name for d in documents) == ["alias.txt"]  # ok.txt: same bytes, read once (sorted first)
    messages = problems_by_name(problems)
    assert messages["leak.txt"] == "symbolic link leaving the input folder: not followed"
    assert messages["pipe.txt"] == "not a regular file (a FIFO): not read"
    assert messages["zero"] == "not a regular file (a character device): not read"


def test_utf16_with_a_bom_is_text_and_a_late_nul_is_binary(tmp_path: Path) -> None:
    (tmp_path / "utf16.txt").write_bytes(GOOD.encode("utf-16"))
    (tmp_path / "late-nul.txt").write_bytes(GOOD.encode() * 200 + b"\x00" + GOOD.encode())
    documents, problems = ingest([tmp_path])
    assert [d.text for d in documents] == [GOOD]
    assert problems_by_name(problems) == {"late-nul.txt": "binary file (contains NUL bytes), not text"}


def test_oversized_files_and_gzip_bombs_are_refused(tmp_path: Path) -> None:
    import gzip

    from rashomon.config import Config, use_config

    small = Config().replace(ingest={"max_file_bytes": 1000, "max_decompressed_bytes": 5000})
    (tmp_path / "big.txt").write_text(GOOD * 20, encoding="utf-8")
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a " * 100_000))
    with use_config(small):
        documents, problems = ingest([tmp_path])
    assert documents == []
    messages = problems_by_name(problems)
    assert messages["big.txt"] == "larger than 1,000 bytes (ingest.max_file_bytes): not read"
    assert messages["bomb.txt.gz"] == "decompresses to more than 5,000 bytes (ingest.max_decompressed_bytes): not read"


@pytest.mark.parametrize("name", ["]a.txt", "esc\x1b[31mred.txt", "line\nSKIPPED forged.txt"])
def test_file_names_are_printed_literally_and_escaped(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "["
    folder.mkdir()
    (folder / name).write_bytes(b"")
    out = tmp_path / "out"
    result = run_cli("analyze", str(folder), "--out", str(out), "--quiet")
    assert result.exit_code == 1
    shown = name.replace("\x1b", "\\x1b").replace("\n", "\\n")
    assert f"{folder}/{shown}: empty file" in result.output
    assert "\x1b" not in result.output and "\nSKIPPED" not in result.output


def test_combining_mark_floods_are_cut_to_the_limit() -> None:
    zalgo = ("e" + "\u0301\u0316\u0337" * 100) * 1000
    cleaned = sanitise_text(zalgo)
    assert cleaned == ("e" + ("\u0301\u0316\u0337" * 3)[:8]) * 1000
    assert sanitise_text("Việt Nam, שָׁלוֹם, مُحَمَّد") == "Việt Nam, שָׁלוֹם, مُحَمَّد"


@given(st.text())
def test_sanitised_text_is_encodable_free_of_controls_and_stable(text: str) -> None:
    cleaned = sanitise_text(text)
    cleaned.encode("utf-8")
    assert not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in cleaned)
    assert not any(0x7F <= ord(ch) <= 0x9F for ch in cleaned)
    assert sanitise_text(cleaned) == cleaned
    assert settings().ingest.max_combining_marks == 8


def test_every_hostile_class_is_read_or_listed(tmp_path: Path) -> None:
    """One file of each class in tests/hostile.py: each becomes documents or exactly a problem line."""
    from tests.hostile import write_hostile_corpus

    written = write_hostile_corpus(tmp_path / "pile", copies=1)
    documents, problems = ingest([tmp_path / "pile"])
    read = {d.source.partition("#")[0] for d in documents}
    listed = {p.source.partition("#")[0] for p in problems}
    assert {str(p) for p in written} <= read | listed
    by_class = {Path(p.source).name.split("-", 1)[-1]: p.message for p in problems}
    assert by_class["billion-laughs-0.rss"].startswith("the feed declares XML entities")
    assert by_class["bomb.txt.gz"].startswith("decompresses to more than")
    readable = {Path(d.source.partition("#")[0]).name.split("-", 1)[-1] for d in documents}
    assert {"utf16-bom-0.txt", "latin1-0.txt", "zalgo-0.txt", "double-encoded-0.rss", "lone-surrogate-0.jsonl"} <= readable
    for document in documents:
        json.dumps([document.text, document.title, document.url]).encode("utf-8")


def test_a_document_stage_that_runs_too_long_costs_only_that_document(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from rashomon.config import Config, use_config
    from rashomon.documents import stages
    from rashomon.documents.ingest import ingest as read
    from rashomon.engines.local import prepare_articles
    from rashomon.progress import Reporter

    real = stages.segment

    def slow_on_one(article_id: str, text: str, language: str):  # type: ignore[no-untyped-def]
        if "stall" in text:
            time.sleep(5)
        return real(article_id, text, language)

    monkeypatch.setattr(stages, "segment", slow_on_one)
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "ok.txt").write_text(GOOD, encoding="utf-8")
        (Path(scratch) / "stall.txt").write_text(GOOD + " This one will stall the segmenter.", encoding="utf-8")
        prepare_articles(*read([Path(scratch) / "ok.txt"]), Reporter())  # models load once, outside the limit
        with use_config(Config().replace(ingest={"max_document_seconds": 0.5})):
            documents, problems = read([scratch])
            articles = prepare_articles(documents, problems, Reporter())
    assert [Path(a.source).name for a in articles] == ["ok.txt"]
    assert problems_by_name(problems) == {"stall.txt": "StageTimeout: took longer than 0.5 s (ingest.max_document_seconds)"}
