"""Entity candidates before merging, and the story's entity index the quote stage reads."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from rashomon.datamodel import Article, Entity, EntityType, Mention, Story, sentence_index_at
from rashomon.ids import short_hash
from rashomon.text.names import name_words


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


def first_line(text: str, start: int, end: int) -> tuple[int, int]:
    """The span cut at its first line break ('IRNA\n\nProjects' is two things, never one name)."""
    newline = text.find("\n", start, end)
    end = newline if newline != -1 else end
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_heading_word(text: str, start: int, end: int) -> bool:
    """A single word alone on its line ('Background', 'Gallery'): a section heading, not a name."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end == -1 else line_end].strip(" \t:.")
    return line == text[start:end].strip() and len(line.split()) == 1


def overlaps_any(sorted_spans: list[tuple[int, int]], start: int, end: int, longest: int = 300) -> bool:
    """Does [start, end) overlap a span? Spans are sorted by start and none is longer than `longest`."""
    first = bisect.bisect_left(sorted_spans, (start - longest, 0))
    last = bisect.bisect_left(sorted_spans, (end, end))
    return any(s < end and start < e for s, e in sorted_spans[first:last])



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


def entity_type_of(key: str, members: list[Candidate]) -> EntityType:
    if key.startswith("person:"):
        return EntityType.PERSON
    if key.startswith("country:"):
        return EntityType.GPE
    labels = Counter(c.label for c in members if c.label not in {"ROLE", "PERSON"})
    return EntityType(labels.most_common(1)[0][0]) if labels else EntityType.ORG


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
