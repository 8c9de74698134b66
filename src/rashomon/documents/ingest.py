"""Read articles from files and folders in the formats newsrooms actually have.

Every failure becomes a one-line Problem naming the file, so one broken input
never stops the rest of a batch.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import html
import io
import json
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from rashomon.config import settings
from rashomon.datamodel import DocumentFormat, Problem, RawDocument
from rashomon.documents.fetch import Fetcher, FetchError, is_url
from rashomon.documents.sanitise import sanitise_document
from rashomon.isolation import one_line, time_limit

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".feed"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc", ".arc"}


XML_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")


class IngestError(Exception):
    """A document that cannot be read; its message is shown to the user as is."""


def ingest(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[RawDocument], list[Problem]]:
    """Read every document under the given files, folders and (with `fetch.enabled`) http(s) URLs.

    With fetching on, a feed item shorter than `fetch.follow_summaries_under` characters is replaced
    by the text of the page it links to (its feed title, date and outlet kept where the page lacks them).
    """
    fetcher = Fetcher() if settings().fetch.enabled else None
    documents: list[RawDocument] = []
    problems: list[Problem] = []
    for path in expand_paths(paths, problems):
        items = read_url(path, fetcher) if is_url(path) else read_or_problem(path)
        for item in items:
            if isinstance(item, Problem):
                problems.append(item)
            else:
                documents.append(item)
    if fetcher is not None:
        documents = [follow_summary(d, fetcher, problems) for d in documents]
    return deduplicate(documents), problems


def read_url(url: str, fetcher: Fetcher | None) -> list[RawDocument | Problem]:
    """The documents of a page given as an input URL (fetching must be on)."""
    if fetcher is None:
        return [Problem(url, "a URL: add --fetch to download it")]
    try:
        data = fetcher.get(url)
    except FetchError as error:
        return [Problem(url, str(error))]
    items = read_or_problem(url, data)
    for item in items:
        if isinstance(item, RawDocument) and not item.url:
            item.url = url
    return items


def follow_summary(document: RawDocument, fetcher: Fetcher, problems: list[Problem]) -> RawDocument:
    """A summary-only feed item replaced by its linked page's text, when that page has more to say."""
    short = len(document.text) < settings().fetch.follow_summaries_under
    if document.fmt != DocumentFormat.FEED or not short or not document.url or not is_url(document.url):
        return document
    try:
        data = fetcher.get(document.url)
        page = sanitise_document(html_to_document(document.source, decode(data), content_hash(data), document.url))
    except (FetchError, IngestError) as error:
        problems.append(Problem(f"{document.source} {document.url}", f"{error} (the feed's summary is used)"))
        return document
    if len(page.text) <= len(document.text):
        return document
    return replace(
        page,
        content_hash=content_hash(document.content_hash.encode() + page.content_hash.encode()),
        title=document.title or page.title,
        outlet=document.outlet or page.outlet,
        published=document.published or page.published,
        language=page.language or document.language,
    )


def read_or_problem(path: str, data: bytes | None = None) -> list[RawDocument | Problem]:
    """The documents of one file (its bytes read here, or fetched elsewhere) plus a Problem for what failed.

    Any failure of a parser on hostile bytes (a RecursionError from deep nesting, a library's own
    exception) is this file's one problem line; set RASHOMON_DEBUG=1 to see the traceback instead.
    """
    try:
        with time_limit(settings().ingest.max_document_seconds):
            documents = read_file(path) if data is None else parse_bytes(path, data)
            return [sanitise_document(d) for d in documents]
    except PartialIngest as partial:
        return [*(sanitise_document(d) for d in partial.documents), Problem(path, str(partial))]
    except IngestError as error:
        return [Problem(path, str(error))]
    except Exception as error:  # includes RecursionError from deeply nested input
        if os.environ.get("RASHOMON_DEBUG"):
            raise
        return [Problem(path, f"cannot parse: {type(error).__name__}: {one_line(str(error))}")]


def expand_paths(paths: Iterable[str | os.PathLike[str]], problems: list[Problem]) -> Iterator[str]:
    """Yield input files in a stable order; what cannot or must not be read is one problem line each.

    Folders are walked without following symbolic links to folders; a link to a file is followed only
    when its target stays inside the folder given (or `ingest.follow_symlinks` is set). Only regular
    files are read: a FIFO would block forever and a device such as /dev/zero never ends.
    """
    for given in paths:
        if is_url(str(given)):
            yield str(given)
            continue
        path = Path(given)
        if path.is_dir():
            yield from files_under(path, problems)
        elif path.exists():
            if refusal := not_regular(path):
                problems.append(Problem(str(given), refusal))
            else:
                yield str(given)
        elif path.is_symlink():
            problems.append(Problem(str(given), "broken symbolic link"))
        else:
            problems.append(Problem(str(given), "no such file or directory"))


def files_under(root: Path, problems: list[Problem]) -> Iterator[str]:
    """Regular files under a folder, sorted, hidden ones skipped, links checked (see `expand_paths`)."""
    inside = root.resolve()
    found: list[Path] = []
    for folder, names, files in os.walk(root, followlinks=False):
        names[:] = sorted(n for n in names if not n.startswith("."))
        for name in names:
            if (Path(folder) / name).is_symlink():
                problems.append(Problem(str(Path(folder) / name), "symbolic link to a folder: not followed"))
        found += [Path(folder) / name for name in files if not name.startswith(".")]
    for child in sorted(found):
        if child.is_symlink() and not settings().ingest.follow_symlinks:
            target = child.resolve()
            if not target.is_relative_to(inside):
                problems.append(Problem(str(child), "symbolic link leaving the input folder: not followed"))
                continue
        if refusal := not_regular(child):
            problems.append(Problem(str(child), refusal))
            continue
        yield str(child)


def not_regular(path: Path) -> str | None:
    """Why a path is not read (a FIFO, device, socket, broken link), or None for a regular file."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return f"cannot read: {error.strerror or error}"
    if stat.S_ISREG(mode):
        return None
    kinds = {stat.S_ISFIFO: "a FIFO", stat.S_ISCHR: "a character device", stat.S_ISBLK: "a block device"}
    kind = next((name for test, name in kinds.items() if test(mode)), "a socket or other special file")
    return f"not a regular file ({kind}): not read"


def deduplicate(documents: list[RawDocument]) -> list[RawDocument]:
    """Drop byte-identical documents (same file given twice, mirrored feeds)."""
    seen: set[str] = set()
    unique = []
    for document in documents:
        if document.content_hash not in seen:
            seen.add(document.content_hash)
            unique.append(document)
    return unique


def read_file(path: str) -> list[RawDocument]:
    """Read one file into one or more documents, choosing the parser by suffix or content."""
    limit = settings().ingest.max_file_bytes
    try:
        if refusal := not_regular(Path(path)):
            raise IngestError(refusal)
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except PermissionError:
        raise IngestError("cannot read: permission denied") from None
    except IsADirectoryError:
        raise IngestError("is a directory") from None
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror or error}") from None
    if len(data) > limit:
        raise IngestError(f"larger than {limit:,} bytes (ingest.max_file_bytes): not read")
    return parse_bytes(path, data)


def parse_bytes(path: str, data: bytes) -> list[RawDocument]:
    """Parse one file's bytes (however they were fetched: disk, HDFS, S3) into documents."""
    if path.endswith(".gz"):
        data = gunzip(data)
        path_for_kind = path[:-3]
    else:
        path_for_kind = path
    if not data.strip():
        raise IngestError("empty file")
    kind = detect_kind(path_for_kind, data)
    readers = {"text": read_text, "html": read_html, "feed": read_feed, "jsonl": read_jsonl, "warc": read_warc}
    return readers[kind](path, data)


def gunzip(data: bytes) -> bytes:
    """Decompressed bytes, refusing more than `ingest.max_decompressed_bytes` (a gzip bomb)."""
    limit = settings().ingest.max_decompressed_bytes
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise IngestError(f"not a valid gzip file ({error})") from None
    if len(out) > limit:
        raise IngestError(f"decompresses to more than {limit:,} bytes (ingest.max_decompressed_bytes): not read")
    return out


def detect_kind(path: str, data: bytes) -> str:
    """Pick a reader from the suffix, falling back to sniffing the first bytes."""
    suffix = Path(path).suffix.lower()
    head = data[:2048].lstrip().lower()
    if suffix in WARC_SUFFIXES or head.startswith(b"warc/"):
        return "warc"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in FEED_SUFFIXES or (head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head)):
        return "feed"
    return "text"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Decode bytes: by their byte-order mark (UTF-16/32), as UTF-8, else the most plausible legacy
    encoding; refuse binary data (a NUL anywhere outside UTF-16/32)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise IngestError(f"invalid {encoding.upper()} text after its byte-order mark") from None
    if b"\x00" in data:
        raise IngestError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.3:
        raise IngestError("unknown text encoding (not UTF-8 and no plausible legacy encoding)")
    text = str(best)
    if control_character_ratio(text) > 0.05:
        raise IngestError("binary file (mostly control characters), not text")
    return text


def control_character_ratio(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / len(text)


def read_text(path: str, data: bytes) -> list[RawDocument]:
    text = decode(data)
    if control_character_ratio(text) > 0.05:
        raise IngestError("binary file (mostly control characters), not text")
    return [RawDocument(source=path, content_hash=content_hash(data), text=text, fmt=DocumentFormat.TEXT)]


# htmldate's extensive search reads dates out of the body and turns "since 1998" into 1998-01-01; the
# page's own metadata only, then documents/dating.py reads URL and dateline with stricter rules.
DATE_METADATA_ONLY = {"original_date": True, "extensive_search": False}


def html_to_document(source: str, html: str, digest: str, url: str | None = None) -> RawDocument:
    """Extract the main text and metadata of a web page with trafilatura."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params=DATE_METADATA_ONLY,
    )
    fields = extracted if isinstance(extracted, dict) else extracted.as_dict() if extracted is not None else {}
    text = str(fields.get("text") or "")
    if not text.strip():
        raise IngestError("no article text found in the HTML")
    return RawDocument(
        source=source,
        content_hash=digest,
        text=text,
        title=fields.get("title") or None,
        url=fields.get("url") or url,
        outlet=fields.get("sitename") or None,
        published=fields.get("date") or None,
        language=fields.get("language") or None,
        fmt=DocumentFormat.HTML,
        title_in_text=False,
    )


def read_html(path: str, data: bytes) -> list[RawDocument]:
    return [html_to_document(path, decode(data), content_hash(data))]


def read_feed(path: str, data: bytes) -> list[RawDocument]:
    """Each RSS/Atom entry becomes a document.

    An item's outlet is its <source>; the feed's title when the item links to the feed's own site; else (in
    cleaning) its link's domain or its dateline, and only then the feed's title (an aggregator's name).
    Its language is detected from its own text, the feed's <language> only a hint.
    """
    import feedparser

    if XML_ENTITY_DECLARATION.search(data[:65536]):
        raise IngestError("the feed declares XML entities (refused: entity expansion and external entities)")
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        raise IngestError(f"no entries in the RSS/Atom feed{reason}")
    outlet = feed.feed.get("title") or None
    documents = []
    for number, entry in enumerate(feed.entries):
        body = entry_html(entry)
        source = f"{path}#{number}"
        digest = content_hash(data + f"#{number}".encode())
        text = html_fragment_text(body)
        if not text.strip():
            continue
        documents.append(
            RawDocument(
                source=source,
                content_hash=digest,
                text=text,
                title=plain_title(entry.get("title")),
                url=entry.get("link") or None,
                outlet=entry_source(entry) or own_item(entry, feed, outlet),
                published=feed_date(entry),
                language=entry.get("language") or None,
                fmt=DocumentFormat.FEED,
                title_in_text=False,
                outlet_hint=outlet,
                language_hint=short_language_code(feed.feed.get("language")),
            )
        )
    if not documents:
        raise IngestError("feed entries have no text")
    return documents


def own_item(entry: dict, feed: Any, title: str | None) -> str | None:
    """The feed's title when the item links to the feed's own site (or the feed names no site): the
    publisher's own feed. An item linking elsewhere is an aggregator's: its outlet is found in cleaning."""
    link = entry.get("link")
    own_site = domain_of(feed.feed.get("link"))
    return title if not link or not own_site or domain_of(link) == own_site else None


def entry_source(entry: dict) -> str | None:
    """The outlet an aggregator's item names in its <source> element (RSS 2.0) or Atom source title."""
    source = entry.get("source") or {}
    title = source.get("title") if isinstance(source, dict) else None
    return " ".join(str(title).split()) or None if title else None


def short_language_code(language: str | None) -> str | None:
    """'en-us' → 'en'; None for a missing or malformed code."""
    code = (language or "").strip().lower().split("-")[0].split("_")[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def entry_html(entry: dict) -> str:
    contents = entry.get("content") or []
    if contents:
        return "\n".join(part.get("value", "") for part in contents)
    return str(entry.get("summary", ""))


def plain_title(title: str | None) -> str | None:
    """A feed title without markup ('<b>flood</b>' → 'flood'), on one line."""
    if not title:
        return None
    return " ".join(html_fragment_text(title).split()) or None


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one block element a line.

    Feeds often encode their HTML twice ('&lt;p&gt;'): the first pass then leaves tags as text, so a
    result that still holds tags is read once more.
    """
    text = fragment_text(fragment)
    if TAG.search(text):
        text = fragment_text(text)
    return text


def fragment_text(fragment: str) -> str:
    import lxml.html

    if "<" not in fragment:
        return html.unescape(fragment)  # feed fields are HTML: '&amp;' is '&', '&lt;p&gt;' a tag to read
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several parser errors; any of them means "treat as text"
        return fragment
    for block in root.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n" + (block.tail or "")
    return str(root.text_content())


def feed_date(entry: dict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    year, month, day, hour, minute, second = parsed[:6]
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"


def read_jsonl(path: str, data: bytes) -> list[RawDocument]:
    """One JSON object a line with title, text, url, outlet, published, language."""
    documents = []
    bad_lines = []
    for number, line in enumerate(decode(data).splitlines(), start=1):
        line = line.removeprefix("\ufeff")  # a byte-order mark at the start of a line (concatenated files)
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            bad_lines.append(f"line {number}: invalid JSON ({error.msg})")
            continue
        except (ValueError, RecursionError) as error:  # a 5,000-digit integer; nesting 100,000 deep
            bad_lines.append(f"line {number}: unreadable JSON ({type(error).__name__})")
            continue
        if not isinstance(record, dict) or not str(record.get("text") or "").strip():
            bad_lines.append(f"line {number}: no 'text' field")
            continue
        digest = content_hash(line.encode("utf-8", "surrogatepass"))
        documents.append(record_to_document(f"{path}#{number}", record, digest, DocumentFormat.JSONL))
    if not documents:
        raise IngestError("no usable records in JSON Lines file" + (f" ({bad_lines[0]})" if bad_lines else ""))
    if bad_lines:
        more = f" and {len(bad_lines) - 1} more" if len(bad_lines) > 1 else ""
        raise PartialIngest(f"skipped {bad_lines[0]}{more}", documents)
    return documents


def record_to_document(source: str, record: dict[str, Any], digest: str, fmt: DocumentFormat) -> RawDocument:
    """A document from a record with text, title, url, outlet, published, language (JSONL line, table row)."""
    return RawDocument(
        source=source,
        content_hash=digest,
        text=str(record["text"]),
        title=optional_str(record.get("title")),
        url=optional_str(record.get("url")),
        outlet=optional_str(record.get("outlet")) or domain_of(optional_str(record.get("url"))),
        published=optional_str(record.get("published")),
        language=optional_str(record.get("language")),
        fmt=fmt,
        title_in_text=False,
    )


class PartialIngest(IngestError):
    """Some records of a multi-record file were unusable; the good ones are kept."""

    def __init__(self, message: str, documents: list[RawDocument]):
        super().__init__(message)
        self.documents = documents


def optional_str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def read_warc(path: str, data: bytes) -> list[RawDocument]:
    """Each HTML response record of a WARC file becomes a document."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    documents = []
    try:
        for number, record in enumerate(ArchiveIterator(io.BytesIO(data))):
            if record.rec_type != "response" or record.http_headers is None:
                continue  # a response without HTTP headers has no page to read
            content_type = record.http_headers.get_header("Content-Type") or ""
            if content_type and "html" not in content_type:
                continue
            payload = record.content_stream().read()
            url = record.rec_headers.get_header("WARC-Target-URI")
            try:
                document = html_to_document(f"{path}#{number}", decode(payload), content_hash(payload), url)
            except IngestError:
                continue
            if not document.published:
                document.published = record.rec_headers.get_header("WARC-Date")
            documents.append(document)
    except ArchiveLoadFailed as error:
        raise IngestError(f"not a valid WARC file ({str(error).splitlines()[0]})") from None
    if not documents:
        raise IngestError("WARC file has no HTML responses with article text")
    return documents


def domain_of(url: str | None) -> str | None:
    """The site's host name without 'www.', a reasonable outlet name when nothing better is known."""
    if not url:
        return None
    try:
        host = urlparse(url).hostname or ""
    except ValueError:  # 'http://[::1' and other malformed URLs name no site
        return None
    return host.removeprefix("www.") or None
