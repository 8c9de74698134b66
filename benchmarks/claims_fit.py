"""Fit the fact-pair model (src/rashomon/analysis/fact_pairs.json) on the fit half of the claims benchmark.

For each annotated story of the fit half of benchmarks/claims (its pages as the corpus labels them, not as the
clusterer groups them), every pair of fact-sized sentences of two articles is a training pair: positive
when both sentences contain a fragment of one annotated fact, negative otherwise (the annotation lists
every fact two or more pages state). A logistic regression over the pair signals of
analysis/fact_pairs.py gives P(same fact); the threshold is then the one at which fact alignment
(analysis/align.fact_linkage) has the highest F-beta of link precision and recall on the fit half, beta 0.5 (precision
weighs twice as much as recall: a false "reported by five outlets" costs more than a missed link). The
held-out half is never read.

    python benchmarks/claims_fit.py                 # fit and write the model
    python benchmarks/claims_fit.py --dry-run       # print the sweep, write nothing
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "multilingual-events" / "articles.jsonl"
CACHE = Path(tempfile.gettempdir()) / "rashomon-claims-embeddings.db"


def load_articles(corpus: Path) -> tuple[dict[str, Any], dict[str, np.ndarray], dict[str, str], Any]:
    """Prepared articles by id, sentence id → vector, corpus page id → article id, and an embed function."""
    from rashomon.documents.ingest import ingest
    from rashomon.embed import embed_texts
    from rashomon.engines.local import embed_sentences, prepare_articles
    from rashomon.progress import Reporter
    from rashomon.store import open_store

    documents, problems = ingest([corpus])
    articles = prepare_articles(documents, problems, Reporter())
    if corpus.is_dir():
        page_of = {a.id: a.id for a in articles}
    else:
        rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
        page_of = {a.id: rows[int(a.source.rsplit("#", 1)[1]) - 1]["id"] for a in articles}
    cache = open_store(CACHE)
    per_article, _ = embed_sentences(articles, cache, Reporter())
    vectors = {s.id: per_article[a.id][row] for a in articles for row, s in enumerate(a.sentences)}

    def embed(texts: list[str]) -> np.ndarray:
        return embed_texts(texts, cache)[0]

    return {a.id: a for a in articles}, vectors, {page_of[a]: a for a in page_of}, embed


def example_story() -> tuple[dict[str, Any], dict[str, Any], dict[str, np.ndarray], dict[str, str], Any]:
    """The bundled example (five reports of one meeting) with its hand annotation, in the fit-story format.

    Returns (story, articles by id, sentence vectors, page id → article id, embed): its pages are keyed
    by article id.
    """
    from pathlib import PurePath

    gold = json.loads((ROOT / "tests" / "fixtures" / "iran-belarus-2023.gold.json").read_text(encoding="utf-8"))
    articles, vectors, _, embed = load_articles(ROOT / "examples" / "iran-belarus-2023")
    prefix_of = {a.id: PurePath(a.source).name.split("_")[0] for a in articles.values()}
    article_of = {prefix: article_id for article_id, prefix in prefix_of.items()}
    facts = [
        {"id": fact["id"], "reported_by": {article_of[k]: v for k, v in fact["reported_by"].items()}}
        for fact in gold["facts"]
    ]
    story = {"event": "iran-belarus-2023 (example)", "articles": sorted(articles), "facts": facts}
    return story, articles, vectors, {a: a for a in articles}, embed


def sentence_facts(
    story: dict[str, Any], articles: dict[str, Any], by_page: dict[str, str]
) -> dict[tuple[str, int], set[str]]:
    """(article id, sentence index) → ids of the annotated facts one of whose fragments the sentence contains."""
    from rashomon.evaluate import covered, locate_all

    found: dict[tuple[str, int], set[str]] = {}
    for fact in story["facts"]:
        texts = [(p, t) for p, t in fact["reported_by"].items()]
        texts += [(p, t) for p, extra in fact.get("also", {}).items() for t in extra]
        for page, text in texts:
            article = articles[by_page[page]]
            for spot in locate_all(text, {"id": article.id, "text": article.text}):
                for s in article.sentences:
                    if covered([(s.start, s.end)], spot):
                        found.setdefault((article.id, s.index), set()).add(fact["id"])
    return found


def training_pairs(stories, articles, vectors, by_page) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """(n_pairs, len(FEATURES)) signals and (n_pairs,) 0/1 labels over the fit stories."""
    from rashomon.analysis.align import is_fact_sized, local_scaling
    from rashomon.analysis.fact_pairs import claim_parts, pair_features
    from rashomon.config import settings

    signals, labels = [], []
    for story in stories:
        facts = sentence_facts(story, articles, by_page)
        ids = [by_page[p] for p in story["articles"]]
        units = [s for a in ids for s in articles[a].sentences if is_fact_sized(s)]
        matrix = np.stack([vectors[s.id] for s in units])
        article_of = np.array([ids.index(s.article_id) for s in units])
        raw = matrix @ matrix.T
        scaled = local_scaling(raw, article_of, settings().align.neighbours)
        features = pair_features([claim_parts(s) for s in units], raw, scaled, article_of)
        for i, j in combinations(range(len(units)), 2):
            if article_of[i] == article_of[j]:
                continue
            a, b = units[i], units[j]
            signals.append(features[i, j])
            labels.append(bool(facts.get((a.article_id, a.index), set()) & facts.get((b.article_id, b.index), set())))
    return np.array(signals), np.array(labels, dtype=float)


def link_scores(stories, articles, vectors, by_page, embed, model) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Fact-link precision and recall of align_story with `model` on the stories (sentence-level links)."""
    from rashomon.analysis.align import align_story
    from rashomon.datamodel import Story

    correct = system = found = gold = 0
    for story in stories:
        facts = sentence_facts(story, articles, by_page)
        ids = [by_page[p] for p in story["articles"]]
        groups = align_story(Story("s", ids), articles, vectors, embed=embed, model=model)
        together = set()
        for group in groups:
            keys = [(m.article_id, m.sentence_index) for m in group.mentions]
            for a, b in combinations(keys, 2):
                if a[0] != b[0]:
                    system += 1
                    correct += bool(facts.get(a, set()) & facts.get(b, set()))
                    together |= {(a, b), (b, a)}
        for a, b in combinations(sorted(facts), 2):
            if a[0] != b[0] and facts[a] & facts[b]:
                gold += 1
                found += (a, b) in together
    return correct / max(system, 1), found / max(gold, 1)


def main(argv: list[str]) -> int:
    from rashomon.analysis.fact_pairs import FEATURES, FactPairModel
    from rashomon.stories.same_event import fit_logistic

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--beta", type=float, default=0.5, help="F-beta the threshold maximises (< 1: precision first)")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS}: corpus not found (it lives in ../shared beside the repository)")
        return 0
    from claims.split import load_half

    stories = load_half("fit")["stories"]
    articles, vectors, by_page, embed = load_articles(CORPUS)
    example, example_articles, example_vectors, example_pages, _ = example_story()
    stories.append(example)
    articles.update(example_articles)
    vectors.update(example_vectors)
    by_page.update(example_pages)
    signals, labels = training_pairs(stories, articles, vectors, by_page)
    print(f"{len(labels)} pairs, {int(labels.sum())} positive")
    weights, bias = fit_logistic(signals, labels, l2=0.01)
    for name, weight in zip(FEATURES, weights, strict=True):
        print(f"  {name:<18}{weight:+.3f}")
    chosen, best = None, -1.0
    for threshold in np.arange(0.10, 0.91, 0.05):
        model = FactPairModel([round(float(w), 4) for w in weights], round(bias, 4), round(float(threshold), 3))
        precision, recall = link_scores(stories, articles, vectors, by_page, embed, model)
        example_scores = link_scores([example], articles, vectors, by_page, embed, model)
        print(
            f"threshold {threshold:.2f}: link precision {precision:.3f} recall {recall:.3f}"
            f" (example alone: {example_scores[0]:.3f}, {example_scores[1]:.3f})"
        )
        f_beta = (1 + args.beta**2) * precision * recall / max(args.beta**2 * precision + recall, 1e-9)
        if f_beta > best:
            chosen, best = model, f_beta
    assert chosen is not None
    events = ", ".join(s["event"] for s in stories)
    chosen.trained_on = f"claims benchmark fit half and the bundled example: {events} ({len(labels)} sentence pairs)"
    print(f"chosen threshold {chosen.threshold}")
    if not args.dry_run:
        chosen.save()
        print("written to src/rashomon/analysis/fact_pairs.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
