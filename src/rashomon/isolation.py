"""Failure isolation: one broken document or story becomes a one-line Problem, never a lost batch."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from rashomon.datamodel import Problem

In = TypeVar("In")
Out = TypeVar("Out")


class StageTimeout(Exception):
    """A stage ran past its time limit on one item."""


def attempt(
    stage: Callable[[In], Out], item: In, source_of: Callable[[In], str], seconds: float | None = None
) -> Out | Problem:
    """The stage's result, or the one-line Problem it raised (any engine uses this for per-document isolation).

    With `seconds`, a stage still running after that long on this item is stopped and becomes the problem
    "took longer than N s" (a SIGALRM timer: main thread on Unix only; elsewhere no limit applies, and
    code inside a C extension is stopped only when it returns to Python).
    """
    try:
        with time_limit(seconds):
            return stage(item)
    except Exception as error:
        if os.environ.get("RASHOMON_DEBUG"):
            raise
        return Problem(source_of(item), f"{type(error).__name__}: {error}".splitlines()[0])


def one_line(message: str, limit: int = 200) -> str:
    """The first line of a message, at most `limit` characters (an error shown as one problem line)."""
    return (message.splitlines() or [""])[0][:limit]


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise StageTimeout in the block after `seconds` (no limit when None or off the main thread)."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise StageTimeout(f"took longer than {seconds:g} s (ingest.max_document_seconds)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
