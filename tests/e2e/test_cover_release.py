"""`bookpress release` of a book with [cover]: the cover is one more output,
measured from the interior the release has just built, and release.json
says how wide its spine is and why."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest

pytestmark = pytest.mark.slow

BOOKPRESS = Path(sys.executable).parent / "bookpress"


def test_a_release_makes_the_cover_of_its_interior(tmp_path: Path) -> None:
    book = tmp_path / "book"
    (book / "src").mkdir(parents=True)
    (book / "book.toml").write_text(
        '[book]\ntitle = "Released With A Cover"\nauthors = ["C. Over"]\nversion = "1.0.0"\n'
        '[output.pdf]\ntrim = "6x9"\n[cover]\npaper = "cream"\nback = "back.md"\n',
        encoding="utf-8",
    )
    (book / "src" / "one.md").write_text("# One\n\n" + "Running text for a page or two. " * 200 + "\n")
    (book / "back.md").write_text("What the book is about, on its back.\n")
    dist = tmp_path / "dist"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    done = subprocess.run(
        [str(BOOKPRESS), "release", str(book), "--out", str(dist)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    cover = dist / "released-with-a-cover-1.0.0-cover.pdf"
    info = json.loads((dist / "release.json").read_text())
    with pikepdf.open(dist / "released-with-a-cover-1.0.0.pdf") as interior:
        pages = len(interior.pages)
    record = info["cover"]
    assert record["file"] == cover.name
    assert (record["pages"], record["paper"], record["per_page_in"]) == (pages, "cream", 0.0025)
    assert record["spine_in"] == pytest.approx(pages * 0.0025, abs=1e-4)
    assert (record["bleed_in"], record["trim_in"]) == (0.125, [6.0, 9.0])
    with pikepdf.open(cover) as pdf:
        width = float(pdf.pages[0].obj.MediaBox[2])
    assert width == pytest.approx((12 + pages * 0.0025 + 0.25) * 72, abs=0.01)
    assert info["files"][cover.name]["sha256"] == hashlib.sha256(cover.read_bytes()).hexdigest()
    assert cover.name in (dist / "SHA256SUMS").read_text()
    with zipfile.ZipFile(dist / "released-with-a-cover-1.0.0.epub") as epub:
        opf = next(epub.read(n).decode() for n in epub.namelist() if n.endswith(".opf"))
    assert 'properties="cover-image"' in opf
