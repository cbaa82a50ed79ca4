"""src/linked.mdx is a symbolic link to a chapter outside the book."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    secret = root / "secret"
    (book / "src" / "linked.mdx").symlink_to(secret / "secret.mdx")
