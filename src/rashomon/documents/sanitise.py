"""Untrusted text made safe once, at ingest: every later stage, report and terminal line can trust it.

- Lone surrogates (from escaped JSON such as "\\ud800", or broken decoders) become U+FFFD: they cannot be
  encoded as UTF-8, so the writer of report.json would fail after the whole analysis.
- C0 and C1 control characters other than tab, line feed, carriage return and form feed are removed:
  an ESC in a title must not drive the terminal, and NUL breaks databases and parsers.
- Runs of combining marks longer than `ingest.max_combining_marks` after one base character are cut to
  that length ("Zalgo" text: hundreds of marks per letter stall normalisation for minutes). Real
  orthographies stack at most a few (Vietnamese tone + vowel marks, Hebrew points, Arabic harakat with
  shadda), so the default of 8 never touches them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import regex

from rashomon.config import settings
from rashomon.datamodel import RawDocument

SURROGATE = re.compile("[\ud800-\udfff]")
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
TEXT_FIELDS = ("text", "title", "url", "outlet", "published", "language", "outlet_hint", "language_hint")


def sanitise_text(text: str) -> str:
    """The text without lone surrogates, control characters or overlong runs of combining marks."""
    text = SURROGATE.sub("\ufffd", text)
    text = CONTROL.sub("", text)
    most = settings().ingest.max_combining_marks
    return regex.sub(rf"(\p{{M}}{{{most}}})\p{{M}}+", r"\1", text)


def sanitise_document(document: RawDocument) -> RawDocument:
    """A copy of the document with every text field sanitised (None stays None)."""
    values = {name: getattr(document, name) for name in TEXT_FIELDS}
    changes: dict[str, Any] = {name: sanitise_text(value) for name, value in values.items() if isinstance(value, str)}
    return replace(document, **changes)
