"""A generator of hostile inputs: files a newsroom's pile may hold, each a class that once broke a tool.

`write_hostile_corpus(folder, copies)` writes one file (or special file) per class and per copy, with
names that stress terminals and markup, and returns what it wrote. Used by
tests/documents/test_hostile_inputs.py (one copy, ingest only) and benchmarks/hostile_inputs.py
(thousands of files with the example reports, the whole analysis). Everything is invented here; no
text comes from elsewhere.
"""

from __future__ import annotations

import gzip
import json
import os
import random
from collections.abc import Callable
from pathlib import Path

Maker = Callable[[random.Random], bytes]

WORDS = ["river", "bridge", "council", "storm", "harbour", "ministry", "report", "vote", "border", "grain", "price", "school"]


def sentence(rng: random.Random, words: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def jsonl(rng: random.Random, line: str) -> bytes:
    good = json.dumps({"text": " ".join(sentence(rng) for _ in range(2)), "title": sentence(rng, 4)})
    return (good + "\n" + line + "\n").encode("utf-8")


def nested_entities(depth: int) -> str:
    names = [f"e{i}" for i in range(depth)]
    declarations = [f'<!ENTITY {names[0]} "lol">'] + [
        f'<!ENTITY {names[i]} "{("&" + names[i - 1] + ";") * 10}">' for i in range(1, depth)
    ]
    return "".join(declarations), names[-1]


def billion_laughs(_: random.Random) -> bytes:
    declarations, last = nested_entities(9)
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{declarations}]><rss version="2.0"><channel><title>T</title>'
        f"<item><title>&{last};</title><description>&{last};</description></item></channel></rss>"
    ).encode()


def external_entity(_: random.Random) -> bytes:
    return (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0">'
        b"<channel><title>T</title><item><title>&x;</title><description>&x;</description></item></channel></rss>"
    )


def double_encoded_feed(rng: random.Random) -> bytes:
    body = "".join(f"&amp;lt;p&amp;gt;{sentence(rng)}&amp;lt;/p&amp;gt;" for _ in range(3))
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title>'
        f"<item><title>&lt;b&gt;{sentence(rng, 3)}&lt;/b&gt;</title><description>{body}</description></item>"
        "</channel></rss>"
    ).encode()


def zalgo(rng: random.Random) -> bytes:
    marks = "".join(chr(0x0300 + rng.randrange(0x70)) for _ in range(300))
    return ((sentence(rng) + " ") * 2 + "".join(ch + marks for ch in "flood" * 100)).encode()


def deep_html(_: random.Random) -> bytes:
    return ("<html><body>" + "<div>" * 100_000 + "text" + "</div>" * 100_000 + "</body></html>").encode()


def gzip_bomb(_: random.Random) -> bytes:
    return gzip.compress(b"\0" * (300 * 2**20), compresslevel=9)


CLASSES: dict[str, tuple[str, Maker]] = {
    "huge-int": (".jsonl", lambda r: jsonl(r, '{"text": "x", "n": ' + "9" * 5000 + "}")),
    "deep-json": (".jsonl", lambda r: jsonl(r, "[" * 100_000 + "]" * 100_000)),
    "bad-ipv6-url": (".jsonl", lambda r: jsonl(r, json.dumps({"text": sentence(r), "url": "http://[::1"}))),
    "lone-surrogate": (".jsonl", lambda r: jsonl(r, '{"text": "' + sentence(r) + ' \\ud800 \\udfff"}')),
    "bom-line": (".jsonl", lambda r: jsonl(r, "\ufeff" + json.dumps({"text": sentence(r)}))),
    "not-json": (".jsonl", lambda r: b"{this is not json\n" * 3),
    "warc-header-only": (".warc", lambda r: b"WARC/1.0\r\nWARC-Type: response\r\n\r\n"),
    "warc-garbage": (".warc", lambda r: b"WARC/1.0\r\n" + r.randbytes(2000)),
    "billion-laughs": (".rss", billion_laughs),
    "external-entity": (".rss", external_entity),
    "double-encoded": (".rss", double_encoded_feed),
    "empty-feed": (".rss", lambda r: b'<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>'),
    "zalgo": (".txt", zalgo),
    "random-bytes": (".txt", lambda r: r.randbytes(r.randrange(1, 20_000))),
    "late-nul": (".txt", lambda r: (sentence(r) * 400).encode() + b"\0"),
    "utf16-bom": (".txt", lambda r: (sentence(r) + " " + sentence(r)).encode("utf-16")),
    "latin1": (".txt", lambda r: ("Café " + sentence(r) + " Señor " + sentence(r)).encode("latin-1")),
    "bad-utf8": (".txt", lambda r: b"\xff\xfe\xfa" * 100 + r.randbytes(50)),
    "control-chars": (".txt", lambda r: ("\x1b[2J\x07" + sentence(r) + "\x00").encode()),
    "empty": (".txt", lambda r: b""),
    "whitespace": (".txt", lambda r: b" \n\t\n" * 50),
    "deep-html": (".html", deep_html),
    "script-html": (".html", lambda r: b"<html><body><script>alert(1)</script><p>" + sentence(r).encode() + b"</p>"),
    "empty-html": (".html", lambda r: b"<html></html>"),
    "bad-gzip": (".txt.gz", lambda r: b"\x1f\x8b" + r.randbytes(100)),
}
ONCE: dict[str, tuple[str, Maker]] = {
    "gzip-bomb": (".txt.gz", gzip_bomb),
    # 400 KB on one line without a sentence end: analysed, but its 200 pieces of 2,000 characters cost the
    # embedding model as much as 200 full-length sentences, so it is written once, not per copy
    "one-long-line": (".txt", lambda r: (" ".join(r.choice(WORDS) for _ in range(60_000))).encode()),
}
HOSTILE_NAMES = ["[", "]", "[red]x[bold]", "esc\x1b[31m", "line\nbreak", "rtl\u202eevil", "tab\tname", "ünï"]


def write_hostile_corpus(folder: Path, copies: int = 1, seed: int = 7) -> list[Path]:
    """Write `copies` of every class (and one gzip bomb, FIFO and out-of-tree symlink) under `folder`.

    Returns every path written, special files included. Names rotate through HOSTILE_NAMES, and one
    sub-folder is named '['.
    """
    rng = random.Random(seed)
    written: list[Path] = []
    tricky = folder / "["
    tricky.mkdir(parents=True, exist_ok=True)
    for copy in range(copies):
        for number, (name, (suffix, make)) in enumerate(CLASSES.items()):
            prefix = HOSTILE_NAMES[(copy + number) % len(HOSTILE_NAMES)]
            target = (tricky if copy % 2 else folder) / f"{prefix}-{name}-{copy}{suffix}"
            target.write_bytes(make(rng))
            written.append(target)
    for name, (suffix, make) in ONCE.items():
        target = folder / f"{name}{suffix}"
        target.write_bytes(make(rng))
        written.append(target)
    fifo = folder / "fifo.txt"
    os.mkfifo(fifo)
    outside = folder.parent / f"{folder.name}-outside-secret.txt"
    outside.write_text("password=hunter2 " * 20, encoding="utf-8")
    link = folder / "leak.txt"
    link.symlink_to(outside)
    written += [fifo, link]
    return written
