"""One resource policy (bookpress.sandbox.resource) for every reference a
book's files make, and the readers and writers that ask it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import bookpress
from bookpress.sandbox import resource

PACKAGE = Path(bookpress.__file__).resolve().parent


@pytest.fixture
def book(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    (root / "styles").mkdir(parents=True)
    (root / "styles" / "font.woff2").write_bytes(b"wOF2")
    (root / "pic.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", root / "styles" / "link.css")
    return root.resolve()


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("font.woff2", "file"),
        ("./font.woff2", "file"),
        ("../pic.png", "file"),
        ("font.woff2?v=3#x", "file"),
        ("gone.woff2", "missing"),
        ("../../secret.txt", "refused"),
        ("link.css", "refused"),  # a symbolic link out of the book
        ("/etc/passwd", "refused"),  # an absolute path written in a book
        ("file:///etc/passwd", "refused"),
        ("https://example.org/x.css", "refused"),
        ("//example.org/x.css", "refused"),
        ("ftp://example.org/x.css", "refused"),
        ("javascript:alert(1)", "refused"),
        ("data:font/woff2;base64,AAAA", "inline"),
        ("#glyph", "fragment"),
        ("", "refused"),
    ],
)
def test_a_reference_written_in_a_book_file(book: Path, url: str, kind: str) -> None:
    found = resource(url, book / "styles", [book])
    assert found.kind == kind, found
    assert found.allowed is (kind != "refused")
    if kind == "file":
        assert found.path is not None and found.path.is_relative_to(book) and found.path.is_file()
    if kind == "refused":
        assert found.refusal and found.path is None


def test_remote_only_when_allowed(book: Path) -> None:
    assert resource("https://example.org/x.png", book, [book], allow_remote=True).kind == "remote"
    assert resource("HTTP://EXAMPLE.ORG/x.png", book, [book], allow_remote=True).kind == "remote"
    # a scheme-less //host is never fetched: the book did not say how
    assert resource("//example.org/x.png", book, [book], allow_remote=True).kind == "refused"


def test_file_urls_only_where_bookpress_made_them(book: Path, tmp_path: Path) -> None:
    inside_url = (book / "pic.png").as_uri()
    assert resource(inside_url, book, [book]).kind == "refused"
    made = resource(inside_url, Path("/"), [book], file_urls=True)
    assert made.kind == "file" and made.path == book / "pic.png"
    assert resource((tmp_path / "secret.txt").as_uri(), book, [book], file_urls=True).kind == "refused"
    assert resource(str(book / "pic.png"), book, [book], file_urls=True).kind == "file"


def test_a_folder_is_not_a_resource(book: Path) -> None:
    assert resource("styles", book, [book]).kind == "refused"


def test_percent_escapes_name_the_file(book: Path) -> None:
    (book / "a b.png").write_bytes(b"png")
    assert resource("a%20b.png", book, [book]).kind == "file"


@pytest.mark.parametrize(
    "module", ["writers/fetcher.py", "writers/epub_css.py", "writers/epub_images.py", "svgcheck.py"]
)
def test_readers_of_references_ask_the_one_policy(module: str) -> None:
    text = (PACKAGE / module).read_text(encoding="utf-8")
    assert "resource(" in text, f"{module} decides references without bookpress.sandbox.resource"
    assert "urlsplit(url).scheme" not in text and "parts.scheme" not in text, module
