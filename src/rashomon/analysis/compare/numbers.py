"""Numbers and quantities: digits in any script with each language's separators, number words (English and
Persian), a unit.

"seven memorandums", "7 MoUs", "۷ تفاهم‌نامه" and "$100 million" all become a value with the
word that follows as its unit, so two outlets' figures for one fact can be compared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

ENGLISH_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
PERSIAN_UNITS = {
    "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "نه": 9, "ده": 10,
    "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15, "شانزده": 16, "هفده": 17,
    "هجده": 18, "نوزده": 19, "بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70,
    "هشتاد": 80, "نود": 90, "صد": 100,
}  # fmt: skip
SCALES = {
    "dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12,
    "هزار": 1_000, "میلیون": 1_000_000, "میلیارد": 1_000_000_000,
}  # fmt: skip
NUMBER_WORDS = {**ENGLISH_UNITS, **PERSIAN_UNITS}
WORD = r"[^\W\d_](?:[^\W\d_]|[\u200c'’-])*"
DIGITS = r"\d+(?:[.,٫٬]\d+)*"
SPACE_GROUPED = r"\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?"  # '1 200': no-break spaces group digits
PLAIN_SPACE_GROUPED = r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?"  # in languages that group with a space (fr, ru, pl...)
WORD_NUMBER = "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
SCALE_WORDS = "|".join(map(re.escape, SCALES))
QUANTITY_TEMPLATE = (
    rf"(?<![\w.,])(?P<currency>[$€£])?\s?(?P<number>GROUPED|(?:{WORD_NUMBER})(?:[\s-](?:{WORD_NUMBER}))*)"
    rf"(?P<scale>(?:\s+(?:{SCALE_WORDS}))*)(?P<percent>\s?%|\s+percent|\s+درصد)?"
    rf"(?:\s+(?P<unit>{WORD})(?:\s+(?P<unit2>{WORD}))?)?"
)
SKIPPED_UNITS = {"of", "and", "the", "a", "to", "in", "on", "و", "از", "به", "در", "را"}


@dataclass(frozen=True)
class Quantity:
    """A number found in text, with the word after it as its unit and its span in the text."""

    value: float
    unit: str  # the word after the number ('%' or a currency sign when given), '' when none
    start: int
    end: int
    text: str
    next_word: str = ""  # the word after the unit: 'buoys' in '40 monitoring buoys'

    @property
    def is_year(self) -> bool:
        return self.unit == "" and 1900 <= self.value <= 2100 and self.value == int(self.value)

    def same_kind(self, other: Quantity) -> bool:
        """Counts of the same thing: a shared unit word ('40 monitoring buoys' and '45 buoys')."""
        mine = {self.unit, self.next_word} - {""}
        return bool(mine & ({other.unit, other.next_word} - {""})) or (self.unit == other.unit == "")


def quantities(text: str, language: str = "en") -> list[Quantity]:
    """Every number in a text; ordinals, one-word pronoun uses ('one of the') and bare 'one' are left out.

    `language` (ISO 639-1) decides what '1.200' and '3,5' mean (its CLDR separators, see separated_number).
    """
    found = []
    for match in quantity_pattern(number_symbols(language)[1].isspace()).finditer(text):
        value = parse_number(match.group("number"), language)
        if value is None or not (match.group("number")[0].isdigit() or value > 1):
            continue
        for scale in match.group("scale").split():
            value *= SCALES[scale.casefold()]
        unit = (match.group("unit") or "").casefold()
        next_word = (match.group("unit2") or "").casefold()
        end = match.end("percent") if match.group("percent") else match.end("scale")
        if match.group("percent") or match.group("currency"):
            unit, next_word = ("%" if match.group("percent") else match.group("currency")), ""
        elif not unit or unit in SKIPPED_UNITS:
            unit, next_word = "", ""
        else:
            end = match.end("unit2") if next_word and next_word not in SKIPPED_UNITS else match.end("unit")
            unit, next_word = unit_key(unit), "" if next_word in SKIPPED_UNITS else unit_key(next_word)
        found.append(Quantity(value, unit, match.start(), end, text[match.start() : end].strip(), next_word))
    return found


def parse_number(number: str, language: str = "en") -> float | None:
    """'12', '۱۲', '1,500', '2.5', 'twenty-five', 'شش'; '1.200' is 1200 in Spanish and 1.2 in English."""
    digits = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in number if not ch.isspace())
    if re.fullmatch(r"\d+(?:[.,٫٬]\d+)*", digits):
        return separated_number(digits, language)
    total = 0.0
    for word in re.split(r"[\s-]+", number.casefold()):
        if word not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[word]
    return total


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


@lru_cache(maxsize=2)
def quantity_pattern(space_grouping: bool) -> re.Pattern[str]:
    """The quantity pattern; with `space_grouping`, '1 200' is one number (languages grouping with a space)."""
    grouped = "|".join([SPACE_GROUPED] + ([PLAIN_SPACE_GROUPED] if space_grouping else []) + [DIGITS])
    return re.compile(QUANTITY_TEMPLATE.replace("GROUPED", grouped), re.IGNORECASE)


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
