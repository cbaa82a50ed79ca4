"""One unit laid out and written: what a worker does, and what it sends back.

Besides the unit's PDF, a worker sends what the page map and the merge need:
the anchors and bookmarks of each page, and for each embedded font the
glyphs the unit uses and the font file they were cut from (kept once in the
cache folder, by content), so that the merge can cut one subset of each face
for the whole book instead of keeping one per chapter.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic

SCALE = 0.75  # PDF points per CSS pixel (WeasyPrint at zoom 1)


@dataclass(frozen=True)
class FontUse:
    """One embedded font of a unit: the face's PDF name, its original file
    (by digest, in the fonts folder) and the glyphs used."""

    name: str  # WeasyPrint's BaseFont, the same in every unit for the same face
    digest: str  # sha256 of the original font file ("" when it cannot be shared)
    index: int  # face index in a collection
    gids: tuple[int, ...]
    hinting: bool
    missing: bool  # glyphs missing from the face (a .notdef outline is kept)


@dataclass
class LaidOut:
    """A unit's layout: its pages (pad pages included) and its PDF."""

    key: str
    pages: int
    anchors: list[list[str]]  # per page
    bookmarks: list[list[tuple[int, str, tuple[float, float], str]]]  # per page, PDF coordinates
    fonts: list[FontUse]
    pdf: bytes
    diagnostics: list[Diagnostic] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    cached: bool = False


@dataclass(frozen=True)
class Task:
    key: str
    html: str
    extra_css: str
    geometry: Any
    write: bool = True  # False: lay out only, to learn the pages (the inputs were guessed)


def lay_out(
    task: Task,
    render: Callable[[str, str, Any], Any],
    write: Callable[[Any], bytes],
    font_dir: Path,
) -> LaidOut:
    """Lay out ``task`` with ``render(html, extra_css, geometry)`` (a
    WeasyPrint Document) and write it with ``write(document)``."""
    import time

    started = time.process_time()
    document = render(task.html, task.extra_css, task.geometry)
    anchors = [list(page.anchors) for page in document.pages]
    bookmarks = [
        [
            (level, label, (x * SCALE, page.height * SCALE - y * SCALE), state)
            for level, label, (x, y), state in page.bookmarks
        ]
        for page in document.pages
    ]
    fonts: list[FontUse] = []
    pdf = b""
    if task.write:
        with recording_fonts(font_dir) as fonts:
            pdf = write(document)
    return LaidOut(
        task.key, len(document.pages), anchors, bookmarks, fonts, pdf, seconds=time.process_time() - started
    )


class recording_fonts:
    """While WeasyPrint writes a PDF, note each font it subsets: the glyphs
    and the original file (saved once in ``font_dir``)."""

    def __init__(self, font_dir: Path) -> None:
        self.font_dir = font_dir
        self.fonts: list[FontUse] = []

    def __enter__(self) -> list[FontUse]:
        from weasyprint.pdf import fonts as wp_fonts

        self._class = wp_fonts.Font
        self._clean = wp_fonts.Font.clean
        recorder = self

        def clean(font, to_unicode, hinting):
            recorder.note(font, to_unicode, hinting)
            return recorder._clean(font, to_unicode, hinting)

        wp_fonts.Font.clean = clean
        return self.fonts

    def __exit__(self, *exc: object) -> None:
        self._class.clean = self._clean

    def note(self, font, to_unicode: dict, hinting: bool) -> None:
        name = font.name.decode() if isinstance(font.name, bytes) else str(font.name)
        shareable = bool(to_unicode) and not (
            "fvar" in font.tables or font.png or font.svg or font.colr or font.used_in_forms
        )
        digest = ""
        if shareable:
            content = bytes(font.file_content)
            digest = hashlib.sha256(content).hexdigest()
            path = self.font_dir / f"{digest}.font"
            if not path.exists():
                self.font_dir.mkdir(parents=True, exist_ok=True)
                part = path.with_suffix(f".{os.getpid()}.part")
                part.write_bytes(content)
                os.replace(part, path)
        gids = tuple(sorted(to_unicode)) if shareable else ()
        self.fonts.append(FontUse(name, digest, int(font.index), gids, bool(hinting), bool(font.missing)))


def pdf_bytes(document, finisher, options: dict) -> bytes:
    out = io.BytesIO()
    document.write_pdf(out, finisher=finisher, **options)
    return out.getvalue()
