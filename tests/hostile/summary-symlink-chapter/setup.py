"""src/two.md is a symbolic link to a chapter outside the book."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    secret = root / "secret"
    (book / "src" / "two.md").symlink_to(secret / "secret.md")
