"""Ingest: every supported format, and bad input that must not stop a batch."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashomon.documents.ingest import IngestError, decode, ingest
from tests.conftest import EXAMPLES

HTML_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Port strike ends | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2024-05-02T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Port strike ends after nine days</h1>
<p>Dock workers in Valparaiso ended a nine-day strike on Thursday after the port authority agreed to a 6 percent pay rise, union leaders said.</p>
<p>The stoppage had left more than 40 container ships waiting outside the harbour, according to the shipping ministry.</p>
<p>Exporters of fruit and copper said the delays had cost them millions of dollars in lost sales.</p>
</article><footer>Copyright Harbour Times. All rights reserved.</footer></body></html>"""

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Times</title><link>https://harbour.example/</link>
<item><title>Port strike ends</title><link>https://harbour.example/a1</link>
<pubDate>Thu, 02 May 2024 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Dock workers ended a nine-day strike on Thursday.&lt;/p&gt;&lt;p&gt;Ships had waited for days.&lt;/p&gt;</description></item>
<item><title>Fruit exports recover</title><link>https://harbour.example/a2</link>
<description>Fruit exporters said shipments resumed on Friday.</description></item>
</channel></rss>"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coast Daily</title>
<entry><title>Ships leave port</title><link href="https://coast.example/x"/><updated>2024-05-03T10:00:00Z</updated>
<content type="html">&lt;p&gt;The first ships left the port on Friday morning.&lt;/p&gt;</content></entry></feed>"""


def warc_bytes(html: str, url: str) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
    writer.write_record(record)
    return buffer.getvalue()


def test_plain_text_folder_reads_every_example() -> None:
    documents, problems = ingest([EXAMPLES])
    assert problems == []
    assert len(documents) == 5
    assert all(len(d.content_hash) == 64 and d.fmt == "text" and d.title_in_text for d in documents)
    assert [Path(d.source).name[:3] for d in documents] == ["000", "001", "002", "003", "004"]


def test_same_bytes_twice_are_read_once(tmp_path: Path) -> None:
    first = EXAMPLES / "000_e943d2264299953e.txt"
    documents, _ = ingest([first, first])
    assert len(documents) == 1


def test_html_uses_trafilatura_main_text_and_metadata(tmp_path: Path) -> None:
    page = tmp_path / "strike.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    [document], problems = ingest([page])
    assert problems == []
    assert "nine-day strike" in document.text
    assert "Home" not in document.text.split() and "All rights reserved" not in document.text
    assert document.title and "Port strike ends" in document.title
    assert document.outlet == "Harbour Times"
    assert document.published and document.published.startswith("2024-05-02")


def test_rss_and_atom_entries_become_articles(tmp_path: Path) -> None:
    (tmp_path / "feed.rss").write_text(RSS_FEED, encoding="utf-8")
    (tmp_path / "feed.atom").write_text(ATOM_FEED, encoding="utf-8")
    documents, problems = ingest([tmp_path])
    assert problems == []
    by_title = {d.title: d for d in documents}
    assert set(by_title) == {"Port strike ends", "Fruit exports recover", "Ships leave port"}
    strike = by_title["Port strike ends"]
    assert strike.outlet == "Harbour Times" and strike.url == "https://harbour.example/a1"
    assert "Dock workers" in strike.text and "<p>" not in strike.text
    assert strike.published == "2024-05-02T09:00:00Z"
    assert by_title["Ships leave port"].outlet == "Coast Daily"


def test_jsonl_records_keep_their_metadata_and_report_bad_lines(tmp_path: Path) -> None:
    good = {
        "title": "T",
        "text": "Body text here.",
        "url": "https://www.example.org/x",
        "published": "2024-01-01",
        "language": "en",
    }
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"title": "no text"}) + "\n", encoding="utf-8")
    documents, problems = ingest([path])
    assert len(documents) == 1
    assert documents[0].outlet == "example.org" and documents[0].language == "en"
    assert len(problems) == 1 and "line 2" in problems[0].message and str(path) == problems[0].source


def test_warc_html_responses_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(warc_bytes(HTML_PAGE, "https://harbour.example/strike")))
    [document], problems = ingest([path])
    assert problems == []
    assert "nine-day strike" in document.text
    assert document.url == "https://harbour.example/strike"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \t\n", "empty file"),
        ("binary.txt", bytes(range(256)) * 8, "binary file"),
        ("random.txt", bytes(range(128, 256)) * 4, "encoding"),
        ("broken.warc", b"WARC/1.0\r\nnonsense", "WARC"),
        ("bad.gz", b"not gzip at all", "gzip"),
    ],
)
def test_bad_input_gives_one_clear_line_and_keeps_the_batch(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("A headline\n\nA full sentence of article text.\n", encoding="utf-8")
    documents, problems = ingest([tmp_path])
    assert [Path(d.source).name for d in documents] == ["good.txt"]
    assert len(problems) == 1
    assert problems[0].source.endswith(name)
    assert expected in problems[0].message
    assert "\n" not in str(problems[0])


def test_missing_and_unreadable_paths_are_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("text", encoding="utf-8")
    locked.chmod(0)
    documents, problems = ingest([tmp_path / "nope.txt", locked, EXAMPLES / "000_e943d2264299953e.txt"])
    messages = {Path(p.source).name: p.message for p in problems}
    assert messages["nope.txt"] == "no such file or directory"
    assert any(Path(d.source).name.startswith("000") for d in documents)
    if os.geteuid() != 0:  # root reads any file: the permission case only exists for other users
        assert "permission denied" in messages["locked.txt"]


def test_unreadable_file_error_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Simulate EACCES the way a non-root user meets it (tests run as root in CI)."""
    path = tmp_path / "locked.txt"
    path.write_text("text", encoding="utf-8")

    def denied(file: object, *args: object, **kwargs: object) -> bytes:
        raise PermissionError(13, "Permission denied", str(file))

    from rashomon.documents import ingest as ingest_module

    monkeypatch.setattr(ingest_module, "open", denied, raising=False)
    documents, problems = ingest([path])
    assert documents == []
    assert [str(p) for p in problems] == [f"{path}: cannot read: permission denied"]


def test_legacy_encodings_are_decoded() -> None:
    arabic = "التعاون بين البلدين مهم جدا للاقتصاد في المنطقة كلها"
    assert decode(arabic.encode("cp1256")) == arabic
    french = (
        "Le président a déclaré mardi que la coopération entre les deux pays était très importante pour l'économie. "
        "Après la réunion, le ministre s'est rendu à la frontière où il a rencontré des élèves et leurs mères. "
        "Il a précisé que les accords seraient mis en œuvre à très brève échéance."
    )
    assert decode(french.encode("cp1252")) == french


def test_utf8_bom_is_dropped() -> None:
    assert decode("\ufeffHello".encode()) == "Hello"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300))
def test_decode_round_trips_any_utf8_text(text: str) -> None:
    assert decode(text.encode("utf-8")) == text.removeprefix("\ufeff")


@given(st.binary(max_size=400))
def test_decode_never_raises_anything_but_ingest_error(data: bytes) -> None:
    try:
        decode(data)
    except IngestError as error:
        assert str(error)


AGGREGATOR_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>World Roundup</title><link>https://roundup.example/</link><language>en</language>
<item><title>Cierre de frontera</title><link>https://diario-sur.example/cierre</link>
<source url="https://diario-sur.example/rss">Diario del Sur</source>
<description>El paso fronterizo de Kelvara permanecerá cerrado hasta que los ingenieros confirmen que el puente es seguro, dijo el ministro.</description></item>
<item><title>Border closed</title><link>https://kelvara-courier.example/border</link>
<description>The Kelvara crossing will stay closed until engineers confirm that the bridge is safe, the minister said on Sunday.</description></item>
<item><title>Roundup note</title><link>https://roundup.example/note</link>
<description>Our editors collect the main border stories of the week in one place for readers.</description></item>
</channel></rss>"""


def test_feed_items_keep_their_own_outlet_and_language(tmp_path: Path) -> None:
    """An aggregator's channel title and <language> never override what each item says about itself."""
    from rashomon.engines.local import prepare_articles
    from rashomon.progress import Reporter

    (tmp_path / "roundup.rss").write_text(AGGREGATOR_FEED, encoding="utf-8")
    documents, problems = ingest([tmp_path])
    articles = {a.title: a for a in prepare_articles(documents, problems, Reporter())}
    assert articles["Cierre de frontera"].outlet == "Diario del Sur"
    assert articles["Cierre de frontera"].language == "es"
    assert articles["Border closed"].outlet == "kelvara-courier.example"
    assert articles["Roundup note"].outlet == "World Roundup"
