"""book.toml is a symbolic link leading outside the book."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    secret = root / "secret"
    (book / "book.toml").symlink_to(secret / "secret.toml")
