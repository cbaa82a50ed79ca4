"""Errors and warnings as data, with the place in the manuscript they are about.

Every stage reports problems by adding a :class:`Diagnostic` to a
:class:`Diagnostics` collector; only the command line turns them into text
and exit codes. Each code is one of :mod:`bookpress.diagnostic_codes`. A
problem that makes the build impossible raises :class:`BookError`, which
carries its diagnostic.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int | None
    col: int | None
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        where = self.path or "<book>"
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return f"{where}: {self.severity.value}: {self.message} [{self.code}]"


class BookError(Exception):
    """A problem that stops the build; carries the diagnostic to print."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


# Set by the test suite (tests/conftest.py): a diagnostic with a code that
# bookpress.diagnostic_codes does not list raises instead of being reported.
CHECK_CODES = "BOOKPRESS_CHECK_CODES"


def _checked(code: str) -> str:
    if os.environ.get(CHECK_CODES):
        from .diagnostic_codes import CODES  # imports this module: not at the top

        if code not in CODES:
            raise ValueError(f"diagnostic code '{code}' is not in bookpress/diagnostic_codes.py")
    return code


def error(path: str, line: int | None, code: str, message: str, col: int | None = None) -> BookError:
    return BookError(Diagnostic(path, line, col, Severity.ERROR, _checked(code), message))


@dataclass
class Diagnostics:
    """Collects diagnostics in the order they were found."""

    items: list[Diagnostic] = field(default_factory=list)
    # What items holds, for the duplicate check: a scan of the list for every
    # new diagnostic is quadratic (10,000 broken images: a minute).
    _seen: set[Diagnostic] = field(default_factory=set, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._seen.update(self.items)

    def _is_new(self, diagnostic: Diagnostic) -> bool:
        # The set may have missed a change made to items directly: the list
        # decides, and is scanned only for a likely duplicate.
        return diagnostic not in self._seen or diagnostic not in self.items

    def add(
        self,
        severity: Severity,
        path: str,
        line: int | None,
        code: str,
        message: str,
        col: int | None = None,
    ) -> None:
        diagnostic = Diagnostic(path, line, col, severity, _checked(code), message)
        if self._is_new(diagnostic):
            self.items.append(diagnostic)
            self._seen.add(diagnostic)

    def warn(self, path: str, line: int | None, code: str, message: str) -> None:
        self.add(Severity.WARNING, path, line, code, message)

    def info(self, path: str, line: int | None, code: str, message: str) -> None:
        self.add(Severity.INFO, path, line, code, message)

    def err(self, path: str, line: int | None, code: str, message: str) -> None:
        self.add(Severity.ERROR, path, line, code, message)

    def extend(self, other: Diagnostics) -> None:
        for item in other.items:
            if self._is_new(item):
                self.items.append(item)
                self._seen.add(item)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def summary(self) -> str:
        """One line such as ``3 warnings: 2 broken-link, 1 resource-refused``."""
        warnings = self.warnings
        if not warnings:
            return "no warnings"
        counts = Counter(d.code for d in warnings)
        kinds = ", ".join(f"{n} {code}" for code, n in counts.most_common())
        noun = "warning" if len(warnings) == 1 else "warnings"
        return f"{len(warnings)} {noun}: {kinds}"


@contextmanager
def logged_into(handler: logging.Handler, name: str = "weasyprint") -> Iterator[None]:
    """While the block runs, the warnings of the logger ``name`` go to ``handler``
    (which turns them into diagnostics) and nowhere else: not to the terminal."""
    logger = logging.getLogger(name)
    saved = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = saved
