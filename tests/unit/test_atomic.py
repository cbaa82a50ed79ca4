"""Outputs written beside their place and renamed; temporary files never left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bookpress.atomic import atomic_path, folder_problem, remove_stale_parts
from bookpress.cli import _terminate, _Terminated


def dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def test_the_output_appears_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "out" / "book.pdf"
    with atomic_path(target) as tmp:
        assert tmp.parent == target.parent and tmp.name.startswith(f".book.pdf.{os.getpid()}-")
        tmp.write_text("complete")
        assert not target.exists()
    assert target.read_text() == "complete"
    assert [p.name for p in target.parent.iterdir()] == ["book.pdf"]


def test_an_error_keeps_the_previous_output_and_removes_the_part(tmp_path: Path) -> None:
    target = tmp_path / "book.pdf"
    target.write_text("previous")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("layout failed")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["book.pdf"]


def test_sigterm_removes_the_part(tmp_path: Path) -> None:
    target = tmp_path / "book.epub"
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        with pytest.raises(_Terminated), atomic_path(target) as tmp:
            tmp.write_text("half")
            os.kill(os.getpid(), signal.SIGTERM)  # the handler raises here
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert list(tmp_path.iterdir()) == []


def test_parts_of_dead_processes_are_removed_and_only_those(tmp_path: Path) -> None:
    stale = tmp_path / f".book.pdf.{dead_pid()}-abc123.part"
    live = tmp_path / f".book.pdf.{os.getpid()}-def456.part"
    other = tmp_path / ".notes.part"  # not a name bookpress gives
    for path in (stale, live, other):
        path.write_text("x")
    assert remove_stale_parts(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])


def test_the_first_write_into_a_folder_sweeps_it(tmp_path: Path) -> None:
    stale = tmp_path / f".book.epub.{dead_pid()}-abc123.part"
    stale.write_text("x")
    with atomic_path(tmp_path / "book.epub") as tmp:
        tmp.write_text("new")
    assert not stale.exists()


def test_a_folder_in_the_way_of_an_output_is_an_error_not_a_replacement(tmp_path: Path) -> None:
    (tmp_path / "book.pdf").mkdir()
    (tmp_path / "book.pdf" / "keep.txt").write_text("mine")
    with pytest.raises(Exception, match="folder is in the way"), atomic_path(tmp_path / "book.pdf") as tmp:
        tmp.write_text("x")
    assert (tmp_path / "book.pdf" / "keep.txt").read_text() == "mine"


def test_what_is_wrong_with_an_output_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert folder_problem(tmp_path / "new" / "deeper") is None
    assert folder_problem(tmp_path) is None
    assert folder_problem(tmp_path / "file") == "is a file, not a folder"
    assert "is a file" in (folder_problem(tmp_path / "file" / "sub") or "")


def test_a_symbolic_link_of_the_book_on_the_way_to_the_outputs_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "book"
    (book / "real").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (book / "build").symlink_to(tmp_path / "elsewhere")
    (book / "inner").symlink_to(book / "real")
    assert "symbolic link in the book" in (folder_problem(book / "build", book) or "")
    assert "symbolic link in the book" in (folder_problem(book / "inner" / "out", book) or "")
    assert folder_problem(book / "build") is None  # a link the user chose, not the book
    assert folder_problem(book / "real" / "out", book) is None
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / ".cache").symlink_to(tmp_path / "elsewhere")
    assert ".cache is a symbolic link" in (folder_problem(tmp_path / "out", book) or "")
