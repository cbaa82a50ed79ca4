"""The sandbox: which paths a book may read (bookpress/sandbox.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bookpress.sandbox import Refused, Sandbox, inside, resolved, root_problem
from bookpress.themes import builtin_styles_dir


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """``book/`` with a chapter, and ``secret.md`` beside it."""
    (tmp_path / "book" / "src").mkdir(parents=True)
    (tmp_path / "book" / "src" / "one.md").write_text("# One\n")
    (tmp_path / "secret.md").write_text("the secret\n")
    return tmp_path


def test_a_file_of_the_book_is_read(place: Path) -> None:
    box = Sandbox.of(place / "book")
    assert box.file(place / "book" / "src" / "one.md") == (place / "book" / "src" / "one.md").resolve()
    assert box.read_text(place / "book" / "src" / "one.md") == "# One\n"


def test_parent_and_absolute_paths_are_refused(place: Path) -> None:
    box = Sandbox.of(place / "book")
    for path in (place / "book" / ".." / "secret.md", place / "secret.md", Path("/etc/passwd")):
        assert box.inside(path) is None
        with pytest.raises(Refused):
            box.read_text(path)
    assert box.why(place / "secret.md") == "is outside the book folder"


def test_proc_self_environ_is_refused(place: Path) -> None:
    box = Sandbox.of(place / "book")
    assert box.file(Path("/proc/self/environ")) is None
    with pytest.raises(Refused):
        box.read_bytes(Path("/proc/self/environ"))


def test_a_symbolic_link_out_of_the_book_is_refused_and_said_so(place: Path) -> None:
    link = place / "book" / "src" / "two.md"
    link.symlink_to(place / "secret.md")
    box = Sandbox.of(place / "book")
    assert box.file(link) is None
    assert box.why(link) == "is a symbolic link leading outside the book folder"
    with pytest.raises(Refused, match="symbolic link"):
        box.read_text(link)
    assert "it is not read" in box.refusal("chapter file 'two.md'", link)


def test_a_symbolic_link_inside_the_book_is_followed(place: Path) -> None:
    link = place / "book" / "alias.md"
    link.symlink_to(Path("src") / "one.md")
    assert Sandbox.of(place / "book").read_text(link) == "# One\n"


def test_a_folder_link_out_of_the_book_refuses_what_is_under_it(place: Path) -> None:
    (place / "book" / "shared").symlink_to(place)
    box = Sandbox.of(place / "book")
    assert box.inside(place / "book" / "shared" / "secret.md") is None
    assert box.folder(place / "book" / "shared") is None


def test_a_link_loop_is_refused_without_an_exception(place: Path) -> None:
    (place / "book" / "a.md").symlink_to("b.md")
    (place / "book" / "b.md").symlink_to("a.md")
    box = Sandbox.of(place / "book")
    assert resolved(place / "book" / "a.md") is None
    assert box.file(place / "book" / "a.md") is None
    assert "loop" in box.why(place / "book" / "a.md")
    with pytest.raises(Refused):
        box.read_text(place / "book" / "a.md")


def test_only_regular_files_are_read(place: Path) -> None:
    fifo = place / "book" / "pipe.md"
    os.mkfifo(fifo)
    box = Sandbox.of(place / "book")
    assert box.file(fifo) is None
    with pytest.raises(Refused, match="not a regular file"):
        box.read_text(fifo)  # would block forever if opened


def test_root_widens_the_sandbox_to_a_folder_holding_the_book(place: Path) -> None:
    box = Sandbox.of(place / "book", root=place)
    assert box.read_text(place / "secret.md") == "the secret\n"
    assert box.book == (place / "book").resolve()
    assert Sandbox.of(place / "book").why(place / "secret.md") == "is outside the book folder"
    outside = Sandbox.of(place / "book" / "src", root=place / "book").why(Path("/etc/passwd"))
    assert "--root" in outside


def test_root_must_hold_the_book(place: Path) -> None:
    (place / "elsewhere").mkdir()
    assert root_problem(place / "book", place) == ""
    assert root_problem(place / "book", place / "book") == ""
    assert "does not hold" in root_problem(place / "book", place / "elsewhere")
    assert "no such folder" in root_problem(place / "book", place / "missing")
    # A root that does not hold the book never widens it: the book's own folder stays the root.
    box = Sandbox.of(place / "book", root=place / "elsewhere")
    assert box.inside(place / "elsewhere") is None
    assert box.wider is None


def test_the_themes_bookpress_ships_are_readable(place: Path) -> None:
    box = Sandbox.of(place / "book")
    sheet = builtin_styles_dir() / "default" / "print.css"
    assert box.file(sheet) is not None
    assert box.file(builtin_styles_dir().parent / "pyproject.toml") is None


def test_extra_roots_are_bookpress_own_files(place: Path) -> None:
    cache = place / "out" / ".cache" / "embeds"
    cache.mkdir(parents=True)
    (cache / "figure.svg").write_text("<svg/>")
    assert Sandbox.of(place / "book").file(cache / "figure.svg") is None
    assert Sandbox.of(place / "book", extra=[cache]).file(cache / "figure.svg") is not None


def test_inside_is_the_one_check(place: Path) -> None:
    root = (place / "book").resolve()
    assert inside(place / "book" / "src" / "one.md", [root]) is not None
    assert inside(place / "book" / "src" / ".." / ".." / "secret.md", [root]) is None


def test_shown_names_a_file_of_the_book_relative_to_it(place: Path) -> None:
    box = Sandbox.of(place / "book")
    assert box.shown(place / "book" / "src" / "one.md") == "src/one.md"
    assert box.shown(place / "secret.md") == str(place / "secret.md")
