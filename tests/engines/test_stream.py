"""`rashomon watch` and `rashomon stories`: arrivals join stories, re-seeing changes nothing, restarts lose nothing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from rashomon.store import open_store
from tests.conftest import SYNTHETIC, run_cli

FILES = sorted(p.name for p in SYNTHETIC.iterdir())  # harbour-en-1, harbour-en-2, harbour-fa, quake-en


def watch_once(out: Path, folder: Path | None = None, feeds: Path | None = None):
    args = ["watch", "--out", str(out), "--once", "--settle", "0", "--quiet"]
    args += ["--folder", str(folder)] if folder else []
    args += ["--feeds", str(feeds)] if feeds else []
    return run_cli(*args)


def stories_by_source(out: Path) -> list[list[str]]:
    with open_store(out / "rashomon.db") as store:
        report = store.load_report()
    source = {a.id: Path(a.source).name for a in report.articles}
    return [[source[a] for a in story.article_ids] for story in report.stories]


def test_new_files_join_stories_and_seeing_them_again_changes_nothing(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for name in ("harbour-en-1.txt", "quake-en.txt"):
        shutil.copy(SYNTHETIC / name, inbox)
    first = watch_once(out, inbox)
    assert first.exit_code == 0, first.output
    assert "2 new articles" in first.output
    assert sorted(stories_by_source(out)) == [["harbour-en-1.txt"], ["quake-en.txt"]]
    for name in ("harbour-en-2.txt", "harbour-fa.txt"):
        shutil.copy(SYNTHETIC / name, inbox)
    second = watch_once(out, inbox)
    assert "2 new articles" in second.output
    assert sorted(stories_by_source(out)) == [
        ["harbour-en-1.txt", "harbour-en-2.txt", "harbour-fa.txt"],
        ["quake-en.txt"],
    ]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    harbour = next(s for s in report["stories"] if len(s["article_ids"]) == 3)
    assert harbour["languages"] == ["en", "fa"] and harbour["fact_groups"]  # analysed, not just grouped
    before = (out / "report.json").read_text(encoding="utf-8")
    shutil.copy(SYNTHETIC / "quake-en.txt", inbox / "quake-copy.txt")  # same bytes under another name
    third = watch_once(out, inbox)
    assert "0 new articles" in third.output
    assert (out / "report.json").read_text(encoding="utf-8") == before
    listed = run_cli("stories", str(out), "--json")
    rows = json.loads(listed.output)
    assert [row["articles"] for row in rows] == [3, 1] and rows[0]["languages"] == ["en", "fa"]


def test_streaming_one_file_at_a_time_gives_the_batch_stories(tmp_path: Path) -> None:
    batch_out = tmp_path / "batch"
    assert run_cli("analyze", str(SYNTHETIC), "--out", str(batch_out), "--quiet").exit_code == 0
    inbox, stream_out = tmp_path / "inbox", tmp_path / "stream"
    inbox.mkdir()
    for name in FILES:
        shutil.copy(SYNTHETIC / name, inbox)
        assert watch_once(stream_out, inbox).exit_code == 0
    batch = json.loads((batch_out / "report.json").read_text(encoding="utf-8"))["stories"]
    stream = json.loads((stream_out / "report.json").read_text(encoding="utf-8"))["stories"]
    assert [(s["id"], s["article_ids"]) for s in stream] == [(s["id"], s["article_ids"]) for s in batch]


def test_a_watcher_killed_at_any_moment_restarts_without_losing_or_doubling(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for name in FILES:
        shutil.copy(SYNTHETIC / name, inbox)
    command = [sys.executable, "-m", "rashomon.cli", "watch", "--out", str(out), "--folder", str(inbox)]
    watcher = subprocess.Popen(
        [*command, "--interval", "0.2", "--settle", "0", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not (out / "rashomon.db").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.5)  # somewhere in start-up, ingestion or analysis
    os.killpg(watcher.pid, signal.SIGKILL)
    watcher.wait()
    restarted = watch_once(out, inbox)
    assert restarted.exit_code == 0, restarted.output
    with open_store(out / "rashomon.db") as store:
        sources = sorted(Path(source).name for (source,) in store.query("SELECT source FROM articles"))
    assert sources == FILES  # each file exactly once
    assert sorted(stories_by_source(out)) == [
        ["harbour-en-1.txt", "harbour-en-2.txt", "harbour-fa.txt"],
        ["quake-en.txt"],
    ]


def test_bad_feeds_and_bad_files_cost_one_line_each_and_the_rest_goes_on(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(SYNTHETIC / "quake-en.txt", inbox)
    (inbox / "empty.txt").write_text("", encoding="utf-8")
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS, encoding="utf-8")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# local test feeds\n{feed}\n{tmp_path / 'missing.xml'}\nhttp://127.0.0.1:9/feed.xml\n", "utf-8")
    result = watch_once(out, inbox, feeds)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "3 new articles" in result.output  # the quake report and both feed items
    log = (out / "run.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 3
    assert any("empty.txt: empty file" in line for line in log)
    assert any("missing.xml" in line and "cannot fetch" in line for line in log)
    assert any("127.0.0.1:9" in line and "cannot fetch" in line for line in log)
    again = watch_once(out, inbox, feeds)
    assert "0 new articles" in again.output
    assert len((out / "run.log").read_text(encoding="utf-8").splitlines()) == 3  # not reported twice


def test_watch_needs_something_to_watch(tmp_path: Path) -> None:
    result = run_cli("watch", "--out", str(tmp_path), "--once")
    assert result.exit_code == 2 and "nothing to watch" in result.output


def test_stories_on_a_missing_store_is_one_line(tmp_path: Path) -> None:
    result = run_cli("stories", str(tmp_path / "nowhere"))
    assert result.exit_code == 2 and "no such store" in result.output


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Valley Gazette</title><link>https://gazette.example/</link>
<item><title>Council approves new bridge over the Orla river</title><link>https://gazette.example/bridge</link>
<pubDate>Tue, 10 Mar 2026 09:00:00 GMT</pubDate>
<description>The town council voted nine to two on Monday to build a new footbridge over the Orla river.
Construction is due to start in May and cost 3.4 million euros, the mayor said after the vote.
Residents had petitioned for a crossing since the old ferry stopped running in 2019.</description></item>
<item><title>Library opens late on weekdays</title><link>https://gazette.example/library</link>
<pubDate>Wed, 11 Mar 2026 09:00:00 GMT</pubDate>
<description>The central library will stay open until nine in the evening from next week, its director said.
The longer hours are paid for by a regional grant of 120,000 euros and will be reviewed after a year.</description></item>
</channel></rss>
"""


def test_a_late_report_joins_its_story_from_the_store_after_its_window_left_memory(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    arrivals = [  # (file, synthetic text, published): the second harbour report arrives a month late
        ("1-harbour.jsonl", "harbour-en-1.txt", "2024-01-01T08:00:00Z"),
        ("2-quake.jsonl", "quake-en.txt", "2024-02-01T08:00:00Z"),
        ("3-harbour-late.jsonl", "harbour-en-2.txt", "2024-01-01T12:00:00Z"),
    ]
    for file_name, text_name, published in arrivals:
        record = {"text": (SYNTHETIC / text_name).read_text(encoding="utf-8"), "published": published}
        (inbox / file_name).write_text(json.dumps(record) + "\n", encoding="utf-8")
        result = watch_once(out, inbox)
        assert result.exit_code == 0, result.output
    assert sorted(stories_by_source(out)) == [["1-harbour.jsonl#1", "3-harbour-late.jsonl#1"], ["2-quake.jsonl#1"]]


def test_a_file_that_changes_replaces_its_earlier_version(tmp_path: Path) -> None:
    """A file read while still being written (a pause longer than --settle) is replaced once complete."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(SYNTHETIC / "harbour-en-1.txt", inbox)
    full = (SYNTHETIC / "harbour-en-2.txt").read_text(encoding="utf-8")
    partial = inbox / "harbour-en-2.txt"
    partial.write_text(full[: len(full) // 2], encoding="utf-8")
    assert watch_once(out, inbox).exit_code == 0
    partial.write_text(full, encoding="utf-8")
    os.utime(partial, (time.time() - 5, time.time() - 5))
    second = watch_once(out, inbox)
    assert second.exit_code == 0, second.output
    with open_store(out / "rashomon.db") as store:
        report = store.load_report()
    versions = [a for a in report.articles if Path(a.source).name == "harbour-en-2.txt"]
    assert len(versions) == 1
    last = versions[0].sentences[-1].text
    assert last in full and last not in full[: len(full) // 2]  # the complete version
    assert sorted(stories_by_source(out)) == [["harbour-en-1.txt", "harbour-en-2.txt"]]
