"""Release builds: reproducible outputs, `bookpress release`, the Makefiles, `bookpress watch`."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, run_bookpress
from PIL import Image

pytestmark = pytest.mark.slow

BOOKPRESS = Path(sys.executable).parent / "bookpress"


def small_book(root: Path, toml: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    files = {
        "book.toml": '[book]\ntitle = "Release Test"\nauthors = ["R. Elease"]\nlanguage = "en"\n'
        'chapters = ["one.md", "two.md"]\ncolophon = "Set by bookpress."\n' + toml,
        "one.md": "# One\n\nThe first chapter, with a footnote.[^n]\n\n[^n]: The note.\n\n"
        + "Some more running text for the page. " * 40
        + "\n",
        "two.md": "# Two\n\n![A picture](picture.png)\n\nAnd [a term]{.index} in the index.\n",
    }
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    Image.new("RGB", (900, 450), "steelblue").save(root / "picture.png")
    return root


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2025-03-01T12:00:00Z",
        "GIT_COMMITTER_DATE": "2025-03-01T12:00:00Z",
    }
    done = subprocess.run(
        ["git", "-c", "user.name=Tester", "-c", "user.email=t@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout.strip()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("profile", ["print", "press"])
def test_same_source_same_bytes(tmp_path: Path, profile: str) -> None:
    book = small_book(tmp_path / "book")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    hashes = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        done = subprocess.run(
            [str(BOOKPRESS), "build", str(book), "--out", str(out), "--profile", profile, "-q"],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        # out/.cache holds what the next build reuses (laid-out chapters, drawn formulas)
        hashes.append({p.name: digest(p) for p in sorted(out.iterdir()) if p.name != ".cache"})
        time.sleep(1.1)  # a clock that leaked into the output would now differ
    assert hashes[0] == hashes[1]
    assert set(hashes[0]) == {"release-test.pdf", "release-test.epub"}
    with pikepdf.open(tmp_path / "out1" / "release-test.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20231114")
    with zipfile.ZipFile(tmp_path / "out1" / "release-test.epub") as z:
        assert "2023-11-14T22:13:20Z" in z.read("EPUB/content.opf").decode()
        assert {info.date_time for info in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("release")
    book = small_book(root / "book")
    git(book, "init", "-q")
    git(book, "add", "-A")
    git(book, "commit", "-q", "-m", "first")
    git(book, "tag", "v1.2.0")
    result = run_bookpress("release", book, "--out", root / "dist")
    return book, root / "dist", result


def test_release_writes_versioned_checked_files(released) -> None:
    book, dist, result = released
    assert result.returncode == 0, result.stdout + result.stderr
    names = sorted(p.name for p in dist.iterdir() if p.name != ".bookpress-release.json")
    assert names == [
        "SHA256SUMS",
        "release-test-1.2.0-screen.pdf",
        "release-test-1.2.0.epub",
        "release-test-1.2.0.pdf",
        "release.json",
    ]
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    info = json.loads((dist / "release.json").read_text())
    commit = git(book, "rev-parse", "HEAD")
    assert info["version"] == "1.2.0" and info["git"] == {"commit": commit, "dirty": False}
    assert info["source_date_epoch"] == 1740830400  # the commit's date
    assert info["checks"]["epubcheck"]["errors"] == 0 and info["checks"]["preflight"]["print"]["errors"] == 0
    assert info["files"]["release-test-1.2.0.pdf"]["pages"] == info["pages"] > 4
    assert info["files"]["release-test-1.2.0-screen.pdf"]["profile"] == "screen"
    assert "EPUBCheck" in result.stdout and "released 1.2.0" in result.stdout
    assert not [p for p in dist.iterdir() if "staging" in p.name]  # no staging left
    manifest = json.loads((dist / ".bookpress-release.json").read_text())
    assert sorted(manifest["files"]) == names  # what this release owns, with each file's hash
    assert manifest["files"]["SHA256SUMS"] == digest(dist / "SHA256SUMS")


def test_release_version_and_date_in_the_book_and_its_metadata(released) -> None:
    _, dist, _ = released
    text = subprocess.run(
        ["pdftotext", str(dist / "release-test-1.2.0.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Version 1.2.0, 2025-03-01." in text  # the copyright page
    with pikepdf.open(dist / "release-test-1.2.0.pdf") as pdf:
        assert str(pdf.docinfo["/Version"]) == "1.2.0"
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20250301")
        assert len(pdf.pages) % 2 == 0  # the colophon ends the book on a left-hand page
    with zipfile.ZipFile(dist / "release-test-1.2.0.epub") as z:
        opf = z.read("EPUB/content.opf").decode()
    assert '<meta property="schema:version">1.2.0</meta>' in opf
    assert '<meta property="dcterms:modified">2025-03-01T12:00:00Z</meta>' in opf


def test_a_second_release_of_the_same_commit_is_identical(released, tmp_path: Path) -> None:
    book, dist, _ = released
    again = run_bookpress("release", book, "--out", tmp_path / "dist")
    assert again.returncode == 0, again.stdout
    assert (tmp_path / "dist" / "SHA256SUMS").read_bytes() == (dist / "SHA256SUMS").read_bytes()


def test_a_failing_check_leaves_dist_as_it_was(released, tmp_path: Path) -> None:
    book, dist, _ = released
    work = tmp_path / "book"
    shutil.copytree(book, work)
    previous = tmp_path / "dist"
    shutil.copytree(dist, previous)
    before = {p.name: digest(p) for p in previous.iterdir()}
    Image.new("RGB", (60, 30), "gray").save(work / "tiny.png")
    with (work / "two.md").open("a", encoding="utf-8") as two:
        two.write("\n![Stretched](tiny.png){width=100%}\n")
    failed = run_bookpress("release", work, "--out", previous, "--version", "1.3.0")
    assert failed.returncode == 1
    assert "image-resolution-low" in failed.stdout and "release failed" in failed.stderr
    assert {p.name: digest(p) for p in previous.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dist")]


def test_release_without_a_version_says_how_to_give_one(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book")
    result = run_bookpress("release", book, "--out", tmp_path / "dist")
    assert result.returncode == 1
    assert "no version" in result.stderr and "VERSION=" in result.stderr
    assert not (tmp_path / "dist").exists()


def make(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BOOKPRESS": str(BOOKPRESS), "MAKEFLAGS": ""}
    return subprocess.run(["make", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=900)


def test_new_book_has_a_makefile_that_builds_checks_and_releases(tmp_path: Path) -> None:
    book = tmp_path / "novel"
    assert run_bookpress("new", book, "--title", "A Novel").returncode == 0
    first = make(cwd=book)
    assert first.returncode == 0, first.stderr
    assert (book / "build" / "a-novel.pdf").is_file() and (book / "build" / "a-novel.epub").is_file()
    assert "built in" not in make(cwd=book).stdout  # nothing changed, nothing rebuilt
    time.sleep(1.1)
    (book / "src" / "preface.md").write_text("# Preface\n\nChanged.\n", encoding="utf-8")
    assert "a-novel.pdf" in make("pdf", cwd=book).stdout
    checked = make("check", cwd=book)
    assert checked.returncode == 0 and "0 errors" in checked.stdout
    released = make("release", "VERSION=0.9.0", cwd=book)
    assert released.returncode == 0, released.stdout + released.stderr
    assert (book / "dist" / "a-novel-0.9.0.pdf").is_file()


def test_repository_makefile_tracks_every_kind_of_source(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book", 'bibliography = "refs.bib"\n')
    (book / "refs.bib").write_text("@book{k, title={T}, author={A, B}, year={2020}}\n", encoding="utf-8")
    out = tmp_path / "out"
    variables = [f"BOOK={book}", f"OUT={out}"]
    built = make(*variables, "pdf", cwd=ROOT)
    assert built.returncode == 0, built.stderr
    target = str(out / "release-test.pdf")
    assert make(*variables, "-q", target, cwd=ROOT).returncode == 0  # up to date
    later = (out / "release-test.pdf").stat().st_mtime + 60
    style = ROOT / "styles" / "default" / "print.css"
    for changed in (book / "one.md", book / "picture.png", book / "refs.bib", book / "book.toml", style):
        was = changed.stat()
        os.utime(changed, (later, later))  # edited after the PDF was made
        try:
            assert make(*variables, "-q", target, cwd=ROOT).returncode == 1, (
                f"{changed.name} does not rebuild"
            )
        finally:
            os.utime(changed, ns=(was.st_atime_ns, was.st_mtime_ns))
    assert make(*variables, "-q", target, cwd=ROOT).returncode == 0
    dry = make(*variables, "-n", "release", "VERSION=1.2.0", "DIST=/tmp/d", cwd=ROOT)
    assert f"bookpress release {book} --out /tmp/d --version 1.2.0" in dry.stdout


def test_watch_rebuilds_on_change_and_keeps_the_last_good_outputs(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [str(BOOKPRESS), "watch", str(book), "--out", str(out), "--format", "pdf", "--rebuilds", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines: list[str] = []

    def wait_for(text: str) -> None:
        for line in process.stdout:
            lines.append(line)
            if text in line:
                return
        pytest.fail(f"watch ended before {text!r}: {''.join(lines)}")

    try:
        wait_for("built in")
        pdf = out / "release-test.pdf"
        first = digest(pdf)
        time.sleep(0.5)
        (book / "one.md").write_text("# One\n\nRewritten.\n", encoding="utf-8")
        wait_for("built in")
        second = digest(pdf)
        assert second != first
        time.sleep(0.5)
        (book / "book.toml").write_text("[book\ntitle = broken\n", encoding="utf-8")
        wait_for("last good outputs are kept")
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
    assert digest(pdf) == second
    assert any("book.toml:1" in line and "error" in line for line in lines), lines
