"""``bookpress check`` reports every problem with the book that a build does.

For each hostile book (``tests/hostile/<case>/``, set up as
``test_hostile.py`` does) this runs ``check`` and a full ``build`` (PDF and
EPUB, ``--verbose``) and compares the codes they print: every code a build
gives that :mod:`bookpress.diagnostic_codes` says is a problem with the book
(``found = "book"``) must be in what ``check`` printed. Codes only a layout
can give (``render-timeout``, ``leaked-markup``…) and codes about the run
are left out of the comparison. And when the build fails (exit 1) on
anything but a layout past its time or memory, check fails too.

Both commands are the real command line (``bookpress.cli.main`` with its
arguments, working folder, standard streams and exit code), each in a fresh
process forked from one that has only imported bookpress: the ~150 commands
do not each pay a second of interpreter start and imports.
"""

from __future__ import annotations

import importlib.util
import json
import re
import runpy
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
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


# Reads one request a line ({"args", "cwd", "stdout", "stderr", "timeout"}),
# runs it in a forked child as ``python -m bookpress <args>`` would, answers
# with the exit code. The child's streams go to the files named.
FORK_SERVER = r"""
import atexit, json, os, signal, sys, traceback
import bookpress, bookpress.cli, bookpress.build, weasyprint  # what every command imports
MAIN = os.path.join(os.path.dirname(bookpress.__file__), "__main__.py")
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            signal.alarm(request["timeout"])
            os.chdir(request["cwd"])
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            sys.stdin = open(os.devnull)
            for fd, name in ((1, "stdout"), (2, "stderr")):
                os.dup2(os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
            sys.argv = [MAIN, *request["args"]]
            try:
                bookpress.cli.main()
                code = 0
            except SystemExit as stop:
                if stop.code is None or isinstance(stop.code, int):
                    code = stop.code or 0
                else:
                    print(stop.code, file=sys.stderr)
            except BaseException:
                traceback.print_exc()
            atexit._run_exitfuncs()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)
"""


@pytest.fixture(scope="module")
def bookpress_fork() -> Iterator[subprocess.Popen[str]]:
    server = subprocess.Popen(
        [sys.executable, "-c", FORK_SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    yield server
    assert server.stdin is not None
    server.stdin.close()
    server.wait(timeout=60)


def run(server: subprocess.Popen[str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m bookpress *args`` in ``cwd``, forked from ``server``."""
    assert server.stdin is not None and server.stdout is not None
    with tempfile.TemporaryDirectory() as folder:
        streams = {name: Path(folder) / name for name in ("stdout", "stderr")}
        request = {
            "args": list(args),
            "cwd": str(cwd),
            "timeout": 300,
            **{k: str(v) for k, v in streams.items()},
        }
        server.stdin.write(json.dumps(request) + "\n")
        server.stdin.flush()
        code = json.loads(server.stdout.readline())
        out, err = (streams[n].read_text(encoding="utf-8", errors="replace") for n in ("stdout", "stderr"))
    return subprocess.CompletedProcess(["bookpress", *args], code, out, err)


@pytest.mark.parametrize("name", hostile.case_names())
def test_check_reports_what_a_build_reports(
    name: str, tmp_path: Path, bookpress_fork: subprocess.Popen[str]
) -> None:
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

    checked = run(bookpress_fork, "check", str(book), "--verbose", *wider, cwd=root)
    built = run(
        bookpress_fork, "build", str(book), "--out", str(root / "built"), "--verbose", *wider, cwd=root
    )
    said = f"--- check\n{checked.stderr}\n--- build\n{built.stderr}"
    for done in (checked, built):
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr, said
    assert codes(checked.stderr) | codes(built.stderr) <= set(CODES), said

    missed = (codes(built.stderr) & book_codes()) - codes(checked.stderr)
    assert not missed, f"build reports {sorted(missed)}, check does not\n{said}"
    if built.returncode == 1 and checked.returncode == 0:
        failed_on = errors(built.stderr) - LAYOUT_ONLY
        assert not failed_on, f"the build failed on {sorted(failed_on)}, check passed\n{said}"
