"""src/linked.html is a symbolic link to a page outside the book."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    secret = root / "secret"
    (book / "src" / "linked.html").symlink_to(secret / "secret.html")
