"""Country names in English and Persian from pycountry's ISO 3166 tables and their translations."""

from __future__ import annotations

import gettext
import re
from collections import Counter
from functools import lru_cache


@lru_cache(maxsize=1)
def english_names() -> tuple[dict[str, str], dict[str, set[str]]]:
    """(exact name or code → alpha-2, official-name stem such as 'islamic republic' → candidate alpha-2s)."""
    import pycountry

    exact: dict[str, str] = {}
    stems: dict[str, set[str]] = {}
    tails: dict[str, set[str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        names = {country.name, getattr(country, "official_name", ""), getattr(country, "common_name", "")}
        for name in filter(None, names):
            plain = name.split(",")[0].split(" (")[0]
            exact.setdefault(plain.casefold(), code)
            exact.setdefault(name.casefold(), code)
            if " of " in name:
                stem, tail = name.split(" of ", 1)
                stems.setdefault(stem.casefold(), set()).add(code)
                tails.setdefault(tail.casefold(), set()).add(code)
        exact.setdefault(code, code)
        exact.setdefault(country.alpha_3, code)
    for tail, owners in tails.items():
        if len(owners) == 1:
            exact.setdefault(tail, next(iter(owners)))  # 'america', from 'United States of America'
    return exact, stems


def country_code(name: str) -> str | None:
    """ISO alpha-2 code of an English country name, official name, distinctive word or code ('U.S.')."""
    exact, _ = english_names()
    plain = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    if plain.replace(".", "").isupper() and len(plain.replace(".", "")) in (2, 3):
        return exact.get(plain.replace(".", ""))
    key = plain.casefold()
    if key in exact:
        return exact[key]
    if len(key) >= 5 and " " not in key:  # 'russia' for 'Russian Federation'
        owners = {code for name, code in exact.items() if len(name) > 3 and is_truncation(key, name.split(" ")[0])}
        if len(owners) == 1:
            return owners.pop()
    return None


def country_by_stem(name: str, present: set[str]) -> str | None:
    """'the Islamic Republic' → the one country with that official-name stem already in the story."""
    _, stems = english_names()
    plain = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE).casefold()
    candidates = stems.get(plain, set()) & present
    return next(iter(candidates)) if len(candidates) == 1 else None


@lru_cache(maxsize=1)
def persian_names() -> dict[str, str]:
    """Persian word or name → alpha-2, from pycountry's Persian translation of ISO 3166-1."""
    import pycountry

    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fa"], fallback=True)
    names = {country.alpha_2: translation.gettext(country.name) for country in pycountry.countries}
    names = {code: name for code, name in names.items() if re.search(r"[\u0600-\u06ff]", name)}
    word_counts = Counter(word for name in names.values() for word in set(re.findall(r"[^\s،]+", name)))
    found: dict[str, str] = {}
    for code, name in names.items():
        head = name.split("،")[0].strip()
        found.setdefault(head.replace("\u200c", ""), code)
        for word in re.findall(r"[^\s،]+", head):
            if word_counts[word] == 1:
                found.setdefault(word.replace("\u200c", "").rstrip("ٔ"), code)
    return found


def is_truncation(key: str, word: str) -> bool:
    return word.startswith(key) and 0 < len(word) - len(key) <= 2
