"""The sandbox and the atomic outputs, end to end."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import run_bookpress

pytestmark = pytest.mark.slow


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def small_book(root: Path, **extra: str) -> Path:
    return write(
        root,
        {
            "book.toml": '[book]\ntitle = "Small"\nauthors = ["A. Author"]\n',
            "src/one.md": "# One\n\nSome text.\n",
            **extra,
        },
    )


def test_resources_outside_the_book_are_refused_with_their_place(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    book = small_book(
        tmp_path / "book",
        **{
            "book.toml": '[book]\ntitle = "Small"\n[output.pdf]\ncss = ["custom.css"]\n',
            "custom.css": "body { background: url(file:///etc/passwd); }\n"
            "h1 { background: url(../secret.png); }\n",
            "src/one.md": "# One\n\nText.\n\n![escape](../../secret.png)\n\n![abs](/etc/hostname)\n",
        },
    )
    result = run_bookpress("build", book, "--out", tmp_path / "out", "--format", "pdf")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    refused = [
        line
        for line in result.stderr.splitlines()
        if "[resource-refused]" in line or "[missing-image]" in line
    ]
    assert any(
        line.startswith("src/one.md:5: warning:") and "outside the book" in line for line in refused
    ), refused
    assert any("file:///etc/passwd" in line for line in refused), refused
    assert any("secret.png" in line and "refused" in line for line in refused), refused
    assert (tmp_path / "out" / "small.pdf").stat().st_size > 1000


def test_a_failed_build_keeps_the_previous_output(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book")
    out = tmp_path / "out"
    assert run_bookpress("build", book, "--out", out).returncode == 0
    pdf, epub = out / "small.pdf", out / "small.epub"
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (pdf, epub)}
    (book / "book.toml").write_text('[book]\ntitle = "Small\n', encoding="utf-8")  # broken TOML
    result = run_bookpress("build", book, "--out", out)
    assert result.returncode == 1
    assert "book.toml:2:" in result.stderr and "error:" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (pdf, epub)} == before
    assert sorted(p.name for p in out.iterdir() if p.name != ".cache") == [
        "small.epub",
        "small.pdf",
    ]  # no partial files left (.cache: what the build keeps for the next one)


def test_missing_chapter_is_an_error_with_its_line(tmp_path: Path) -> None:
    book = small_book(
        tmp_path / "book", **{"src/SUMMARY.md": "# Summary\n\n- [One](one.md)\n- [Two](two.md)\n"}
    )
    result = run_bookpress("check", book)
    assert result.returncode == 1
    assert "src/SUMMARY.md:4: error: chapter file 'two.md' does not exist" in result.stderr


def test_usage_error_exits_2(tmp_path: Path) -> None:
    assert run_bookpress("build", "--no-such-option").returncode == 2
    assert run_bookpress("build", tmp_path, "--format", "docx").returncode == 2
