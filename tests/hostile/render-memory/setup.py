from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (book / "src").mkdir(parents=True, exist_ok=True)
    text = "# One\n\n" + "".join(f"## Section {i}\n\nParagraph {i}, with words.\n\n" for i in range(3000))
    (book / "src" / "one.md").write_text(text, encoding="utf-8")
