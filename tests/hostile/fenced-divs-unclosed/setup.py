from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (book / "src").mkdir(parents=True, exist_ok=True)
    (book / "src" / "one.md").write_text("# One\n\n" + "::: note\n\ntext\n\n" * 4000, encoding="utf-8")
