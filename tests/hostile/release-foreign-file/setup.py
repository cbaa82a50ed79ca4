"""--out already holds a file with the name of a release output, and another file."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    out.mkdir()
    (out / "manuscript-1.0.pdf").write_text("the author's own file")
    (out / "notes.txt").write_text("kept")
