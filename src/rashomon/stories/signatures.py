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
from rashomon.text.scripts import word_features

NAME = re.compile(r"(?<!\w)[A-Z\u00c0-\u00de][\w'’-]+")  # a capitalised word in a Latin-script language
NUMBER = re.compile(r"\d[\d.,]*")


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
    return ArticleSignature(
        article_id=article.id,
        language=article.language,
        published=timestamp(article.published),
        vector=np.asarray(lead_vector, dtype=np.float32),
        terms=Counter(term_hash(w) for w in words if not w.isdigit()),
        names=Counter(term_hash(n.lower()) for n in names_in(article)),
        numbers=sorted({term_hash(n) for n in numbers_in(text)}),
        minhash=minhash(words),
        characters=len(text),
    )


def names_in(article: Article) -> list[str]:
    """Capitalised words that do not open a sentence: names, in languages that capitalise them."""
    found: list[str] = []
    for sentence in article.sentences:
        found.extend(m.group(0) for m in NAME.finditer(sentence.text) if m.start() > 0)
    if article.title:
        found.extend(NAME.findall(article.title))
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
    """Seconds since the epoch for an ISO 8601 date, or None when absent or unreadable."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # a date without a zone is read as UTC
    return moment.timestamp()
