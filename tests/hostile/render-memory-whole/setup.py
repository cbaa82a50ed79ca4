"""The same book as ../render-memory (its setup.py writes it)."""

import runpy
from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    runpy.run_path(str(Path(__file__).resolve().parent.parent / "render-memory" / "setup.py"))["setup"](
        root, book, out, expected
    )
