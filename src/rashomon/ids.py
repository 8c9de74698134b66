"""Stable identifiers: the same input always gets the same ids, so re-runs are idempotent."""

from __future__ import annotations

import hashlib


def article_id(content_hash: str) -> str:
    return "a" + content_hash[:10]


def short_hash(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return digest.hexdigest()[:10]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
