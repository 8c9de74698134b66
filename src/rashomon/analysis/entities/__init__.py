"""Who and what a story is about: people, organisations and places, merged across outlets and scripts.

English mentions come from spaCy's small English model (shipped on PyPI, nothing downloaded),
repaired where news prose trips it ("President of Belarus Alexander Lukashenko" tagged as one
name). Mentions merge on general keys: a person's surname, an ISO country (pycountry, which also
gives Persian country names), or a shared set of name words. Titles ("the Belarusian president",
"the Leader", "رئیس‌جمهور بلاروس") are resolved to the person the story's own appositions give that
title ("Belarusian President Alexander Lukashenko"). Persian words meet English names through
consonant skeletons, words of every other language through script-independent keys (entities/foreign.py:
'Путина' meets 'Putin'); Russian and French names also come from their own recognisers (entities/native.py:
natasha, spaCy's French model), and Persian renderings of multi-word names ("خط عبور شمال به جنوب") are
found by cross-lingual embedding in the sentences aligned to the English mention.
"""

from __future__ import annotations

from collections import defaultdict

from rashomon._typing import Embed
from rashomon.analysis.entities.english import english_candidates
from rashomon.analysis.entities.foreign import keyed_candidates, word_owners
from rashomon.analysis.entities.index import EntityIndex, build_index, overlaps_any
from rashomon.analysis.entities.merging import extend_into_known_names, merge_keys, propagate_aliases
from rashomon.analysis.entities.native import native_candidates
from rashomon.analysis.entities.persian import persian_candidates
from rashomon.analysis.entities.projection import project_names
from rashomon.analysis.entities.titles import resolve_roles, role_candidates
from rashomon.datamodel import Article, Story

__all__ = ["Embed", "EntityIndex", "extract_entities"]


def extract_entities(story: Story, articles: dict[str, Article], embed: Embed | None = None) -> EntityIndex:
    """Entities of one story with every mention in every article."""
    members = [articles[a] for a in story.article_ids]
    candidates = [c for article in members if article.language == "en" for c in english_candidates(article)]
    keys = merge_keys(candidates)
    extend_into_known_names(candidates, articles)
    keys = {c.text: c.key for c in candidates}
    candidates = propagate_aliases(candidates, members)
    english_ids = {article.id for article in members if article.language == "en"}
    candidates += [c for article in members if article.language == "fa" for c in persian_candidates(article, keys)]
    labels = {c.key: c.label for c in candidates if c.article_id in english_ids}
    others = [article for article in members if article.language not in {"en", "fa"}]
    english_owners = word_owners(keys)
    native = [c for article in others for c in native_candidates(article, english_owners)]
    keys = {**{c.text: c.key for c in native}, **keys}  # a Russian name now meets its Spanish spelling too
    owners = word_owners(keys)
    labels = {**{c.key: c.label for c in native}, **labels}
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for candidate in native:
        spans[candidate.article_id].append((candidate.start, candidate.end))
    candidates += native
    for article in others:
        taken = sorted(spans[article.id])
        candidates += [c for c in keyed_candidates(article, owners, labels) if not overlaps_any(taken, c.start, c.end)]
    roles = [c for article in members for c in role_candidates(article, keys, candidates)]
    candidates += resolve_roles(roles, candidates, articles)
    if embed is not None:
        candidates += project_names(story, articles, candidates, embed)
    return build_index(story, articles, candidates)
