"""Multi-word names found in another language by embedding the 2-5-word phrases of the aligned sentences."""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from rashomon._typing import Embed
from rashomon.analysis.entities.index import Candidate
from rashomon.config import settings
from rashomon.datamodel import Article, Story, sentence_index_at
from rashomon.text.names import latin_script
from rashomon.text.scripts import is_cased
from rashomon.text.stopwords import stop_words


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


def project_into(
    article: Article, story: Story, groups_with: dict[str, set[str]], names: dict[str, str], embed: Embed
) -> list[Candidate]:
    """Renderings of the story's multi-word names in one article's aligned sentences; `embed`: texts → (n, D)."""
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
            grams += [g for g in word_grams(sentence.text, sentence.start) if not edged_by(g[2], stop) and named(g[2])]
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
        if similarity[best, k] >= settings().embedding.name_projection and (
            others.size == 0 or similarity[best, k] - others.max() >= settings().embedding.name_projection_margin
        ):
            rendering = grams[best][2]
            for match in re.finditer(re.escape(rendering), article.text):
                found.append(Candidate(article.id, match.start(), match.end(), rendering, "ORG", key))
    return found


def named(gram: str) -> bool:
    """In a cased script a name has a capitalised word ('Γεωδυναμικό Ινστιτούτο'); the lowercase 'αμερικανικό
    ινστιτούτο γεωφυσικών μελετών' describes an institute without naming it. Scripts without case pass."""
    words = gram.split()
    return not all(is_cased(word) for word in words) or any(word[0].isupper() for word in words)


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
