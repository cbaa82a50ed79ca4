"""What a long build is doing: stages and, while WeasyPrint lays the book
out, the page it has reached.

``Progress`` is silent; ``LineProgress`` writes one line per finished stage
(for CI logs and pipes); ``LiveProgress`` draws a live line on a terminal
with rich. The build calls :meth:`Progress.stage` as it goes and wraps the
PDF layout in :meth:`Progress.layout`, which follows WeasyPrint's progress
log ("Step 5 - Creating layout - Page 12").
"""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import TaskID

_PAGE = re.compile(r"Creating layout - Page (\d+)")


class Progress:
    """Reports nothing; the base of the others."""

    def stage(self, name: str) -> None:
        """A stage starts: "read", "transform", "render pdf", "write epub"…"""

    def page(self, number: int) -> None:
        """Layout reached page ``number``."""

    def finish(self) -> None:
        """The build is over (or failed): close the last stage."""

    @contextmanager
    def layout(self) -> Iterator[None]:
        """Follow WeasyPrint's page-by-page progress while the block runs."""
        logger = logging.getLogger("weasyprint.progress")
        handler = _PageHandler(self)
        level, propagate = logger.level, logger.propagate
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # progress is ours to show, not a diagnostic
        try:
            yield
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate


class _PageHandler(logging.Handler):
    def __init__(self, progress: Progress) -> None:
        super().__init__(logging.INFO)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        match = _PAGE.search(record.getMessage())
        if match:
            self.progress.page(int(match.group(1)))


class LineProgress(Progress):
    """One line per stage when it ends: ``render pdf: 12.4 s, 212 pages``."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.current: str | None = None
        self.started = 0.0
        self.pages = 0

    def stage(self, name: str) -> None:
        self._close()
        self.current, self.started, self.pages = name, time.perf_counter(), 0

    def page(self, number: int) -> None:
        self.pages = max(self.pages, number)

    def finish(self) -> None:
        self._close()

    def _close(self) -> None:
        if self.current is None:
            return
        pages = f", {self.pages} pages" if self.pages else ""
        self.stream.write(f"{self.current}: {time.perf_counter() - self.started:.1f} s{pages}\n")
        self.stream.flush()
        self.current = None


class LiveProgress(Progress):
    """A spinner with the stage, the time and the page reached, on a terminal."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress as RichProgress
        from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

        self._bar = RichProgress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task: TaskID | None = None
        self._name = ""

    def stage(self, name: str) -> None:
        if self._task is None:
            self._bar.start()
            self._task = self._bar.add_task(name)
        self._name = name
        self._bar.update(self._task, description=name)

    def page(self, number: int) -> None:
        if self._task is not None:
            self._bar.update(self._task, description=f"{self._name} — page {number}")

    def finish(self) -> None:
        if self._task is not None:
            self._bar.stop()
            self._task = None


def for_terminal(quiet: bool) -> Progress:
    """Live progress on a terminal, one line per stage in a log, nothing when quiet."""
    if quiet:
        return Progress()
    return LiveProgress() if sys.stderr.isatty() else LineProgress()
