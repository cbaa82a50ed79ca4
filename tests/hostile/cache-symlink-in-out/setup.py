"""The output folder (inside the book) holds a .cache that is a symbolic link elsewhere."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (root / "elsewhere").mkdir()
    (book / "build").mkdir()
    (book / "build" / ".cache").symlink_to(root / "elsewhere")
