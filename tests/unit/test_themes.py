"""Finding a theme: a folder of the book holding the stylesheet, or a built-in one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookpress.diagnostics import BookError
from bookpress.themes import available_themes, builtin_styles_dir, find_theme


def test_a_builtin_theme_is_found() -> None:
    assert "default" in available_themes()
    assert find_theme("default", Path("/nonexistent"), needs="print.css") == builtin_styles_dir() / "default"


def test_a_book_folder_with_the_stylesheet_wins(tmp_path: Path) -> None:
    (tmp_path / "default").mkdir()
    (tmp_path / "default" / "print.css").write_text("body {}")
    assert find_theme("default", tmp_path, needs="print.css") == (tmp_path / "default").resolve()
    # …but not for the EPUB, for which it has no stylesheet: the built-in one
    assert find_theme("default", tmp_path, needs="epub.css") == builtin_styles_dir() / "default"


def test_a_book_folder_without_the_stylesheet_is_an_error_with_the_line(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    with pytest.raises(BookError) as info:
        find_theme("src", tmp_path, "book.toml", needs="print.css", line=5)
    d = info.value.diagnostic
    assert (d.path, d.line, d.code) == ("book.toml", 5, "theme-missing")
    assert "src/ has no print.css" in d.message


@pytest.mark.parametrize("name", ["/", "/etc", "../outside", "..", "", "default/../.."])
def test_names_outside_the_book_reach_no_folder(tmp_path: Path, name: str) -> None:
    book = tmp_path / "book"
    book.mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "print.css").write_text("body {}")
    with pytest.raises(BookError) as info:
        find_theme(name, book, needs="print.css")
    assert info.value.diagnostic.code == "theme-missing"


def test_the_book_root_can_be_its_own_theme(tmp_path: Path) -> None:
    (tmp_path / "epub.css").write_text("body {}")
    assert find_theme(".", tmp_path, needs="epub.css") == tmp_path.resolve()


def test_a_stylesheet_linking_out_of_the_book_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "book"
    (book / "mine").mkdir(parents=True)
    (tmp_path / "secret.css").write_text("body {}")
    (book / "mine" / "print.css").symlink_to(tmp_path / "secret.css")
    with pytest.raises(BookError) as info:
        find_theme("mine", book, "book.toml", needs="print.css", line=4)
    d = info.value.diagnostic
    assert (d.line, d.code) == (4, "resource-refused")
    assert "mine/print.css is a symbolic link leading outside the book folder" in d.message


def test_a_theme_folder_linking_out_of_the_book_is_not_the_books(tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "epub.css").write_text("body {}")
    (book / "default").symlink_to(tmp_path / "theme")
    assert find_theme("default", book, needs="epub.css") == builtin_styles_dir() / "default"


def test_a_theme_beside_the_book_is_found_inside_a_wider_root(tmp_path: Path) -> None:
    from bookpress.sandbox import Sandbox

    book = tmp_path / "book"
    book.mkdir()
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "epub.css").write_text("body {}")
    box = Sandbox.of(book, root=tmp_path)
    assert find_theme("../theme", book, needs="epub.css", sandbox=box) == (tmp_path / "theme").resolve()
