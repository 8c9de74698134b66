"""Names in every other language that meet the story's English names through script-independent keys.

'Путина', 'Putin' and 'بوتين' share the consonant key 'btn' (text/transliterate.name_key, built on
anyascii's romanisation); case endings that are vowels ('Варгаса', 'Эрдогану') leave the key intact.
A word of a non-English, non-Persian article becomes a mention of an English entity when its key is
at least three consonants long and belongs to exactly one of the story's English names. In cased
scripts only capitalised words are tried; function words of the language (spaCy's lists) never are.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rashomon.analysis.entities.index import Candidate
from rashomon.datamodel import Article
from rashomon.text.names import keyed_names, name_words
from rashomon.text.transliterate import name_key, strip_article

MIN_KEY = 3  # consonants: shorter keys ('sk', 'rm') belong to too many words
# The Arabic relative adjective (nisba): 'التركي', 'التركية', 'الأوكرانية', 'روسيين' share their country's
# consonants; the country itself ends otherwise ('تركيا', 'أوكرانيا'). Without the article a final ي is kept
# (Mali is 'مالي').
ARABIC_NISBA = re.compile(r"(?:ية|يين|يون|يات)$|^ال\w+ي$")


def word_owners(keys: dict[str, str]) -> dict[str, set[str]]:
    """Word key → the English entity keys it may stand for (`keys`: alias → entity key).

    A person is met by the key of their surname, anything else only by a one-word alias's key.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for alias, key in keys.items():
        words = name_words(alias)
        if key.startswith("person:") and words:
            owners[name_key(words[-1])].add(key)
        elif len(words) == 1:
            owners[name_key(words[0])].add(key)
    return owners


def hyphen_parts(
    text: str, names: list[tuple[int, int, str]], owners: dict[str, set[str]]
) -> list[tuple[int, int, str]]:
    """The keyed names, a hyphenated one that meets no entity replaced by its parts when they do
    ('Πούτιν-Ερντογάν', the Putin–Erdoğan meeting, names Putin and Erdoğan; 'Jean-Pierre' stays whole
    unless a part is a known name)."""
    result = []
    for start, end, key in names:
        word = text[start:end]
        parts = []
        if "-" in word and key not in owners:
            offset = start
            for part in word.split("-"):
                part_key = name_key(strip_article(part))
                if part_key in owners:
                    parts.append((offset, offset + len(part), part_key))
                offset += len(part) + 1
        result.extend(parts or [(start, end, key)])
    return result


def keyed_candidates(article: Article, owners: dict[str, set[str]], labels: dict[str, str]) -> list[Candidate]:
    """Mentions in `article` of the story's entities (`owners`: see word_owners, `labels`: key → type)."""
    found = []
    for start, end, key in hyphen_parts(article.text, keyed_names(article.text, article.language), owners):
        matches = owners.get(key, set())
        if len(key) >= MIN_KEY and len(matches) == 1:
            entity = next(iter(matches))
            text = article.text[start:end]
            label = labels.get(entity, "PERSON")
            if label != "PERSON" and ARABIC_NISBA.search(text):
                continue  # 'التركية' is 'Turkish', not Turkey: adjectives are not mentions (as spaCy's NORP)
            found.append(Candidate(article.id, start, end, text, label, entity))
    return without_given_names(found, article.text)


def without_given_names(found: list[Candidate], text: str) -> list[Candidate]:
    """Drop a person candidate directly followed by another person's: 'Emmanuel Macron' is Macron, its
    first word a given name that had met some other 'Emmanuel' of the story."""
    kept = []
    for candidate, following in zip(found, [*found[1:], None], strict=False):  # the last has no follower
        given_name = (
            following is not None
            and candidate.label == following.label == "PERSON"
            and candidate.key != following.key
            and text[candidate.end : following.start] == " "
        )
        if not given_name:
            kept.append(candidate)
    return kept
