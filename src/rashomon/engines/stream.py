"""Continuous ingestion: new files in a folder and new feed items join stories as they arrive.

The store is the only state. On start the clusterer replays the stored articles in their stored
(arrival) order, which rebuilds exactly the stories it saved; each cycle then ingests what is new,
places it, re-analyses only the stories whose membership changed, and saves everything in one
transaction. A watcher stopped at any moment loses at most the cycle in flight, which the next run
redoes; an article seen again (same bytes) is skipped, so nothing is doubled.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.config import settings, use_config
from rashomon.datamodel import Article, ArticleSignature, Problem, RawDocument, Story, StoryReport
from rashomon.documents.fetch import Fetcher, FetchError, is_url
from rashomon.documents.ingest import deduplicate, expand_paths, follow_summary, read_or_problem
from rashomon.engines.local import Options, analyze_stories, embed_sentences, prepare_articles, report_stats
from rashomon.progress import Reporter
from rashomon.store import SQLStore
from rashomon.stories.clusterer import StoryClusterer, bridged_stories, window_of
from rashomon.stories.signatures import article_signatures, timestamp


def file_of(source: str) -> str:
    """The file an article was read from ('feed.xml#3' → 'feed.xml')."""
    return source.partition("#")[0]


@dataclass
class CycleResult:
    new_articles: int = 0
    stories_changed: int = 0
    problems: list[Problem] = field(default_factory=list)


class Watcher:
    """Keeps a store's stories up to date with a folder and a list of feeds."""

    def __init__(
        self,
        store: SQLStore,
        folder: Path | None = None,
        feeds: Path | None = None,
        options: Options | None = None,
        reporter: Reporter | None = None,
        settle_seconds: float = 2.0,
    ) -> None:
        self.store = store
        self.folder = folder
        self.feeds = feeds
        self.options = options or Options()
        self.reporter = reporter or Reporter()
        self.settle_seconds = settle_seconds
        self.report = store.load_report()
        self.arriving: list[Article] = []  # this cycle's articles, placed before they are saved
        with use_config(self.options.config):
            self.clusterer = StoryClusterer(self.options.story_model, self.archived)
            self.clusterer.add(article_signatures(self.report.articles, store))
        self.read_files: dict[str, tuple[float, int]] = {}  # path → (mtime, size) already read this run
        self.fetcher = Fetcher()

    def cycle(self) -> CycleResult:
        """Ingest what is new, place it, re-analyse changed stories and save; returns what happened."""
        with use_config(self.options.config):
            return self.checked_cycle()

    def checked_cycle(self) -> CycleResult:
        problems: list[Problem] = []
        known = {article.content_hash for article in self.report.articles}
        files = [d for d in self.folder_documents(problems) if d.content_hash not in known]
        documents = [d for d in deduplicate(files + self.feed_documents(problems)) if d.content_hash not in known]
        self.forget_earlier_versions({file_of(d.source) for d in files})
        articles = prepare_articles(documents, problems, self.reporter) if documents else []
        result = CycleResult(len(articles), 0, problems)
        if not articles and not problems:
            return result
        before = {story.id: story for story in self.report.stories}
        self.arriving = articles
        self.clusterer.add(article_signatures(articles, self.store))
        all_articles = self.report.articles + articles
        by_id = {article.id: article for article in all_articles}
        sentence_vectors, _ = embed_sentences(all_articles, self.store, self.reporter)
        languages = {article.id: article.language for article in all_articles}
        grouped, events = bridged_stories(self.clusterer, languages, sentence_vectors)
        stories: list[Story] = []
        changed: list[Story] = []
        for story in grouped:
            previous = before.get(story.id)
            if previous is not None and previous.article_ids == story.article_ids:
                stories.append(previous)
            else:
                stories.append(story)
                changed.append(story)
        stage_times, story_problems = analyze_stories(
            changed, by_id, sentence_vectors, self.store, self.reporter, self.options
        )
        result.stories_changed = len(changed)
        old_problems = {(p.source, p.message) for p in self.report.problems}
        fresh_problems = [p for p in problems + story_problems if (p.source, p.message) not in old_problems]
        report = StoryReport(
            all_articles,
            stories,
            self.report.problems + fresh_problems,
            report_stats(all_articles, stories, stage_times),
            events,
        )
        report.stats["documents_skipped"] = float(len(report.problems))
        report.config = self.options.config.record()
        self.store.save_report(report)
        self.report = report
        return result

    def forget_earlier_versions(self, paths: set[str]) -> None:
        """A file whose bytes changed (still being written when first read, or edited) replaces its earlier
        version: the stored articles read from it leave the report, and the clusterer is rebuilt from the
        rest (it cannot remove an article), so its stories are re-analysed with the new version."""
        stale = {a.id for a in self.report.articles if file_of(a.source) in paths}
        if not stale:
            return
        self.report.articles = [a for a in self.report.articles if a.id not in stale]
        self.report.stories = [s for s in self.report.stories if not stale & set(s.article_ids)]
        self.clusterer = StoryClusterer(self.options.story_model, self.archived)
        self.clusterer.add(article_signatures(self.report.articles, self.store))

    def archived(self, window: int) -> list[ArticleSignature]:
        """Signatures of the stored (or arriving) articles published in a window the clusterer dropped."""
        published = [(a, timestamp(a.published)) for a in self.report.articles + self.arriving]
        in_window = [a for a, moment in published if moment is not None and window_of(moment) == window]
        return article_signatures(in_window, self.store)

    def folder_documents(self, problems: list[Problem]) -> list[RawDocument]:
        """Documents of files not yet read by this run that have stopped changing (settled)."""
        if self.folder is None:
            return []
        documents: list[RawDocument] = []
        now = time.time()
        for path in expand_paths([self.folder], problems):
            try:
                stat = Path(path).stat()
            except OSError:
                continue  # removed between listing and reading
            if now - stat.st_mtime < self.settle_seconds or self.read_files.get(path) == (stat.st_mtime, stat.st_size):
                continue
            self.read_files[path] = (stat.st_mtime, stat.st_size)
            for item in read_or_problem(path):
                if isinstance(item, Problem):
                    problems.append(item)
                else:
                    documents.append(item)
        return documents

    def feed_documents(self, problems: list[Problem]) -> list[RawDocument]:
        """Items of every feed listed in the feeds file (one URL or path per line, # comments)."""
        if self.feeds is None:
            return []
        try:
            lines = self.feeds.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            problems.append(Problem(str(self.feeds), f"cannot read the feed list ({error.strerror or error})"))
            return []
        documents: list[RawDocument] = []
        for number, line in enumerate(lines, 1):
            location = line.strip()
            if not location or location.startswith("#"):
                continue
            try:
                data = self.feed_bytes(location)
            except (FetchError, OSError) as error:
                reason = error if isinstance(error, FetchError) else f"cannot fetch ({error.strerror or error})"
                problems.append(Problem(f"{self.feeds}:{number} {location}", str(reason)))
                continue
            for item in read_or_problem(location, data):
                if isinstance(item, Problem):
                    problems.append(item)
                elif settings().fetch.enabled:
                    documents.append(follow_summary(item, self.fetcher, problems))
                else:
                    documents.append(item)
        return documents

    def feed_bytes(self, location: str) -> bytes:
        """A feed's bytes from an http(s) URL (politely, see documents/fetch.py) or a local path."""
        if is_url(location):
            return self.fetcher.get(location)
        return Path(location.removeprefix("file://")).read_bytes()
