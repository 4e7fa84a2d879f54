"""The worker pool: input order, bounded read-ahead, time limits, dead workers, n_process."""
from __future__ import annotations

import os
import random
import time

import pytest

from ru_govdigest.pool import CRASH, DIED, ERROR, TIMEOUT, WorkerPool, processes


def _square(offset: int, item: int) -> int:
    """Squares the item after a pause that makes later items finish first now and then."""
    time.sleep(random.Random(item).random() * 0.01)
    if item == -1:
        os._exit(9)  # a crash in native code, the OOM killer
    if item == -2:
        time.sleep(3600)  # an article that never ends
    if item == -3:
        raise RuntimeError("a bug")
    return offset + item * item


def _failed(item: int, kind: str, message: str) -> tuple[int, str, str]:
    return (item, kind, message)


def test_results_come_in_input_order_with_the_state_of_each_worker():
    with WorkerPool(1000, _square, 2, on_failure=_failed) as pool:
        assert list(pool.map(range(50), chunksize=3)) == [1000 + i * i for i in range(50)]


def test_the_input_is_read_ahead_only_a_few_chunks():
    pulled = []

    def items():
        for i in range(1000):
            pulled.append(i)
            yield i

    with WorkerPool(0, _square, 2, on_failure=_failed) as pool:
        results = pool.map(items(), chunksize=4)
        assert next(results) == 0
        assert len(pulled) <= 4 * 2 * 4 + 4  # the window, and one chunk being read
        assert list(results)[-1] == 999 * 999


def test_a_crash_a_hang_and_a_bug_cost_only_their_items():
    items = [1, 2, -1, 3, -2, 4, -3, 5]
    with WorkerPool(0, _square, 2, on_failure=_failed, timeout=2) as pool:
        started = time.monotonic()
        results = list(pool.map(items, chunksize=4))
        assert time.monotonic() - started < 60
        assert pool.replaced == 2  # the dead one and the one that ran over its time
    assert results[:2] == [1, 4] and results[3] == 9 and results[5] == 16 and results[7] == 25
    assert results[2] == (-1, CRASH, DIED)
    assert results[4] == (-2, TIMEOUT, "timed out after 2 s (--timeout); its worker process "
                                       "was replaced")
    assert results[6] == (-3, ERROR, "RuntimeError: a bug")


def test_a_pool_without_a_time_limit_waits():
    with WorkerPool(0, _square, 1, on_failure=_failed, timeout=0) as pool:
        assert pool.timeout is None
        assert list(pool.map([3])) == [9]


def test_n_process_conventions():
    cores = processes(-1)
    assert cores >= 1 and processes(0) == cores and processes(3) == 3
    with pytest.raises(ValueError, match="n_process takes -1 or 0"):
        processes(-2)
