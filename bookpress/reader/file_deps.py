"""The files one chapter's read looked at besides the chapter itself.

Includes, MDX imports and the places an import was looked for call
:func:`note`; :func:`noting` collects those paths for the reading cache
(:mod:`bookpress.reader.cache`), which keeps each one's content with the
chapter it read and re-checks them before the chapter is reused. A path noted
when nothing is collecting costs one context-variable lookup.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

_noted: ContextVar[set[str] | None] = ContextVar("bookpress_read_deps", default=None)


def note(path: Path) -> None:
    """``path`` decided what the file being read gives (its content, or that
    it is missing)."""
    noted = _noted.get()
    if noted is not None:
        noted.add(os.path.abspath(path))


@contextlib.contextmanager
def noting() -> Iterator[set[str]]:
    """Collect the absolute paths :func:`note` is given inside the block."""
    noted: set[str] = set()
    token = _noted.set(noted)
    try:
        yield noted
    finally:
        _noted.reset(token)
