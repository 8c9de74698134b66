"""Who said what: direct and reported speech, its speaker, and its renderings across outlets.

Direct quotes are spans between quotation marks (straight, curly or «») or after a Persian
reporting verb and a colon. Reported speech is an English clause governed by a reporting verb
("X stressed that ..."). The speaker is the subject of the reporting verb (spaCy's parse), a
name or title next to the quote, or, for "he said", the most recent person who was the subject
of a sentence. Variants of one utterance are grouped across outlets and languages by average
linkage over multilingual embeddings, comparing a short fragment with the best-matching part
of a longer rendering.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from rashomon._typing import Embed
from rashomon.analysis.entities import EntityIndex
from rashomon.analysis.entities.index import first_line
from rashomon.analysis.entities.native import Dependency, dependencies
from rashomon.config import settings
from rashomon.datamodel import Article, Quote, QuoteVariant, Story, sentence_index_at
from rashomon.ids import short_hash
from rashomon.linkage import average_linkage
from rashomon.text.parsing import parse_english
from rashomon.text.reporting import REPORTING_VERBS, reporting_verbs
from rashomon.text.scripts import clauses, is_unspaced, word_count

PERSIAN_REPORTING = re.compile(
    r"(?:گفت|گفتند|افزود|افزودند|تاکید کرد|تاکید کردند|تأکید کرد|تأکید کردند|خاطرنشان کرد|خاطرنشان کردند"
    r"|اظهار داشت|اظهار داشتند|اظهار کرد|یادآور شد|یادآور شدند|تصریح کرد|تصریح کردند|اعلام کرد|اعلام کردند)\s*:\s*"
)
# Quotation styles (Unicode CLDR delimiters, per language): "…" “…” „…“ „…” «…» »…« ‹…› 「…」 『…』 ‘…’ ״…״
OPENING = {'"': '"', "“": "”", "«": "»", "„": "“", "‹": "›", "「": "」", "『": "』", "‘": "’", "״": "״", "»": "«"}
CLOSING = {'"', "”", "»", "“", "›", "」", "』", "’", "״", "«"}
APOSTROPHES = {"’", "'"}  # also inside words (don’t, l’État): they close a quote only before a non-letter
UNSPACED_OPENERS = {"「", "『", "“", "«"}  # CJK text puts quotes right after a letter
SPACED_GUILLEMETS = {"«", "»", "‹", "›"}


# After a quote: an indefinite description and a reporting verb ('," a trawler skipper told reporters').
UNNAMED_SPEAKER = re.compile(
    r"[\"”’',.\s]*(?:a|an|one|another|some)\s+[a-z][a-z\s-]{0,40}?\s+(?:"
    + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))
    + r")\b"
)


@dataclass
class Found:
    """A quote in one article before grouping."""

    article_id: str
    start: int
    end: int
    text: str
    direct: bool
    speaker: str | None
    sentence: str = ""  # the sentence around it, when the quote is most of it (its embedding is cached)


def extract_quotes(story: Story, articles: dict[str, Article], index: EntityIndex, embed: Embed) -> list[Quote]:
    """Quote groups of one story, each with its speaker entity and its variants by article."""
    found: list[Found] = []
    for article_id in story.article_ids:
        article = articles[article_id]
        if article.language == "en":
            found += english_quotes(article, index)
        elif article.language == "fa":
            found += persian_quotes(article, index)
        elif reporting_verbs(article.language):
            found += marked_quotes(article, index)
            marked = [(f.start, f.end) for f in found if f.article_id == article_id]
            found += parsed_reported_speech(article, index, marked)
    for f in found:
        f.sentence = enclosing_sentence(articles[f.article_id], f)
    if not found:
        return []
    groups = group_variants(found, embed)
    quotes = []
    for members in groups:
        speakers = Counter(found[i].speaker for i in members if found[i].speaker)
        speaker = speakers.most_common(1)[0][0] if speakers else None
        variants = [
            QuoteVariant(
                f.article_id,
                f.start,
                f.end,
                f.text,
                f.direct,
                sentence_index_at(articles[f.article_id], f.start),
                f.speaker,
            )
            for f in sorted((found[i] for i in members), key=lambda f: (story.article_ids.index(f.article_id), f.start))
        ]
        quotes.append(Quote(short_hash(f"{story.id}:{variants[0].article_id}:{variants[0].start}"), speaker, variants))
    quotes.sort(
        key=lambda q: (
            -len({v.article_id for v in q.variants}),
            story.article_ids.index(q.variants[0].article_id),
            q.variants[0].start,
        )
    )
    return quotes


# --- English -----------------------------------------------------------------------------------------------

PRONOUNS = {"he", "she", "they", "i", "we"}  # a subject that stands for the last person who spoke


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Outermost quoted spans; an unclosed quote ends with its paragraph (news continues quotes so)."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        start = 0
        expected: list[str] = []  # the closing mark each open quote waits for (its length is the depth)
        for i in range(paragraph.start(), paragraph.end()):
            ch = text[i]
            before = text[i - 1] if i > paragraph.start() else " "
            after = text[i + 1] if i + 1 < paragraph.end() else " "
            spaced_inside = ch in SPACED_GUILLEMETS  # French writes « text » with spaces inside the marks
            opens = (
                ch in OPENING
                and (before.isspace() or before in "([—–-:,：，、" or (ch in UNSPACED_OPENERS and is_unspaced(before)))
                and (spaced_inside or not after.isspace())
            )
            closes = (
                ch in CLOSING
                and (spaced_inside or not before.isspace())
                and not (ch in APOSTROPHES and after.isalpha())
            )
            ends_open_quote = bool(expected) and closes and ch == expected[-1]
            if opens and not ends_open_quote:
                if not expected:
                    start = i + 1
                expected.append(OPENING[ch])
            elif closes and expected:  # the awaited mark, or a closing mark of another style (mixed typography)
                expected.pop()
                if not expected:
                    spans.append((start, i))
        if expected:
            spans.append((start, paragraph.end()))
    return [(s, e) for s, e in spans if word_count(text[s:e]) >= settings().quotes.min_quote_words]


def english_quotes(article: Article, index: EntityIndex) -> list[Found]:
    doc = parse_english(article.text)
    direct = quoted_spans(article.text)
    found: list[Found] = []
    for n, (start, end) in enumerate(direct):
        text = article.text[start:end].strip().rstrip(",")
        if n and continues_quote(article.text, direct[n - 1], start):
            speaker = found[-1].speaker
        else:
            speaker = direct_speaker(article, doc, index, start, end)
        found.append(Found(article.id, start, start + len(text), text, True, speaker))
    found += reported_speech(article, doc, index, direct)
    return found


def continues_quote(text: str, previous: tuple[int, int], start: int) -> bool:
    """A quote that opens the paragraph after one whose quote ran to its end unclosed: the same speaker's
    words continue (the news convention: no closing mark before a quoted paragraph that goes on)."""
    ran_to_paragraph_end = previous[1] >= len(text) or text[previous[1]] == "\n"
    unclosed = ran_to_paragraph_end and text[previous[1] - 1 : previous[1]] not in CLOSING
    between = text[previous[1] : start]
    return unclosed and between.strip() in OPENING and between.count("\n") >= 1


def direct_speaker(article: Article, doc: object, index: EntityIndex, start: int, end: int) -> str | None:
    """Subject of the verb that governs the quote, else a name beside it, else the last subject.

    A reporting verb whose subject names no person ('"…," the Kremlin said', '…, a skipper said'), or a
    governing verb whose subject is a name the entity stage missed, gives that organisation or no one:
    never the last person named before the quote.
    """
    span = doc.char_span(start, end, alignment_mode="contract")  # type: ignore[attr-defined]
    if span is not None:
        for token in span:
            head = token.head
            if head.idx < start or head.idx >= end:
                speaker = subject_of(article, head, index)
                if speaker:
                    return speaker
                subject = subject_token(head)
                named = subject is not None and subject.pos_ == "PROPN"
                if subject is not None and subject.lower_ not in PRONOUNS and (named or head.lower_ in REPORTING_VERBS):
                    # '"…," the Kremlin said': an organisation; 'a skipper said': someone unnamed; 'Ana Berg,
                    # deputy of …, called it "…"': a name the entity stage missed. Never a person named before.
                    return index.entity_at(article.id, subject.idx, subject.idx + len(subject))
    paragraph_end = article.text.find("\n", end)
    paragraph_end = len(article.text) if paragraph_end < 0 else paragraph_end
    who = person_at(
        article, index, end, min(end + 30, paragraph_end)
    )  # '..." Lukashenko added', '..." the Leader said'
    if who:
        return who
    if UNNAMED_SPEAKER.match(article.text, end, paragraph_end):
        return None  # '…," a trawler skipper told reporters': someone unnamed, not the last person named
    before_start = max(article.text.rfind("\n", 0, start), start - 120)
    who = person_at(article, index, before_start, start, last=True)
    return who or last_subject(article, index, start)


def subject_of(article: Article, verb: object, index: EntityIndex) -> str | None:
    """The person the verb's subject names: a pronoun's last subject, else a person in the subject phrase."""
    subject = subject_token(verb)
    if subject is None:
        return None
    if subject.lower_ in PRONOUNS:
        return last_subject(article, index, subject.idx)
    head = (subject.idx, subject.idx + len(subject))
    person = index_person(index, article.id, *head)
    if person or subject.pos_ == "PROPN":
        return person  # a name is its own person, never another named inside its apposition
    start, end = token_span(subject)
    # 'The mayor of Altenau, Jonas Brenner, said': the person may be an apposition after a place
    return index_person(index, article.id, start, end) or person_at(article, index, start, end)


def subject_token(verb: Any) -> Any:
    """The verb's nominal subject token (a spaCy Token), None without one."""
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def token_span(token: Any) -> tuple[int, int]:
    """Character span of a spaCy token with everything it governs."""
    subtree = list(token.subtree)
    return subtree[0].idx, subtree[-1].idx + len(subtree[-1])


def index_person(index: EntityIndex, article_id: str, start: int, end: int) -> str | None:
    entity = index.entity_at(article_id, start, end)
    return entity if entity and index.type_of(entity) == "PERSON" else None


def person_at(article: Article, index: EntityIndex, start: int, end: int, last: bool = False) -> str | None:
    spans = [s for s in index.by_article.get(article.id, []) if start <= s[0] and s[1] <= end]
    people = [entity for _, _, entity in spans if index.type_of(entity) == "PERSON"]
    if not people:
        return None
    return people[-1] if last else people[0]


def last_subject(article: Article, index: EntityIndex, before: int) -> str | None:
    """The person most recently the subject of a sentence: who 'he' is in news prose."""
    earlier = [entity for start, _, entity in index.subjects.get(article.id, []) if start < before]
    people = [entity for entity in earlier if index.type_of(entity) == "PERSON"]
    return people[-1] if people else None


def reported_speech(article: Article, doc: object, index: EntityIndex, direct: list[tuple[int, int]]) -> list[Found]:
    """'X stressed that <clause>': the clause is X's reported words, within the verb's sentence and line."""
    found = []
    for token in doc:  # type: ignore[attr-defined]
        if token.lower_ not in REPORTING_VERBS or token.pos_ != "VERB":
            continue
        clauses = [child for child in token.children if child.dep_ == "ccomp"]
        if not clauses:
            continue
        start, end = reported_clause(article, token_span(clauses[0]), token.idx)
        too_short = word_count(article.text[start:end]) < settings().quotes.min_piece_words
        if any(s < end and start < e for s, e in direct) or too_short:
            continue
        speaker = subject_of(article, token, index)
        if speaker:
            found.append(Found(article.id, start, end, article.text[start:end], False, speaker))
    return found


def parsed_reported_speech(article: Article, index: EntityIndex, direct: list[tuple[int, int]]) -> list[Found]:
    """'X a déclaré que <clause>', 'X заявил, что <clause>': the clause a reporting verb governs in the
    language's dependency parse (spaCy's French, natasha's Russian), when the verb's subject (with its
    apposition: 'le ministre Jean Dupont') is an entity; a pronoun subject ('il a dit que') names no one."""
    tokens = dependencies(article.text, article.language) or []
    verbs = {form.split()[-1] for form in reporting_verbs(article.language)}
    children: dict[int, list[int]] = {}
    for i, token in enumerate(tokens):
        children.setdefault(token.head, []).append(i)
    found = []
    for i, token in enumerate(tokens):
        if token.lower not in verbs or token.verb is False:
            continue
        clause = next((c for c in children.get(i, []) if tokens[c].relation == "ccomp"), None)
        subject = next((c for c in children.get(i, []) if tokens[c].relation in {"nsubj", "nsubj:pass"}), None)
        if clause is None or subject is None:
            continue
        start, end = reported_clause(article, subtree_span(tokens, children, clause), token.start)
        while start < end and not article.text[start].isalnum():
            start += 1  # ', что …': the comma before the clause belongs to the verb's sentence
        named = [subject] + [c for c in children.get(subject, []) if tokens[c].relation in {"appos", "flat:name"}]
        subject_span = (min(tokens[n].start for n in named), max(tokens[n].end for n in named))
        speaker = named_entity(index, article.id, *subject_span)
        too_short = word_count(article.text[start:end]) < settings().quotes.min_piece_words
        if speaker is None or too_short or any(s < end and start < e for s, e in direct):
            continue
        found.append(Found(article.id, start, end, article.text[start:end], False, speaker))
    return found


def reported_clause(article: Article, span: tuple[int, int], verb_at: int) -> tuple[int, int]:
    """A governed clause's span kept to its first line and to the verb's sentence (a parse can run on into
    the page's links or the next paragraph)."""
    start, end = first_line(article.text, *span)
    sentence = article.sentence_at(verb_at)
    return start, min(end, sentence.end) if sentence else end


def named_entity(index: EntityIndex, article_id: str, start: int, end: int) -> str | None:
    """The entity a subject phrase names, a person first ('Президент России Владимир Путин' is Putin)."""
    inside = [entity for s, e, entity in index.by_article.get(article_id, []) if s < end and start < e]
    people = [entity for entity in inside if index.type_of(entity) == "PERSON"]
    chosen = people or inside
    return chosen[0] if chosen else None


def subtree_span(tokens: list[Dependency], children: dict[int, list[int]], root: int) -> tuple[int, int]:
    """(start, end) characters of a token and everything it governs (each token once: a parser that does not
    enforce a tree, as natasha's, can return a cycle)."""
    stack, seen = [root], {root}
    start, end = tokens[root].start, tokens[root].end
    while stack:
        node = stack.pop()
        start, end = min(start, tokens[node].start), max(end, tokens[node].end)
        for child in children.get(node, []):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return start, end


# --- Persian -----------------------------------------------------------------------------------------------


def persian_quotes(article: Article, index: EntityIndex) -> list[Found]:
    """'<speaker> ... تاکید کرد: <words>' to the end of the sentence; ایشان and a bare verb mean the last speaker."""
    found: list[Found] = []
    last_speaker: str | None = None
    for sentence in article.sentences:
        for match in PERSIAN_REPORTING.finditer(sentence.text):
            start = sentence.start + match.end()
            end = sentence.end
            text = article.text[start:end].strip()
            if word_count(text) < settings().quotes.min_quote_words:
                continue
            clause_start = sentence.start + max(sentence.text.rfind(".", 0, match.start()), 0)
            speaker = person_at(article, index, clause_start, sentence.start + match.start(), last=True)
            speaker = speaker or last_speaker
            last_speaker = speaker
            found.append(Found(article.id, start, start + len(text), text, True, speaker))
    return found


# --- every other language ---------------------------------------------------------------------------------


def reads_quotes(language: str) -> str | None:
    """How quotes are read in a language (for the capability table), None when they are not."""
    if language == "en":
        return "quotation marks; reported speech from spaCy's parse"
    if language == "fa":
        return "reporting verb and colon"
    if language in {"fr", "ru"}:
        parser = "spaCy's French parse" if language == "fr" else "natasha's syntax parse"
        return f"quotation marks beside a reporting verb; reported speech from {parser}"
    if reporting_verbs(language):
        return "quotation marks beside a reporting verb (speaker: a name in that sentence)"
    return None


def marked_quotes(article: Article, index: EntityIndex) -> list[Found]:
    """Quoted spans whose sentence (outside the quote) holds a reporting verb of the article's language.

    The speaker is the entity next to a reporting verb ("– отметил Путин", "قال بوتين", "selon Samuel
    Pommeret", "souligne l'Élysée") or just before a quote the verb follows ("Buğra Gökçe, “…” dedi"),
    never one merely near the quote ("قال بوتين في مطلع لقائه إردوغان: «…»" is Putin's); without one the
    quote stays unnamed rather than going to someone named elsewhere.
    """
    verbs = reporting_verbs(article.language)
    found = []
    for start, end in quoted_spans(article.text):
        sentence_start, sentence_end = sentence_bounds(article, start, end)
        verb_spans = [
            (sentence_start + s, sentence_start + e)
            for s, e in reporting_verb_spans(article.text[sentence_start:sentence_end], verbs)
            if not (start <= sentence_start + s < end)
        ]
        if not verb_spans:
            continue
        text = article.text[start:end].strip().rstrip(",，")
        entities = [
            (s, e, entity)
            for s, e, entity in index.by_article.get(article.id, [])
            if sentence_start <= s and e <= sentence_end and not start <= s < end
        ]
        speaker = speaker_by_verb(article.text, (start, end), verb_spans, entities, index)
        found.append(Found(article.id, start, start + len(text), text, True, speaker))
    return found


SPEAKER_REACH = 60  # characters between a person and its reporting verb (a title or comma clause fits)
ELIDED_ARTICLE = re.compile(r"^\s*(?:[ldLD][’'])?$")  # 'souligne l'Élysée': only an elided article between


def speaker_by_verb(
    text: str,
    quote: tuple[int, int],
    verb_spans: list[tuple[int, int]],
    entities: list[tuple[int, int, str]],
    index: EntityIndex,
) -> str | None:
    """The entity closest to a reporting verb on the same side of the quote, within SPEAKER_REACH.

    A person may stand a few words from the verb; an organisation or place only right next to it
    ("a affirmé l'Elysée"), since "a déclaré à Pékin" names where, not who.
    """
    best: tuple[int, str] | None = None
    for s, e, entity in entities:
        if governed_by_preposition(text, s):
            continue
        for verb_start, verb_end in verb_spans:
            gap = side_gap(quote, (s, e), (verb_start, verb_end))
            if gap is None or gap > SPEAKER_REACH:
                continue
            between = text[min(e, verb_end) : max(s, verb_start)] if gap else ""
            if index.type_of(entity) != "PERSON" and not ELIDED_ARTICLE.match(between):
                continue
            if best is None or gap < best[0]:
                best = (gap, entity)
    return best[1] if best else None


# Arabic's inseparable prepositions (bi-, li-, ka-: 'with', 'to', 'like'), written onto the next word: a
# name with one is an object ('وأكد السيستاني للبابا': Sistani assured *the Pope*), never the speaker.
# Source: any Arabic grammar (e.g. Ryding, A Reference Grammar of Modern Standard Arabic, 2005, ch. 16).
ARABIC_PREPOSITION_PREFIXES = ("ل", "ب", "ك")


def governed_by_preposition(text: str, start: int) -> bool:
    """Whether the name at `start` follows an attached Arabic preposition: on its own first word
    ('لبوتين', 'للبابا') or on the title word just before it ('للبابا فرنسيس', 'بالرئيس بوتين')."""
    word_start = start
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    prefix = text[word_start:start]
    if prefix:
        return prefix.lstrip("وف") in ARABIC_PREPOSITION_PREFIXES
    if text.startswith("لل", start):  # li- + al- ('to the'): no Arabic word begins so
        return True
    previous = text[:start].rstrip().rsplit(maxsplit=1)[-1:] or [""]
    return previous[0].lstrip("وف").startswith(("لل", "بال", "كال")) and len(previous[0]) > 4


def side_gap(quote: tuple[int, int], entity: tuple[int, int], verb: tuple[int, int]) -> int | None:
    """Characters between an entity and a verb on one side of the quote; 'Name, «…» verb' counts as close."""
    start, end = quote
    same_side = (entity[1] <= start and verb[1] <= start) or (entity[0] >= end and verb[0] >= end)
    if same_side:
        return max(verb[0] - entity[1], entity[0] - verb[1], 0)
    if entity[1] <= start and start - entity[1] <= 3 and verb[0] >= end and verb[0] - end <= 15:
        return (start - entity[1]) + (verb[0] - end)
    return None


def sentence_bounds(article: Article, start: int, end: int) -> tuple[int, int]:
    """The span of the sentences the quote touches, widened to its paragraph's other sentence when short."""
    first, last = article.sentence_at(start), article.sentence_at(max(start, end - 1))
    sentence_start = first.start if first else start
    sentence_end = last.end if last else end
    paragraph_start = article.text.rfind("\n", 0, start) + 1
    paragraph_end = article.text.find("\n", end)
    paragraph_end = len(article.text) if paragraph_end < 0 else paragraph_end
    if sentence_end - end < 3 and sentence_start == start - 1:  # the quote is its own sentence: look around it
        return paragraph_start, paragraph_end
    return sentence_start, sentence_end


def reporting_verb_spans(text: str, verbs: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of every reporting verb in `text`, as a word (inside the text in unspaced scripts)."""
    folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)  # 'İ' lowers to two characters
    spans: list[tuple[int, int]] = []
    for verb in sorted(verbs, key=len, reverse=True):
        position = folded.find(verb)
        while position >= 0:
            before = folded[position - 1] if position else " "
            after = folded[position + len(verb)] if position + len(verb) < len(folded) else " "
            inside = any(s <= position < e for s, e in spans)
            if not inside and (is_unspaced(verb) or (not before.isalpha() and not after.isalpha())):
                spans.append((position, position + len(verb)))
            position = folded.find(verb, position + 1)
    return sorted(spans)


# --- grouping ----------------------------------------------------------------------------------------------


def enclosing_sentence(article: Article, quote: Found) -> str:
    """The sentence holding the quote if the quote is most of it: its vector stands in for the quote's."""
    sentence = article.sentence_at(quote.start)
    if sentence is None or quote.end > sentence.end:
        return ""
    return sentence.text if len(quote.text) >= settings().quotes.sentence_share * len(sentence.text) else ""


def pieces(text: str) -> list[str]:
    """The quote, its sentences, and its long clauses: a fragment quoted by one outlet matches its part."""
    sentences = [p.strip() for p in re.split(r"(?<=[.!?؟])\s+", text)]
    parts = [p for p in sentences if word_count(p) >= settings().quotes.min_piece_words]
    parts += [c for p in sentences for c in clauses(p, settings().quotes.min_clause_words)]
    return [text, *sorted({p for p in parts if p != text}, key=parts.index)]


def group_variants(found: list[Found], embed: Embed) -> list[list[int]]:
    """Average-linkage groups of quotes whose best-matching parts are near-paraphrases.

    Two quotes of one article never share a group (a cannot-link constraint); quotes with different
    speakers count as dissimilar (-1).
    """
    similarity = best_part_similarity(found, embed)
    articles = np.array([f.article_id for f in found])
    return average_linkage(similarity, settings().embedding.quote_group, articles[:, None] == articles[None, :])


def best_part_similarity(found: list[Found], embed: Embed) -> np.ndarray:
    """Quote × quote: the highest cosine between any part of one and any part of the other.

    Returns (n_quotes, n_quotes) float32; -1 on the diagonal and between different known speakers.
    """
    piece_lists = [[*([f.sentence] if f.sentence else []), *pieces(f.text)] for f in found]
    flat = sorted({p for ps in piece_lists for p in ps})
    row_of = {p: i for i, p in enumerate(flat)}
    vectors = embed(flat)[[row_of[p] for ps in piece_lists for p in ps]]
    starts = np.concatenate([[0], np.cumsum([len(ps) for ps in piece_lists])[:-1]])
    parts = vectors @ vectors.T
    similarity = np.maximum.reduceat(np.maximum.reduceat(parts, starts, axis=0), starts, axis=1)
    codes = {speaker: k for k, speaker in enumerate(sorted({f.speaker for f in found if f.speaker}))}
    speaker = np.array([codes[f.speaker] if f.speaker else -1 for f in found])
    known = speaker >= 0
    similarity[known[:, None] & known[None, :] & (speaker[:, None] != speaker[None, :])] = -1.0
    np.fill_diagonal(similarity, -1.0)
    return similarity
