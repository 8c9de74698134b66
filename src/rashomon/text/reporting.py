"""Reporting verbs: the closed class of verbs that introduce speech ("said", "stressed", "warned").

English forms (base and past) of the verbs news prose uses to report speech, from the reporting-verb
lists of Quirk et al., *A Comprehensive Grammar of the English Language* (1985, 16.31) narrowed to
those seen in news; read by the quote stage (reported speech) and the framing stage (words that are
never framing).
"""

REPORTING_VERBS = {
    "say", "said", "says", "add", "added", "adds", "state", "stated", "states", "stress", "stressed", "note",
    "noted", "emphasize", "emphasized", "emphasise", "emphasised", "underline", "underlined", "tell", "told",
    "suggest", "suggested", "point", "pointed", "insist", "insisted", "declare", "declared", "announce",
    "announced", "affirm", "affirmed", "assert", "asserted", "warn", "warned", "explain", "explained",
    "continue", "continued", "argue", "argued", "claim", "claimed", "describe", "described", "conclude",
    "concluded", "remark", "remarked", "reassure", "reassured", "vow", "vowed", "highlight", "highlighted",
}  # fmt: skip
