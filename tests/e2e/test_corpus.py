"""``make corpus`` on a corpus of two small books: one with its own book.toml,
one with ours; the corpus read-only, as ../shared/corpus is; a ``build/``
folder of outputs inside a book is not copied, one of chapters is."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

FIXTURES = ROOT / "tests" / "fixtures"


def _read_only(folder: Path) -> None:
    for path in [*folder.rglob("*"), folder]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def test_corpus_driver_builds_and_checks_every_book(tmp_path: Path) -> None:
    corpus, tomls = tmp_path / "corpus", tmp_path / "tomls"
    shutil.copytree(FIXTURES / "mdx", corpus / "article")  # its own book.toml
    shutil.copytree(FIXTURES / "mdbook", corpus / "guide")
    (tomls / "guide").mkdir(parents=True)
    (corpus / "guide" / "book.toml").rename(tomls / "guide" / "book.toml")  # ours
    (corpus / "guide" / "build").mkdir()
    (corpus / "guide" / "build" / "stale.pdf").write_bytes(b"not copied")  # outputs: skipped
    (corpus / "article" / "build").mkdir()
    (corpus / "article" / "build" / "README.md").write_text("# Building\n")  # a chapter's folder: kept
    _read_only(corpus)
    out, report = tmp_path / "out", tmp_path / "corpus.json"
    command = [sys.executable, str(ROOT / "bench" / "corpus.py"), "--corpus", str(corpus), "--out", str(out)]
    command += ["--json", str(report), "--tomls", str(tomls)]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=900,
            cwd=ROOT,
        )
    finally:
        for path in [corpus, *corpus.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (out / "guide" / "src" / "build").exists()
    assert (out / "article" / "src" / "build" / "README.md").is_file()
    assert (out / "guide" / "src" / "book.toml").read_text() == (tomls / "guide" / "book.toml").read_text()

    data = json.loads(report.read_text(encoding="utf-8"))
    assert [b["book"] for b in data["books"]] == ["article", "guide"]
    for book in data["books"]:
        keys = {"pages", "seconds", "peak_mb", "warnings", "errors", "epubcheck", "preflight", "completeness"}
        assert keys <= set(book), book.keys()
        assert book["exit_code"] == 0, book
        assert book["pages"] > 2 and 0 < book["seconds"] < 600 and 50 < book["peak_mb"] < 4000
        assert isinstance(book["epubcheck"]["errors"], int) and isinstance(book["epubcheck"]["warnings"], int)
        assert {"errors", "warnings", "notdef", "by_code"} <= set(book["preflight"])
        completeness = book["completeness"]
        assert completeness["clean"], completeness["gaps"]
        assert completeness["headings"]["expected"] == completeness["headings"]["found"] > 0
        assert completeness["images"]["drawn"] == completeness["images"]["existing"]
        assert completeness["leaked_tags"] == 0
    assert data["books"][0]["book_toml"] == "its own" and data["books"][1]["book_toml"] == "ours"
    assert data["books"][0]["completeness"]["images"]["existing"] == 1  # plot.png

    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["book", "pages", "s"]
    assert lines[2].startswith("article") and lines[3].startswith("guide")
