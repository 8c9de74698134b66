"""Rashomon: read many news reports of the same events and show what happened.

The public API is small; everything else is reachable through the subpackages, one per phase
(`documents`, `stories`, `analysis`, `engines`, `store`, `report`, `web`; see the README's
ARCHITECTURE section)::

    from pathlib import Path
    from rashomon import Config, Options, analyze, open_store, write_reports

    options = Options(config=Config().replace(quotes={"min_quote_words": 4}))
    with open_store("out/rashomon.db") as store:
        report = analyze(["examples/iran-belarus-2023"], cache=store, options=options)
        store.save_report(report)
    write_reports(report, Path("out"))  # report.json, report.md, report.html
    for story in report.stories:
        print(story.id, len(story.article_ids), len(story.fact_groups))

`analyze` returns a `StoryReport` (articles, stories, problems, stats, the configuration used);
unreadable inputs become `report.problems`, never exceptions.
"""

from rashomon.config import Config, ConfigError, load_config
from rashomon.datamodel import Article, Story, StoryReport
from rashomon.engines.local import Options, analyze
from rashomon.report import write_reports
from rashomon.store import open_store

__all__ = [
    "Article",
    "Config",
    "ConfigError",
    "Options",
    "Story",
    "StoryReport",
    "analyze",
    "load_config",
    "open_store",
    "write_reports",
]
