"""A build with another date (no SOURCE_DATE_EPOCH: every build) takes every
chapter from the cache: the join writes the date into the PDF's information."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

pytestmark = pytest.mark.slow

KITCHEN_SINK = Path(__file__).resolve().parent.parent / "golden" / "kitchen-sink"


def build(book: Path, out: Path, epoch: str) -> str:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    command = [sys.executable, "-m", "bookpress", "build", str(book), "--out", str(out), "--format", "pdf"]
    result = subprocess.run(
        [*command, "--verbose", "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def test_a_new_build_date_lays_nothing_out_again(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(KITCHEN_SINK, book)
    out = tmp_path / "out"
    first = build(book, out, "1700000000")
    units = int(re.search(r"(\d+) unit\(s\) laid out", first).group(1))
    assert units >= 3
    later = build(book, out, "1700003600")  # an hour later
    assert re.search(r": 0 unit\(s\) laid out", later), later
    assert f"{units} from the cache" in later
    (pdf,) = out.glob("*.pdf")
    with pikepdf.open(pdf) as doc:
        assert str(doc.docinfo["/CreationDate"]) == "D:20231114231320Z"  # the second build's date
        assert str(doc.docinfo["/ModDate"]) == "D:20231114231320Z"
