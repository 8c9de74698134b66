"""What Rashomon can read in each language: the capability table behind `rashomon languages`.

Every stage that depends on a language asks here, and the report says what was *not* looked for
("quotes not read in ru: no quote reader") instead of printing "none found". The table is computed
from the components themselves (pysbd's languages, dateparser's and Babel's locales, spaCy's stop-word
lists, our lexicons), so it cannot drift from what the code does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rashomon.text.scripts import UNSPACED_LANGUAGES

# The languages of ../shared/corpora/multilingual-events with more than two pages, plus Ukrainian;
# `rashomon languages CODE...` asks about any other ISO 639-1 code.
COVERED = ("en", "tr", "fr", "ar", "ru", "zh", "de", "it", "es", "pt", "el", "ja", "fa", "uk")
CAPABILITIES = ("sentences", "words", "names", "numbers", "days", "quotes", "reporting verbs", "stopwords", "wording")


@dataclass(frozen=True)
class LanguageSupport:
    """How each capability is provided for one language; None where it is missing."""

    language: str
    sentences: str | None
    words: str
    names: str | None
    numbers: str
    days: str | None
    quotes: str | None
    reporting_verbs: str | None
    stopwords: str | None
    wording: str | None  # framing: loaded or hedged wording compared between outlets

    def missing(self) -> list[str]:
        """The capabilities this language lacks, by their names in CAPABILITIES."""
        return [name for name in CAPABILITIES if getattr(self, name.replace(" ", "_")) is None]


@lru_cache(maxsize=128)
def support(language: str) -> LanguageSupport:
    """The capability row of an ISO 639-1 code (any code: unknown languages get what is script-agnostic)."""
    from rashomon.analysis.compare.numbers import number_symbols, number_words, scale_words
    from rashomon.analysis.compare.timeline import reads_days
    from rashomon.analysis.quotes import reads_quotes
    from rashomon.documents.segment import HAZM_LANGUAGES, PYSBD_LANGUAGES
    from rashomon.text.reporting import reporting_verbs
    from rashomon.text.stopwords import stop_words

    decimal, group = number_symbols(language)
    shown = {"\u202f": "narrow space", "\xa0": "space", " ": "space"}
    group_shown = shown.get(group, repr(group))
    separators = f"CLDR separators ({decimal!r} decimal, {group_shown} group)" if decimal else "digits only"
    words_in = ", number words (num2words)" if number_words(language) else ""
    words_in += ", scale words (CLDR)" if scale_words(language) else ""
    return LanguageSupport(
        language=language,
        sentences="hazm" if language in HAZM_LANGUAGES else "pysbd" if language in PYSBD_LANGUAGES else None,
        words="character bigrams (no spaces)" if language in UNSPACED_LANGUAGES else "spaces",
        names=name_reader(language),
        numbers=separators + words_in,
        days="own patterns (solar months)" if language == "fa" else "own patterns" if language == "en"
        else "dateparser calendar words" if reads_days(language) else None,
        quotes=reads_quotes(language),
        reporting_verbs=f"{len(reporting_verbs(language))} verbs" if reporting_verbs(language) else None,
        stopwords=f"{len(stop_words(language))} words" if stop_words(language) else None,
        wording="hedges and loaded words (English lexicon)" if language == "en" else None,
    )


def name_reader(language: str) -> str | None:
    """What finds people, places and organisations in the language (None: not found)."""
    if language == "en":
        return "spaCy en_core_web_sm"
    if language == "fa":
        return "consonant skeletons and projection from aligned English sentences"
    from rashomon.analysis.entities.native import recogniser_name

    if recogniser_name(language):
        return f"{recogniser_name(language)}, merged with the story's English names by anyascii keys"
    if language in UNSPACED_LANGUAGES:
        return None
    return "the story's English names, matched by script-independent keys (anyascii)"


def has_own_recogniser(language: str) -> bool:
    """Names in this language come from its own recogniser (English: spaCy; others: entities/native.py)."""
    from rashomon.analysis.entities.native import recogniser_name

    return language == "en" or recogniser_name(language) is not None


def needs_recognised_report(language: str) -> bool:
    """Names in this language are found only as names a report with its own recogniser gave the story."""
    return name_reader(language) is not None and not has_own_recogniser(language)


def missing_in(languages: set[str]) -> dict[str, list[str]]:
    """Capability → the given languages that lack it (only capabilities some language lacks)."""
    lacking: dict[str, list[str]] = {}
    for language in sorted(languages):
        for capability in support(language).missing():
            lacking.setdefault(capability, []).append(language)
    return lacking


def table(languages: tuple[str, ...] = COVERED) -> list[dict[str, str]]:
    """One row per language: capability → how it is read, or 'missing'."""
    rows = []
    for language in languages:
        row = support(language)
        cells = {name: getattr(row, name.replace(" ", "_")) or "missing" for name in CAPABILITIES}
        if row.sentences is None:
            cells["sentences"] = "missing (pysbd's English rules used)"
        rows.append({"language": language} | cells)
    return rows


# What each missing capability means for the report, and the section it leaves unchecked.
NOT_COMPARED = {
    "names": (
        "entities",
        "people, organisations and places not found in {langs} "
        "(no name recogniser, or no English, Russian or French report to match)",
    ),
    "days": ("timing", "days and dates not read in {langs} (no calendar words)"),
    "quotes": ("quotes", "quotes not read in {langs} (no quote reader)"),
    "wording": ("framing", "wording not compared in {langs} (no framing lexicon)"),
    "sentences": ("facts", "sentences of {langs} split by English rules (no segmenter for them)"),
}


def not_compared(languages: set[str]) -> list[dict[str, object]]:
    """What was not looked for in these languages: [{capability, section, languages, note}], for the report.

    An empty list means every comparison was run in every language given.
    """
    lines: list[dict[str, object]] = []
    lacking_by_capability = missing_in(languages)
    if not any(has_own_recogniser(lang) for lang in languages):  # names elsewhere are matched to those: none
        lacking_by_capability["names"] = sorted(
            set(lacking_by_capability.get("names", [])) | {lang for lang in languages if needs_recognised_report(lang)}
        )
    for capability, lacking in lacking_by_capability.items():
        if not lacking:
            continue
        if capability not in NOT_COMPARED:
            continue
        section, template = NOT_COMPARED[capability]
        note = template.format(langs=", ".join(lacking))
        lines.append({"capability": capability, "section": section, "languages": lacking, "note": note})
    return lines
