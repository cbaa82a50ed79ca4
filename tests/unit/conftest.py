"""Shared fixtures: small books written into ``tmp_path``."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

MINIMAL_TOML = '[book]\ntitle = "Test Book"\n'

MakeBook = Callable[..., Path]


@pytest.fixture
def make_book(tmp_path: Path) -> MakeBook:
    """``make_book({"src/a.md": "# A"})`` writes the files into a fresh folder
    under ``tmp_path`` and returns it.

    Contents are dedented (so triple-quoted strings can be indented in tests).
    A minimal ``book.toml`` is added unless the files include one or
    ``toml=False`` is given.
    """
    numbers = itertools.count(1)

    def make(files: dict[str, str], *, toml: bool = True) -> Path:
        n = next(numbers)
        root = tmp_path / ("book" if n == 1 else f"book{n}")
        root.mkdir()
        if toml and "book.toml" not in files:
            files = {"book.toml": MINIMAL_TOML, **files}
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return root

    return make
