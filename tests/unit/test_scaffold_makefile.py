"""The Makefile that ``bookpress new`` writes, run by the real ``make``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bookpress.scaffold import create_book

BOOKPRESS = Path(sys.executable).parent / "bookpress"

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def make(book: Path, *args: str, path: str = "/usr/bin:/bin") -> subprocess.CompletedProcess[str]:
    """``make`` in ``book`` with a PATH that holds no bookpress (a venv not activated)."""
    env = {"PATH": path, "HOME": os.environ.get("HOME", "/tmp"), "MAKEFLAGS": ""}
    return subprocess.run(["make", *args], cwd=book, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "novel"
    create_book(folder, "A Novel", "Ada")
    return folder


def test_without_bookpress_on_the_path_make_stops_with_one_line(book: Path) -> None:
    assert shutil.which("bookpress", path="/usr/bin:/bin") is None
    result = make(book)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "'bookpress' not found" in line and "BOOKPRESS=" in line
    assert "No such file" not in result.stderr
    assert not (book / "build").exists()


def test_a_bookpress_that_does_not_exist_is_named(book: Path) -> None:
    result = make(book, "pdf", "BOOKPRESS=/no/such/bookpress")
    assert result.returncode == 2
    assert "'/no/such/bookpress' not found" in result.stderr
    assert not (book / "build").exists()


def test_clean_needs_no_bookpress(book: Path) -> None:
    (book / "build").mkdir()
    assert make(book, "clean").returncode == 0
    assert not (book / "build").exists()


def test_bookpress_given_by_path_names_the_outputs_after_the_slug(book: Path) -> None:
    result = make(book, "-n", f"BOOKPRESS={BOOKPRESS}")
    assert result.returncode == 0, result.stderr
    assert "build/a-novel.pdf" in result.stdout and "build/.pdf" not in result.stdout


def test_a_book_toml_bookpress_cannot_read_stops_before_building(book: Path) -> None:
    toml = book / "book.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('title = "A Novel"', "title = 3"), encoding="utf-8"
    )
    result = make(book, "pdf", f"BOOKPRESS={BOOKPRESS}")
    assert result.returncode == 2
    assert "[config-type]" in result.stderr and "gave no slug" in result.stderr
    assert not (book / "build").exists()


@pytest.mark.slow
def test_bookpress_given_by_path_builds_the_book(book: Path) -> None:
    result = make(book, "pdf", f"BOOKPRESS={BOOKPRESS}")
    assert result.returncode == 0, result.stderr
    assert (book / "build" / "a-novel.pdf").stat().st_size > 1000
