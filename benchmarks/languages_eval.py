"""What the analysis finds per language on real pages: entities, quotes, days and figures per article.

Runs the whole pipeline (`rashomon.analyze`) over ../shared/corpora/multilingual-events (199 real pages
in 19 languages; skipped with a message where absent) and prints, per language: articles, entity
mentions, quotes (with and without a speaker), days read and figures read per article, and the
capabilities the language lacks (`rashomon languages`). With `--sample N` it also writes N entity
mentions and N quotes per language to benchmarks/results/languages_sample.json for checking by hand.

    python benchmarks/languages_eval.py [ARTICLES.jsonl] [--sample 20]

Writes benchmarks/results/languages_eval.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora" / "multilingual-events" / "articles.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "languages_eval.json"
SAMPLE = ROOT / "benchmarks" / "results" / "languages_sample.json"
CACHE = Path(tempfile.gettempdir()) / "rashomon-benchmark-embeddings.db"
PER_ARTICLE = ("entity_mentions", "quotes", "days_read", "figures_read")


def per_language(report, articles_by_id: dict) -> dict[str, dict]:
    """Counts per article language from a StoryReport."""
    from rashomon.analysis.compare.numbers import quantities
    from rashomon.analysis.compare.timeline import time_expressions
    from rashomon.text.languages import support

    counts: dict[str, Counter] = defaultdict(Counter)
    for article in report.articles:
        row = counts[article.language]
        row["articles"] += 1
        row["days_read"] += len(time_expressions(article))
        row["figures_read"] += sum(1 for q in quantities(article.text, article.language) if not q.is_year)
    for story in report.stories:
        for entity in story.entities:
            for mention in entity.mentions:
                counts[articles_by_id[mention.article_id].language]["entity_mentions"] += 1
        for quote in story.quotes:
            for variant in quote.variants:
                row = counts[articles_by_id[variant.article_id].language]
                row["quotes"] += 1
                row["quotes_with_speaker"] += 1 if variant.speaker else 0  # the rendering's own attribution
    table = {}
    for language, row in sorted(counts.items(), key=lambda item: -item[1]["articles"]):
        n = row["articles"]
        table[language] = {
            "articles": n,
            **{f"{key}_per_article": round(row[key] / n, 2) for key in PER_ARTICLE},
            "quotes_with_speaker": row["quotes_with_speaker"],
            "missing": support(language).missing(),
        }
    return table


def sample(report, articles_by_id: dict, size: int) -> dict:
    """Up to `size` entity mentions and quotes per language, for checking by hand."""
    rng = random.Random(7)
    mentions: dict[str, list] = defaultdict(list)
    quotes: dict[str, list] = defaultdict(list)
    for story in report.stories:
        names = {e.id: e.name for e in story.entities}
        for entity in story.entities:
            for m in entity.mentions:
                article = articles_by_id[m.article_id]
                mentions[article.language].append({"entity": entity.name, "type": entity.type, "text": m.text,
                                                   "context": article.text[max(0, m.start - 60) : m.end + 60]})
        for quote in story.quotes:
            for v in quote.variants:
                if not v.speaker:
                    continue  # speaker precision is judged on attributed renderings (the others are counted above)
                article = articles_by_id[v.article_id]
                quotes[article.language].append({
                    "speaker": names.get(v.speaker), "text": v.text[:200],
                    "context": article.text[max(0, v.start - 150) : v.end + 150],
                })
    return {
        language: {
            "entities": rng.sample(mentions[language], min(size, len(mentions[language]))),
            "attributed_quotes": rng.sample(quotes[language], min(size, len(quotes[language]))),
        }
        for language in sorted(set(mentions) | set(quotes))
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--sample", type=int, default=0, help="write this many mentions and quotes per language")
    args = parser.parse_args(argv)
    if not args.labelled.is_file():
        print(f"skipped: {args.labelled} not found (the corpus lives in ../shared, outside the repository)")
        return 0
    from rashomon.engines.local import analyze
    from rashomon.store import open_store

    started = time.perf_counter()
    with open_store(CACHE) as cache:
        report = analyze([str(args.labelled)], cache=cache)
    articles_by_id = {a.id: a for a in report.articles}
    result = {"corpus": args.labelled.parent.name, "languages": per_language(report, articles_by_id)}
    result["seconds"] = round(time.perf_counter() - started, 1)
    print("| language | articles | entity mentions / article | quotes / article | quotes with a speaker "
          "| days read / article | figures read / article | missing |")
    print("|---|---|---|---|---|---|---|---|")
    for language, row in result["languages"].items():
        print(f"| {language} | {row['articles']} | {row['entity_mentions_per_article']} | {row['quotes_per_article']} "
              f"| {row['quotes_with_speaker']} | {row['days_read_per_article']} | {row['figures_read_per_article']} "
              f"| {', '.join(row['missing']) or '—'} |")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.sample:
        SAMPLE.write_text(json.dumps(sample(report, articles_by_id, args.sample), indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
