"""A picture of 9,000 x 9,000 pixels: a 250 KB file that is 243 MB decoded,
and more again once the PDF writer re-encodes it."""

from pathlib import Path

from PIL import Image


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (book / "src").mkdir(parents=True, exist_ok=True)
    (book / "src" / "one.md").write_text("# One\n\n![big](big.png)\n", encoding="utf-8")
    # Three chapters: a book laid out chapter by chapter (one or two are laid out whole).
    for n, title in ((2, "Two"), (3, "Three")):
        (book / "src" / f"ch{n}.md").write_text(f"# {title}\n\nA short chapter.\n", encoding="utf-8")
    Image.new("RGB", (9000, 9000), (200, 30, 30)).save(book / "src" / "big.png")
