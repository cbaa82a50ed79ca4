"""One output to make from a loaded book: a :class:`RenderJob`.

``bookpress.build.load()`` reads and transforms the book once;
``bookpress.build.render(book, job)`` makes one output from it — a PDF in one
profile, or the EPUB — as the job says. Everything that varies between two
outputs of the same book is a field here, passed in, never read from the
environment: a release renders three jobs from one load, with one date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .profiles import DEFAULT, PrintProfile

FORMATS = ("pdf", "epub")


@dataclass(frozen=True)
class RenderJob:
    format: str  # "pdf" or "epub"
    target: Path  # the file to write (replaced only when written completely)
    created: dt.datetime  # the build date: printed in the book, in the files' metadata
    profile: PrintProfile = DEFAULT  # the PDF's profile (the EPUB has none)
    cache_dir: Path | None = None  # drawn formulas and embeds, kept between builds
    # The EPUB: the print PDF made in the same run, whose pages become its page list.
    print_pdf: Path | None = None

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown format {self.format!r} (expected one of {', '.join(FORMATS)})")
        if self.created.tzinfo is None:
            raise ValueError("the build date needs a time zone (UTC)")

    @property
    def created_stamp(self) -> str:
        """The build date as written into the print HTML and the PDF (UTC, ISO 8601)."""
        return self.created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
