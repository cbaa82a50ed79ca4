"""listing.md links out of the book; loop.md and loop2.md point at each other."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    secret = root / "secret"
    (book / "src" / "listing.md").symlink_to(secret / "secret.md")
    (book / "src" / "loop.md").symlink_to("loop2.md")
    (book / "src" / "loop2.md").symlink_to("loop.md")
