"""Check a claims annotation file against the pages it annotates.

Every fragment (facts' `reported_by` and `also`, conflicts' `readings`, not_conflicts' `fragments`, quotes'
`variants`) must be an exact substring of its article's `text`; every article must belong to the story's
event; entity aliases must occur in at least one of the story's pages; ids must be unique.
Format and rules: ../shared/annotation/CLAIMS.md.

Usage: python benchmarks/claims/check_annotation.py FILE.json [CORPUS.jsonl]
Prints one line per problem and exits 1 when there is any; 0 and a count line otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpora" / "multilingual-events" / "articles.jsonl"


def load_pages(path: Path) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row}


def fragments_of(story: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(where, article id, fragment) for every verbatim fragment of a story."""
    found: list[tuple[str, str, str]] = []
    for fact in story.get("facts", []):
        found += [(f"fact {fact['id']}", a, t) for a, t in fact.get("reported_by", {}).items()]
        for a, texts in fact.get("also", {}).items():
            found += [(f"fact {fact['id']} also", a, t) for t in texts]
    for n, conflict in enumerate(story.get("conflicts", []), 1):
        found += [(f"conflict {n}", a, t) for a, t in conflict.get("readings", {}).items()]
    for n, item in enumerate(story.get("not_conflicts", []), 1):
        found += [(f"not_conflict {n}", a, t) for a, t in item.get("fragments", {}).items()]
    for n, quote in enumerate(story.get("quotes", []), 1):
        found += [(f"quote {n}", a, t) for a, t in quote.get("variants", {}).items()]
    return found


def check_story(story: dict[str, Any], pages: dict[str, dict[str, Any]]) -> list[str]:
    event, problems = story.get("event", "?"), []
    articles = set(story.get("articles", []))
    for article_id in sorted(articles):
        if article_id not in pages:
            problems.append(f"{event}: article {article_id} is not in the corpus")
        elif pages[article_id]["event"] != event:
            problems.append(f"{event}: article {article_id} belongs to {pages[article_id]['event']}")
    for where, article_id, fragment in fragments_of(story):
        if article_id not in articles:
            problems.append(f"{event}: {where}: article {article_id} is not one of the story's articles")
        elif not fragment or fragment not in pages[article_id]["text"]:
            problems.append(f"{event}: {where}: not verbatim in {article_id}: {fragment!r}")
    fact_ids = [fact["id"] for fact in story.get("facts", [])]
    entity_ids = [entity["id"] for entity in story.get("entities", [])]
    for ids, what in ((fact_ids, "fact"), (entity_ids, "entity")):
        problems += [f"{event}: {what} id {i} repeated" for i in sorted({i for i in ids if ids.count(i) > 1})]
    texts = [pages[a]["text"] for a in articles if a in pages]
    for entity in story.get("entities", []):
        for alias in entity.get("aliases", []):
            if not any(alias in text for text in texts):
                problems.append(f"{event}: entity {entity['id']}: alias not in any page: {alias!r}")
    for quote in story.get("quotes", []):
        unknown = set(quote.get("speaker_entities", [])) - set(entity_ids)
        problems += [f"{event}: quote {quote.get('gist', '?')!r}: unknown speaker entity {u}" for u in unknown]
    for word in story.get("not_names", []):
        if not any(word in text for text in texts):
            problems.append(f"{event}: not_name not in any page: {word!r}")
    return problems


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    corpus = Path(argv[1]) if len(argv) > 1 else CORPUS
    if not corpus.exists():
        print(f"{corpus}: corpus not found (it lives in ../shared, beside the repository)")
        return 2
    pages = load_pages(corpus)
    data = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    stories = data.get("stories", [data])
    problems = [p for story in stories for p in check_story(story, pages)]
    for problem in problems:
        print(problem)
    facts = sum(len(s.get("facts", [])) for s in stories)
    print(f"{len(stories)} stories, {facts} facts, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
