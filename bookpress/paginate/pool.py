"""Long-lived layout workers: forked once, each lays out unit after unit.

A worker is forked from the process that renders the PDF (itself the child
that :mod:`bookpress.writers.pdf_worker` bounds), so it starts with WeasyPrint
imported, the fonts configured and the book in memory: nothing is pickled on
the way in but the unit's HTML. A fresh process per chapter cost about a
second each (import and font set-up: 42 s instead of 14 s for 28 chapters).

Limits stay meaningful: a worker inherits its parent's address-space ceiling
(``[build] memory``, per process), and dies with its parent
(``PR_SET_PDEATHSIG``), so the parent's ``[build] timeout`` stops everything.
A worker killed by the kernel (out of memory) is a :class:`MemoryError` in
the parent; any other death is a crash.

Python's cycle collector is told to leave alone what a worker inherits
(``gc.freeze``: the book, the HTML, WeasyPrint's modules) and to run less
often (:func:`fewer_collections`): WeasyPrint allocates millions of small
objects per chapter, and with the default thresholds the collector walked
the inherited heap and the kept layouts over and over — on ml-engineering,
two workers spent 55 of their 92 CPU seconds collecting (wall clock under
load), and the build took 98 CPU seconds; frozen and with fewer
collections, 76.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any, cast

from ..diagnostics import BookError

_PR_SET_PDEATHSIG = 1


class WorkerPool:
    """``jobs`` forked workers running ``work(task)``; tasks are sent to a
    free worker, results come back in the order they finish."""

    def __init__(self, jobs: int, work: Callable[[Any], Any]) -> None:
        # os.fork, not multiprocessing.Process: the renderer is itself a
        # daemonic multiprocessing child (pdf_worker), which may not have any.
        self._workers: list[tuple[int, Connection]] = []
        self._busy: dict[Connection, Any] = {}  # connection → tag of its task
        self.finished_by = 0
        for _ in range(max(1, jobs)):
            mine, theirs = multiprocessing.Pipe(duplex=True)
            pid = os.fork()
            if pid == 0:  # the worker
                mine.close()
                for _pid, other in self._workers:
                    other.close()
                _serve(theirs, work)
            theirs.close()
            self._workers.append((pid, mine))

    @property
    def free(self) -> int:
        return len(self._workers) - len(self._busy)

    @property
    def size(self) -> int:
        return len(self._workers)

    @property
    def busy(self) -> int:
        return len(self._busy)

    def is_free(self, worker: int) -> bool:
        return self._workers[worker][1] not in self._busy

    def submit(self, tag: Any, task: Any, worker: int | None = None) -> None:
        """Send ``task`` to ``worker`` (it must be free), or to any free worker."""
        if worker is None:
            connection = next(c for _, c in self._workers if c not in self._busy)
        else:
            connection = self._workers[worker][1]
            assert connection not in self._busy
        connection.send(task)
        self._busy[connection] = tag

    def next_done(self) -> tuple[Any, Any]:
        """(tag, result) of the next task to finish; raises what the worker raised.
        :attr:`finished_by` is then the worker that did it."""
        ready = wait(list(self._busy))
        connection = cast(Connection, ready[0])  # waited on connections only
        tag = self._busy.pop(connection)
        self.finished_by = next(n for n, (_, c) in enumerate(self._workers) if c is connection)
        try:
            kind, payload = connection.recv()
        except (EOFError, OSError):
            pid = next(p for p, c in self._workers if c is connection)
            code = _reap(pid, 5.0)
            if code == -signal.SIGKILL:
                raise MemoryError("a layout worker was killed (out of memory)") from None
            raise RuntimeError(f"a layout worker died (exit code {code})") from None
        if kind == "done":
            return tag, payload
        if kind == "book-error":
            raise BookError(payload)
        if kind == "memory":
            raise MemoryError("a layout worker ran out of memory")
        raise RuntimeError(f"a layout worker failed:\n{payload}")

    def close(self) -> None:
        for _pid, connection in self._workers:
            with contextlib.suppress(OSError):
                connection.send(None)
            connection.close()
        for pid, _ in self._workers:
            if _reap(pid, 2.0) is None:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                _reap(pid, None)
        self._workers.clear()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _reap(pid: int, timeout: float | None) -> int | None:
    """The worker's exit code (negative: the signal that ended it); None if
    it is still running after ``timeout`` seconds."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        try:
            done, status = os.waitpid(pid, 0 if deadline is None else os.WNOHANG)
        except ChildProcessError:
            return 0
        if done:
            return os.waitstatus_to_exitcode(status)
        if deadline is not None and time.monotonic() > deadline:
            return None
        time.sleep(0.02)


@contextlib.contextmanager
def fewer_collections():
    """While units are laid out: what is alive now (the book, its HTML) left
    out of the cycle collector's walks, and the collector run a tenth as
    often; the garbage of a layout (WeasyPrint's boxes hold cycles) is
    collected once per unit (:func:`collect_unit`) instead."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(10_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def collect_unit() -> None:
    """The cycles a unit's layout left behind, freed before the next one
    (without it, memory grew with the book: 1,474 MB at 800 pages)."""
    gc.collect()


def _serve(connection: Connection, work: Callable[[Any], Any]) -> None:
    # (forked inside fewer_collections: what it inherits is frozen, the thresholds set)
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _quiet_progress()
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            break
        if task is None:
            break
        try:
            message: tuple[str, Any] = ("done", work(task))
        except BookError as exc:
            message = ("book-error", exc.diagnostic)
        except MemoryError:
            message = ("memory", None)
        except BaseException:
            message = ("crash", traceback.format_exc())
        try:
            connection.send(message)
        except (OSError, MemoryError):
            break
    connection.close()
    os._exit(0)


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the parent is already gone
        os._exit(1)


def _quiet_progress() -> None:
    """The page progress the parent relays belongs to the parent's pipe; a
    worker writing into it too would garble the messages."""
    logger = logging.getLogger("weasyprint.progress")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
