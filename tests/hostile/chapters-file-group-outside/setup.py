"""A chapter beside the book, listed by the chapters file."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (root / "outside").mkdir()
    (root / "outside" / "two.md").write_text("# Two\n")
