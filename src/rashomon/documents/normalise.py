"""Repair and normalise cleaned text while keeping a map back to the raw characters.

Unicode repair (ftfy) and whitespace for every script; for Persian text,
hazm's normaliser plus restoration of the zero-width non-joiners that scraped
Persian loses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import ftfy

from rashomon.datamodel import Article, CleanDocument
from rashomon.documents import persian
from rashomon.documents.textmap import TrackedText
from rashomon.ids import article_id

WHITESPACE = re.compile(r"[\s\u00a0\u200b\ufeff]+")
# A sentence stop glued to the next Arabic-script word ("است.ایشان"): the space was lost.
GLUED_STOP = re.compile(f"(?<=[{persian.ARABIC_LETTERS}])([.!؟?])(?=[{persian.ARABIC_LETTERS}])")
PARAGRAPH_BREAK = "\n\n"
PERSIAN_RULES = {"fa", "und", None}  # Persian, or Arabic script whose language could not be told
# hazm's Persian style turns "…" into «…»; a quotation in another script keeps its straight quotes.
STRAIGHT_QUOTED = re.compile(r'"([^"\n]*)"')
PROTECTED_QUOTE = re.compile("\ue000")


def protect_foreign_quote(match: re.Match[str]) -> str:
    """A straight-quoted span without Arabic-script letters, its quotes hidden from hazm (same length)."""
    if persian.has_arabic_script(match.group(1)):
        return match.group()
    return "\ue000" + match.group(1) + "\ue000"


def normalise(document: CleanDocument) -> Article:
    """Build the analysable article: normalised paragraphs joined by blank lines, mapped to raw offsets."""
    raw_text = document.raw.text
    language = document.raw.language or arabic_script_language(document)
    persian_rules = language in PERSIAN_RULES
    paragraphs = [normalise_tracked(join_spans(raw_text, spans), persian_rules) for spans in document.paragraphs]
    tracked = TrackedText.join(PARAGRAPH_BREAK, [p for p in paragraphs if p.text])
    return Article(
        id=article_id(document.raw.content_hash),
        source=document.raw.source,
        content_hash=document.raw.content_hash,
        outlet=document.outlet or "",
        outlet_source=document.outlet_source,
        title=normalise_string(document.title, persian_rules) if document.title else None,
        published=document.raw.published,
        text=tracked.text,
        raw_text=raw_text,
        offset_map=tracked.offset_map(len(raw_text)),
        language=language or "und",
        url=document.raw.url,
        removed_lines=document.removed_lines,
    )


def join_spans(raw_text: str, spans: list[tuple[int, int]]) -> TrackedText:
    """A paragraph's raw lines as one tracked text (wrapped lines joined by a space)."""
    return TrackedText.join(" ", [TrackedText.from_raw(raw_text, start, end) for start, end in spans])


def arabic_script_language(document: CleanDocument) -> str | None:
    """The language of a document in Arabic script, detected on its kept raw lines (None for other scripts).

    Persian spelling rules (hazm: ي → ی, ك → ک, "…" → «…», restored non-joiners) must not touch Arabic,
    Urdu or Pashto, so the language is decided before normalising.
    """
    from rashomon.documents.language import detect_article_language

    sample = " ".join(document.raw.text[s:e] for spans in document.paragraphs for s, e in spans)[:5000]
    return detect_article_language(sample) if persian.has_arabic_script(sample) else None


def normalise_tracked(text: TrackedText, persian_rules: bool = True) -> TrackedText:
    """Unicode repair and whitespace; hazm's Persian normaliser where `persian_rules` and the script is Arabic."""
    text = text.transform(fix_unicode)
    text = text.sub(WHITESPACE, " ").strip()
    if persian_rules and persian.has_arabic_script(text.text):
        text = text.sub(STRAIGHT_QUOTED, protect_foreign_quote)
        text = text.transform(persian_normaliser().normalize)
        text = text.sub(PROTECTED_QUOTE, '"')
        text = text.sub(persian.TOKEN, lambda match: persian.restore_token(match.group()))
        text = text.sub(GLUED_STOP, r"\1 ")
        text = text.sub(WHITESPACE, " ").strip()
    return text


def normalise_string(text: str, persian_rules: bool = True) -> str:
    """The same normalisation for strings that need no offset map (titles, search queries)."""
    return normalise_tracked(TrackedText(text, list(range(len(text)))), persian_rules).text


def fix_unicode(text: str) -> str:
    return ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)


@lru_cache(maxsize=1)
def persian_normaliser() -> Any:
    """hazm's normaliser, keeping Latin digits so numbers compare across languages."""
    from hazm import Normalizer

    return Normalizer(persian_numbers=False)
