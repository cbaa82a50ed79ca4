"""extra.css is a symbolic link to a stylesheet outside the book."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    secret = root / "secret"
    (book / "extra.css").symlink_to(secret / "secret.css")
