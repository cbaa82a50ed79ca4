from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (book / "src").mkdir(parents=True, exist_ok=True)
    (book / "src" / "one.md").write_text("# One\n\nSee `" + "x" * 100_000 + "` here.\n", encoding="utf-8")
