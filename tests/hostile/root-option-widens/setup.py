"""A chapter in a folder beside the book, shared by several books."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (root / "shared").mkdir()
    (root / "shared" / "two.md").write_text("# Two\n\nShared text.\n")
