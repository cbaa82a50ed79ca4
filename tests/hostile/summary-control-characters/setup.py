"""Control characters in SUMMARY.md's titles, which are not read as Markdown chapters."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (book / "src").mkdir(exist_ok=True)
    summary = "# Summary\n\n[Pre\x07face](intro.md)\n\n# Part\x1b[1m One\n\n- [Chap\x00ter](one.md)\n"
    (book / "src" / "SUMMARY.md").write_text(summary, encoding="utf-8")
    (book / "src" / "intro.md").write_text("A preface without a heading.\n", encoding="utf-8")
    (book / "src" / "one.md").write_text("Text without a heading.\n", encoding="utf-8")
