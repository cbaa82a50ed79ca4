"""The catalogue of hostile books (``tests/hostile/<case>/``), one test each.

Every case is a small book and an ``expected.toml`` saying which command to
run, with which exit code, what it must say, and which files must (not)
exist afterwards. Whatever the case, bookpress must not crash (no
traceback), must change nothing outside ``--out`` (the book included,
unless the case allows it), must read nothing outside the book, and must
finish within the time limit.

Beside every book lies ``{secret}/`` (``{root}/secret``): a chapter
(``secret.md``, ``secret.mdx``), a stylesheet, a bibliography
(``secret.bib``, key ``secret``), a CSL style, a PNG, an SVG, an HTML page,
a text file and a ``secret.toml``, each holding a random secret text that
is also in the command's environment (``/proc/self/environ``). A case
points its book at them (``"{secret}/secret.md"``, ``../../secret/…``, or a
symbolic link made by its ``setup.py``); for every case, the secret text
must be in neither standard output nor standard error nor any file the
command wrote under ``--out`` (inside EPUBs, and in the PDFs' text).

``expected.toml``::

    description = "what the book tries"
    command = ["build", "{book}", "--out", "{out}", "--format", "epub"]  # default: check {book}
    exit = 0                     # or a list of allowed codes
    stderr = ["[config-slug]"]   # substrings that must be in standard error
    stdout = []                  # … in standard output
    absent = ["{root}/x.epub"]   # paths that must not exist afterwards
    present = ["{out}/x.epub"]   # paths that must exist afterwards
    writes = []                  # more places the command may write ("{book}/dist")
    epubcheck = ["{out}/x.epub"] # EPUBs that must pass EPUBCheck without errors
    timeout = 120

In every text file of the copied book, and in these values, ``{root}`` is
the case's scratch folder, ``{book}`` the book, ``{out}`` the output
folder (``{root}/out``) and ``{secret}`` the folder of secrets. A ``setup.py`` beside ``expected.toml``, if any,
defines ``setup(root, book, out, expected)``, called first (it may change
``expected``): for content a text file cannot hold (control characters, a
repository, a dead process's id).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import runpy
import secrets
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from bookpress.epubcheck import run_epubcheck

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parent.parent / "hostile"
CONTROL_FILES = {"expected.toml", "setup.py"}


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "expected.toml").is_file())


def fill(value: str, places: dict[str, Path]) -> str:
    for name, path in places.items():
        value = value.replace("{" + name + "}", str(path))
    return value


def copy_book(case: Path, book: Path, places: dict[str, Path]) -> None:
    for source in sorted(case.rglob("*")):
        relative = source.relative_to(case)
        if relative.parts[0] in CONTROL_FILES or "__pycache__" in relative.parts:
            continue
        target = book / relative
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        with contextlib.suppress(UnicodeDecodeError):
            data = fill(data.decode("utf-8"), places).encode("utf-8")
        target.write_bytes(data)


def write_secrets(folder: Path, token: str) -> None:
    """Files outside the book, each holding ``token`` where a build would show it."""
    folder.mkdir()
    chapter = f"# Secret chapter\n\n{token}\n"
    texts = {
        "secret.md": chapter,
        "secret.mdx": chapter,
        "secret.css": f'body::before, h1::after {{ content: "{token}"; }}\n',
        "secret.bib": f"@book{{secret, title = {{{token}}}, author = {{Doe, Jane}}, year = 2020}}\n",
        "secret.csl": f'<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl">{token}</style>\n',
        "secret.svg": f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
        f'<text x="5" y="20">{token}</text></svg>\n',
        "secret.html": f"<!doctype html><p>{token}</p>\n",
        "secret.txt": f"{token}\n",
        "secret.toml": f'[book]\ntitle = "{token}"\n',
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", token)
    Image.new("RGB", (8, 8), "red").save(folder / "secret.png", pnginfo=info)


def texts_written(out: Path) -> list[tuple[str, str]]:
    """(name, text) of every file under ``out``: raw bytes, each entry of an
    EPUB, the text of a PDF."""
    found: list[tuple[str, str]] = []
    for path in sorted(out.rglob("*")) if out.is_dir() else []:
        if not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        found.append((str(path), data.decode("latin-1")))
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                found += [(f"{path}!{n}", archive.read(n).decode("latin-1")) for n in archive.namelist()]
        if data.startswith(b"%PDF"):
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
            found.append((f"{path} (text)", text))
    return found


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder``: content hash, or the link's target."""
    out: dict[str, str] = {}
    for path in folder.rglob("*"):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            out[key] = "-> " + str(path.readlink())
        elif path.is_file():
            out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[key] = "folder"
    return out


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


@pytest.mark.parametrize("name", case_names())
def test_hostile_book(name: str, tmp_path: Path) -> None:
    case = CASES / name
    root = tmp_path.resolve()
    book, out = root / "book", root / "out"
    places = {"root": root, "book": book, "out": out, "secret": root / "secret"}
    expected = tomllib.loads((case / "expected.toml").read_text(encoding="utf-8"))
    token = f"SECRET-{secrets.token_hex(8)}"
    write_secrets(root / "secret", token)
    copy_book(case, book, places)
    if (case / "setup.py").is_file():
        runpy.run_path(str(case / "setup.py"))["setup"](root, book, out, expected)

    before = snapshot(root)
    command = [fill(arg, places) for arg in expected.get("command", ["check", "{book}"])]
    done = subprocess.run(
        [sys.executable, "-m", "bookpress", *command],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=expected.get("timeout", 120),
        stdin=subprocess.DEVNULL,
        env={**os.environ, "BOOKPRESS_TEST_SECRET": token},  # what /proc/self/environ would leak
    )
    said = f"$ bookpress {' '.join(command)}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"

    allowed = expected.get("exit", 0)
    assert done.returncode in (allowed if isinstance(allowed, list) else [allowed]), said
    assert "Traceback" not in done.stderr + done.stdout, said
    assert "internal error" not in done.stderr, said
    for text in expected.get("stderr", []):
        assert fill(text, places) in done.stderr, f"missing {text!r}\n{said}"
    for text in expected.get("stdout", []):
        assert fill(text, places) in done.stdout, f"missing {text!r}\n{said}"
    for path in expected.get("absent", []):
        assert not Path(fill(path, places)).exists(), f"{path} exists\n{said}"
    for path in expected.get("present", []):
        assert Path(fill(path, places)).exists(), f"{path} is missing\n{said}"

    assert token not in done.stdout + done.stderr, f"a file outside the book was read\n{said}"
    leaked = [name for name, text in texts_written(out) if token in text]
    assert not leaked, f"a file outside the book was read into {leaked}\n{said}"

    for path in expected.get("epubcheck", []):
        report = run_epubcheck(Path(fill(path, places)))
        assert report.errors + report.fatal == 0, "\n".join(report.lines())

    writable = [out, *(Path(fill(w, places)) for w in expected.get("writes", []))]
    outside = {
        k for k in changed(before, snapshot(root)) if not any((root / k).is_relative_to(w) for w in writable)
    }
    assert not outside, f"written or removed outside --out: {sorted(outside)}\n{said}"
    leftovers = [p.name for p in out.rglob("*.part")] if out.is_dir() else []
    assert not [n for n in leftovers if n not in expected.get("parts_kept", [])], leftovers


def test_every_case_says_what_it_expects() -> None:
    """A case folder without expected.toml would silently not run."""
    folders = sorted(p.name for p in CASES.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert folders == case_names()
    assert len(folders) >= 50
    for name in folders:
        expected = tomllib.loads((CASES / name / "expected.toml").read_text(encoding="utf-8"))
        assert expected.get("description"), name
        assert not set(expected) - {
            "description",
            "command",
            "exit",
            "stderr",
            "stdout",
            "absent",
            "present",
            "writes",
            "timeout",
            "parts_kept",
            "epubcheck",
        }, name
