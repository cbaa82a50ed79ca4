"""Load once, render many: a release reads the book once and renders its
three outputs from it, with the build date passed to each, not set in the
environment."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pikepdf
import pytest

import bookpress.build
import bookpress.release
from bookpress.build import LoadedBook, RenderJob, load, render
from bookpress.diagnostics import Diagnostics
from bookpress.profiles import PRESS, SCREEN

pytestmark = pytest.mark.slow

COMMITTED = "2025-03-01T12:00:00Z"


def _book(root: Path) -> Path:
    root.mkdir()
    (root / "book.toml").write_text(
        '[book]\ntitle = "Once"\nauthors = ["O. Nce"]\nlanguage = "en"\nchapters = ["one.md", "two.md"]\n'
        '[output.pdf]\nprofile = "press"\n',
        encoding="utf-8",
    )
    (root / "one.md").write_text("# One\n\n" + "Running text for a page. " * 60 + "\n", encoding="utf-8")
    (root / "two.md").write_text("# Two\n\nA [term]{.index} for the index.\n", encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMITTED, "GIT_COMMITTER_DATE": COMMITTED}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "first"]):
        git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args]
        subprocess.run(git, cwd=root, env=env, check=True, capture_output=True)
    return root


def test_a_release_reads_the_book_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    reads: list[Path] = []
    jobs: list[tuple[RenderJob, str | None]] = []
    real_read, real_render = bookpress.build.read_book, bookpress.release.render

    def counting_read(config, outline, diagnostics, cache=None):
        reads.append(config.root)
        return real_read(config, outline, diagnostics, cache)

    def recording_render(loaded: LoadedBook, job: RenderJob, diagnostics: Diagnostics, progress=None):
        jobs.append((job, os.environ.get("SOURCE_DATE_EPOCH")))
        return real_render(loaded, job, diagnostics, progress)

    monkeypatch.setattr(bookpress.build, "read_book", counting_read)
    monkeypatch.setattr(bookpress.release, "render", recording_render)
    book = _book(tmp_path / "book")
    result = bookpress.release.release(book, tmp_path / "dist", Diagnostics(), version="1.0.0")

    assert len(reads) == 1
    assert [(job.format, job.profile.name) for job, _ in jobs] == [
        ("pdf", "press"),
        ("pdf", "screen"),
        ("epub", "print"),
    ]
    committed = dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
    assert all(job.created == committed for job, _ in jobs)
    assert all(env is None for _, env in jobs)  # the date was an argument, not the environment
    assert sorted(p.name for p in result.files) == [
        "SHA256SUMS",
        "once-1.0.0-screen.pdf",
        "once-1.0.0.epub",
        "once-1.0.0.pdf",
        "release.json",
    ]
    assert result.info["files"]["once-1.0.0.pdf"]["profile"] == "press"
    assert set(result.info["checks"]["preflight"]) == {"press", "screen"}
    for name in ("once-1.0.0.pdf", "once-1.0.0-screen.pdf"):
        with pikepdf.open(tmp_path / "dist" / name) as pdf:
            assert str(pdf.docinfo["/CreationDate"]).startswith("D:20250301120000")


def test_one_load_renders_two_profiles(tmp_path: Path) -> None:
    book = _book(tmp_path / "book")
    diagnostics = Diagnostics()
    loaded = load(book, diagnostics, cache_dir=tmp_path / "cache")
    when = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    press = render(
        loaded, RenderJob("pdf", tmp_path / "press.pdf", when, PRESS, tmp_path / "cache"), diagnostics
    )
    screen = render(
        loaded, RenderJob("pdf", tmp_path / "screen.pdf", when, SCREEN, tmp_path / "cache"), diagnostics
    )
    assert press.pdf is not None and screen.pdf is not None
    assert press.pdf.geometry.bleed > 0 and screen.pdf.geometry.bleed == 0
    with pikepdf.open(press.output.path) as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert box[2] - box[0] == pytest.approx(504 + 2 * 9)  # 0.125 in of bleed each side
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20240102030405")
    with pikepdf.open(screen.output.path) as pdf:
        assert "/StructTreeRoot" in pdf.Root  # tagged: PDF/UA
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert box[2] - box[0] == pytest.approx(504)  # the trim, no bleed
    assert press.completeness is not None and not diagnostics.errors


def test_a_theme_size_drives_both_the_layout_and_the_estimate(tmp_path: Path) -> None:
    """The default theme lays its text out at --text-size: a book that sets it
    larger gets more pages, and the page estimate sees the same size."""
    from bookpress.build import build
    from bookpress.geometry import page_geometry
    from bookpress.page_estimate import estimate_pages
    from bookpress.profiles import PRINT
    from bookpress.theme_metrics import read_metrics
    from bookpress.themes import builtin_styles_dir

    pages, estimates = [], []
    for size in ("10.5pt", "14pt"):
        book = tmp_path / size
        book.mkdir()
        (book / "book.toml").write_text(
            '[book]\ntitle = "Sizes"\nchapters = ["one.md"]\n[output.pdf]\ncss = ["size.css"]\n',
            encoding="utf-8",
        )
        (book / "size.css").write_text(f":root {{ --text-size: {size}; }}\n", encoding="utf-8")
        (book / "one.md").write_text(
            "# One\n\n" + "A sentence of running text. " * 900 + "\n", encoding="utf-8"
        )
        diagnostics = Diagnostics()
        result = build(book, tmp_path / f"out-{size}", ("pdf",), diagnostics)
        assert result.pdf is not None and not diagnostics.errors
        pages.append(result.pdf.pages)
        config, model = load(book, Diagnostics())
        metrics = read_metrics([builtin_styles_dir() / "default" / "print.css", book / "size.css"])
        estimates.append(estimate_pages(model, page_geometry(config, PRINT, 400), metrics))
    assert pages[1] > pages[0] + 2
    assert estimates[1] > estimates[0] + 2
