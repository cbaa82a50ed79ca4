"""Pictures that are symbolic links out of the book."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    secret = root / "secret"
    (book / "src" / "linked.png").symlink_to(secret / "secret.png")
    (book / "src" / "drawing.svg").symlink_to(secret / "secret.svg")
