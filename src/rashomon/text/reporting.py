"""Reporting verbs: the closed class of verbs that introduce speech ("said", "stressed", "warned").

English forms (base and past) of the verbs news prose uses to report speech, from the reporting-verb
lists of Quirk et al., *A Comprehensive Grammar of the English Language* (1985, 16.31) narrowed to
those seen in news; read by the quote stage (reported speech) and the framing stage (words that are
never framing).
"""

import json
from functools import lru_cache
from importlib import resources

REPORTING_VERBS = {
    "say", "said", "says", "add", "added", "adds", "state", "stated", "states", "stress", "stressed", "note",
    "noted", "emphasize", "emphasized", "emphasise", "emphasised", "underline", "underlined", "tell", "told",
    "suggest", "suggested", "point", "pointed", "insist", "insisted", "declare", "declared", "announce",
    "announced", "affirm", "affirmed", "assert", "asserted", "warn", "warned", "explain", "explained",
    "continue", "continued", "argue", "argued", "claim", "claimed", "describe", "described", "conclude",
    "concluded", "remark", "remarked", "reassure", "reassured", "vow", "vowed", "highlight", "highlighted",
}  # fmt: skip

PERSIAN_REPORTING_VERBS = (
    "گفت", "گفتند", "افزود", "افزودند", "تاکید کرد", "تاکید کردند", "تأکید کرد", "تأکید کردند", "خاطرنشان کرد",
    "خاطرنشان کردند", "اظهار داشت", "اظهار داشتند", "اظهار کرد", "یادآور شد", "یادآور شدند", "تصریح کرد",
    "تصریح کردند", "اعلام کرد", "اعلام کردند",
)  # fmt: skip


@lru_cache(maxsize=64)
def reporting_verbs(language: str) -> frozenset[str]:
    """Lower-cased reporting verbs (and 'according to' phrases) of a language; empty when we have none.

    English: REPORTING_VERBS; Persian: PERSIAN_REPORTING_VERBS; others: text/data/reporting_verbs.json
    (its `_source` says where the lists come from).
    """
    if language == "en":
        return frozenset(REPORTING_VERBS)
    if language == "fa":
        return frozenset(PERSIAN_REPORTING_VERBS)
    if language.startswith("_"):  # '_source' is the file's note, not a language
        return frozenset()
    return frozenset(verb.lower() for verb in reporting_lexicon().get(language, []))


@lru_cache(maxsize=1)
def reporting_lexicon() -> dict[str, list[str]]:
    """text/data/reporting_verbs.json: language → reporting verbs, read once."""
    return json.loads(resources.files("rashomon.text").joinpath("data/reporting_verbs.json").read_text("utf-8"))
