"""mine/print.css is a symbolic link to a stylesheet outside the book."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    secret = root / "secret"
    (book / "mine").mkdir()
    (book / "mine" / "print.css").symlink_to(secret / "secret.css")
