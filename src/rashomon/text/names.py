"""Words of names, shared by the entity, provenance and comparison stages: titles and particles stripped,
surnames, and script checks. Words are matched with the `regex` module, whose word characters include
combining marks (Python's `re` cuts 'मोदी' at its vowel sign)."""

from __future__ import annotations

import regex

TITLE_WORDS = {
    "president", "ayatollah", "imam", "mr", "mrs", "ms", "dr", "sheikh", "king", "queen", "prince", "princess",
    "general", "gen", "minister", "prime", "chancellor", "pope", "senator", "governor", "mayor", "sir", "lady",
    "hujjat", "al-islam", "wal", "muslimeen", "hojatoleslam", "seyed", "seyyed", "sayyid", "grand", "foreign",
}  # fmt: skip
NAME_PARTICLES = {"al", "wal", "bin", "ibn", "de", "da", "van", "von", "der", "la", "le", "du", "el"}
GENERIC_NAME_WORDS = {"the", "of", "and", "for", "international", "national", "&"}


def name_words(text: str) -> list[str]:
    return [w for w in regex.findall(r"[\w.-]+", text) if w.strip(".").casefold() not in TITLE_WORDS]


def surname(text: str) -> str:
    words = name_words(text)
    return words[-1].casefold().strip(".") if words else ""


def content_tokens(text: str) -> frozenset[str]:
    return frozenset(w.casefold()[:6] for w in regex.findall(r"[\w-]+", text) if w.casefold() not in GENERIC_NAME_WORDS)


def common_prefix_length(first: str, second: str) -> int:
    """How many leading characters two words share ('belarus', 'belarusian' → 7)."""
    return next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b), min(len(first), len(second))
    )


def latin_script(text: str) -> bool:
    """Latin-script articles keep names verbatim (alias propagation finds them); only other scripts need projection."""
    letters = [ch for ch in text[:2000] if ch.isalpha()]
    return bool(letters) and sum("a" <= ch.lower() <= "z" or "\u00c0" <= ch <= "\u024f" for ch in letters) > 0.5 * len(
        letters
    )


def keyed_names(text: str, language: str, skip_first: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, script-independent key) of the words of `text` that may be names, in any script.

    In a cased script (Latin, Cyrillic, Greek, ...) a name is a capitalised word (with `skip_first`, not
    the first word, which every sentence capitalises); in a script without case (Arabic, Hebrew, ...)
    any word of four letters or more; never a function word of the language (a capitalised 'Στην' at
    a sentence start had met Astana's consonants); scripts without spaces give none. The key
    (text/transliterate.name_key) is '' for a word of fewer than two consonants ('Xi', 'Sochi'): such
    a word is still a name, it just cannot meet other scripts.
    """
    from rashomon.text.scripts import WORD, is_cased, is_unspaced
    from rashomon.text.stopwords import stop_words
    from rashomon.text.transliterate import name_key, strip_article

    stop = stop_words(language)
    found = []
    for match in WORD.finditer(text):
        word = match.group(0)
        if len(word) < 2 or is_unspaced(word) or (skip_first and match.start() == 0):
            continue
        if word.lower() in stop:  # a function word, even capitalised at a sentence start ('Στην', 'Die')
            continue
        if word[0].isupper() if is_cased(word) else len(word) >= 4:
            found.append((match.start(), match.end(), name_key(strip_article(word))))
    return found
