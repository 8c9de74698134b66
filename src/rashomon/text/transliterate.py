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


# A key that survives the change of script: anyascii's romanisation (Путин → Putin, بوتين → bwtyn,
# Ερντογάν → Erntogan), then a consonant skeleton in which letters that romanisations of one sound
# disagree on fall together: voiced and voiceless pairs (b/p, d/t, g/k), c/ç/ts/ch/sh/sch as s, v/f,
# Greek ντ as d and μπ as b. Vowels, h (and kh), j, w and y are left out (Arabic script leaves short
# vowels unwritten and writes long ones as w/y; j and y are one glide across Latin spellings).
# Used as a clustering signal, not as an identity.
KEY_DIGRAPHS = [("tsch", "s"), ("sch", "s"), ("ch", "s"), ("sh", "s"), ("ts", "s"), ("zh", "s"), ("kh", "h"),
                ("gh", "k"), ("ph", "f"), ("th", "t"), ("nt", "d"), ("mp", "b"), ("ck", "k")]  # fmt: skip
KEY_LETTERS = str.maketrans("pdgqcvzx", "btkkkfss")
KEY_DROPPED = set("aeiouyhwj")


def name_key(word: str) -> str:
    """The script-independent consonant key of a name ('' when it has fewer than two consonants).

    'Putin', 'Путин' and 'بوتين' give 'btn'; 'Erdoğan', 'Эрдоган', 'أردوغان' and 'Ερντογάν' give 'rtkn'.
    """
    from anyascii import anyascii

    text = re.sub(r"[^a-z]", "", anyascii(word).lower())
    text = re.sub(r"c(?=[ei])", "s", text)  # Turkish and Romance c before e/i; k elsewhere
    for digraph, letter in KEY_DIGRAPHS:
        text = text.replace(digraph, letter)
    skeleton = collapse("".join(ch for ch in text.translate(KEY_LETTERS) if ch not in KEY_DROPPED))
    return skeleton if len(skeleton) >= 2 else ""


ARABIC_ARTICLE = re.compile(r"^(?:ال|وال|بال|لل|فال)(?=\w{3})")  # the article and its fused prepositions


def strip_article(word: str) -> str:
    """The word without a fused Arabic article ('الرئيس' → 'رئيس'); other words unchanged."""
    return ARABIC_ARTICLE.sub("", word)
