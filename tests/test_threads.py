"""Thread pools: small embedding calls on one engine thread, BLAS on one thread during an analysis."""

from __future__ import annotations

import os

from threadpoolctl import threadpool_info

from rashomon.embed import encode
from rashomon.threads import SMALL_BATCH, analysis_threads, engine_threads


def openmp_threads() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "openmp"}


def test_openmp_threads_wait_passively_unless_the_user_chose() -> None:
    assert os.environ.get("OMP_WAIT_POLICY")  # set before the engine's library loads


def test_a_small_embedding_call_runs_on_one_engine_thread() -> None:
    encode(["the engine's library is loaded by a first call"])
    default = openmp_threads()
    assert default  # the engine's OpenMP runtime is visible to threadpoolctl
    with engine_threads(1):
        assert openmp_threads() == {1}
    with engine_threads(SMALL_BATCH):
        assert openmp_threads() == default
    assert openmp_threads() == default


def test_blas_runs_on_one_thread_during_an_analysis_and_is_restored() -> None:
    before = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    with analysis_threads():
        assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")
    assert [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"] == before
