"""Script-aware measures of text: words, sentence ends and word features in any writing system.

Chinese, Japanese, Thai, Lao, Khmer, Myanmar and Tibetan write words without spaces between them, so
counting words by spaces sees one "word" in a whole Chinese paragraph, and hashing space-separated
words gives one feature per sentence. Every rule that counts or compares words goes through this
module instead: spaced scripts are split at spaces as before, runs of unspaced script are measured in
characters (`CHARACTERS_PER_WORD`) and compared by character bigrams, the usual unit of Chinese and
Japanese retrieval (Kwok 1997, "Comparing representations in Chinese information retrieval").
"""

from __future__ import annotations

import unicodedata

import regex

UNSPACED_LANGUAGES = {"zh", "ja", "th", "lo", "km", "my", "bo"}  # ISO 639-1 codes written without spaces
UNSPACED_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}"
UNSPACED_RUN = regex.compile(rf"[{UNSPACED_SCRIPTS}ー々]+")
SPACED_WORD = regex.compile(r"[^\W_]{2,}")
# A word in any script: a letter, then letters, combining marks, digits, apostrophes or hyphens. Compiled
# with `regex`, whose word characters include combining marks (Unicode TR18): Python's `re` ends 'मार्च'
# at its first vowel sign and an Arabic word at its first vowel mark. (ZWNJ is a word character too.)
WORD = regex.compile(r"[^\W\d_][\w'’-]*")
# Sentence-final marks of the scripts we read: Latin/Cyrillic/Greek . ! ?, Arabic ؟, Urdu ۔, CJK 。！？
# and the half-width ｡, Devanagari/Bengali danda । ॥, Armenian ։, Ethiopic ። ፧, Myanmar ။, Tibetan ། .
SENTENCE_END = ".!?…؟۔。！？｡।॥։።፧။།"
CLOSING_MARKS = "\"'”’»」』)]）】*"
CHARACTERS_PER_WORD = 2  # an approximation: most Chinese and Japanese words are one or two characters long


def is_unspaced(text: str) -> bool:
    """True when most letters of `text` belong to a script written without spaces between words."""
    letters = sum(1 for ch in text if ch.isalpha())
    unspaced = sum(len(run) for run in UNSPACED_RUN.findall(text))
    return letters > 0 and unspaced * 2 >= letters


def word_count(text: str) -> int:
    """Words in `text` in any script: space-separated tokens, plus one word per two unspaced characters.

    '习近平与马克龙会谈' counts 5 (9 characters); 'Xi met Macron' counts 3; mixed text adds both.
    """
    unspaced = UNSPACED_RUN.findall(text)
    spaced = UNSPACED_RUN.sub(" ", text).split()
    return len(spaced) + sum(-(-len(run) // CHARACTERS_PER_WORD) for run in unspaced)


UNSPACED_CHARACTER_WEIGHT = 3  # a two-character Chinese word stands for an English word of ~5 letters and a space


def spaced_length(text: str) -> int:
    """The text's length as if written in a spaced script: unspaced characters count three each.

    Length thresholds (a page too short to be a report) were set on spaced scripts; a 150-character
    Chinese report says as much as a 450-character English one.
    """
    unspaced = sum(len(run) for run in UNSPACED_RUN.findall(text))
    return len(text) + (UNSPACED_CHARACTER_WEIGHT - 1) * unspaced


def word_features(text: str) -> list[str]:
    """Comparable word units: lower-cased words of two letters or more, and character bigrams of unspaced runs.

    A one-character unspaced run gives itself (a Chinese word of one character is common).
    """
    features: list[str] = []
    for run in UNSPACED_RUN.findall(text):
        features.extend(run[i : i + 2] for i in range(max(1, len(run) - 1)))
    features.extend(word.lower() for word in SPACED_WORD.findall(UNSPACED_RUN.sub(" ", text)))
    return features


def ends_like_sentence(text: str) -> bool:
    """The text ends with a sentence-final mark of any script, closing quotes and brackets aside."""
    stripped = text.rstrip().rstrip(CLOSING_MARKS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def script_of(letter: str) -> str:
    """The Unicode script a letter belongs to, from its name ('LATIN', 'ARABIC', 'CYRILLIC', 'CJK', ...)."""
    return unicodedata.name(letter, "UNKNOWN").split(" ")[0]


def is_cased(text: str) -> bool:
    """True when the text's letters have upper and lower case (Latin, Cyrillic, Greek, Armenian, Georgian Mtavruli)."""
    return any(ch.lower() != ch.upper() for ch in text if ch.isalpha())


# Commas and semicolons: Latin and Arabic ones before a space ('1,200' is no clause break), CJK ones anywhere.
CLAUSE_MARK = regex.compile(r"[,;،؛]\s+|[，；、]\s*")


def clauses(text: str, min_words: int) -> list[str]:
    """The comma- or semicolon-separated parts of a text with at least `min_words` words (word_count).

    A long sentence packing two facts ("severe sanctions made Iran aware of its strengths, and in that
    time our country advanced ...") can then be compared part by part. Marks of any script count.
    """
    return [part.strip() for part in CLAUSE_MARK.split(text) if word_count(part) >= min_words]

