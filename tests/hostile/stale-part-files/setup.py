"""Temporary files of a build that was killed (its process is gone) and of one that runs."""

import os
import subprocess
import sys
from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    # The id of a process that has ended, and of one that still runs (this test).
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    out.mkdir()
    stale = out / f".parts.epub.{dead.stdout.strip()}-x1y2z3.part"
    live = out / f".parts.pdf.{os.getpid()}-a1b2c3.part"
    stale.write_text("half an EPUB")
    live.write_text("a build still running")
    expected["absent"] = [str(stale)]
    expected["present"].append(str(live))
    expected["parts_kept"] = [live.name]
