"""The book ships its output folder as a symbolic link to a folder of the reader's."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (root / "documents").mkdir()
    (root / "documents" / "report.epub").write_text("the reader's own report")
    (book / "build").symlink_to(root / "documents")
