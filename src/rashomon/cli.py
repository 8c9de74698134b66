"""The `rashomon` command."""

from __future__ import annotations

import json
import re
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from rashomon.datamodel import Problem, StoryReport
from rashomon.progress import Reporter

if TYPE_CHECKING:
    from rashomon.engines.local import Options
    from rashomon.store import SQLStore

app = typer.Typer(
    help="Rashomon: compare many news reports of the same events across outlets and languages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help text is literal: "[spark]" is an extra's name, not Rich markup
)
console = Console(stderr=True)


class Engine(StrEnum):
    local = "local"
    spark = "spark"


class RichReporter(Reporter):
    """Progress bars for long stages; problems are printed as they happen, one line each."""

    def __init__(self, quiet: bool = False) -> None:
        self.progress = Progress(
            TextColumn("{task.description:<22}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=quiet,
            transient=False,
        )
        self.task: TaskID | None = None
        self.problems: list[Problem] = []

    def __enter__(self) -> RichReporter:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def start(self, stage: str, total: int) -> None:
        self.task = self.progress.add_task(stage, total=max(total, 1))
        if total == 0:
            self.progress.update(self.task, completed=1)

    def advance(self, amount: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, amount)

    def problem(self, problem: Problem) -> None:
        self.problems.append(problem)
        self.progress.console.print(labelled("skipped", "yellow", problem), highlight=False, soft_wrap=True)


@app.command()
def analyze(
    paths: Annotated[
        list[str],  # not Path: Path('https://site/a') is 'https:/site/a', a URL no longer
        typer.Argument(
            help="Files or folders (text dumps, HTML, RSS/Atom, JSONL, WARC), or http(s) URLs with --fetch.",
            metavar="PATH...",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for report.json, report.md, report.html.")] = Path(
        "out"
    ),
    store: Annotated[
        str | None,
        typer.Option(help="Store: a SQLite file (default OUT/rashomon.db) or a postgresql:// URL. Caches embeddings."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    engine: Annotated[
        Engine, typer.Option(help="local (default, no Java needed) or spark (pip install 'rashomon[spark]').")
    ] = Engine.local,
    master: Annotated[
        str, typer.Option(help="Spark master for --engine spark: local[2], spark://host:7077, yarn ...")
    ] = "local[2]",
    parquet: Annotated[
        Path | None, typer.Option(help="With --engine spark, also write articles and mentions as Parquet here.")
    ] = None,
    summary_language: Annotated[
        str | None, typer.Option(help="Language of each story's summary (ISO 639-1); the story's main one if absent.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help="TOML file overriding analysis settings ([section] tables; see README).")
    ] = None,
    fetch: Annotated[
        bool,
        typer.Option("--fetch", help="Download http(s) URLs given as inputs and the pages behind summary-only feeds."),
    ] = False,
) -> None:
    """Analyse articles: group them into stories, align their facts, and write the reports."""
    from rashomon.report import write_reports
    from rashomon.store import open_store

    options = run_options(config, summary_language, fetch)
    out_existed = out.exists()
    out.mkdir(parents=True, exist_ok=True)
    with open_store(store or out / "rashomon.db") as database, RichReporter(quiet) as reporter:
        inputs = [str(p) for p in paths]
        if engine is Engine.spark:
            from rashomon.engines.spark import analyze_spark

            report = analyze_spark(
                inputs,
                master=master,
                cache=database,
                reporter=reporter,
                parquet_dir=str(parquet) if parquet else None,
                options=options,
            )
        else:
            from rashomon.engines.local import analyze as run_analysis

            report = run_analysis(inputs, cache=database, reporter=reporter, options=options)
        if not report.articles:
            refuse_empty_run(inputs, report, out if not out_existed else None)
        keep_previous(database, out)
        database.save_report(report)
    written = write_reports(report, out)
    write_run_log(out / "run.log", report.problems)
    print_summary(report, written)


PREVIOUS = "previous"
REPORT_FILES = ("report.json", "report.md", "report.html", "run.log")


def refuse_empty_run(inputs: list[str], report: StoryReport, created: Path | None) -> NoReturn:
    """A run that read no article changes nothing: no store write, no report files (a typo must not cost
    yesterday's analysis). Exits 1 naming the inputs."""
    if created is not None:
        import shutil

        shutil.rmtree(created, ignore_errors=True)
    names = ", ".join(inputs)
    reasons = f" ({len(report.problems)} skipped, listed above)" if report.problems else ""
    message = f"no readable input in {names}{reasons}; nothing was changed"
    console.print(labelled("error:", "red", message), highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


def keep_previous(database: SQLStore, out: Path) -> None:
    """Before an analysis is replaced, keep the one it replaces in OUT/previous/: its report files and, for
    SQLite, a consistent copy of the store (`rashomon report OUT/previous --out DIR` re-renders it)."""
    if not database.has_analysis():
        return
    previous = out / PREVIOUS
    previous.mkdir(exist_ok=True)
    for name in REPORT_FILES:
        if (out / name).is_file():
            (out / name).replace(previous / name)
    database.backup(previous / "rashomon.db")


def run_options(config_path: Path | None, summary_language: str | None, fetch: bool = False) -> Options:
    """Options from a TOML configuration file and the command line (which wins); bad values are one line."""
    from rashomon.config import Config, ConfigError, load_config
    from rashomon.engines.local import Options

    try:
        config = load_config(config_path) if config_path else Config()
        if summary_language:
            config = config.replace(summary={"language": summary_language})
        if fetch:
            config = config.replace(fetch={"enabled": True})
    except ConfigError as error:
        fail(str(error))
    return Options(config=config)


def write_run_log(path: Path, problems: list[Problem]) -> None:
    from rashomon.report import write_atomically

    lines = [f"SKIPPED {printable(str(problem))}" for problem in problems]
    write_atomically(path, "\n".join(lines) + ("\n" if lines else ""))


def print_summary(report: StoryReport, written: dict[str, Path]) -> None:
    table = Table(title="Rashomon analysis", show_header=False, title_justify="left")
    table.add_row("articles analysed", str(len(report.articles)))
    table.add_row("stories", str(len(report.stories)))
    for story in report.stories:
        counts: dict[str, int] = {}
        for group in story.fact_groups:
            counts[group.status.value] = counts.get(group.status.value, 0) + 1
        table.add_row(
            f"  story {story.id}",
            f"{len(story.article_ids)} articles · facts: {counts.get('all', 0)} by all, "
            f"{counts.get('several', 0)} by several, {counts.get('single', 0)} single-source",
        )
    hits, sentences = int(report.stats.get("embedding_cache_hits", 0)), int(report.stats.get("sentences", 0))
    rate = f" ({hits / sentences:.0%})" if sentences else ""
    table.add_row("embedding cache hits", f"{hits} of {sentences} sentences{rate}")
    table.add_row("skipped inputs", str(len(report.problems)))
    for kind, path in written.items():
        table.add_row(f"report ({kind})", Text(printable(str(path))))
    console.print(table)
    for problem in report.problems:
        console.print(labelled("skipped", "yellow", problem), highlight=False, soft_wrap=True)


@app.command()
def stories(
    location: Annotated[
        str, typer.Argument(help="An output folder of `rashomon analyze`/`watch`, a store file or a postgresql:// URL.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the stories: title, articles, date span, outlets and languages."""
    from rashomon.report.json import story_listing
    from rashomon.store import open_store

    store = resolve_store(location)
    with open_store(store) as database:
        loaded = database.load_report()
    articles = {article.id: article for article in loaded.articles}
    rows = [story_listing(story, articles) for story in loaded.stories]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    title = Text(printable(f"{len(rows)} stories, {len(articles)} articles ({store})"))
    table = Table(title=title, title_justify="left")
    for column in ("story", "title", "articles", "dates", "outlets", "languages"):
        table.add_column(column, overflow="fold")
    for row in rows:
        span = " – ".join(dict.fromkeys(d[:10] for d in (row["first_published"], row["last_published"]) if d))
        cells = [row["id"], row["title"] or "", str(row["articles"]), span, ", ".join(row["outlets"])]
        table.add_row(*(Text(printable(cell)) for cell in cells), ", ".join(row["languages"]))
    console.print(table)


def resolve_store(location: str) -> str:
    """The store behind a command-line location (a folder means its rashomon.db); one line if there is none."""
    if "://" in location:
        return location
    path = Path(location)
    if path.is_dir():
        path = path / "rashomon.db"
    if not path.is_file():
        fail(f"{path}: no such store file (run `rashomon analyze` or `rashomon watch` first)")
    return str(path)


@app.command()
def watch(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the store and the refreshed reports.")] = Path(
        "out"
    ),
    folder: Annotated[Path | None, typer.Option(help="Folder to watch for new article files.")] = None,
    feeds: Annotated[
        Path | None, typer.Option(help="File listing RSS/Atom feed URLs (or paths), one per line; # for comments.")
    ] = None,
    interval: Annotated[float, typer.Option(help="Seconds between checks.")] = 300.0,
    store: Annotated[str | None, typer.Option(help="Store: SQLite file (default OUT/rashomon.db) or URL.")] = None,
    once: Annotated[bool, typer.Option("--once", help="Run one check and exit (for cron or tests).")] = False,
    settle: Annotated[float, typer.Option(help="Ignore files modified less than this many seconds ago.")] = 2.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    config: Annotated[
        Path | None, typer.Option(help="TOML file overriding analysis settings ([section] tables; see README).")
    ] = None,
    fetch: Annotated[
        bool, typer.Option("--fetch", help="Download the article pages behind summary-only feed items.")
    ] = False,
) -> None:
    """Keep stories up to date: new files and feed items join stories as they arrive; safe to stop and restart."""
    from rashomon.engines.stream import Watcher
    from rashomon.report import write_reports
    from rashomon.store import open_store

    if folder is None and feeds is None:
        fail("nothing to watch: give --folder DIR and/or --feeds FILE")
    if folder is not None and not folder.is_dir():
        fail(f"{folder}: not a folder")
    out.mkdir(parents=True, exist_ok=True)
    with open_store(store or out / "rashomon.db") as database, RichReporter(quiet) as reporter:
        options = run_options(config, None, fetch)
        watcher = Watcher(database, folder, feeds, options=options, reporter=reporter, settle_seconds=settle)
        write_reports(watcher.report, out)
        try:
            while True:
                result = watcher.cycle()
                if result.new_articles or result.problems:
                    write_reports(watcher.report, out)
                    write_run_log(out / "run.log", watcher.report.problems)
                console.print(
                    f"{time.strftime('%H:%M:%S')} {result.new_articles} new articles, "
                    f"{result.stories_changed} stories updated, {len(watcher.report.stories)} stories in all",
                    highlight=False,
                )
                if once:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            console.print("stopped; the store holds everything saved so far")


@app.command()
def serve(
    store: Annotated[
        str, typer.Argument(help="Store to serve: an output folder, a SQLite file or a postgresql:// URL.")
    ],
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it to this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Browse stories in a read-only web app: story pages, search across stories, and a JSON API under /api."""
    store = resolve_store(store)
    try:
        import uvicorn

        from rashomon.web.app import create_app
    except (ImportError, RuntimeError):
        typer.echo("error: the web app needs FastAPI and uvicorn: pip install 'rashomon[web]'", err=True)
        raise typer.Exit(code=2) from None
    try:
        application = create_app(store)
    except Exception as error:  # a corrupt, foreign or too-new store: one line, not a traceback
        typer.echo(f"error: {store}: cannot serve this store: {error}", err=True)
        raise typer.Exit(code=2) from None
    if host not in {"127.0.0.1", "localhost", "::1"}:
        console.print(
            labelled("warning:", "yellow", f"--host {host} lets other machines read this store (no login, no TLS)"),
            highlight=False,
            soft_wrap=True,
        )
    if problem := port_unavailable(host, port):
        fail(f"cannot serve at {host}:{port}: {problem}")
    typer.echo(f"Rashomon: serving {store} at http://{host}:{port}/ (read-only; Ctrl-C to stop)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


def port_unavailable(host: str, port: int) -> str | None:
    """Why the address cannot be bound (in use, not ours), checked before saying 'serving at'."""
    import socket

    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        return error.strerror or str(error)
    return None


@app.command()
def report(
    store: Annotated[str, typer.Argument(help="A store: an output folder, its rashomon.db or a postgresql:// URL.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the re-rendered reports.")] = Path("out"),
) -> None:
    """Re-render report.json/.md/.html from a store without re-analysing."""
    from rashomon.report import write_reports
    from rashomon.store import open_store

    with open_store(resolve_store(store)) as database:
        loaded = database.load_report()
    for kind, path in write_reports(loaded, out).items():
        console.print(Text(printable(f"wrote {kind}: {path}")))


@app.command()
def inspect(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to read.")],
    text: Annotated[bool, typer.Option(help="Also print each cleaned text.")] = False,
) -> None:
    """Show what ingestion and cleaning make of inputs: outlet, title, boilerplate removed."""
    from rashomon.documents.ingest import ingest
    from rashomon.engines.local import prepare_articles

    documents, problems = ingest([str(p) for p in paths])
    articles = prepare_articles(documents, problems, Reporter())
    out = Console()
    for article in articles:
        out.rule(Text(printable(article.source)), style="cyan")
        outlet = f"outlet: {article.outlet_label}  (from {article.outlet_source})"
        out.print(Text(printable(outlet)), highlight=False, soft_wrap=True)
        heading = f"title: {article.title}   language: {article.language}   sentences: {len(article.sentences)}"
        out.print(Text(printable(heading)), highlight=False)
        for line in article.removed_lines:
            out.print(Text("  ") + labelled("removed:", "dim", line), highlight=False, soft_wrap=True)
        if text:
            out.print(Text("\n".join(printable(line) for line in article.text.split("\n"))), highlight=False)
    for problem in problems:
        console.print(labelled("skipped", "yellow", problem), highlight=False, soft_wrap=True)


@app.command()
def languages(
    codes: Annotated[
        list[str] | None, typer.Argument(help="ISO 639-1 codes (default: the languages Rashomon is tested on).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """What Rashomon reads in each language: sentences, words, names, numbers, days, quotes, ... and what is missing."""
    from rashomon.text.languages import CAPABILITIES, COVERED, table

    wanted = tuple(code.strip().lower() for code in codes) if codes else COVERED
    bad = [code for code in wanted if not re.fullmatch(r"[a-z]{2,3}", code)]
    if bad:
        fail(f"not an ISO 639 language code: {printable(bad[0])}")
    rows = table(wanted)
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    grid = Table("language", *CAPABILITIES, show_lines=True)
    for row in rows:
        cells = [Text(row[name], style="red" if row[name] == "missing" else "") for name in CAPABILITIES]
        grid.add_row(row["language"], *cells)
    Console(width=200).print(grid)


@app.command()
def evaluate(
    report_file: Annotated[Path, typer.Argument(help="report.json written by `rashomon analyze`.")],
    gold_file: Annotated[Path, typer.Argument(help="Hand annotation of the same corpus (gold.json format).")],
) -> None:
    """Score a report against a hand annotation: fact links, boilerplate, headlines, Persian repair."""
    from rashomon.evaluate import score

    data = load_json(report_file)
    gold = load_json(gold_file)
    result = score(data, gold)
    print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))


def load_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        fail(f"{path}: cannot read ({error.strerror})")
    except json.JSONDecodeError as error:
        fail(f"{path}: not valid JSON ({error.msg} at line {error.lineno})")
    raise AssertionError("unreachable")


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """One terminal- and log-safe line: control, line-separator and bidi-override characters as escapes.

    File names and article text are untrusted: an ESC or a newline in a name must not forge a log line
    or move the cursor, and `[`/`]` must never be read as Rich markup (callers wrap the result in Text).
    """
    return CONTROL_CHARACTERS.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def labelled(label: str, style: str, message: object) -> Text:
    """'label message' with only the label styled; the message is printed literally (never as markup)."""
    return Text.assemble((label, style), " ", printable(str(message)))


def fail(message: str) -> NoReturn:
    console.print(labelled("error:", "red", message), highlight=False, soft_wrap=True)
    raise typer.Exit(code=2)


def main() -> None:
    """Entry point: unexpected errors become one line (set RASHOMON_DEBUG=1 for the traceback)."""
    import os

    try:
        app()
    except Exception as error:
        if os.environ.get("RASHOMON_DEBUG"):
            raise
        console.print(labelled("error:", "red", f"{type(error).__name__}: {error}"), highlight=False, soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
