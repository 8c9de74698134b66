"""Story clustering against labelled news: B-cubed precision, recall and F1 (Miranda et al. 2018).

Reads a labelled JSONL (`id, event, title, text, url, outlet, language`, optional `published`), by
default ../shared/corpora/wikinews-sources/articles.jsonl (234 reports, 90 events, 7 languages; not in
the repository: skipped with a message when absent). Events are split in two by their sorted ids
(even positions: tuning half, odd: test half). Reports, for each half: batch mode (file order),
streaming in shuffled orders (mean and worst of three), and the cross-lingual subset (events reported in
more than one language; clustered with the rest, scored alone). "Batch" is what `rashomon analyze`
does (the stream, then the consolidation pass); "streaming" the stream alone, as `watch` groups. Also
the mixed test: the example
corpus dropped into the labelled reports must come out as exactly one story of its five articles.

    python benchmarks/clustering_eval.py            # evaluate the shipped model
    python benchmarks/clustering_eval.py --train    # refit story_model.json on the tuning half first

Writes benchmarks/results/clustering_eval.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from rashomon.evaluate_claims import b_cubed

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
DEFAULTS = [CORPORA / "wikinews-sources" / "articles.jsonl", CORPORA / "multilingual-events" / "articles.jsonl"]
EXAMPLES = ROOT / "examples" / "iran-belarus-2023"
RESULTS = ROOT / "benchmarks" / "results" / "clustering_eval.json"
CACHE = Path(tempfile.gettempdir()) / "rashomon-benchmark-embeddings.db"
SENTENCE_VECTORS: dict = {}  # article id → sentence vectors, for the analysis path's language bridging
LANGUAGES: dict[str, str] = {}
THRESHOLDS = [round(t, 3) for t in np.arange(0.05, 0.81, 0.025)]


def load(path: Path):
    """Prepared articles with their gold events, through the real pipeline stages."""
    from rashomon.documents.ingest import ingest
    from rashomon.engines.local import embed_sentences, prepare_articles
    from rashomon.progress import Reporter
    from rashomon.store import open_store
    from rashomon.stories.signatures import article_signatures

    documents, problems = ingest([path])
    articles = prepare_articles(documents, problems, Reporter())
    for problem in problems:
        print(f"skipped input: {problem}")
    with open_store(CACHE) as cache:
        signatures = article_signatures(articles, cache)
        sentence_vectors, _ = embed_sentences(articles, cache, Reporter())
    for item in signatures:
        SENTENCE_VECTORS[item.article_id] = sentence_vectors[item.article_id]
        LANGUAGES[item.article_id] = next(a.language for a in articles if a.id == item.article_id)
    return articles, signatures


def gold_events(path: Path, articles: list) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    by_source = {f"{path}#{n}": json.loads(line)["event"] for n, line in enumerate(lines, 1) if line.strip()}
    return {a.id: by_source[a.source] for a in articles if a.source in by_source}


def score(stories: list, gold: dict[str, str], only: set[str] | None = None) -> dict[str, float]:
    predicted = {a: story.id for story in stories for a in story.article_ids}
    subset = {a: e for a, e in gold.items() if only is None or a in only}
    p, r, f = b_cubed(predicted, subset)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def evaluate_half(signatures: list, gold: dict[str, str], languages: dict[str, str], model) -> dict:
    from rashomon.stories.clusterer import cluster, group_stories

    by_event: dict[str, set[str]] = {}
    for article_id, event in gold.items():
        by_event.setdefault(event, set()).add(languages[article_id])
    crosslingual = {a for a, e in gold.items() if len(by_event[e]) > 1}
    stories, events = cluster(signatures, model)
    result: dict = {"articles": len(signatures), "events": len(by_event), "stories": len(stories)}
    result["batch"] = score(stories, gold)
    analysed, _ = group_stories(signatures, LANGUAGES, SENTENCE_VECTORS, model)
    result["analysis_path_with_language_bridging"] = score(analysed, gold)
    result["merges"] = sum(e.kind == "merge" for e in events)
    result["splits"] = sum(e.kind == "split" for e in events)
    result["streaming_file_order"] = score(cluster(signatures, model, consolidate=False)[0], gold)
    shuffled = []
    for seed in (1, 2, 3):
        order = list(signatures)
        random.Random(seed).shuffle(order)
        shuffled.append(score(cluster(order, model, consolidate=False)[0], gold))
    result["streaming_shuffled_mean"] = {k: round(float(np.mean([s[k] for s in shuffled])), 4) for k in shuffled[0]}
    result["streaming_shuffled_worst_f1"] = min(s["f1"] for s in shuffled)
    if crosslingual:
        result["crosslingual"] = {"articles": len(crosslingual), **score(stories, gold, crosslingual)}
        result["crosslingual_with_bridging"] = score(analysed, gold, crosslingual)
    return result


def baseline(signatures: list, gold: dict[str, str], halves: dict[str, list]) -> dict:
    """The issue's plain baseline: title+lead cosine, average link, threshold tuned on the whole set."""
    from rashomon.linkage import average_linkage

    def run(items: list, threshold: float) -> dict[str, float]:
        vectors = np.stack([s.vector for s in items])
        ids = [s.article_id for s in items]
        clusters = [[ids[i] for i in c] for c in average_linkage((vectors @ vectors.T).astype(np.float64), threshold)]
        predicted = {a: str(n) for n, members in enumerate(clusters) for a in members}
        p, r, f = b_cubed(predicted, {a: gold[a] for a in ids})
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

    best = max((run(signatures, t)["f1"], t) for t in np.arange(0.70, 0.99, 0.01))
    return {
        "threshold": round(float(best[1]), 2),
        "whole_set": run(signatures, best[1]),
        **{name: run(half, best[1]) for name, half in halves.items()},
    }


def train(corpora: list[Corpus]):
    """Fit the pair model on the tuning halves of all corpora together (pairs across corpora are negatives),
    then pick the threshold that maximises the mean of their B-cubed F1s, dated and undated."""
    from rashomon.stories.clusterer import training_signals
    from rashomon.stories.same_event import StoryModel, fit_monotone

    gold = {a: e for corpus in corpora for a, e in corpus.gold.items()}
    tuning = [item for corpus in corpora for item in corpus.halves["tune"] + corpus.halves_undated["tune"]]
    signals, pairs = training_signals(tuning)
    same = np.array([tuning[i].article_id == tuning[j].article_id for i, j in pairs])
    keep = ~same  # a signature and its undated copy are one article, not a pair
    labels = np.array([gold[tuning[i].article_id] == gold[tuning[j].article_id] for i, j in pairs])[keep]
    weights, bias = fit_monotone(signals[keep], labels)
    model = StoryModel(weights.round(4).tolist(), round(bias, 4), 0.5)
    model.threshold = best_threshold(corpora, gold, model, consolidate=False)
    model.consolidation_threshold = best_threshold(corpora, gold, model, consolidate=True)
    model.trained_on = (
        "tuning halves (even positions of the sorted event ids) of "
        + ", ".join(f"{c.name} ({len(c.halves['tune'])} reports)" for c in corpora)
        + f", each with and without its input dates; {int(keep.sum())} pairs; both thresholds by mean B-cubed F1"
        " there (streaming alone, and consolidated)"
    )
    return model


def best_threshold(corpora: list[Corpus], gold: dict[str, str], model, consolidate: bool) -> float:
    """The grid threshold that maximises the mean B-cubed F1 of the tuning halves, dated and undated: the
    streaming `threshold` (stream alone) or the `consolidation_threshold` (batch, consolidated)."""
    from rashomon.stories.clusterer import cluster

    attribute = "consolidation_threshold" if consolidate else "threshold"
    best = (-1.0, 0.5)
    for threshold in THRESHOLDS:
        setattr(model, attribute, threshold)
        scores = [
            score(cluster(half, model, consolidate=consolidate)[0], gold)["f1"]
            for corpus in corpora
            for half in (corpus.halves["tune"], corpus.halves_undated["tune"])
        ]
        best = max(best, (float(np.mean(scores)), threshold))
    return best[1]


def mixed_test(signatures: list, model) -> dict:
    """The example corpus inside the labelled reports: exactly one story of its five articles?"""
    if not EXAMPLES.is_dir():
        return {"skipped": f"{EXAMPLES} not found"}
    from rashomon.stories.clusterer import group_stories

    examples, example_signatures = load(EXAMPLES)
    mixed = list(signatures)
    for position, item in enumerate(example_signatures):
        mixed.insert((position + 1) * len(mixed) // (len(example_signatures) + 1), item)
    stories, _ = group_stories(mixed, LANGUAGES, SENTENCE_VECTORS, model)
    example_ids = {a.id for a in examples}
    holding = [s for s in stories if example_ids & set(s.article_ids)]
    intruders = sum(len(set(s.article_ids) - example_ids) for s in holding)
    return {
        "example_articles": len(example_ids),
        "stories_holding_them": len(holding),
        "largest_share": max(len(example_ids & set(s.article_ids)) for s in holding),
        "other_reports_joined": intruders,
        "passed": len(holding) == 1 and intruders == 0,
    }


@dataclass
class Corpus:
    """One labelled corpus, prepared: articles, signatures (with and without dates), gold events, halves."""

    name: str
    articles: list
    signatures: list
    undated: list  # the same signatures after every input date was removed (dates from URL/text may remain)
    gold: dict[str, str]
    dropped: int
    halves: dict[str, list] = field(default_factory=dict)
    halves_undated: dict[str, list] = field(default_factory=dict)


def prepare(path: Path) -> Corpus:
    """Read, clean, date and embed a labelled corpus; split its events into tuning and test halves."""
    articles, signatures = load(path)
    gold = gold_events(path, articles)
    lines = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    corpus = Corpus(path.parent.name, articles, signatures, without_dates(articles, signatures), gold,
                    lines - len(articles))
    events = sorted(set(gold.values()))
    chosen = {"tune": set(events[0::2]), "test": set(events[1::2])}
    for name, wanted in chosen.items():
        corpus.halves[name] = [s for s in signatures if gold[s.article_id] in wanted]
        corpus.halves_undated[name] = [s for s in corpus.undated if gold[s.article_id] in wanted]
    return corpus


def without_dates(articles: list, signatures: list) -> list:
    """Signatures as if the input had no `published`: each article re-dated from its URL and head only."""
    from rashomon.documents.dating import date_article
    from rashomon.stories.signatures import signature

    undated = []
    for article, item in zip(articles, signatures, strict=True):
        stripped = date_article(replace(article, published=None, published_from=None))
        undated.append(signature(stripped, item.vector))
    return undated


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", nargs="*", type=Path, default=DEFAULTS)
    parser.add_argument("--train", action="store_true", help="refit stories/same_event.json on the tuning halves")
    args = parser.parse_args(argv)
    present = [path for path in args.labelled if path.is_file()]
    for path in set(args.labelled) - set(present):
        print(f"skipped: {path} not found (the labelled corpora live in ../shared, outside the repository)")
    if not present:
        return 0
    from rashomon.stories.same_event import StoryModel

    started = time.perf_counter()
    corpora = [prepare(path) for path in present]
    if args.train:
        model = train(corpora)
        model.save()
        print(f"trained: weights {model.weights} bias {model.bias} threshold {model.threshold}")
    model = StoryModel.load()
    result: dict = {"model": {"weights": model.weights, "bias": model.bias, "threshold": model.threshold}}
    for corpus in corpora:
        result[corpus.name] = evaluate_corpus(corpus, model)
    result["mixed_test"] = mixed_test(corpora[0].signatures, model)
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, indent=2))
    print(table(result))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


def evaluate_corpus(corpus: Corpus, model) -> dict:
    """Every split of one corpus, with and without dates, and the plain baseline."""
    languages = {a.id: a.language for a in corpus.articles}
    result: dict = {"articles": len(corpus.articles), "pages_dropped": corpus.dropped}
    for name in corpus.halves:
        gold = {s.article_id: corpus.gold[s.article_id] for s in corpus.halves[name]}
        result[name] = evaluate_half(corpus.halves[name], gold, languages, model)
        undated = evaluate_half(corpus.halves_undated[name], gold, languages, model)
        kept = ("batch", "analysis_path_with_language_bridging", "crosslingual")
        result[name]["dates_removed"] = {key: undated[key] for key in kept if key in undated}
    result["baseline_title_lead_average_link"] = baseline(corpus.signatures, corpus.gold, corpus.halves)
    return result


def table(result: dict) -> str:
    """One Markdown table: B-cubed F1 per corpus and half (the README's copy)."""
    rows = [
        "| corpus | half | batch | with bridging | streaming mean (worst) | cross-lingual | dates removed "
        "| cross-lingual, no dates | plain baseline | pages dropped |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, corpus in result.items():
        if not isinstance(corpus, dict) or "tune" not in corpus:
            continue
        for half in ("tune", "test"):
            r = corpus[half]
            removed = r["dates_removed"]
            rows.append(
                f"| {name} | {half} | {r['batch']['f1']:.3f} | {r['analysis_path_with_language_bridging']['f1']:.3f} "
                f"| {r['streaming_shuffled_mean']['f1']:.3f} ({r['streaming_shuffled_worst_f1']:.3f}) "
                f"| {r.get('crosslingual_with_bridging', {}).get('f1', float('nan')):.3f} "
                f"| {removed['analysis_path_with_language_bridging']['f1']:.3f} "
                f"| {removed.get('crosslingual', {}).get('f1', float('nan')):.3f} "
                f"| {corpus['baseline_title_lead_average_link'][half]['f1']:.3f} | {corpus['pages_dropped']} |"
            )
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
