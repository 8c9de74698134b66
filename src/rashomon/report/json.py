"""The JSON report: the contract other tools read (schema documented in the README)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from rashomon.datamodel import (
    Article,
    Divergence,
    Entity,
    FactGroup,
    Mention,
    ProvenanceEdge,
    Quote,
    Story,
    StoryReport,
    SummarySentence,
)
from rashomon.report.lazy import LazyList
from rashomon.text.languages import not_compared

SCHEMA_VERSION = "1.6"  # 1.1 entities, quotes; 1.2 divergences, outlet terms, summary; 1.3 date span, story events;
# 1.4 config (digest and non-default settings); 1.5 articles' published_from, stories' not_compared;
# 1.6 fact groups' languages and omitted_by


def report_to_dict(report: StoryReport, lazy: bool = False) -> dict[str, Any]:
    """The report as JSON-ready data; with `lazy`, its stories are a `LazyList` (each dict made when read)."""
    articles = {article.id: article for article in report.articles}

    def convert(story: Story) -> dict[str, Any]:
        return story_to_dict(story, articles)

    return {
        "schema_version": SCHEMA_VERSION,
        "generator": "rashomon",
        "articles": [article_to_dict(article) for article in report.articles],
        "stories": LazyList(report.stories, convert) if lazy else [convert(story) for story in report.stories],
        "problems": [{"source": p.source, "message": p.message} for p in report.problems],
        "stats": report.stats,
        "config": report.config,
        "story_events": [
            {
                "kind": e.kind,
                "story_id": e.story_id,
                "other_ids": e.other_ids,
                "article_id": e.article_id,
                "sequence": e.sequence,
            }
            for e in report.story_events
        ],
    }


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "outlet": article.outlet_label,
        "outlet_known": bool(article.outlet),
        "outlet_from": article.outlet_source,
        "language": article.language,
        "title": article.title,
        "published": article.published,
        "published_from": article.published_from,
        "url": article.url,
        "text": article.text,
        "content_hash": article.content_hash,
        "removed_lines": article.removed_lines,
        "sentences": [
            {"index": s.index, "start": s.start, "end": s.end, "language": s.language} for s in article.sentences
        ],
        "offset_map": article.offset_map.segments(),
    }


def story_to_dict(story: Story, articles: dict[str, Article]) -> dict[str, Any]:
    return {
        **story_listing(story, articles),
        "article_ids": story.article_ids,
        "fact_groups": [group_to_dict(group, articles, story.article_ids) for group in story.fact_groups],
        "provenance": [edge_to_dict(edge, articles) for edge in story.provenance],
        "entities": [entity_to_dict(entity) for entity in story.entities],
        "quotes": [quote_to_dict(quote, story.entities) for quote in story.quotes],
        "divergences": [divergence_to_dict(d) for d in story.divergences],
        "outlet_terms": [
            {"outlet": outlet, "terms": [[w, z] for w, z in terms]} for outlet, terms in story.outlet_terms.items()
        ],
        "summary": [
            {
                **span_to_dict(s.article_id, s.start, s.end, s.text),
                "outlets": s.outlets,
                "single_source": s.single_source,
            }
            for s in story.summary
        ],
    }


def story_listing(story: Story, articles: dict[str, Article]) -> dict[str, Any]:
    """What a list of stories shows: title, size, date span, outlets, languages."""
    story_articles = [articles[a] for a in story.article_ids]
    dates = sorted(a.published for a in story_articles if a.published)
    return {
        "id": story.id,
        "title": story_title(story_articles),
        "articles": len(story_articles),
        "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "outlets": sorted({a.outlet_label for a in story_articles}),
        "languages": sorted({a.language for a in story_articles}),
        "not_compared": not_compared({a.language for a in story_articles}),
    }


def summary_to_dict(sentence: SummarySentence) -> dict[str, Any]:
    span = span_to_dict(sentence.article_id, sentence.start, sentence.end, sentence.text)
    return {**span, "outlets": sentence.outlets, "single_source": sentence.single_source}


def divergence_to_dict(divergence: Divergence) -> dict[str, Any]:
    return {
        "id": divergence.id,
        "kind": divergence.kind,
        "topic": divergence.topic,
        "note": divergence.note,
        "consistent": divergence.consistent,
        "readings": [span_to_dict(r.article_id, r.start, r.end, r.text) for r in divergence.readings],
    }


def entity_to_dict(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": entity.aliases,
        "mentions": [span_to_dict(m.article_id, m.start, m.end, m.text) for m in entity.mentions],
    }


def quote_to_dict(quote: Quote, entities: list[Entity]) -> dict[str, Any]:
    names = {entity.id: entity.name for entity in entities}
    return {
        "id": quote.id,
        "speaker": quote.speaker,
        "speaker_name": names.get(quote.speaker or ""),
        "variants": [
            {
                **span_to_dict(v.article_id, v.start, v.end, v.text),
                "direct": v.direct,
                "sentence_index": v.sentence_index,
                "speaker": v.speaker,  # this outlet's own attribution (null: none in its text)
                "speaker_name": names.get(v.speaker or ""),
            }
            for v in quote.variants
        ],
    }


def span_to_dict(article_id: str, start: int, end: int, text: str) -> dict[str, Any]:
    return {"article_id": article_id, "start": start, "end": end, "text": text}


def edge_to_dict(edge: ProvenanceEdge, articles: dict[str, Article]) -> dict[str, Any]:
    return {
        "from": edge.source,
        "to": edge.target,
        "kind": edge.kind,
        "label": edge.label,
        "evidence": [mention_to_dict(m, articles[m.article_id]) for m in edge.evidence],
    }


def group_to_dict(group: FactGroup, articles: dict[str, Article], story_article_ids: list[str]) -> dict[str, Any]:
    """A fact group with its support: the outlets and languages whose own sentence states it, and the story's
    outlets that do not (`omitted_by`)."""
    story_outlets = {articles[a].outlet_label for a in story_article_ids}
    return {
        "id": group.id,
        "status": group.status.value,
        "outlets": group.outlets,
        "languages": sorted({articles[m.article_id].language for m in group.mentions}),
        "omitted_by": sorted(story_outlets - set(group.outlets)),
        "cohesion": group.cohesion,
        "mentions": [mention_to_dict(m, articles[m.article_id]) for m in group.mentions],
    }


def mention_to_dict(mention: Mention, article: Article) -> dict[str, Any]:
    raw_start, raw_end = article.offset_map.to_raw(mention.start, mention.end)
    return {
        "article_id": mention.article_id,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "sentence_index": mention.sentence_index,
        "raw_start": raw_start,
        "raw_end": raw_end,
    }


def story_title(articles: list[Article]) -> str:
    """The story's headline: the title of its article with the most text among those that have one."""
    titled = [a for a in articles if a.title]
    if not titled:
        first = articles[0].sentences[0].text if articles and articles[0].sentences else ""
        return first[:120]
    english = [a for a in titled if a.language == "en"] or titled
    return max(english, key=lambda a: len(a.text)).title or ""


def json_text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def write_json_to(data: dict[str, Any], handle: TextIO) -> None:
    """Write the text of `json_text(data)` to `handle`, each item of a top-level list encoded on its own.

    The whole text of a 10,000-article report is about 0.5 GB of characters (twice or four times that
    in memory, for non-Latin scripts), and `data`'s stories may be a `LazyList`.
    """
    handle.write("{")
    for position, (key, value) in enumerate(data.items()):
        handle.write(("," if position else "") + "\n  " + json.dumps(key, ensure_ascii=False) + ": ")
        if isinstance(value, list | LazyList):
            for index, item in enumerate(value):
                handle.write(("[" if index == 0 else ",") + "\n    " + indented(item, 2))
            handle.write("\n  ]" if value else "[]")
        else:
            handle.write(indented(value, 1))
    handle.write("\n}" if data else "}")


def indented(value: Any, depth: int) -> str:
    """`value` as json.dumps(indent=2) writes it `depth` levels down (JSON strings hold no raw newline)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def write_json(data: dict[str, Any], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        write_json_to(data, handle)
