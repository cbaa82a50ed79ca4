"""One unit laid out and written: what a worker does, and what it sends back.

Besides the unit's PDF, a worker sends what the page map and the merge need:
the anchors and bookmarks of each page, and for each embedded font the
glyphs the unit uses and the font file they were cut from (kept once in the
cache folder, by content), so that the merge can cut one subset of each face
for the whole book instead of keeping one per chapter.

A layout made with a guessed start page and not written is kept in the
worker (the last :data:`KEPT` of them): when the unit's start is known and
only its first page number differs — the same pad pages, the same numbers it
prints for other units — the worker makes the page-margin boxes again with
the page counter moved (:func:`renumbered`, WeasyPrint's own
``make_margin_boxes``, the last step of its layout) and writes it. The PDF is
byte for byte the one a new layout gives; it costs the writing alone.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections import OrderedDict
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
    renumbered: bool = False  # made from a kept layout with its margins made again
    kept: bool = False  # not written, and kept in the worker for :func:`renumbered`


@dataclass(frozen=True)
class Task:
    key: str
    html: str
    extra_css: str
    geometry: Any
    write: bool = True  # False: lay out only, to learn the pages (the inputs were guessed)
    body_key: str = ""  # the key without the first page number ("": its margins cannot be made again)
    first: int = 0  # the page counter's value on the first pad page
    forget: tuple[str, ...] = ()  # body keys of kept layouts no longer wanted (laid out elsewhere)


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
    for stale in task.forget:
        _KEPT.pop(stale, None)
    kept = _KEPT.pop(task.body_key, None) if task.body_key else None
    document = None
    if kept is not None and renumbered(kept, task.first):
        document = kept.document
    remade = document is not None
    if document is None:
        with capturing_layout() as captured:
            document = render(task.html, task.extra_css, task.geometry)
        kept = _Kept(document, captured.context, task.first) if task.body_key else None
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
    elif kept is not None and kept.context is not None:
        _KEPT[task.body_key] = kept
        while len(_KEPT) > KEPT:
            _KEPT.popitem(last=False)
    laid = LaidOut(
        task.key, len(document.pages), anchors, bookmarks, fonts, pdf, seconds=time.process_time() - started
    )
    laid.renumbered, laid.kept = remade, task.body_key in _KEPT
    return laid


KEPT = 3  # layouts kept per worker: a few hundred MB at most (a chapter's boxes)


@dataclass
class _Kept:
    document: Any  # WeasyPrint Document
    context: Any  # its LayoutContext: page states, strings, margin-box styles
    first: int


_KEPT: OrderedDict[str, _Kept] = OrderedDict()


def forget_kept() -> None:
    """Drop the layouts kept for renumbering (a worker between builds, tests)."""
    _KEPT.clear()


def renumbered(kept: _Kept, first: int) -> bool:
    """Make ``kept``'s margin boxes again for a first page number of
    ``first`` (its page counter moved by the difference). False, and the
    layout unchanged, when the counter does not run on from the first page
    to the last (a ``counter-reset: page`` inside the unit): it is laid out anew."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.background import layout_backgrounds
    from weasyprint.layout.page import make_margin_boxes

    context, pages = kept.context, kept.document.pages
    states = [context.page_maker[number + 1][3] for number in range(len(pages))]
    values = [state[1].get("page") for state in states]
    if not all(v and len(v) == 1 and v[0] - number == values[0][0] for number, v in enumerate(values)):
        return False
    delta = first - kept.first
    if delta == 0:
        return True
    for number, (page, state) in enumerate(zip(pages, states, strict=True)):
        box = page._page_box
        state[1]["page"] = [state[1]["page"][0] + delta]
        context.current_page = number + 1
        inside = tuple(child for child in box.children if not isinstance(child, boxes.MarginBox))
        box.children = inside + tuple(make_margin_boxes(context, box, state))
        layout_backgrounds(box, context.get_image_from_uri)
    kept.first = first
    return True


class capturing_layout:
    """While WeasyPrint renders, note the layout context it makes (the page
    states and strings :func:`renumbered` needs; WeasyPrint drops it)."""

    def __init__(self) -> None:
        self.context: Any = None

    def __enter__(self) -> capturing_layout:
        from weasyprint import document as wp_document

        self._module = wp_document
        self._layout = wp_document.layout_document
        original, recorder = self._layout, self

        def layout_document(html, root_box, context, *args, **kwargs):
            recorder.context = context
            return original(html, root_box, context, *args, **kwargs)

        wp_document.layout_document = layout_document
        return self

    def __exit__(self, *exc: object) -> None:
        self._module.layout_document = self._layout


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
