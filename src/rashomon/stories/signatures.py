"""What story clustering knows about an article: a title+lead vector, its terms, names, numbers and a MinHash.

Signatures are computed once per article from its text alone (no corpus state), so they can be made in
parallel, cached and replayed; corpus statistics (term rarity, per-language centres) are applied by the
clusterer as the stream goes.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
from datetime import UTC, datetime

import numpy as np

from rashomon.config import settings
from rashomon.datamodel import Article, ArticleSignature
from rashomon.embed import EmbeddingCache, embed_texts
from rashomon.text.calendar import day_mentions
from rashomon.text.names import keyed_names
from rashomon.text.scripts import is_cased, spaced_length, word_features

NUMBER = re.compile(r"\d[\d.,]*")
MONTH_ONLY = re.compile(r"\d{4}-\d\d")
MONTH_SPREAD = 15.25 * 86400.0  # half of an average month, in seconds


def lead_text(article: Article) -> str:
    """Title and first sentences: where news puts who, what, where and when."""
    title = (article.title or "").strip()
    lead = article.sentences[: settings().signatures.lead_sentences + 1]
    body = " ".join(s.text for s in lead if s.text.strip() != title)
    return (f"{title}. {body}" if title else body)[:settings().signatures.lead_characters]


def article_signatures(articles: list[Article], cache: EmbeddingCache) -> list[ArticleSignature]:
    """Signatures for a batch, embedding the lead texts through the cache (re-runs do no model work)."""
    vectors, _ = embed_texts([lead_text(article) for article in articles], cache)
    return [signature(article, vector) for article, vector in zip(articles, vectors, strict=True)]


def signature(article: Article, lead_vector: np.ndarray) -> ArticleSignature:
    """The article's clustering signature, given the embedding of `lead_text(article)`.

    `lead_vector`: (D,) float32 unit embedding of the lead.
    """
    text = article.text
    words = word_features(text)
    published, spread = timestamp_and_spread(article.published)
    return ArticleSignature(
        article_id=article.id,
        language=article.language,
        published=published,
        published_spread=spread,
        days=sorted(month * 100 + day for month, day in day_mentions(text, article.language)),
        vector=np.asarray(lead_vector, dtype=np.float32),
        terms=Counter(term_hash(w) for w in words if not w.isdigit()),
        names=Counter(term_hash(key) for key in names_in(article)),
        numbers=sorted({term_hash(n) for n in numbers_in(text)}),
        minhash=minhash(words),
        characters=spaced_length(text),
    )


def names_in(article: Article) -> list[str]:
    """Script-independent keys of the article's likely names (text/names.keyed_names), and cased names.

    So 'Putin', 'Путин' and 'بوتين' all count as the key 'btn'; a cased name also counts as itself,
    lower-cased (within one script the exact spelling tells 'Sochi' from other names of its skeleton).
    """
    texts = [(sentence.text, True) for sentence in article.sentences]
    if article.title:
        texts.append((article.title, False))
    found: list[str] = []
    for text, skip_first in texts:
        for start, end, key in keyed_names(text, article.language, skip_first):
            word = text[start:end]
            found.extend(([word.lower()] if is_cased(word) else []) + ([key] if key else []))
    return found


def numbers_in(text: str) -> set[str]:
    """Numbers of two or more digits in any script, separators dropped (so 1,200 and 1.200 meet)."""
    found = set()
    for match in NUMBER.finditer(text):
        digits = "".join(str(unicodedata.digit(c)) for c in match.group(0) if c.isdigit())
        if len(digits) >= 2:
            found.add(digits)
    return found


def minhash(words: list[str]) -> np.ndarray:
    """MinHash of word shingles (datasketch): equal slots estimate the Jaccard overlap of two texts.

    Returns (`signatures.minhash_permutations`,) uint32.
    """
    from datasketch import MinHash

    size = settings().signatures.shingle_words
    shingles = {" ".join(words[i : i + size]).encode() for i in range(max(1, len(words) - size + 1))}
    sketch = MinHash(num_perm=settings().signatures.minhash_permutations, seed=1)
    sketch.update_batch(sorted(shingles))
    return np.asarray(sketch.hashvalues, dtype=np.uint32)


def term_hash(term: str) -> int:
    """A stable hash (CRC-32): Python's own hash changes between processes."""
    return zlib.crc32(term.encode("utf-8"))


def timestamp(published: str | None) -> float | None:
    """Seconds since the epoch for an ISO 8601 date, or None when absent or unreadable.

    A month-precision date ("2023-09") gives the middle of the month; a bare year none.
    """
    return timestamp_and_spread(published)[0]


def timestamp_and_spread(published: str | None) -> tuple[float | None, float]:
    """(seconds since the epoch or None, how far in seconds the true moment may lie from it: half a month
    for "YYYY-MM", else 0)."""
    if not published:
        return None, 0.0
    if MONTH_ONLY.fullmatch(published.strip()):
        start = datetime.fromisoformat(published.strip() + "-01").replace(tzinfo=UTC).timestamp()
        return start + MONTH_SPREAD, MONTH_SPREAD
    try:
        moment = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None, 0.0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # a date without a zone is read as UTC
    return moment.timestamp(), 0.0
