"""A chapter with control characters in a heading, a paragraph and code."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (book / "src").mkdir(exist_ok=True)
    (book / "src" / "one.md").write_text(
        "# Head\x07ing \x1b[1mbold\x1b[0m\n\nText\x00 with\x0c a form feed.\n\n```\ncode\x02\n```\n",
        encoding="utf-8",
    )
