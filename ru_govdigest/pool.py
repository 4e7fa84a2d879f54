"""Worker processes that cannot hang, loop or outlive their parent.

``WorkerPool(state, run, n_process).map(items)`` computes ``run(state, item)`` for every
item in worker processes and yields the results in input order. Each worker gets
``state`` once (forked: shared as it is; spawned: unpickled, so an Extractor rebuilds its
models once per worker) and takes items in chunks; it sends each result back as soon as it
has it, so the parent knows which item a worker is on and since when. Then:

- an item that runs longer than ``timeout`` seconds gets ``on_failure(item, TIMEOUT, ...)``,
  its worker is killed and replaced, and the rest of its chunk goes to another worker;
- a worker that dies (the kernel's out-of-memory killer, a crash in native code) costs only
  the item it was on, which gets ``on_failure(item, CRASH, ...)``, and it is replaced;
- a worker exits when its parent dies, even a SIGKILLed parent and even in the middle of
  an item: on Linux the kernel signals it (``PR_SET_PDEATHSIG``), elsewhere a thread of the
  worker watches its parent's pid;
- at most ``4 * n_process`` chunks are read ahead of the result due next, so a huge input is
  never read whole and memory stays flat.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterable, Iterator, Optional

# What happened to an item that has no result: its failure kind (records keep it in
# ``meta.error_kind``; ``--resume`` retries both) and the message for its error record.
TIMEOUT = "timeout"
CRASH = "crash"
ERROR = "internal"
DIED = "worker process died on this article (out of memory or a crash in native code)"

_PARENT_POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1


def processes(n: int) -> int:
    """A number of worker processes as spaCy and the CLI take it: ``-1`` or ``0`` means
    one per usable core."""
    if n in (-1, 0):
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return os.cpu_count() or 1
    if n < -1:
        raise ValueError(f"n_process takes -1 or 0 (all cores) or a positive number, not {n}")
    return n


@dataclass
class _Worker:
    process: Any
    conn: Connection
    todo: deque = field(default_factory=deque)  # (index, item) of its chunk, current first
    since: float = 0.0  # when it started the current item


class WorkerPool:
    """``map(items)`` over ``n_process`` worker processes (see the module docstring).

    ``run(state, item)`` must be a module-level function (workers may be spawned);
    ``on_failure(item, kind, message)`` gives the result of an item that has none."""

    def __init__(self, state: Any, run: Callable[[Any, Any], Any], n_process: int, *,
                 on_failure: Callable[[Any, str, str], Any],
                 timeout: Optional[float] = None) -> None:
        self.state = state
        self.run = run
        self.n_process = processes(n_process)
        self.on_failure = on_failure
        self.timeout = timeout if timeout and timeout > 0 else None
        self.context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
        self.workers: list[_Worker] = []
        self.replaced = 0  # workers killed or dead and replaced

    # -- workers ------------------------------------------------------------------------
    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(target=_worker_main, daemon=True,
                                       args=(child_end, self.state, self.run, os.getpid()))
        process.start()
        child_end.close()  # only the worker holds it now: its death reads as EOF here
        return _Worker(process, parent_end)

    def _replace(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        fresh = self._start()
        self.workers[self.workers.index(worker)] = fresh
        self.replaced += 1

    def close(self) -> None:
        """Stop the workers: ask, wait a moment, then kill."""
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 2.0
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        if self.workers:
            gc.unfreeze()
        self.workers = []

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    # -- the map ----------------------------------------------------------------------
    def map(self, items: Iterable, chunksize: int = 8) -> Iterator:
        """The results of ``run(state, item)`` for the items, in input order."""
        chunksize = max(1, chunksize)
        window = 4 * self.n_process * chunksize  # items read ahead of the one due next
        if not self.workers:
            if self.context.get_start_method() == "fork":
                # Forked workers share the parent's memory until they write to it; the
                # cyclic GC would write to every object it visits (and copy its page).
                gc.collect()
                gc.freeze()
            self.workers = [self._start() for _ in range(self.n_process)]
        source = enumerate(items)
        again: deque = deque()  # (index, item) left by a worker that was replaced
        done: dict[int, Any] = {}
        next_out = read = 0
        exhausted = False
        while True:
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            for worker in list(self.workers):
                if worker.todo:
                    continue
                chunk = [again.popleft() for _ in range(min(chunksize, len(again)))]
                if not chunk and not exhausted and read - next_out < window:
                    chunk = list(islice(source, chunksize))
                    read += len(chunk)
                    exhausted = len(chunk) < chunksize
                if chunk:
                    self._send(worker, chunk, again)
            busy = [w for w in self.workers if w.todo]
            if not busy:
                if exhausted and not again:
                    return
                continue
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                 timeout=self._wait_seconds(busy))
            for worker in busy:
                self._collect(worker, done, again)

    def _send(self, worker: _Worker, chunk: list, again: deque) -> None:
        try:
            worker.conn.send([item for _, item in chunk])
        except OSError:  # it died while idle: the chunk waits for its replacement
            again.extendleft(reversed(chunk))
            self._replace(worker)
            return
        worker.todo.extend(chunk)
        worker.since = time.monotonic()

    def _wait_seconds(self, busy: list[_Worker]) -> Optional[float]:
        if self.timeout is None:
            return None
        first = min(w.since for w in busy) + self.timeout
        return max(0.0, first - time.monotonic()) + 0.01

    def _collect(self, worker: _Worker, done: dict[int, Any], again: deque) -> None:
        """Take the results the worker has sent; fail its current item if it died or
        overran, and hand the rest of its chunk back."""
        failure = None
        try:
            while worker.todo and worker.conn.poll():
                ok, payload = worker.conn.recv()
                index, item = worker.todo.popleft()
                done[index] = payload if ok else self.on_failure(item, ERROR, payload)
                worker.since = time.monotonic()
        except (EOFError, OSError):
            failure = (CRASH, DIED)
        if worker.todo and failure is None:
            if not worker.process.is_alive():
                failure = (CRASH, DIED)
            elif self.timeout is not None and time.monotonic() - worker.since > self.timeout:
                failure = (TIMEOUT, f"timed out after {self.timeout:g} s (--timeout); "
                                    "its worker process was replaced")
        if failure is None or not worker.todo:
            if failure is not None:
                self._replace(worker)
            return
        index, item = worker.todo.popleft()
        done[index] = self.on_failure(item, *failure)
        again.extendleft(reversed(worker.todo))
        worker.todo.clear()
        self._replace(worker)


# -- inside a worker ------------------------------------------------------------------------
def _worker_main(conn: Connection, state: Any, run: Callable[[Any, Any], Any],
                 parent: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        for item in chunk:
            try:
                message = (True, run(state, item))
            except Exception as exc:  # one item's bug must not cost the others
                message = (False, f"{type(exc).__name__}: {exc}")
            try:
                conn.send(message)
            except (BrokenPipeError, OSError):
                return
            except Exception as exc:  # a result that does not pickle
                conn.send((False, f"result could not be sent: {type(exc).__name__}: {exc}"))


def _die_with_parent(parent: int) -> None:
    """Exit when the parent process dies, however it dies."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)
    if os.name == "nt":
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="govdigest-parent-watch", daemon=True).start()
