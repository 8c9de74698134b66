"""Month and weekday names of every language dateparser knows, and the days a text mentions.

The names come from dateparser's locale data (CLDR-derived, shipped inside the package: nothing is
downloaded). A report names its event's day ("4 сентября", "Pazartesi, 4 Eylül", "9月4日", "el 4 de
septiembre"); two undated reports in different languages that name the same day are likelier to
report the same event, and a day read in one language can be compared with a day read in another.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from rashomon.text.scripts import is_unspaced

MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MIN_NAME_LETTERS = 3  # shorter forms ("di", "so", "Ey") are words of their own in running text
CJK_DAY = regex.compile(r"(?<!\d)(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号號]")  # digits of any script


@lru_cache(maxsize=64)
def locale_info(language: str) -> dict:
    """dateparser's locale data of a language ({} when it has none)."""
    try:
        from dateparser.languages.loader import default_loader

        return dict(default_loader.get_locale(language).info)
    except Exception:  # dateparser raises a plain ValueError/KeyError for a language it lacks
        return {}


@lru_cache(maxsize=64)
def names(language: str, keys: tuple[str, ...]) -> dict[str, int]:
    """Lower-cased names (of `keys`: months or weekdays) → 1-based position; {} for an unknown language."""
    info = locale_info(language)
    found: dict[str, int] = {}
    for number, key in enumerate(keys, 1):
        for name in info.get(key, []):
            letters = sum(ch.isalpha() for ch in name)
            if letters >= MIN_NAME_LETTERS or (letters >= 1 and not name.isascii() and not name.isalpha()):
                found.setdefault(name.lower().rstrip("."), number)
    return found


def month_names(language: str) -> dict[str, int]:
    """Month names of a language ('сентября' → 9); {} when dateparser has no locale for it."""
    return names(language, MONTH_KEYS)


def weekday_names(language: str) -> dict[str, int]:
    """Weekday names of a language ('воскресенье' → 7, Monday = 1); {} when dateparser has none."""
    return names(language, WEEKDAY_KEYS)


@lru_cache(maxsize=64)
def day_pattern(language: str) -> regex.Pattern[str] | None:
    """'4 September', '4. September', 'September 4', '4 de septiembre', '4 Eylül' in the language."""
    months = sorted(month_names(language), key=len, reverse=True)
    if not months:
        return None
    alternatives = "|".join(regex.escape(name) for name in months)
    day = r"(?P<day>\d{1,2})"  # any script's digits (۴, ٤); range checked by day_mentions
    return regex.compile(
        rf"(?<![\w\d]){day}(?:\.|º|er|e|-?го)?\s*(?:de\s+|of\s+)?(?P<month>{alternatives})(?!\w)"
        rf"|(?<!\w)(?P<month>{alternatives})\.?\s+{day}(?![\d])",
        regex.IGNORECASE,
    )


def day_mentions(text: str, language: str) -> set[tuple[int, int]]:
    """(month, day) pairs the text names, in its language or in the CJK 9月4日 form (no year needed)."""
    found = {(int(m["month"]), int(m["day"])) for m in CJK_DAY.finditer(text)}
    pattern = day_pattern(language)
    if pattern is not None:
        months = month_names(language)
        for match in pattern.finditer(text):
            month = months.get(match["month"].lower().rstrip("."))
            if month:
                found.add((month, int(match["day"])))
    return {(month, day) for month, day in found if 1 <= month <= 12 and 1 <= day <= 31}


RELATIVE_KEYS = {"0 day ago": 0, "1 day ago": -1, "in 1 day": 1}  # dateparser's relative-type entries


@lru_cache(maxsize=64)
def day_offsets(language: str) -> dict[str, int]:
    """Words for today, yesterday and tomorrow ('вчера' → -1, '明天' → 1); {} when dateparser has none."""
    relative = locale_info(language).get("relative-type", {})
    return {word.lower(): offset for key, offset in RELATIVE_KEYS.items() for word in relative.get(key, [])}


@lru_cache(maxsize=64)
def time_pattern(language: str) -> regex.Pattern[str] | None:
    """A day named in the language: a weekday, today/yesterday/tomorrow, or a day and month (see day_pattern).

    Groups: `weekday`, `offset`, `day` and `month`. Word boundaries are checked only in spaced scripts.
    None when dateparser has no calendar words for the language.
    """
    weekdays, offsets, days = weekday_names(language), day_offsets(language), day_pattern(language)
    if not weekdays and not offsets and days is None:
        return None
    parts = []
    for group, words in (("weekday", weekdays), ("offset", offsets)):
        spaced = sorted((w for w in words if not is_unspaced(w)), key=len, reverse=True)
        unspaced = sorted((w for w in words if is_unspaced(w)), key=len, reverse=True)
        if spaced:
            parts.append(rf"(?<!\w)(?P<{group}>{'|'.join(map(regex.escape, spaced))})(?!\w)")
        if unspaced:
            parts.append(rf"(?P<{group}>{'|'.join(map(regex.escape, unspaced))})")
    if days is not None:
        parts.insert(0, days.pattern)
    parts.insert(0, CJK_DAY.pattern)
    return regex.compile("|".join(f"(?:{part})" for part in parts), regex.IGNORECASE)
