"""English names from spaCy's parse, repaired where news prose trips it."""

from __future__ import annotations

import re

from rashomon.analysis.entities.index import Candidate, first_line, is_heading_word
from rashomon.datamodel import Article
from rashomon.text.countries import country_code
from rashomon.text.names import NAME_PARTICLES, TITLE_WORDS
from rashomon.text.parsing import parse_english

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}


def english_candidates(article: Article) -> list[Candidate]:
    doc = parse_english(article.text)
    found = []
    for entity in doc.ents:
        label = "PERSON" if is_titled_name(entity.text) else entity.label_
        if label not in KEPT_LABELS:
            continue
        start, end = first_line(article.text, entity.start_char, entity.end_char)
        if start == end or is_heading_word(article.text, start, end):
            continue
        text = article.text[start:end]
        lead = re.match(r"(?:the|The)\s+", text)
        if lead:
            start, text = start + lead.end(), text[lead.end() :]
        text = re.sub(r"(?:['’]s)$", "", text)
        subject = any(token.dep_ in {"nsubj", "nsubjpass"} for token in entity)
        found.append(Candidate(article.id, start, start + len(text), text, label, subject=subject))
    found = join_name_fragments(found, article.text)
    found = [part for candidate in found for part in split_leading_place(candidate)]
    found = [part for candidate in found for part in split_name_pair(candidate)]
    return [extend_over_titles(c, article.text) for c in found if c.label != "NORP"]


def join_name_fragments(found: list[Candidate], text: str) -> list[Candidate]:
    """'Hujjat al-Islam' + 'wal' + 'Muslimeen Raisi' → one person: a particle between two name spans."""
    joined: list[Candidate] = []
    for candidate in found:
        previous = joined[-1] if joined else None
        gap = text[previous.end : candidate.start] if previous else ""
        if (
            previous
            and previous.label in {"PERSON", "ORG"}
            and candidate.label in {"PERSON", "ORG"}
            and re.fullmatch(r"[ \t]+(?:\w+[ \t]+)?", gap)
            and (gap.strip() == "" or gap.strip().casefold() in NAME_PARTICLES)
            and "PERSON" in {previous.label, candidate.label}
        ):
            joined[-1] = Candidate(
                previous.article_id, previous.start, candidate.end, text[previous.start : candidate.end],
                "PERSON", subject=previous.subject or candidate.subject,
            )  # fmt: skip
        else:
            joined.append(candidate)
    return joined


def split_leading_place(candidate: Candidate) -> list[Candidate]:
    """'Belarus Alexander Lukashenko' (after 'President of') is a country and a person."""
    if candidate.label != "PERSON":
        return [candidate]
    words = list(re.finditer(r"\S+", candidate.text))
    for cut in range(1, len(words) - 1):
        head = candidate.text[: words[cut - 1].end()]
        if country_code(head):
            tail_start = words[cut].start()
            return [
                Candidate(candidate.article_id, candidate.start, candidate.start + len(head), head, "GPE"),
                Candidate(
                    candidate.article_id, candidate.start + tail_start, candidate.end,
                    candidate.text[tail_start:], "PERSON", subject=candidate.subject,
                ),
            ]  # fmt: skip
    return [candidate]


NAME_PAIR = re.compile(r"([A-Z][\w'’]+)[-–]([A-Z][\w'’]+)")


def split_name_pair(candidate: Candidate) -> list[Candidate]:
    """'Putin-Erdogan' (the Putin–Erdogan meeting), tagged one PERSON, is two people; a particle ('Al-Assad')
    keeps the name whole."""
    pair = NAME_PAIR.fullmatch(candidate.text)
    if candidate.label != "PERSON" or not pair or pair.group(1).casefold() in NAME_PARTICLES:
        return [candidate]
    return [
        Candidate(candidate.article_id, candidate.start + pair.start(n), candidate.start + pair.end(n), pair.group(n),
                  "PERSON", subject=candidate.subject)
        for n in (1, 2)
    ]  # fmt: skip


def is_titled_name(text: str) -> bool:
    """'Mayor Rina Osterholt', 'Transport Minister Ander Lusiak': title words, then two or three capitalised
    words. spaCy's small model sometimes labels these WORK_OF_ART or ORG; a title makes them a person."""
    words = text.split()
    titles = 0
    while titles < len(words) and words[titles].casefold().strip(".") in TITLE_WORDS:
        titles += 1
    rest = words[titles:]
    return titles > 0 and 2 <= len(rest) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in rest)


def extend_over_titles(candidate: Candidate, text: str) -> Candidate:
    """Take in the title words right before a person's name ('President', 'Ayatollah')."""
    if candidate.label != "PERSON":
        return candidate
    start = candidate.start
    while True:
        match = re.search(r"(\S+)\s+$", text[max(0, start - 40) : start])
        if match is None:
            break
        word = match.group(1).strip(".")
        if not word[:1].isupper() or word.casefold() not in TITLE_WORDS - {"foreign", "prime"}:
            break
        start = start - len(match.group(0))
    return Candidate(
        candidate.article_id, start, candidate.end, text[start : candidate.end], candidate.label,
        subject=candidate.subject,
    )  # fmt: skip
