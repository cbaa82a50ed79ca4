"""--out is taken by a file."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    out.write_text("not a folder")
