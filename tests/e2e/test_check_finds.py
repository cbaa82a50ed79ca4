"""``bookpress check`` reports every problem with the book that a build does.

For each hostile book (``tests/hostile/<case>/``, set up as
``test_hostile.py`` does) this runs ``check`` and a full ``build`` (PDF and
EPUB, ``--verbose``) and compares the codes they print: every code a build
gives that :mod:`bookpress.diagnostic_codes` says is a problem with the book
(``found = "book"``) must be in what ``check`` printed. Codes only a layout
can give (``render-timeout``, ``leaked-markup``…) and codes about the run
are left out of the comparison. And when the build fails (exit 1) on
anything but a layout past its time or memory, check fails too.
"""

from __future__ import annotations

import importlib.util
import re
import runpy
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bookpress.diagnostic_codes import CODES, book_codes

pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location(
    "hostile_catalogue", Path(__file__).with_name("test_hostile.py")
)
assert _spec is not None and _spec.loader is not None
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)

DIAGNOSTIC = re.compile(r": (error|warning|info): .*\[([a-z0-9-]+)\]\s*$")
# Errors only a layout can meet: a build may fail on them when check passed.
LAYOUT_ONLY = {"render-timeout", "render-memory", "render-crashed"}


def codes(stderr: str) -> set[str]:
    return {m.group(2) for line in stderr.splitlines() if (m := DIAGNOSTIC.search(line))}


def errors(stderr: str) -> set[str]:
    found = (DIAGNOSTIC.search(line) for line in stderr.splitlines())
    return {m.group(2) for m in found if m and m.group(1) == "error"} - {"build-failed"}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bookpress", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("name", hostile.case_names())
def test_check_reports_what_a_build_reports(name: str, tmp_path: Path) -> None:
    case = hostile.CASES / name
    root = tmp_path.resolve()
    book = root / "book"
    places = {"root": root, "book": book, "out": root / "out", "secret": root / "secret"}
    expected = tomllib.loads((case / "expected.toml").read_text(encoding="utf-8"))
    hostile.write_secrets(root / "secret", "SECRET-check")
    hostile.copy_book(case, book, places)
    if (case / "setup.py").is_file():
        runpy.run_path(str(case / "setup.py"))["setup"](root, book, root / "out", expected)
    command = [hostile.fill(arg, places) for arg in expected.get("command", [])]
    wider = ["--root", command[command.index("--root") + 1]] if "--root" in command else []

    checked = run("check", str(book), "--verbose", *wider, cwd=root)
    built = run("build", str(book), "--out", str(root / "built"), "--verbose", *wider, cwd=root)
    said = f"--- check\n{checked.stderr}\n--- build\n{built.stderr}"
    for done in (checked, built):
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr, said
    assert codes(checked.stderr) | codes(built.stderr) <= set(CODES), said

    missed = (codes(built.stderr) & book_codes()) - codes(checked.stderr)
    assert not missed, f"build reports {sorted(missed)}, check does not\n{said}"
    if built.returncode == 1 and checked.returncode == 0:
        failed_on = errors(built.stderr) - LAYOUT_ONLY
        assert not failed_on, f"the build failed on {sorted(failed_on)}, check passed\n{said}"
