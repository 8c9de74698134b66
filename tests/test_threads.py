"""Thread pools: small embedding calls on one engine thread on a busy machine, BLAS on one thread during an analysis."""

from __future__ import annotations

import os
from pathlib import Path

from threadpoolctl import threadpool_info

from rashomon.embed import encode
from rashomon.threads import SMALL_BATCH, analysis_threads, engine_threads, one_engine_thread, others_running


def openmp_threads() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "openmp"}


def test_idle_openmp_threads_spin_briefly_unless_the_user_chose() -> None:
    assert os.environ.get("GOMP_SPINCOUNT") or os.environ.get("OMP_WAIT_POLICY")  # set before the engine loads


def load_file(tmp_path: Path, running: int) -> Path:
    """A file in /proc/loadavg's format: three load averages, runnable/total threads, the last pid."""
    path = tmp_path / f"loadavg-{running}"
    path.write_text(f"0.50 0.40 0.30 {running}/300 4242\n", encoding="ascii")
    return path


def test_a_small_embedding_call_runs_on_one_engine_thread_when_others_hold_the_cores(tmp_path: Path) -> None:
    encode(["the engine's library is loaded by a first call"])
    default = openmp_threads()
    assert default  # the engine's OpenMP runtime is visible to threadpoolctl
    busy = load_file(tmp_path, running=1 + (os.cpu_count() or 1))  # the caller and one per core besides
    with engine_threads(1, busy):
        assert openmp_threads() == {1}
    with engine_threads(SMALL_BATCH, busy):
        assert openmp_threads() == default
    with engine_threads(1, load_file(tmp_path, running=1)):  # only the caller runs: keep both threads
        assert openmp_threads() == default
    with engine_threads(1, tmp_path / "missing"):  # not known: the safe choice
        assert openmp_threads() == {1}
    assert openmp_threads() == default


def test_when_a_call_takes_one_engine_thread() -> None:
    assert not one_engine_thread(1, others=0, cores=2)
    assert one_engine_thread(1, others=1, cores=2)
    assert not one_engine_thread(1, others=2, cores=4) and one_engine_thread(1, others=3, cores=4)
    assert not one_engine_thread(SMALL_BATCH, others=5, cores=2)
    assert one_engine_thread(1, others=None, cores=2) and one_engine_thread(1, others=0, cores=None)


def test_runnable_threads_are_read_from_the_kernel(tmp_path: Path) -> None:
    assert others_running(load_file(tmp_path, running=3)) == 2
    assert others_running(load_file(tmp_path, running=0)) == 0
    assert others_running(tmp_path / "missing") is None
    (tmp_path / "garbled").write_text("not a load line", encoding="ascii")
    assert others_running(tmp_path / "garbled") is None


def test_blas_runs_on_one_thread_during_an_analysis_and_is_restored() -> None:
    before = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    with analysis_threads():
        assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")
    assert [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"] == before
