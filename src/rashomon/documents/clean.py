"""Strip boilerplate from article text: mastheads, section labels, counters, repeated
headlines, comment prompts and site footers.

Every rule looks at the shape of a line (length, punctuation, letters), where it
sits (before the headline, after the last paragraph) and how often it repeats
(within the document, across documents of an outlet, across the batch). None of
them knows any outlet's phrases.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from rashomon.config import settings
from rashomon.datamodel import CleanDocument, OutletSource, RawDocument
from rashomon.documents.dating import has_numeric_date
from rashomon.text.scripts import ends_like_sentence, is_unspaced, word_count, word_features

DOMAIN_LINE = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/?$", re.IGNORECASE)
DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40}?\s*\(([^()]{2,40})\)\s*[-–—:]")


@dataclass
class Line:
    start: int
    end: int
    text: str
    blank_before: bool

    @cached_property
    def words(self) -> int:
        return word_count(self.text)

    @cached_property
    def key(self) -> str:
        return line_key(self.text)


def line_key(text: str) -> str:
    """Comparison key: case, spacing and edge punctuation ignored."""
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return folded.strip(" .,:;!?-–—\"'“”‘’«»()[]")


def letter_count(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def is_prose(line: Line) -> bool:
    """A paragraph of running text rather than a label, link or heading."""
    return (ends_like_sentence(line.text) and line.words >= 6) or line.words >= 20


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their raw spans; remembers whether a blank line preceded each."""
    lines = []
    offset = 0
    blank_before = False
    for raw_line in text.split("\n"):
        stripped = raw_line.strip()
        if stripped:
            left = offset + len(raw_line) - len(raw_line.lstrip())
            lines.append(Line(left, left + len(stripped), stripped, blank_before))
            blank_before = False
        else:
            blank_before = True
        offset += len(raw_line) + 1
    return lines


def content_words(text: str) -> set[str]:
    """Crude stems of the longer words: enough to tell a headline from a masthead in any script."""
    features = word_features(text.casefold())
    return {word[:5] for word in features if (len(word) > 3 or is_unspaced(word)) and not word.isdigit()}


def clean_batch(documents: list[RawDocument]) -> list[CleanDocument]:
    """Clean every document, using repetition across the batch as evidence of boilerplate."""
    lines_by_document = [split_lines(document.text) for document in documents]
    furniture = repeated_short_lines(documents, lines_by_document) | shared_edge_lines(lines_by_document)
    return [
        clean_document(document, lines, furniture) for document, lines in zip(documents, lines_by_document, strict=True)
    ]


def repeated_short_lines(documents: list[RawDocument], lines_by_document: list[list[Line]]) -> set[str]:
    """Short non-sentence lines seen in two documents of one outlet, or in several documents overall."""
    counts: Counter[tuple[str, str]] = Counter()
    for document, lines in zip(documents, lines_by_document, strict=True):
        counts.update(furniture_keys(document, lines))
    return furniture_from_counts(counts)


def long_line_keys(lines: list[Line]) -> list[str]:
    """Keys of the document's longer lines (paragraphs), each once, in order."""
    short = settings().clean.short_line_words
    return list(dict.fromkeys(line.key for line in lines if line.words > short))


def shared_edge_lines(lines_by_document: list[list[Line]]) -> set[str]:
    """Paragraphs that are credits or disclaimers rather than reporting (see `edge_line_votes`)."""
    keys_by_document = [long_line_keys(lines) for lines in lines_by_document]
    counts = Counter(key for keys in keys_by_document for key in keys)
    shared = {key for key, count in counts.items() if count >= 2}
    votes: dict[str, bool] = {}
    for keys in keys_by_document:
        for key, vote in edge_line_votes(keys, shared):
            votes[key] = votes.get(key, True) and vote
    return {key for key, vote in votes.items() if vote}


def edge_line_votes(keys: list[str], shared: set[str]) -> list[tuple[str, bool]]:
    """For each paragraph this document shares with another: may it be a credit or disclaimer line?

    Yes when, in this document, it is the first or last paragraph, every other shared paragraph is an edge
    too, and the document has paragraphs of its own: two reports that share only their closing "This story
    was produced with the support of …" copied nothing. A paragraph must get a yes from every document
    that holds it; a copy (whole, or of inner paragraphs) always gets a no. `keys`: `long_line_keys`.
    """
    edges = {keys[0], keys[-1]} if keys else set()
    mine = [key for key in keys if key not in shared]
    inner_shared = [key for key in keys if key in shared and key not in edges]
    credible = bool(mine) and not inner_shared
    return [(key, credible and key in edges) for key in keys if key in shared]


def furniture_keys(document: RawDocument, lines: list[Line]) -> list[tuple[str, str]]:
    """(scope, line key) pairs a document contributes to the repetition counts: scope is "" or its outlet."""
    short = settings().clean.short_line_words
    keys = {line.key for line in lines if line.words <= short and not ends_like_sentence(line.text)}
    scopes = ["", document.outlet] if document.outlet else [""]
    return [(scope, key) for key in sorted(keys) for scope in scopes]


def furniture_from_counts(counts: Mapping[tuple[str, str], int]) -> set[str]:
    """Keys repeated in enough documents: `clean.cross_document_repeats` overall, or two of one outlet."""
    overall = settings().clean.cross_document_repeats
    return {key for (scope, key), count in counts.items() if count >= (2 if scope else overall)}


def clean_document(document: RawDocument, lines: list[Line], furniture: set[str]) -> CleanDocument:
    removed: set[int] = set()
    title, title_index, header = find_title(document, lines)
    removed.update(header)
    if title_index is not None:
        removed.add(title_index)
    title_key = line_key(title) if title else None
    seen: set[str] = set()
    walled = False
    for index, line in enumerate(lines):
        if letter_count(line.text) < 2 or line.key in furniture or DOMAIN_LINE.match(line.text):
            removed.add(index)
        elif is_access_wall(line):
            removed.add(index)
            walled = True
        elif is_caption_or_credit(line):
            removed.add(index)
        elif line.key == title_key or line.key in seen:
            removed.add(index)  # repeated headline or duplicated line
        seen.add(line.key)
    removed.update(trailing_furniture(lines, removed))
    kept = [index for index in range(len(lines)) if index not in removed]
    outlet, outlet_source = find_outlet(document, lines, kept, header)
    return CleanDocument(
        raw=document,
        paragraphs=join_wrapped_lines([lines[index] for index in kept]),
        title=title,
        removed_lines=[lines[index].text for index in sorted(removed) if index != title_index],
        outlet=outlet,
        outlet_source=outlet_source,
        access_wall=walled,
    )


@lru_cache(maxsize=1)
def access_wall_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(wall phrases, prices per period) from the per-language lexicon in text/data/access_walls.json."""
    data = json.loads((Path(__file__).parent.parent / "text" / "data" / "access_walls.json").read_text("utf-8"))
    phrases = sorted({p.casefold() for group in data["phrases"].values() for p in group}, key=len, reverse=True)
    periods = "|".join(re.escape(p) for p in sorted(data["periods"], key=len, reverse=True))
    amount = r"(?:[$€£¥₽₺₹]\s?\d[\d.,]*|\d[\d.,]*\s?(?:[$€£¥₽₺₹]|руб|tl))"
    price = rf"{amount}\s*(?:/|per|a|an|par|pro|al|por|в|за)?\s*(?:{periods})(?!\w)"
    return re.compile("|".join(map(re.escape, phrases))), re.compile(price, re.IGNORECASE)


def is_access_wall(line: Line) -> bool:
    """A short line asking the reader to subscribe, log in or pay (any covered language), not article text."""
    if line.words > settings().clean.wall_line_words:
        return False
    phrases, price = access_wall_patterns()
    return bool(phrases.search(line.text.casefold()) or price.search(line.text))


@lru_cache(maxsize=1)
def caption_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(positional marker in brackets, credit label opening a line, agency usage notice) for every language
    of text/data/captions.json; a script without case is matched as written."""
    data = json.loads((Path(__file__).parent.parent / "text" / "data" / "captions.json").read_text("utf-8"))

    def alternation(groups: dict[str, list[str]]) -> str:
        words = sorted({w for group in groups.values() for w in group}, key=len, reverse=True)
        return "|".join(re.escape(w) for w in words)

    position = (
        rf"[(（]\s*(?:(?i:{alternation(data['positions'])})|{alternation({'': data['positions_cased']})})\s*[)）]"
    )
    credit = rf"^\s*(?:{alternation(data['credit_words'])})\s*[:：/|]"
    notice = "|".join(re.escape(n) for n in data["usage_notices"])
    return re.compile(position), re.compile(credit, re.IGNORECASE), re.compile(rf"\b(?:{notice})\b")


def is_caption_or_credit(line: Line) -> bool:
    """A photo caption or credit line, not article text: a person placed in the picture ('Putin (left) and
    Erdogan meet…', '(слева)', '（左）'), a line opening with a credit label ('Фото: ТАСС', 'Photo/AFP'), or an
    agency's usage notice ('EDITORIAL USE ONLY'). Source and languages: text/data/captions.json."""
    return line.words <= settings().clean.caption_words and is_caption_text(line.text)


def is_caption_text(text: str) -> bool:
    """Whether a line or sentence carries a caption's or credit's marks (see is_caption_or_credit)."""
    position, credit, notice = caption_patterns()
    return bool(position.search(text) or credit.search(text) or notice.search(text))


def find_title(document: RawDocument, lines: list[Line]) -> tuple[str | None, int | None, list[int]]:
    """The headline, its line index, and the masthead/section lines above it."""
    leading = []
    for index, line in enumerate(lines):
        if is_prose(line):
            break
        leading.append(index)
    if document.title:
        known = line_key(document.title)
        for index in leading:
            if lines[index].key == known:
                return document.title, index, [i for i in leading if i < index]
        return document.title, None, []
    if not document.title_in_text:
        return None, None, []
    counts = Counter(line.key for line in lines)
    candidates = [i for i in leading if letter_count(lines[i].text) >= 2 and not is_page_label(lines[i])]

    def headline(index: int) -> tuple[str, int, list[int]]:
        return lines[index].text, index, [i for i in leading if i < index]

    for index in candidates:
        if counts[lines[index].key] >= 2 and lines[index].words >= 2:
            return headline(index)
    # A headline shares its words with the body, a masthead does not; a masthead that happens to share a
    # single word ("Valley Post" above a flood story in the valley) gives way to a later line sharing two.
    passing = []
    for index in candidates:
        words = content_words(lines[index].text)
        rest = set().union(*(content_words(line.text) for i, line in enumerate(lines) if i != index))
        if len(words) >= 2 and len(words & rest) / len(words) >= 0.5:
            passing.append((len(words & rest), index))
    if passing:
        return headline(next((i for shared, i in passing if shared >= 2), passing[0][1]))
    # A headline may paraphrase its body and share no word with it: the line right above the body, when it
    # reads like a headline (3 to 25 words, mostly letters, no closing full stop), is taken as one.
    if candidates and candidates[-1] == leading[-1] and looks_like_headline(lines[candidates[-1]]):
        return headline(candidates[-1])
    return None, None, []


URL_IN_LINE = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|gov|edu|info|news)\b", re.IGNORECASE)


def is_page_label(line: Line) -> bool:
    """A line that is never a headline: a URL or domain, or a date line ('date 2025-08-21 Via …')."""
    return bool(URL_IN_LINE.search(line.text)) or (has_numeric_date(line.text) and line.words <= 8)


def looks_like_headline(line: Line) -> bool:
    letters = letter_count(line.text)
    visible = sum(1 for ch in line.text if not ch.isspace())
    return 3 <= line.words <= 25 and letters >= 0.8 * visible and not ends_like_sentence(line.text)


def trailing_furniture(lines: list[Line], removed: set[int]) -> list[int]:
    """Short non-sentence lines after the last paragraph: related links, prompts, footers."""
    tail = []
    for index in range(len(lines) - 1, -1, -1):
        if index in removed:
            continue
        line = lines[index]
        if is_prose(line) or line.words > settings().clean.short_line_words:
            break
        tail.append(index)
    return tail


def join_wrapped_lines(lines: list[Line]) -> list[list[tuple[int, int]]]:
    """Group lines into paragraphs, rejoining a long line that was hard-wrapped mid-sentence."""
    paragraphs: list[list[tuple[int, int]]] = []
    previous: Line | None = None
    for line in lines:
        wrapped = (
            previous is not None
            and not line.blank_before
            and not ends_like_sentence(previous.text)
            and (previous.words >= 20 or (previous.words >= 8 and line.text[:1].islower()))
            and not line.text[:1].isupper()
        )
        if wrapped:
            paragraphs[-1].append((line.start, line.end))
        else:
            paragraphs.append([(line.start, line.end)])
        previous = line
    return paragraphs


def find_outlet(
    document: RawDocument, lines: list[Line], kept: list[int], header: list[int]
) -> tuple[str | None, OutletSource]:
    """Who published this: metadata, then URL, then the text's own dateline or footer, a feed's title, a masthead."""
    if document.outlet:
        return document.outlet, OutletSource.METADATA
    if document.url:
        from rashomon.documents.ingest import domain_of

        domain = domain_of(document.url)
        if domain:
            return domain, OutletSource.URL
    for index in kept[:3]:
        match = DATELINE.match(lines[index].text)
        if match:
            return match.group(1).strip(), OutletSource.DATELINE
    for line in lines:
        if DOMAIN_LINE.match(line.text):
            return line.text.strip("/"), OutletSource.FOOTER
    if document.outlet_hint:
        return document.outlet_hint, OutletSource.METADATA
    mastheads = [lines[i].text for i in header if 2 <= lines[i].words <= 8 and letter_count(lines[i].text) >= 4]
    if mastheads:
        return max(mastheads, key=len), OutletSource.MASTHEAD
    return None, OutletSource.UNKNOWN
