"""Interactive figures drawn for print: find them, draw them, keep them.

Each figure whose image is a local ``<HtmlEmbed>`` fragment or a local page
in an ``<iframe>`` (see :mod:`bookpress.interactive`) is drawn by a headless
browser at the width it prints at (:mod:`.browser`), or taken from the cache
when nothing it depends on changed (:mod:`.cache`). A drawn figure's image
points to the picture (SVG when the embed drew SVG, else a 300 ppi PNG) and
loses its ``missing`` class; its alt text is the caption or the title. A
figure that cannot be drawn keeps its box, with one warning that says why,
at the embed's place in the manuscript.
"""

from __future__ import annotations

import dataclasses
import hashlib
import posixpath
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from .. import __version__
from ..config import Config
from ..diagnostics import Diagnostics
from ..geometry import INCH, page_geometry
from ..interactive import is_embed
from ..model import Attr, Block, Book, Chapter, Div, Figure, Image, plain_text, query, walk
from ..profiles import PRINT
from ..themes import find_theme
from .browser import CSS_PPI, PRINT_PPI, BrowserUnavailable, Drawing, check_browser, draw
from .cache import EmbedCache, Entry
from .fontmap import FontMap, book_fonts
from .host import EmbedPage, asset_text
from .libraries import Libraries, js_root
from .routes import Router, file_hash

# What wide figures take beyond the text block, on each side.
WIDE_OUTDENT_IN = 0.25
# The tallest a drawn figure prints (the theme's figure.figure img max-height).
MAX_HEIGHT_IN = 6.2
# Refused requests of these kinds leave the picture whole (the book's fonts stand in).
HARMLESS_REFUSALS = ("font", "stylesheet")
_PAGE_FILES = ("compose.js", "page.css", "page_init.js")


@dataclass(frozen=True)
class Target:
    """One embed to draw and where its warnings go."""

    page: EmbedPage
    key: str
    path: str  # manuscript file of the figure
    line: int | None


@dataclass
class Report:
    """What the stage did, for the build's progress line and for tests."""

    drawn: dict[str, str] = dataclasses.field(default_factory=dict)  # src → "svg"/"png"
    failed: dict[str, str] = dataclasses.field(default_factory=dict)  # src → why
    cached: int = 0
    browser_started: bool = False
    seconds: float = 0.0


def render_embeds(
    book: Book,
    config: Config,
    diagnostics: Diagnostics,
    cache_dir: Path,
    tabs: int = 2,
    report: Report | None = None,
    on_drawing: Callable[[Drawing], None] | None = None,
) -> Book:
    """The book with every drawable embed replaced by its picture."""
    report = report if report is not None else Report()
    started = time.perf_counter()
    if not config.embeds.render or not _has_local_embeds(book, config):
        return book
    width = _text_width_px(config)
    fonts = _fonts(config)
    cache = EmbedCache(cache_dir / "embeds", config.root)
    targets = _targets(book, config, width, fonts, cache)
    if not targets:
        return book
    entries: dict[str, Entry] = {}
    missing: list[Target] = []
    for target in targets.values():
        entry = cache.get(target.key)
        if entry is None:
            missing.append(target)
        else:
            entries[target.key] = entry
            report.cached += 1
    if missing:
        drawn = _draw(missing, config, fonts, cache, diagnostics, tabs, report, on_drawing)
        entries.update(drawn)
    for target in targets.values():
        entry = entries.get(target.key)
        if entry is None:
            continue
        failure, notes = verdict(entry, target.page.src)
        for note in notes:
            diagnostics.warn(target.path, target.line, "embed-remote", note)
        if failure:
            report.failed[target.page.src] = failure
            diagnostics.warn(
                target.path,
                target.line,
                "embed-failed",
                f"interactive figure '{target.page.src}' was not drawn: {failure}; it prints as a box",
            )
        else:
            report.drawn[target.page.src] = entry.format
            if entry.raster_reason:
                diagnostics.info(
                    target.path,
                    target.line,
                    "embed-raster",
                    f"interactive figure '{target.page.src}' prints as a {PRINT_PPI} ppi picture, "
                    f"not vector: {entry.raster_reason}",
                )
    drawn_files = {key: (cache.path(e), e) for key, e in entries.items() if e.output and e.format}
    report.seconds = time.perf_counter() - started
    if not drawn_files:
        return book
    return book.map_chapters(lambda ch: _replace(ch, targets, drawn_files, width))


def _draw(
    missing: list[Target],
    config: Config,
    fonts: FontMap,
    cache: EmbedCache,
    diagnostics: Diagnostics,
    tabs: int,
    report: Report,
    on_drawing: Callable[[Drawing], None] | None,
) -> dict[str, Entry]:
    try:
        check_browser()
    except BrowserUnavailable as exc:
        first = missing[0]
        count = len(missing)
        figures = "figure prints" if count == 1 else f"{count} figures print"
        diagnostics.warn(
            first.path,
            first.line,
            "embed-browser",
            f"interactive figures are not drawn: {exc}; the {figures} as boxes",
        )
        return {}
    libraries = Libraries(js_root(), config.root, config.embeds.libraries, config.sandbox)
    router = Router(config.root, libraries, config.embeds.mounts, config.allow_remote, config.sandbox)
    by_page = {t.page: t for t in missing}
    report.browser_started = True
    drawings = draw(list(by_page), router, fonts, config.embeds.timeout, tabs, on_drawing)
    entries: dict[str, Entry] = {}
    for drawing in drawings:
        target = by_page[drawing.page]
        entry = _entry(drawing)
        stem = posixpath.splitext(posixpath.basename(target.page.src))[0]
        entries[target.key] = cache.put(target.key, entry, stem, drawing.data if entry.format else b"")
    return entries


def _entry(drawing: Drawing) -> Entry:
    """What the cache keeps of a drawing."""
    loaded = drawing.loaded
    failed = bool(drawing.failure or loaded.lfs or drawing.errors or _blocking(loaded.refused))
    return Entry(
        inputs=dict(sorted(loaded.files.items())),
        format="" if failed else drawing.format,
        width=drawing.width,
        height=drawing.height,
        failure=drawing.failure,
        raster_reason=drawing.raster_reason,
        lfs=sorted(set(loaded.lfs)),
        refused=[[url, kind] for url, kind in loaded.refused],
        errors=drawing.errors[:5],
    )


def _blocking(refused: list[tuple[str, str]] | list[list[str]]) -> list[str]:
    return [url for url, kind in refused if kind not in HARMLESS_REFUSALS]


def verdict(entry: Entry, src: str) -> tuple[str, list[str]]:
    """Why the embed has no picture ("" when it has one), and the warnings
    that do not stop it (web fonts that were not fetched)."""
    notes = []
    harmless = sorted({_host(url) for url, kind in entry.refused if kind in HARMLESS_REFUSALS})
    if harmless:
        notes.append(
            f"interactive figure '{src}': fonts or styles from {', '.join(harmless)} "
            "were not loaded (no network); it is drawn with the book's fonts"
        )
    blocking = _blocking(entry.refused)
    if entry.lfs:  # first: it is why the page stayed empty
        what = "a Git LFS pointer" if len(entry.lfs) == 1 else "Git LFS pointers"
        failure = f"it loads {_list(entry.lfs)}, {what} and not the data (run 'git lfs pull')"
    elif entry.errors:
        failure = f"its script failed: {entry.errors[0]}"
    elif entry.failure:
        failure = entry.failure
    elif blocking:
        failure = (
            f"it needs {_list(blocking)}, which is not in the book or a known library "
            "(no network; --allow-remote fetches it)"
        )
    else:
        failure = ""
    return failure, notes


def _host(url: str) -> str:
    return url.split("//", 1)[-1].split("/", 1)[0]


def _list(items: list[str]) -> str:
    shown = ", ".join(f"'{i}'" for i in items[:3])
    return shown + (f" and {len(items) - 3} more" if len(items) > 3 else "")


def _text_width_px(config: Config) -> int:
    """The text block's width in CSS pixels (96 to the inch)."""
    geometry = page_geometry(config, PRINT, 300)  # the text block is the same in every profile
    return int((geometry.width - geometry.inner - geometry.outer) / INCH * CSS_PPI)


def _fonts(config: Config) -> FontMap:
    try:
        theme = find_theme(config.pdf.theme, config.root, needs="print.css", sandbox=config.sandbox)
        return book_fonts(theme, config.sandbox.roots)
    except Exception:  # an unusable theme is reported by the PDF writer; draw with defaults
        return FontMap()


def _targets(book: Book, config: Config, width: int, fonts: FontMap, cache: EmbedCache) -> dict[str, Target]:
    """Every drawable embed of the book, by the place of its figure."""
    wide_places = _wide_places(book)
    page_hash = hashlib.sha256("".join(asset_text(n) for n in _PAGE_FILES).encode("utf-8")).hexdigest()
    root = config.root.resolve()
    targets: dict[str, Target] = {}
    for chapter in book.chapters():
        for node in query(chapter):
            if not isinstance(node, Figure) or not is_embed(node.image):
                continue
            image = node.image
            kind = image.attr.get("embed") or "html"
            if kind not in ("html", "iframe") or not _local_page(image.src, config):
                continue
            wide = "wide" in node.attr.classes or _place(image) in wide_places
            page_width = width + (round(2 * WIDE_OUTDENT_IN * CSS_PPI) if wide else 0)
            page = EmbedPage(
                kind,
                image.src,
                page_width,
                round(MAX_HEIGHT_IN * CSS_PPI),
                image.attr.get("embed-config") or "",
                image.attr.get("embed-data") or "",
            )
            parts = {
                "bookpress": __version__,
                "page": page_hash,
                "embed": dataclasses.asdict(page),
                "file": file_hash(root / image.src),
                "mounts": list(config.embeds.mounts),
                "libraries": list(config.embeds.libraries),
                "remote": config.allow_remote,
                "fonts": dataclasses.asdict(fonts),
            }
            targets[_place(image)] = Target(page, cache.key(parts), image.source.path, image.source.line)
    return targets


def _has_local_embeds(book: Book, config: Config) -> bool:
    return any(
        isinstance(node, Figure) and is_embed(node.image) and _local_page(node.image.src, config)
        for chapter in book.chapters()
        for node in query(chapter)
    )


def _local_page(src: str, config: Config) -> bool:
    if not src or "://" in src or src.startswith(("//", "data:")):
        return False
    if not src.lower().endswith((".html", ".htm")):
        return False
    return config.sandbox.file(config.root / src) is not None


def _place(image: Image) -> str:
    return f"{image.source.path}:{image.source.line}:{image.src}"


def _wide_places(book: Book) -> set[str]:
    """Embeds inside a ``<Wide>``/``<FullWidth>`` block."""
    places: set[str] = set()
    for chapter in book.chapters():
        for node in query(chapter):
            if isinstance(node, Div) and {"wide", "full-width"} & set(node.attr.classes):
                places.update(_place(n.image) for n in query(node) if isinstance(n, Figure))
    return places


def _replace(
    chapter: Chapter, targets: dict[str, Target], drawn: dict[str, tuple[Path, Entry]], width: int
) -> Chapter:
    def visit(node: object) -> object:
        if not isinstance(node, Figure) or not is_embed(node.image):
            return node
        target = targets.get(_place(node.image))
        found = drawn.get(target.key) if target else None
        if target is None or found is None:
            return node
        path, entry = found
        return dataclasses.replace(node, image=_drawn_image(node, path, entry, target.page.width))

    return dataclasses.replace(
        chapter, blocks=tuple(cast(Block, visit(walk(b, visit))) for b in chapter.blocks)
    )


def _drawn_image(figure: Figure, path: Path, entry: Entry, print_width: int) -> Image:
    """The figure's image as its picture, at the size it was drawn, no taller
    than a figure may print."""
    image = figure.image
    title = image.attr.get("embed-title") or ""
    alt = plain_text(figure.caption) or title or image.alt
    width = min(float(print_width), entry.width)
    if entry.height and width / entry.width * entry.height > MAX_HEIGHT_IN * CSS_PPI:
        width = entry.width * MAX_HEIGHT_IN * CSS_PPI / entry.height
    classes = (*(c for c in image.attr.classes if c != "missing"), "drawn")
    kv = (*image.attr.kv, ("embed-file", image.src), ("width", f"{width:.1f}px"))
    return Image(str(path.resolve()), alt, "", Attr(image.attr.id, classes, kv), image.source)
