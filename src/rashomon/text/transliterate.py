"""Consonant skeletons that let a Persian spelling of a name meet its Latin spelling.

Persian script leaves most vowels unwritten and Latin spellings of Persian or Slavic
names vary in their vowels ("Seyed"/"Seyyed"), so two spellings of one name are
compared by their consonants alone: "Lukashenko" and "لوکاشنکو" both give "lksnk".
"""

from __future__ import annotations

import re

LATIN_DIGRAPHS = [("kh", "X"), ("sh", "S"), ("ch", "C"), ("zh", "Z"), ("gh", "G"), ("ph", "F"), ("ck", "K")]
LATIN_LETTERS = str.maketrans({"c": "k", "q": "k", "w": "v", "j": "j"})
LATIN_VOWELS = set("aeiouyv")  # v: Persian و is a vowel as often as a consonant, so it never counts

PERSIAN_LETTERS = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "c", "ح": "h", "خ": "x", "د": "d", "ذ": "z",
    "ر": "r", "ز": "z", "ژ": "z", "س": "s", "ش": "s", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "غ": "g",
    "ف": "f", "ق": "k", "ک": "k", "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "h",
}  # fmt: skip
# alef, vav, ye, ain and hamza forms carry vowels or glottal stops: they are left out of the skeleton


def latin_skeleton(word: str) -> str:
    """Consonants of a Latin-script name, digraphs folded, doubled letters once."""
    text = re.sub(r"[^a-z]", "", word.casefold())
    for digraph, letter in LATIN_DIGRAPHS:
        text = text.replace(digraph, letter)
    text = text.translate(LATIN_LETTERS).lower()  # digraphs were upper case so the letter map left them alone
    if text.endswith("h"):
        text = text[:-1]
    return collapse("".join(ch for ch in text if ch not in LATIN_VOWELS))


def persian_skeleton(word: str) -> str:
    """Consonants of a Persian-script word; a final ه (and one before ای) is the vowel e."""
    word = word.replace("\u200c", "")
    word = re.sub(r"ه(?=ای$|ی$)", "", word)
    word = re.sub(r"ه$", "", word)
    return collapse("".join(PERSIAN_LETTERS.get(ch, "") for ch in word))


def collapse(letters: str) -> str:
    return re.sub(r"(.)\1+", r"\1", letters)
