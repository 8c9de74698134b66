"""Persian words that meet English names through consonant skeletons or pycountry's Persian country names."""

from __future__ import annotations

import re
from collections import defaultdict

from rashomon.analysis.entities.index import Candidate
from rashomon.datamodel import Article
from rashomon.text.countries import persian_names
from rashomon.text.names import name_words
from rashomon.text.transliterate import latin_skeleton, persian_skeleton

PERSIAN_STOP_WORDS = {
    "و", "در", "با", "از", "به", "که", "را", "نیز", "هم", "این", "آن", "برای", "تا", "یا", "گفت", "گفتند",
    "است", "بود", "کرد", "کردند", "طی", "پس", "پیش", "ضمن",
}  # fmt: skip
PERSIAN_WORD = re.compile(r"[^\W\d_a-zA-Z](?:[^\W\d_a-zA-Z]|\u200c)*")


def persian_candidates(article: Article, keys: dict[str, str]) -> list[Candidate]:
    """Persian words whose consonants match an English name of the story, and Persian country names (not
    their adjectives: عراقی, Iraqi, is no mention of Iraq, as English nationality words are not)."""
    by_skeleton: dict[str, set[str]] = defaultdict(set)
    for alias, key in keys.items():
        words = name_words(alias)
        if key.startswith("person:") and words:
            by_skeleton[latin_skeleton(words[-1])].add(key)
        elif len(words) == 1:
            by_skeleton[latin_skeleton(words[0])].add(key)
    countries = persian_names()
    found = []
    for match in PERSIAN_WORD.finditer(article.text):
        word = match.group(0)
        key = ""
        code = countries.get(word.replace("\u200c", ""))
        if code and f"country:{code}" in keys.values():
            key = f"country:{code}"
        else:
            skeleton = persian_skeleton(word)
            owners = by_skeleton.get(skeleton, set())
            if len(skeleton) >= 3 and len(owners) == 1:
                key = next(iter(owners))
        if key:
            label = "PERSON" if key.startswith("person:") else "GPE"
            found.append(Candidate(article.id, match.start(), match.end(), word, label, key))
    return found
