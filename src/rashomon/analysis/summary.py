"""A consolidated, extractive summary of a story: each sentence cited to every outlet that reports it.

Sentences are the stories' own fact-group mentions in the chosen language: first what every
outlet reports, then what several do, then a few single-source claims, marked as such. They are
read in timeline order: by the day each fact resolves to where known, else by where the facts
sit in the articles (their mean relative position). Nothing is generated, so nothing is invented.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from rashomon.analysis.compare.timeline import time_expressions
from rashomon.config import settings
from rashomon.datamodel import Article, DivergenceKind, FactGroup, FactStatus, Mention, Story, SummarySentence
from rashomon.documents.clean import is_caption_text
from rashomon.documents.dating import YEAR_NEAR, has_numeric_date
from rashomon.text.calendar import day_mentions
from rashomon.text.scripts import word_count


def summarise(story: Story, articles: dict[str, Article], language: str = "en") -> list[SummarySentence]:
    """Up to `summary.max_sentences` sentences in `language` (else the story's main language), in timeline order.

    A fact whose sentences carry a figure or day the outlets disagree on (story.divergences) is left out.
    """
    languages = Counter(articles[a].language for a in story.article_ids)
    if language not in languages:
        language = languages.most_common(1)[0][0]
    chosen: list[tuple[FactGroup, Mention]] = []
    used: set[tuple[str, int]] = set()
    contested = contested_spans(story)
    singles = 0
    for group in sorted(story.fact_groups, key=lambda g: (rank(g.status), -len(g.outlets))):
        mention = representative(group, articles, language)
        if (
            mention is None
            or (mention.article_id, mention.sentence_index) in used
            or is_page_furniture(mention.text, articles[mention.article_id].language)
            or any(is_contested(m, contested) for m in group.mentions)
        ):
            continue
        if leans_on_context(mention.text) and len(story.fact_groups) > settings().summary.max_sentences:
            continue  # 'I made this trip …': a fragment that needs its context
        if group.status == FactStatus.SINGLE:
            if singles >= settings().summary.max_single_source:
                continue
            singles += 1
        chosen.append((group, mention))
        used.add((mention.article_id, mention.sentence_index))
        if len(chosen) == settings().summary.max_sentences:
            break
    chosen.sort(key=lambda item: timeline_key(item[0], articles))
    return [
        SummarySentence(m.text, m.article_id, m.start, m.end, g.outlets, g.status == FactStatus.SINGLE)
        for g, m in chosen
    ]


def contested_spans(story: Story) -> dict[str, list[tuple[int, int]]]:
    """Article id → spans of readings on which outlets disagree (conflicting figures, days that differ).

    A summary line carrying one side of a disagreement would state it as agreed; the report shows the
    disagreement itself under "Where they differ" instead.
    """
    spans: dict[str, list[tuple[int, int]]] = {}
    for divergence in story.divergences:
        if divergence.kind == DivergenceKind.CONFLICT or (
            divergence.kind == DivergenceKind.TIMING and divergence.consistent is False
        ):
            for reading in divergence.readings:
                spans.setdefault(reading.article_id, []).append((reading.start, reading.end))
    return spans


def is_contested(mention: Mention, contested: dict[str, list[tuple[int, int]]]) -> bool:
    return any(start < mention.end and mention.start < end for start, end in contested.get(mention.article_id, []))


def rank(status: FactStatus) -> int:
    return {FactStatus.ALL: 0, FactStatus.SEVERAL: 1, FactStatus.SINGLE: 2}[status]


def representative(group: FactGroup, articles: dict[str, Article], language: str) -> Mention | None:
    """The group's most concise complete sentence in the language (shortest of at least `summary.min_words` words)."""
    candidates = [m for m in group.mentions if articles[m.article_id].language == language]
    long_enough = [m for m in candidates if word_count(m.text) >= settings().summary.min_words] or candidates
    return min(long_enough, key=lambda m: (leans_on_context(m.text), len(m.text))) if long_enough else None


CLOCK = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3])[:.][0-5]\d(?!\d)")  # 12:52, 04.08
HANDLE = re.compile(r"(?<!\w)@\w{2,}")  # an embedded post's author


def is_page_furniture(text: str, language: str) -> bool:
    """A photo caption or credit (documents/clean.is_caption_text), or a dateline, byline, timestamp or
    embedded-post line: short, and carrying a date, a clock time or a handle.

    'Wednesday, 22 February 2023, 12:52' and '— NexoLatino (@…) March 13, 2023' are page furniture, not facts.
    Dates are read in the sentence's language (text/calendar.py) or in numeric form.
    """
    words = word_count(text)
    if is_caption_text(text):  # a caption or credit inside a paragraph the cleaner kept whole
        return True
    if words > settings().summary.furniture_words:
        return False
    dated = has_numeric_date(text) or (bool(day_mentions(text, language)) and bool(YEAR_NEAR.search(text)))
    return bool(HANDLE.search(text)) or (dated and (bool(CLOCK.search(text)) or words <= 8))


def leans_on_context(text: str) -> bool:
    """Sentences opening with a pronoun or inside a quote need the sentence before them; prefer others."""
    return bool(re.match(r"[\"“«']|(?:He|She|They|It|This|These|Those|I|We)\b", text.strip()))


def timeline_key(group: FactGroup, articles: dict[str, Article]) -> tuple[date, float]:
    """(the earliest day the group's mentions name, else a far date; mean relative position in its articles)."""
    days = [
        e.date
        for m in group.mentions
        for e in time_expressions(articles[m.article_id], m.start, m.end)
        if e.date is not None
    ]
    positions = [m.sentence_index / max(1, len(articles[m.article_id].sentences)) for m in group.mentions]
    return (min(days) if days else date.max, sum(positions) / len(positions))
