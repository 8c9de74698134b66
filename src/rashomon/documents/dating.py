"""When an article was published: from its metadata, else its URL, else an explicit date near its top.

Story clustering weighs how far apart two reports were published, so an article without date
metadata is dated from the evidence a reader would use: a date in its URL path (/2023/09/04/), a
dateline or date line at the head of the page ("MOSCOW, Sept. 4 (Reuters)", "4 settembre 2023",
"2023年9月4日", " date 2023-09"). Only a full date or a year with its month counts: a bare year in the body
("since 1998") says nothing about when the page was written. Month names in the article's language are
read by dateparser (its locale data ships in the package); numeric forms by the patterns below.

`published_from` records how the date was found, most to least sure: "metadata", "url", "text".
A date read from a month-only form is kept at month precision ("2023-09").
"""

from __future__ import annotations

from datetime import date

import regex

from rashomon.config import settings
from rashomon.datamodel import Article
from rashomon.text.scripts import word_count

YEAR = r"(?P<year>(?:19|20)\d\d)"
MONTH = r"(?P<month>0?[1-9]|1[0-2])"
DAY = r"(?P<day>0?[1-9]|[12]\d|3[01])"
URL_DATE = regex.compile(
    rf"(?<!\d){YEAR}(?P<sep>[/_-]){MONTH}(?P=sep){DAY}(?!\d)"  # /2023/09/04/, 2023-09-04
    r"|(?<!\d)(?P<year>(?:19|20)\d\d)(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"  # 20230904
    rf"|(?<!\d){YEAR}[/-]{MONTH}(?=/)"  # /2023/09/ or /2023-09/: month precision
)
TEXT_DATES = (
    regex.compile(rf"(?<!\d){YEAR}-{MONTH}-{DAY}(?!\d)"),  # ISO 8601
    regex.compile(rf"{YEAR}\s*年\s*{MONTH}\s*月\s*{DAY}\s*日"),  # Chinese and Japanese
    regex.compile(rf"(?<![\d.]){DAY}\.{MONTH}\.{YEAR}(?![\d])"),  # 04.09.2023: day first wherever dots are used
    regex.compile(r"(?<![\d/])(?P<first>\d\d?)/(?P<second>\d\d?)/(?P<year>(?:19|20)\d\d)(?![\d/])"),  # see slashed()
    regex.compile(rf"(?<!\d){YEAR}-{MONTH}(?![\d-])"),  # 2023-09: month precision
    regex.compile(rf"{YEAR}\s*年\s*{MONTH}\s*月(?!\s*\d)"),  # 2023年9月: month precision
)
MONTH_FIRST_LANGUAGES = {"en"}  # US usage: 09/04/2023 is 4 September when the day cannot be told
DATE_LINE_WORDS = 12  # a line of a date, a byline and a place; longer lines are running text
DATELINE_WORDS = 4  # "MOSCOW, 4 September 2023 (Reuters) –", "Mis à jour le 4 septembre 2023"
YEAR_NEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def date_article(article: Article) -> Article:
    """Fill `published`/`published_from` of an article that has no date metadata (the article, changed)."""
    if article.published:
        article.published_from = article.published_from or "metadata"
        return article
    found = date_from_url(article.url or "") or date_from_text(article.raw_text, article.language)
    if found is not None:
        article.published, article.published_from = found
    return article


def date_from_url(url: str) -> tuple[str, str] | None:
    """An ISO date from a URL path such as /2023/09/04/ or -20230904-, else None."""
    path = url.split("://", 1)[-1].partition("/")[2]
    for match in URL_DATE.finditer(path):
        iso = iso_date(match["year"], match["month"], match["day"])
        if iso:
            return iso, "url"
    return None


def date_from_text(text: str, language: str) -> tuple[str, str] | None:
    """The first explicit full (or year-and-month) date in the head of the text, else None.

    Reads `dating.head_characters` characters; numeric forms first, then month names via dateparser.
    """
    head = text[: settings().dating.head_characters]
    if not YEAR_NEAR.search(head):
        return None
    found = [
        numeric_date(match, language)
        for pattern in TEXT_DATES
        for match in pattern.finditer(head)
        if is_date_line(head, match.start(), full="day" in match.groupdict() and bool(match["day"]))
    ]
    dated = sorted((position, iso) for position, iso in found if iso)
    if dated:
        return dated[0][1], "text"
    iso = worded_date(head, language)
    return (iso, "text") if iso else None


def numeric_date(match: regex.Match[str], language: str) -> tuple[int, str | None]:
    """(position, ISO date or None) of a numeric date match; month-first where the language writes it so."""
    groups = match.groupdict()
    if "first" in groups:
        month, day = slashed(groups["first"], groups["second"], language)
    else:
        month, day = groups["month"], groups.get("day")
    return match.start(), iso_date(groups["year"], month, day)


def slashed(first: str, second: str, language: str) -> tuple[str, str]:
    """(month, day) of 'first/second/year': day first, except in US English when both could be months."""
    if int(first) > 12 or (int(second) <= 12 and language not in MONTH_FIRST_LANGUAGES):
        return second, first
    return first, second


def iso_date(year: str, month: str, day: str | None) -> str | None:
    """'YYYY-MM-DD' (or 'YYYY-MM' without a day) when the parts make a real date, else None."""
    try:
        moment = date(int(year), int(month), int(day or 1))
    except ValueError:
        return None
    return moment.isoformat() if day else moment.isoformat()[:7]


def worded_date(head: str, language: str) -> str | None:
    """A date with a month name ('4 September 2023', '4 сентября 2023 года') by dateparser, full dates only."""
    from dateparser.search import search_dates

    try:
        found = search_dates(
            head,
            languages=[language] if language != "und" else None,
            settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
        )
    except Exception:  # dateparser raises on languages it has no locale for; then there is no worded date
        return None
    cursor = 0
    for text, moment in found or []:
        position = head.find(text, cursor)
        cursor = max(cursor, position)
        year_written = str(moment.year) in YEAR_NEAR.findall(text)
        if year_written and any(ch.isalpha() for ch in text) and is_date_line(head, position, full=True):
            return moment.date().isoformat()
    return None


def is_date_line(head: str, position: int, full: bool) -> bool:
    """A date where datelines and date lines put it: in a short line, or opening its line.

    Dates later in a running sentence are usually events ("the visit of 6 November 2019", "he will
    travel on 5 February"), not the day the page was written. A full date may follow a place or
    "Published on" (`DATELINE_WORDS`); a month alone ("Date: 2023-09") must open its line, after one word at most.
    """
    if position < 0:
        return False
    line_start = head.rfind("\n", 0, position) + 1
    line_end = head.find("\n", position)
    line = head[line_start : line_end if line_end >= 0 else len(head)]
    before = word_count(head[line_start:position])
    return word_count(line) <= DATE_LINE_WORDS or before <= (DATELINE_WORDS if full else 1)


def has_numeric_date(text: str) -> bool:
    """True when the text holds a numeric date or year-month (2025-08-21, 21.08.2025, 2025年8月21日)."""
    return any(pattern.search(text) for pattern in TEXT_DATES)
