from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (book / "src").mkdir(parents=True, exist_ok=True)
    text = "# One\n\n" + "".join(f"Paragraph {i} of a long chapter, with words.\n\n" for i in range(6000))
    (book / "src" / "one.md").write_text(text, encoding="utf-8")
    # Three chapters: a book laid out chapter by chapter (one or two are laid out whole).
    for n, title in ((2, "Two"), (3, "Three")):
        (book / "src" / f"ch{n}.md").write_text(f"# {title}\n\nA short chapter.\n", encoding="utf-8")
