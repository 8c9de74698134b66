"""Words an outlet uses distinctively against the story's other same-language outlets: weighted log-odds with
an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008)."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from rashomon.config import settings
from rashomon.datamodel import Article, Story
from rashomon.text.scripts import WORD
from rashomon.text.stopwords import stop_words


def distinctive_terms(story: Story, articles: dict[str, Article]) -> dict[str, list[tuple[str, float]]]:
    """Outlet → the words it over-uses against the story's other outlets writing in the same language."""
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for article_id in story.article_ids:
        article = articles[article_id]
        counts[(article.outlet_label, article.language)].update(content_counts(article))
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for (_, language), outlet_counts in counts.items():
        totals[language].update(outlet_counts)
    result: dict[str, list[tuple[str, float]]] = {}
    for (outlet, language), own in counts.items():
        if sum(1 for _, other_language in counts if other_language == language) < 2:
            continue  # nothing to compare with in this language
        scores = log_odds(own, totals[language] - own, totals[language])
        leaning = ((w, z) for w, z in scores.items() if z >= settings().compare.distinctive_z)
        top = sorted(leaning, key=lambda item: -item[1])
        result[outlet] = [(w, round(z, 2)) for w, z in top[:settings().compare.max_terms]]
    return result


def content_counts(article: Article) -> Counter[str]:
    """Word counts without the language's function words (spaCy's English and hazm's Persian stop lists)."""
    stop = stop_words(article.language)
    found = WORD.findall(article.text.casefold())
    words = (re.sub(r"(?:['’]s|['’])$", "", word) for word in found)
    return Counter(word for word in words if word not in stop and len(word) > 1)


def log_odds(own: Counter[str], rest: Counter[str], background: Counter[str]) -> dict[str, float]:
    """z-scores of the log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008, eq. 22)."""
    total = sum(background.values())
    own_n, rest_n = sum(own.values()), sum(rest.values())
    scores = {}
    for word in own:
        prior = settings().compare.prior_strength * background[word] / total
        own_odds = (own[word] + prior) / (own_n + settings().compare.prior_strength - own[word] - prior)
        rest_odds = (rest[word] + prior) / (rest_n + settings().compare.prior_strength - rest[word] - prior)
        delta = math.log(own_odds) - math.log(rest_odds)
        variance = 1 / (own[word] + prior) + 1 / (rest[word] + prior)
        scores[word] = delta / math.sqrt(variance)
    return scores
