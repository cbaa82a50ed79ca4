"""4,000 unclosed components, and as many props whose brace never closes."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (book / "src").mkdir(parents=True, exist_ok=True)
    text = "# Article\n\n" + "<Note>\n\nwords words\n\n" * 4000 + "<Aside x={\n\nwords\n\n" * 2000
    (book / "src" / "article.mdx").write_text(text, encoding="utf-8")
