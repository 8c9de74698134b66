"""Numbers and quantities: digits in any script with each language's separators, number words (num2words)
and scale words (CLDR via Babel) of each language, a unit.

"seven memorandums", "7 MoUs", "۷ تفاهم‌نامه" and "$100 million" all become a value with the
word that follows as its unit, so two outlets' figures for one fact can be compared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from rashomon.text.scripts import UNSPACED_LANGUAGES

WORD = r"[^\W\d_](?:[^\W\d_]|[\u200c'’-])*"
DIGITS = r"\d+(?:[.,٫٬]\d+)*"
SPACE_GROUPED = r"\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?"  # '1 200': no-break spaces group digits
PLAIN_SPACE_GROUPED = r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?"  # in languages that group with a space (fr, ru, pl...)
UNSPACED_UNIT = r"[^\W\d_]{1,5}"  # '12节货运车厢': the classifier and counted noun follow the digits directly
QUANTITY_TEMPLATE = (
    r"(?<!BEFORE)(?P<currency>[$€£])?\s?(?P<number>GROUPED|(?:WORDS)(?:[\s-](?:WORDS))*(?![^\W\d_]))"
    r"(?P<scale>(?:SEP(?:SCALES)WORD_END)*)(?P<percent>\s?%|\s+percent|\s+درصد)?"
    r"(?:UNIT)?"
)
SPACED_UNIT = rf"\s+(?P<unit>{WORD})(?:\s+(?P<unit2>{WORD}))?"
SKIPPED_UNITS = {"of", "and", "the", "a", "to", "in", "on", "و", "از", "به", "در", "را"}
CALENDAR_CHARACTERS = "年月日时時点點号號分秒"  # after digits in Chinese and Japanese: a date or clock time


@dataclass(frozen=True)
class Quantity:
    """A number found in text, with the word after it as its unit and its span in the text."""

    value: float
    unit: str  # the word after the number ('%' or a currency sign when given), '' when none
    start: int
    end: int
    text: str
    next_word: str = ""  # the word after the unit: 'buoys' in '40 monitoring buoys'
    counted: str = ""  # the unit words as written: 'грузовых вагонов' in '12 грузовых вагонов'

    @property
    def is_year(self) -> bool:
        return self.unit == "" and 1900 <= self.value <= 2100 and self.value == int(self.value)

    def same_kind(self, other: Quantity) -> bool:
        """Counts of the same thing: a shared unit word ('40 monitoring buoys' and '45 buoys')."""
        mine = {self.unit, self.next_word} - {""}
        return bool(mine & ({other.unit, other.next_word} - {""})) or (self.unit == other.unit == "")


def quantities(text: str, language: str = "en") -> list[Quantity]:
    """Every number in a text; ordinals, one-word pronoun uses ('one of the') and bare 'one' are left out.

    `language` (ISO 639-1) decides what '1.200' and '3,5' mean (its CLDR separators, see separated_number),
    which number words ('doce', 'двенадцать') and scale words ('millones', 'млн', '万') are read.
    """
    found = []
    words, scales, skipped = number_words(language), scale_words(language), skipped_units(language)
    for match in quantity_pattern(language).finditer(text):
        value = parse_number(match.group("number"), language)
        if value is None or not (match.group("number")[0].isdigit() or value > 1):
            continue
        for scale in scale_pattern(language).findall(match.group("scale")):
            value *= scale_value(scales, scale)
        unit = (match.group("unit") or "").casefold()
        next_word = (match.group("unit2") or "").casefold()
        end = match.end("percent") if match.group("percent") else match.end("scale")
        if match.group("percent") or match.group("currency"):
            unit, next_word = ("%" if match.group("percent") else match.group("currency")), ""
        elif unit[:1] in CALENDAR_CHARACTERS and language in UNSPACED_LANGUAGES:
            continue  # '2025年', '9月', '4日': a date, read by the timeline
        elif not unit or unit in skipped or unit in words:
            unit, next_word = "", ""
        else:
            end = match.end("unit2") if next_word and next_word not in skipped else match.end("unit")
            unit, next_word = unit_key(unit), "" if next_word in skipped else unit_key(next_word)
        counted = text[match.end("scale") : end].strip() if unit not in {"%", "$", "€", "£"} else unit
        found.append(Quantity(value, unit, match.start(), end, text[match.start() : end].strip(), next_word, counted))
    return found


def parse_number(number: str, language: str = "en") -> float | None:
    """'12', '۱۲', '1,500', '2.5', 'twenty-five', 'doce'; '1.200' is 1200 in Spanish and 1.2 in English."""
    digits = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in number if not ch.isspace())
    if re.fullmatch(r"\d+(?:[.,٫٬]\d+)*", digits):
        return separated_number(digits, language)
    words = number_words(language)
    spelled = number_word_pattern(language).findall(number.casefold())
    if not spelled or re.sub(r"[\s-]+", "", "".join(spelled)) != re.sub(r"[\s-]+", "", number.casefold()):
        return None
    return float(sum(words[w] for w in spelled))


@lru_cache(maxsize=64)
def number_words(language: str) -> dict[str, int]:
    """Spelled numbers 2-20, the tens and 100 of a language ('doce' → 12, 'сорок' → 40), from num2words.

    Empty for languages num2words lacks and for unspaced scripts (a number word inside a run of CJK
    characters cannot be told from part of another word; their reports write figures in digits).
    """
    from num2words import num2words

    if language in UNSPACED_LANGUAGES:
        return {}
    words: dict[str, int] = {}
    for value in [*range(2, 21), *range(30, 100, 10), 100]:
        try:
            spelled = num2words(value, lang=language).casefold()
        except (NotImplementedError, KeyError, ValueError, TypeError, AttributeError, IndexError):
            return {}
        words.setdefault(spelled, value)
    return words


@lru_cache(maxsize=64)
def scale_words(language: str) -> dict[str, int]:
    """Words and abbreviations that multiply a number ('million', 'millones', 'млн', 'Mio.', '万', '亿').

    From CLDR's compact decimal formats (through Babel): a pattern with one zero, '0 миллиона' or '0万',
    names the power of ten it stands for. Single letters ('K', 'M') are left out: too easily something else.
    """
    from babel import Locale, UnknownLocaleError

    scales: dict[str, int] = {"hundred": 100} if language == "en" else {}
    try:
        formats = Locale.parse(language).compact_decimal_formats
    except (UnknownLocaleError, ValueError, TypeError):
        return scales
    for width in ("long", "short"):
        for by_magnitude in formats.get(width, {}).values():
            for magnitude, pattern in by_magnitude.items():
                shown = getattr(pattern, "pattern", str(pattern)).replace("'", "")
                if shown.count("0") != 1:
                    continue
                word = shown.replace("0", "").strip("\u00a0 ").casefold()
                if len(word.rstrip(".")) > 1 or (word and not word.isascii()):
                    scales.setdefault(word, int(magnitude))
    return scales


def separated_number(digits: str, language: str = "en") -> float:
    """'1,500' and '1.500.000' group thousands, '2.5', '2,5' and '1.500,25' have a decimal part.

    A single separator is read with the language's own symbols (CLDR, through Babel): before three digits,
    the group symbol groups thousands ('1.200' in es, de, it, pt, tr, el, id) and the decimal symbol
    marks a fraction ('1.200' in en, zh, ja, ar); otherwise a comma before three digits groups thousands.
    """
    separators = re.findall(r"[.,٫٬]", digits)
    groups = re.split(r"[.,٫٬]", digits)
    if not separators:
        return float(digits)
    decimal, group = number_symbols(language)
    if len(separators) == 1 and len(groups[-1]) == 3 and separators[0] in (decimal, group):
        return float("".join(groups)) if separators[0] == group else float(groups[0] + "." + groups[1])
    if len(set(separators)) == 1 and (len(separators) > 1 or separators[0] in ",٬") and len(groups[-1]) == 3:
        return float("".join(groups))  # one separator repeated, or a comma, before three digits: thousands
    if len(set(separators)) == 1 and len(separators) > 1:
        return float("".join(groups))  # '3.200.00': malformed grouping; read the digits as one number
    return float("".join(groups[:-1]) + "." + groups[-1])  # the last separator is the decimal point


@lru_cache(maxsize=64)
def quantity_pattern(language: str) -> regex.Pattern[str]:
    """The quantity pattern of a language: its digit groupings ('1 200' where a space groups digits), its
    number and scale words; in unspaced scripts scale and unit follow the digits directly ('250万欧元')."""
    grouped = "|".join([SPACE_GROUPED] + ([PLAIN_SPACE_GROUPED] if number_symbols(language)[1].isspace() else []))
    unspaced = language in UNSPACED_LANGUAGES
    pattern = (
        QUANTITY_TEMPLATE.replace("GROUPED", "|".join([grouped, DIGITS]))
        .replace("WORDS", alternation(number_words(language)) or "(?!)")
        .replace("SCALES", alternation(scale_words(language)) or "(?!)")
        .replace("BEFORE", r"[\d.,]" if unspaced else r"[\w.,]")
        .replace("SEP", r"\s*" if unspaced else r"\s+")
        .replace("WORD_END", "" if unspaced else r"(?![^\W\d_])")
        .replace("UNIT", rf"\s*(?P<unit>{UNSPACED_UNIT})(?P<unit2>)" if unspaced else SPACED_UNIT)
    )
    return regex.compile(pattern, regex.IGNORECASE)  # regex: a word's combining marks are word characters


def scale_value(scales: dict[str, int], word: str) -> int:
    """The multiplier of a scale word the pattern matched, in any case ('BİN' casefolds to 'bi̇n', not 'bin')."""
    if word.casefold() in scales:
        return scales[word.casefold()]
    return next(v for k, v in scales.items() if re.fullmatch(re.escape(k), word, re.IGNORECASE))


@lru_cache(maxsize=64)
def skipped_units(language: str) -> frozenset[str]:
    """Words after a number that are not what it counts: function words ('de', 'of', 'и'), from spaCy's
    stop-word lists (English and Persian keep a short list: spaCy's English list holds 'hundred', 'million')."""
    from rashomon.text.stopwords import stop_words

    if language in {"en", "fa"}:
        return frozenset(SKIPPED_UNITS)
    return frozenset(SKIPPED_UNITS) | stop_words(language)


@lru_cache(maxsize=64)
def number_word_pattern(language: str) -> re.Pattern[str]:
    return re.compile(alternation(number_words(language)) or "(?!)")


@lru_cache(maxsize=64)
def scale_pattern(language: str) -> re.Pattern[str]:
    return re.compile(alternation(scale_words(language)) or "(?!)", re.IGNORECASE)


def alternation(words: dict[str, int]) -> str:
    """A regex alternative of words, longest first ('mil millones' before 'mil')."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=64)
def number_symbols(language: str) -> tuple[str, str]:
    """(decimal symbol, group symbol) of a language from CLDR via Babel; ('', '') when Babel lacks it."""
    from babel import UnknownLocaleError
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        return get_decimal_symbol(language), get_group_symbol(language)
    except (UnknownLocaleError, ValueError, TypeError):
        return "", ""


def unit_key(unit: str) -> str:
    """Plural and singular of an English unit compare equal ('years' = 'year', 'MoUs' = 'mou')."""
    if re.fullmatch(r"[a-z]+", unit) and len(unit) > 3:
        if unit.endswith("ies"):
            return unit[:-3] + "y"
        if unit.endswith("s") and not unit.endswith("ss"):
            return unit[:-1]
    if re.fullmatch(r"[a-z]+s", unit) and len(unit) <= 4:
        return unit[:-1]
    return unit
