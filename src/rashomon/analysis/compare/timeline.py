"""When things happened: relative dates resolved against each article's publication day.

"on Monday", "this afternoon (Monday)", "عصر دیروز (دوشنبه)", "March 13, 2023", "۲۲ اسفند ۱۴۰۱" become
a weekday, a day offset from publication and, when the publication day is known, a calendar
date (Persian months through jdatetime). Within a fact group, outlets whose dates for the same
fact disagree are flagged; when no publication day is known, weekdays are compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from rashomon._typing import Embed
from rashomon.analysis.compare.conflicts import first_mention_per_article
from rashomon.config import settings
from rashomon.datamodel import Article, Divergence, DivergenceKind, Mention, Reading, Story
from rashomon.ids import short_hash
from rashomon.text.calendar import day_offsets, month_names, time_pattern, weekday_names

WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ENGLISH_WEEKDAYS = {name.casefold(): number for number, name in enumerate(WEEKDAY_NAMES)}
PERSIAN_WEEKDAYS = {
    "دوشنبه": 0, "سه‌شنبه": 1, "سهشنبه": 1, "سه شنبه": 1, "چهارشنبه": 2, "پنجشنبه": 3, "پنج‌شنبه": 3,
    "پنج شنبه": 3, "جمعه": 4, "شنبه": 5, "یکشنبه": 6, "یک‌شنبه": 6, "یک شنبه": 6,
}  # fmt: skip
ENGLISH_OFFSETS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
                   "yesterday": -1, "last night": -1, "tomorrow": 1}  # fmt: skip
PERSIAN_OFFSETS = {"امروز": 0, "امشب": 0, "دیروز": -1, "دیشب": -1, "پریروز": -2, "فردا": 1}
ENGLISH_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                  "october", "november", "december"]  # fmt: skip
PERSIAN_MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن",
                  "اسفند"]  # fmt: skip


def alternation(words: list[str] | dict[str, int]) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s") for w in words), key=len, reverse=True))


ENGLISH_TIME = re.compile(
    rf"\b(?:(?P<offset>{alternation(ENGLISH_OFFSETS)})(?:\s*\((?P<weekday_in>{alternation(ENGLISH_WEEKDAYS)})\))?"
    rf"|(?:on\s+|last\s+|this\s+)?(?P<weekday>{alternation(ENGLISH_WEEKDAYS)})(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|(?P<month>{alternation(ENGLISH_MONTHS)})\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{alternation(ENGLISH_MONTHS)})(?:\s+(?P<year2>\d{{4}}))?)(?!\w)",
    re.IGNORECASE,
)
PERSIAN_LETTER = "[\u0600-\u06ff\u200c]"
PERSIAN_TIME = re.compile(
    rf"(?<!{PERSIAN_LETTER})(?:(?P<offset>{alternation(PERSIAN_OFFSETS)})(?:\s+(?:صبح|ظهر|عصر|شب))?"
    rf"(?:\s*\((?P<weekday_in>{alternation(PERSIAN_WEEKDAYS)})\))?"
    rf"|(?:صبح|ظهر|عصر|شب)?\s*(?:روز\s+)?(?P<weekday>{alternation(PERSIAN_WEEKDAYS)})"
    rf"|(?P<day>\d{{1,2}})\s+(?P<month>{alternation(PERSIAN_MONTHS)})(?:\s+ماه)?(?:\s+(?P<year>\d{{4}}))?)"
    rf"(?!{PERSIAN_LETTER})"
)
PART_OF_DAY_BEFORE = re.compile(r"(?:صبح|ظهر|عصر|شب)\s+$")


@dataclass
class TimeExpression:
    """A date or day named in an article, resolved as far as its publication day allows."""

    article_id: str
    start: int
    end: int
    text: str
    weekday: int | None
    offset: int | None  # days from publication ('yesterday' = -1)
    date: date | None

    @property
    def label(self) -> str:
        if self.date:
            return f"{self.date.isoformat()} ({WEEKDAY_NAMES[self.date.weekday()]})"
        if self.weekday is not None:
            return WEEKDAY_NAMES[self.weekday]
        return "unresolved"


def published_day(article: Article) -> date | None:
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def time_expressions(article: Article, start: int = 0, end: int | None = None) -> list[TimeExpression]:
    """Dates and days named in article.text[start:end]."""
    text = article.text[start:end]
    pattern = time_pattern_of(article.language)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        weekday, offset, explicit = decode(match, article.language, published_day(article))
        if weekday is None and offset is None and explicit is None:
            continue
        begin = match.start()
        before = PART_OF_DAY_BEFORE.search(text[: match.start()])
        if before and article.language == "fa":
            begin = before.start()  # 'عصر دیروز'
        core = re.sub(r"\s*\([^)]*\)", "", text[begin : match.end()])  # 'this afternoon (Monday)' → 'this afternoon'
        resolved = explicit or resolve(core, article.language, published_day(article), weekday, offset)
        found.append(TimeExpression(article.id, start + begin, start + match.end(), text[begin : match.end()],
                                    weekday if weekday is not None else (resolved.weekday() if resolved else None),
                                    offset, resolved))  # fmt: skip
    return found


def time_pattern_of(language: str) -> Any:
    """English and Persian patterns of their own (Persian months are solar); every other language's from
    dateparser's calendar words (text/calendar.py); None for a language without them."""
    if language == "en":
        return ENGLISH_TIME
    if language == "fa":
        return PERSIAN_TIME
    return time_pattern(language)


def reads_days(language: str) -> bool:
    """Whether days and dates named in the language can be read (the capability table asks)."""
    return time_pattern_of(language) is not None


def decode(match: Any, language: str, published: date | None) -> tuple[int | None, int | None, date | None]:
    if language not in {"en", "fa"}:
        return decode_generic(match, language, published)
    groups = {k: v for k, v in match.groupdict().items() if v}
    weekday_name = (groups.get("weekday") or groups.get("weekday_in") or "").casefold()
    weekdays = PERSIAN_WEEKDAYS if language == "fa" else ENGLISH_WEEKDAYS
    weekday = weekdays.get(re.sub(r"\s+", " ", weekday_name))
    offsets = PERSIAN_OFFSETS if language == "fa" else ENGLISH_OFFSETS
    offset = offsets.get(re.sub(r"\s+", " ", groups.get("offset", "").casefold()))
    explicit = explicit_date(groups, language, published)
    return weekday, offset, explicit


def decode_generic(match: Any, language: str, published: date | None) -> tuple[int | None, int | None, date | None]:
    """(weekday, offset, date) of a match of text/calendar.time_pattern (Monday = 0, as WEEKDAY_NAMES)."""
    groups = {k: v for k, v in match.groupdict().items() if v}
    weekday = weekday_names(language).get(groups.get("weekday", "").lower())
    offset = day_offsets(language).get(groups.get("offset", "").lower())
    explicit = None
    if "day" in groups and "month" in groups:
        month_text = groups["month"]
        month = int(month_text) if month_text.isdigit() else month_names(language).get(month_text.lower().rstrip("."))
        if month and published is not None:
            year = published.year - (1 if (month, int(groups["day"])) > (published.month + 6, 31) else 0)
            try:  # "28 December" read in early January is last year's
                explicit = date(year, month, int(groups["day"]))
            except ValueError:
                explicit = None
    return (weekday - 1 if weekday else None), offset, explicit


def explicit_date(groups: dict[str, str], language: str, published: date | None) -> date | None:
    month_name, day, year = groups.get("month") or groups.get("month2"), groups.get("day") or groups.get("day2"), None
    year = groups.get("year") or groups.get("year2")
    if not month_name or not day:
        return None
    try:
        if language == "fa":
            import jdatetime

            month = PERSIAN_MONTHS.index(month_name) + 1
            jyear = int(year) if year else (jdatetime.date.fromgregorian(date=published).year if published else None)
            return jdatetime.date(jyear, month, int(day)).togregorian() if jyear else None
        month = ENGLISH_MONTHS.index(month_name.casefold()) + 1
        gyear = int(year) if year else (published.year if published else None)
        return date(gyear, month, int(day)) if gyear else None
    except (ValueError, TypeError):
        return None


def resolve(text: str, language: str, published: date | None, weekday: int | None, offset: int | None) -> date | None:
    """The day an expression names, relative to publication (dateparser; past days preferred, as news reports)."""
    if published is None:
        return None
    if weekday is not None and offset is None:  # 'on Monday': the latest Monday on or before publication
        return published - timedelta(days=(published.weekday() - weekday) % 7)
    import dateparser

    base = datetime(published.year, published.month, published.day, 12)
    settings: Any = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    parsed = dateparser.parse(text, languages=[language], settings=settings)
    if parsed is not None:
        return parsed.date()
    if offset is not None:
        return published + timedelta(days=offset)
    if weekday is not None:
        return published - timedelta(days=(published.weekday() - weekday) % 7)
    return None


def timing_divergences(
    story: Story, articles: dict[str, Article], embed: Embed | None = None
) -> list[Divergence]:
    """Per fact group, the days outlets give for it, and whether they agree.

    With `embed`, only mentions close to another outlet's mention (cosine ≥ `embedding.same_event_day`) count, so a
    loosely aligned group does not pit the days of two different events against each other.
    """
    found = []
    for group in story.fact_groups:
        mentions = first_mention_per_article(group)
        if embed is not None and len(mentions) > 1:
            mentions = close_to_another(mentions, articles, embed)
        expressions = []
        for article_id, mention in mentions.items():
            expressions += time_expressions(articles[article_id], mention.start, mention.end)[:1]
        if len({articles[e.article_id].outlet_label for e in expressions}) < 2:
            continue
        if all(e.label == "unresolved" for e in expressions):
            continue  # 'today' in three outlets: nothing to compare until publication days are known
        readings = [Reading(e.article_id, e.start, e.end, e.text) for e in expressions]
        consistent = agreement(expressions)
        note = "; ".join(f"{articles[e.article_id].outlet_label}: {e.label}" for e in expressions)
        english = [m.text for m in group.mentions if articles[m.article_id].language == "en"]
        topic = min(english or [m.text for m in group.mentions], key=len)[:80]
        key = ":".join(f"{r.article_id}@{r.start}" for r in readings)
        divergence_id = short_hash(f"{story.id}:timing:{key}")
        found.append(Divergence(divergence_id, DivergenceKind.TIMING, topic, readings, note, consistent))
    return found


def close_to_another(
    mentions: dict[str, Mention], articles: dict[str, Article], embed: Embed
) -> dict[str, Mention]:
    """Mentions whose (D,) embedding is within `embedding.same_event_day` of another outlet's mention."""
    ids = sorted(mentions)
    vectors = embed([mentions[a].text for a in ids])
    similarity = vectors @ vectors.T
    threshold = settings().embedding.same_event_day
    outlets = [articles[a].outlet_label for a in ids]
    return {
        a: mentions[a]
        for i, a in enumerate(ids)
        if any(similarity[i, j] >= threshold and outlets[j] != outlets[i] for j in range(len(ids)))
    }


def agreement(expressions: list[TimeExpression]) -> bool | None:
    """Same date when all are dated, else same weekday where named; None when nothing can be compared."""
    dates = {e.date for e in expressions if e.date}
    if dates and all(e.date for e in expressions):
        return len(dates) == 1
    weekdays = {e.weekday for e in expressions if e.weekday is not None}
    if len([e for e in expressions if e.weekday is not None]) >= 2:
        return len(weekdays) == 1
    return None
