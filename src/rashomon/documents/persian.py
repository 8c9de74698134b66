"""Restore zero-width non-joiners and missing spaces in Persian text that lost them.

Scraped Persian often arrives with every ZWNJ (U+200C) deleted, gluing plural
and verbal affixes to their stems (تحریمهای) and compounds together
(رئیسجمهور). We rebuild them from hazm's lexicon of ~190k words: a token that
is not a word is re-split into a known word plus a grammatical affix, a known
ZWNJ compound, or a sequence of known words, whichever the lexicon supports.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rashomon.config import settings

ZWNJ = "\u200c"
ARABIC_LETTERS = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
TOKEN = re.compile(f"(?:(?=[{ARABIC_LETTERS}])[^\\W\\d_])+")  # Arabic-script letters only
ARABIC_SCRIPT = re.compile(f"[{ARABIC_LETTERS}]")

# Grammatical affixes written after a ZWNJ (plural, comparative, copula, pronoun after ه).
ZWNJ_SUFFIXES = ("هایشان", "هایتان", "هایمان", "هایی", "هایم", "هایت", "هایش", "های", "ها", "ترین", "تر")
AFTER_HEH_SUFFIXES = ("ای", "ام", "ات", "اش", "ایم", "اید", "اند", "ایی")
# Affixes written joined to a consonant-final stem (indefinite/adjectival ی, pronouns).
JOINED_SUFFIXES = ("ی", "یی", "م", "ت", "ش", "مان", "تان", "شان")
# Verbal prefixes written before a ZWNJ.
ZWNJ_PREFIXES = ("نمی", "می")
NON_JOINING = set("اآأإدذرزژوؤة")
PLURAL_SUFFIXES = ("یان", "گان", "ان", "ات")  # written joined to the stem, never with a ZWNJ
ZWNJ_AFTER_NON_JOINING = re.compile(f"(?<=[{''.join(sorted(NON_JOINING))}]){ZWNJ}")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, int]:
    """hazm's word list with corpus frequencies."""
    import hazm

    words: dict[str, int] = {}
    path = Path(hazm.__file__).parent / "data" / "words.dat"
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if fields and fields[0]:
            frequency = int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else 0
            words[fields[0]] = max(frequency, words.get(fields[0], 0))
    return words


@lru_cache(maxsize=1)
def compounds() -> dict[str, str]:
    """Lexicon entries written with a ZWNJ, keyed by their form with the ZWNJ lost."""
    table: dict[str, str] = {}
    for word, frequency in lexicon().items():
        if ZWNJ in word:
            glued = word.replace(ZWNJ, "")
            if glued not in table or frequency > lexicon().get(table[glued], 0):
                table[glued] = word
    return table


def restore_text(text: str) -> str:
    """Restore ZWNJs and spaces in every Persian token of a text."""
    return TOKEN.sub(lambda match: restore_token(match.group()), text)


@lru_cache(maxsize=65536)
def restore_token(token: str) -> str:
    """A token with its lost ZWNJs (and spaces between glued words) put back, or the token unchanged."""
    if is_word(token) or len(token) < 4 or is_inflected_word(token):
        return token
    return known_form(token) or with_affix(token) or segmented(token) or token


def is_word(token: str) -> bool:
    return token in lexicon()


def is_inflected_word(token: str) -> bool:
    """A conjugated verb, a plural (گردشگران = گردشگر + ان), or a word plus an affix that is written joined
    (منافعی): nothing to restore. Plurals the lexicon lacks would otherwise be split into two words."""
    if token in conjugations():
        return True
    for suffix in PLURAL_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3 and is_word(token[: -len(suffix)]):
            return True
    for suffix in JOINED_SUFFIXES:
        stem = token[: -len(suffix)]
        if token.endswith(suffix) and len(stem) >= 2 and is_word(stem) and stem[-1] not in "هی":
            return True
    return False


@lru_cache(maxsize=1)
def conjugations() -> frozenset[str]:
    """Every conjugated form of hazm's verbs (hazm builds the table from its verb list)."""
    from hazm import Lemmatizer

    return frozenset(Lemmatizer().verbs)


def known_form(token: str) -> str | None:
    """The token itself, or the ZWNJ compound it is a glued form of."""
    if is_word(token):
        return token
    return compounds().get(token)


def with_affix(token: str) -> str | None:
    """Split a glued affix off a known stem: تحریمهای → تحریم‌های, ارادهای → اراده‌ای."""
    for prefix in ZWNJ_PREFIXES:
        if token.startswith(prefix) and len(token) > len(prefix) + 1:
            rest = token[len(prefix) :]
            stem = rest if rest in conjugations() else (known_form(rest) or with_affix(rest))
            if stem and is_verbal(rest):
                return prefix + ZWNJ + stem
    affixed = [(stem, suffix) for suffix in ZWNJ_SUFFIXES if (stem := known_stem(token, suffix))]
    affixed += [
        (stem, suffix) for suffix in AFTER_HEH_SUFFIXES if (stem := known_stem(token, suffix)) and stem.endswith("ه")
    ]
    if affixed:
        # Plural/comparative readings first unless their stem is rare: پیشرفتهای is پیشرفت‌های, not پیشرفته‌ای.
        stem, suffix = max(
            affixed,
            key=lambda pair: (
                pair[1] in ZWNJ_SUFFIXES
                and piece_frequency(pair[0]) >= settings().normalise.persian_min_piece_frequency,
                piece_frequency(pair[0]),
            ),
        )
        return join_affix(stem, suffix)
    for suffix in JOINED_SUFFIXES:
        stem = known_stem(token, suffix)
        if stem and ZWNJ in stem and stem[-1] not in "هی":
            return stem + suffix  # e.g. شگفتآوری → شگفت‌آوری: the compound needed fixing, the affix did not
    return None


def join_affix(stem: str, suffix: str) -> str:
    """Stem and affix with a ZWNJ, which is needed only after a letter that joins to the left."""
    return stem + suffix if stem[-1] in NON_JOINING else stem + ZWNJ + suffix


def known_stem(token: str, suffix: str) -> str | None:
    if not token.endswith(suffix) or len(token) - len(suffix) < 2:
        return None
    return known_form(token[: -len(suffix)])


@lru_cache(maxsize=1)
def verb_stems() -> set[str]:
    """Present and past verb stems from hazm's verb list, to tell می+verb from words starting with می."""
    import hazm

    stems: set[str] = set()
    path = Path(hazm.__file__).parent / "data" / "verbs.dat"
    for line in path.read_text(encoding="utf-8").splitlines():
        for stem in line.split("#"):
            if stem:
                stems.add(stem)
    return stems


def is_verbal(rest: str) -> bool:
    stems = verb_stems()
    return any(rest.startswith(stem) for stem in stems if len(stem) >= 2)


def segmented(token: str) -> str | None:
    """Split glued words: the fewest known words (two, else three of 3+ letters), most frequent first."""
    for pieces in (2, 3):
        splits = [split for split in splits_into(token, pieces) if pieces == 2 or min(map(len, split)) >= 3]
        if splits:
            best = max(splits, key=lambda split: min(piece_frequency(piece) for piece in split))
            return " ".join(best)
    return None


def splits_into(token: str, pieces: int) -> list[list[str]]:
    """Every way to cut `token` into `pieces` frequent known words (the last may carry an affix)."""
    if pieces == 1:
        whole = known_form(token) or with_affix(token) or (token if is_inflected_word(token) else None)
        return [[whole]] if whole and piece_frequency(whole) >= settings().normalise.persian_min_piece_frequency else []
    splits: list[list[str]] = []
    for cut in range(2, len(token) - 1):
        head = known_form(token[:cut])
        if head and piece_frequency(head) >= settings().normalise.persian_min_piece_frequency:
            splits.extend([head, *rest] for rest in splits_into(token[cut:], pieces - 1))
    return splits


def piece_frequency(word: str) -> int:
    """Lexicon frequency of a word, or of its stem when it carries an affix."""
    frequency = lexicon().get(word, 0) or lexicon().get(word.split(ZWNJ)[0], 0)
    for suffix in JOINED_SUFFIXES:
        if not frequency and word.endswith(suffix):
            frequency = lexicon().get(word[: -len(suffix)], 0)
    return frequency


def canonical(text: str) -> str:
    """One spelling per word for search and reuse: no ZWNJ after a letter that never joins leftwards.

    Such a ZWNJ changes nothing on screen, so 'بندر‌ها' (hazm's form of the spaced 'بندر ها') and
    'بندرها' are one word to a reader and become one string here. Article texts keep their spelling
    (offsets and embeddings are computed on them); search indexes and reuse shingles use this key.
    """
    return ZWNJ_AFTER_NON_JOINING.sub("", text)


def has_arabic_script(text: str) -> bool:
    return bool(ARABIC_SCRIPT.search(text))
