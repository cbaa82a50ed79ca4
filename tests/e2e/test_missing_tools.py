"""A program bookpress runs that the machine lacks is a clear diagnostic
naming what to install, never "internal error … this is a bug".

Each test runs the real command line with a ``PATH`` that holds none of the
programs (``pdftotext``, ``java``, ``chromium``, ``fc-list``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bookpress.diagnostics import BookError
from bookpress.epubcheck import run_epubcheck
from bookpress.tools import require

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def bookpress(*args: str | Path, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "bookpress", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def empty_path(tmp_path: Path) -> str:
    folder = tmp_path / "bin"
    folder.mkdir()
    return str(folder)


def no_crash(done: subprocess.CompletedProcess[str]) -> None:
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr


def small_book(folder: Path) -> Path:
    (folder / "src").mkdir(parents=True)
    (folder / "book.toml").write_text('[book]\ntitle = "Tools"\nsrc = "src"\n', encoding="utf-8")
    (folder / "src" / "one.md").write_text("# One\n\nSome text.\n", encoding="utf-8")
    return folder


def test_preflight_without_pdftotext_names_poppler(tmp_path: Path, empty_path: str) -> None:
    assert shutil.which("pdftotext"), "the machine has poppler: the test runs without it on PATH"
    book = small_book(tmp_path / "book")
    built = bookpress("build", book, "--out", tmp_path / "out", "--format", "pdf")
    assert built.returncode == 0, built.stderr
    pdf = next((tmp_path / "out").glob("*.pdf"))
    done = bookpress("check", book, "--pdf", pdf, path=empty_path)
    no_crash(done)
    assert done.returncode == 1
    assert "'pdftotext', which is not installed (Debian: apt install poppler-utils" in done.stderr
    assert done.stderr.rstrip().endswith("[missing-tool]"), done.stderr


def test_epubcheck_without_java_names_the_package(tmp_path: Path, empty_path: str, monkeypatch) -> None:
    monkeypatch.setenv("PATH", empty_path)
    with pytest.raises(BookError) as caught:
        run_epubcheck(tmp_path / "x.epub")
    assert caught.value.diagnostic.code == "missing-epubcheck"
    assert "Java (Debian: default-jre-headless)" in caught.value.diagnostic.message


def test_require_names_the_program_and_package(empty_path: str, monkeypatch) -> None:
    monkeypatch.setenv("PATH", empty_path)
    with pytest.raises(BookError) as caught:
        require("qpdf", "qpdf", "linearising")
    diagnostic = caught.value.diagnostic
    assert (diagnostic.code, diagnostic.path) == ("missing-tool", "qpdf")
    assert "linearising needs 'qpdf'" in diagnostic.message and "apt install qpdf" in diagnostic.message


def test_drawing_embeds_without_chromium_is_a_warning(tmp_path: Path, empty_path: str) -> None:
    book = tmp_path / "embeds"
    shutil.copytree(FIXTURES / "embeds", book)
    done = bookpress("build", book, "--out", tmp_path / "out", "--format", "epub", path=empty_path)
    no_crash(done)
    assert done.returncode == 0, done.stderr
    assert "[embed-browser]" in done.stderr and "chromium" in done.stderr


def test_check_without_fontconfig_still_checks(tmp_path: Path, empty_path: str) -> None:
    done = bookpress("check", small_book(tmp_path / "book"), path=empty_path)
    no_crash(done)
    assert done.returncode == 0, done.stderr
