"""Failure isolation: one broken document or story becomes a one-line Problem, never a lost batch."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from rashomon.datamodel import Problem

In = TypeVar("In")
Out = TypeVar("Out")


def attempt(stage: Callable[[In], Out], item: In, source_of: Callable[[In], str]) -> Out | Problem:
    """The stage's result, or the one-line Problem it raised (any engine uses this for per-document isolation)."""
    try:
        return stage(item)
    except Exception as error:
        if os.environ.get("RASHOMON_DEBUG"):
            raise
        return Problem(source_of(item), f"{type(error).__name__}: {error}".splitlines()[0])
