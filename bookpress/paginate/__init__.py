"""The print PDF laid out one chapter at a time, in parallel, cached, joined.

A chapter always begins on a new page, so the book's layout can be cut
there: each *unit* (the front matter, a part page, a chapter, the index, the
colophon) is its own WeasyPrint document, laid out in a long-lived worker
process, kept in ``<out>/.cache/chapters/``, and the pages are joined into one
PDF that is the same book a whole-document render gives — page count, folios,
contents, "on page N", index locators, outline, page labels, named
destinations, running heads, blank versos, PDF/X.

Why this shape (figures from this machine: 2 cores shared with other
builds, load ~10, so CPU seconds of the whole process tree; WeasyPrint 70;
the 400-page bench book, 35 units, unless said):

- *Split, don't stamp folios in the PDF.* The bare engine lays a 392-page
  book out in 14.0-15.7 s as one document and in 14.1-14.8 s as 28 documents
  in one reused worker: cutting costs nothing, and memory follows the longest
  chapter. Here: one document 60 s CPU and 892 MB; chapter by chapter in one
  worker, largest process 497 MB. A fresh process per chapter took 42 s
  instead of 14 (a second of import and font set-up each): workers live for
  the whole build (:mod:`.pool`).
- *Numbers: exact inputs, a fixed point.* A unit is laid out again only when
  what it depends on changed: where it starts (pad pages, first page number)
  and the numbers it prints for other units (contents, "on page N"). Those
  are set before layout as placeholders WeasyPrint's own ``target-counter()``
  reads (:mod:`.units`): counters do not cross documents (WeasyPrint #1060,
  #1180), and a literal number in the HTML wrapped differently in a table
  cell of the handbook. Guessed inputs (a start page behind a unit still in a
  worker, a page in a chapter not laid out yet) get a layout without writing
  (two thirds of a layout: layout ~2/3 of a build, writing ~1/3), written
  once known (:mod:`.book`). One worker, cold: 46 layouts for 35 units, 85 s
  CPU against 60 s as one document (1.4x): every chapter that says "on page
  N" of a later chapter is laid out twice. Two workers on the 60-page bench
  book: 15 layouts for 8 units, 7 of them without writing. A rebuild with
  nothing changed takes every unit from the cache (handbook: 1.6 s to lay
  out and join 108 pages, 4.6 s CPU for the whole command).
- *Renumber when only the first page number moved.* WeasyPrint makes the
  page-margin boxes last, from each page's counter state; a layout made
  with a guessed start and the right pad (same side, same numbers printed
  for other units) is kept in its worker, and when the start is known its
  margins are made again with the counter moved (:func:`.layout.renumbered`):
  byte for byte the PDF a new layout gives (tested), for the cost of writing
  it. A unit goes back to the worker that keeps it, a worker keeps three and
  does not run further ahead. Not for a unit that prints the page of one of
  its own anchors (WeasyPrint set that number in the text), nor when a
  stylesheet reads the page counter outside page margins.
- *Rebuilds: the cache first, the last build's pages as the guess.* Every
  unit to do is looked up before any is laid out, and with the last
  build's page counts (``pages.json``) a unit is written at once (the
  guesses hold nearly always): a one-paragraph edit in chapter 15 of the
  bench book lays out that chapter once (it was laid out twice).
- *Leave the collector out of it.* Forked workers inherit the whole heap
  (book, HTML, WeasyPrint); with Python's default thresholds the cycle
  collector walked it, and the kept layouts, again and again: two workers
  on ml-engineering spent more than half their time collecting. Frozen
  after the fork and run a tenth as often (:func:`.pool.fewer_collections`),
  the build went from 98 to 76 CPU seconds. Each worker parses the
  stylesheets once (8.7 of 133 profiled seconds were parsing them again
  per chapter).
- *One worker unless told more.* A second worker starts chapters before the
  ones ahead are done and guesses where they start; a wrong side or a
  page number printed for a later chapter is a second layout, and the
  fixed point holds workers back. ``make bench``, 400 pages, idle 2-core
  machine: one worker 63.3 s (60.3 CPU s, 769 MB summed RSS), two 90.5 s
  (99.9 CPU s, 1,334 MB), the whole document 63.2 s (57.7 CPU s, 965 MB).
  ml-engineering (no page references), two workers: 76 layouts for 53
  units, 27 of them renumbered. ``--jobs N`` for more workers.
- *Measured the same.* The three corpus books laid out both ways give the
  same page count, page labels, outline, named destinations and links and
  the same text on every page (ml-engineering 728 pages, trpl-zh-cn 698,
  research-article-template 72; joined size 1.010x, 1.056x, 1.026x).
- *The front matter first and last, the index last.* Its length places the
  body; its contents print every page. The index prints every locator.
- *Join with pikepdf, one subset per face.* Units joined as they come embed
  their own font subsets (1.73x the whole document on the bare engine).
  WeasyPrint keeps glyph ids when it subsets, so the join cuts one subset per
  face from the original font for all units (:mod:`.fonts`: the same 188 KB
  of fonts as the whole handbook), keeps identical streams once, and writes
  object streams (:mod:`.merge`). Joined size against one document: handbook
  1.10x (1.52x without object streams), bench book 1.006x, 60-page bench book
  in the press profile 0.999x.
- *Not for tagged PDF.* The screen profile's PDF/UA structure tree would have
  to be merged across documents (parent tree, MCIDs, role map): a tagged PDF
  is laid out whole (:func:`eligible`).
- *The whole document is not always the reference.* On the bench book, the
  whole-document render prints three footnotes twice and loses three (a
  WeasyPrint footnote bug when it lays a page out again for a number it
  learnt late, which shifts later pages and index locators); chapter by
  chapter, every note is printed once, as the manuscript has it.

``--jobs 0`` or ``[output.pdf] chapter-at-a-time = false`` lays the book out
whole, as before, for comparison.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics
from ..model import Book
from .book import NotSettling, Outcome, Plan, lay_out_units, report
from .cache import UnitCache
from .fonts import shared_subsets
from .layout import LaidOut, Task, forget_kept, lay_out
from .merge import Piece, merge
from .pool import collect_unit, fewer_collections
from .units import StampingUnsupported, numbers_in_margins_only, page_printers, split

__all__ = ["Engine", "eligible", "write_by_chapter"]

MIN_CHAPTERS = 3  # fewer top-level sections (parts, chapters, appendices): the book is laid out whole

_TAGS = re.compile(r"<[^>]+>")


def eligible(variant: str, tags: bool) -> bool:
    """Whether a PDF of this variant can be laid out chapter by chapter: not a tagged one."""
    return not tags and not variant.startswith("pdf/ua")


@dataclass(frozen=True)
class Engine:
    """What laying out a unit needs from the PDF writer."""

    render: Callable[[str, str, Any], Any]  # (html, extra css, geometry) → WeasyPrint Document
    write: Callable[[Any], bytes]  # Document → PDF bytes (options, finisher)
    document_html: Callable[[Any], str]  # geometry → the whole book's print HTML
    index_html: (
        Callable[[Any, dict[str, tuple[int, str]]], str] | None
    )  # geometry, pages → the index's markup
    geometry_for: Callable[[int], Any]  # pages → geometry
    gutter_off: Callable[[int, int], bool]  # (pages, guess) → lay out again with the gutter of pages
    sheets: list[str]  # text of every stylesheet (theme, its imports, the book's)
    static: list[str]  # everything else a unit's pages depend on (options, versions, root)
    right_start: bool  # chapters open on right-hand pages
    version: str  # [book] version, in the document information
    diagnostics: Diagnostics  # where a layout's warnings land (taken back into each unit)
    refused: list[tuple[str, str]]  # the URL fetcher's refusals (taken back likewise)
    created: str = ""  # the build date (ISO 8601, UTC), set in the joined PDF's information
    dated_front: bool = True  # the front matter's PDF carries the date (PDF/X, PDF/A: in its XMP too)


def write_by_chapter(
    book: Book,
    engine: Engine,
    guess: int,
    target: Path,
    jobs: int,
    cache_dir: Path | None,
    root: Path,
    diagnostics: Diagnostics,
    where: str,
) -> tuple[int, Any] | None:
    """Lay ``book`` out unit by unit into ``target``: (pages, geometry), or
    None when it has to be laid out whole (markup or stylesheets this cannot
    cut or stamp, page numbers that do not settle)."""
    started = time.perf_counter()
    try:
        known_printers = page_printers(engine.sheets)
    except StampingUnsupported:
        return None
    folder = cache_dir / "chapters" if cache_dir is not None else None
    cache = UnitCache(folder) if folder is not None else None
    font_dir = (folder or Path(os.environ.get("TMPDIR", "/tmp")) / f"bookpress-fonts-{os.getuid()}") / "fonts"
    previous = _previous_counts(folder)
    renumber = known_printers and numbers_in_margins_only([*engine.sheets, *engine.static])
    kept_notes: dict[str, tuple[list, list]] = {}  # body key → what its kept layout reported

    def work(task: Task) -> LaidOut:
        items, refusals = engine.diagnostics.items, engine.refused
        known, known_refused = len(items), len(refusals)
        result = lay_out(task, engine.render, engine.write, font_dir)
        # Kept with the unit, and reported from its last layout only (a layout
        # made with guessed page numbers may warn about what the final one does not);
        # a renumbered layout reports what its layout did, and what writing it did.
        result.diagnostics, result.refused = items[known:], refusals[known_refused:]
        del items[known:], refusals[known_refused:]
        if result.renumbered:
            laid_diagnostics, laid_refused = kept_notes.pop(task.body_key, ([], []))
            result.diagnostics = laid_diagnostics + result.diagnostics
            result.refused = laid_refused + result.refused
        if result.kept:
            kept_notes[task.body_key] = (list(result.diagnostics), list(result.refused))
        collect_unit()
        return result

    geometry = engine.geometry_for(guess)
    outcome = None
    for _attempt in range(2):
        plan = _plan(book, engine, geometry, not known_printers, guess)
        if plan is None:
            return None
        chapters = sum(unit.kind == "body" for unit in plan.units)
        if chapters < MIN_CHAPTERS:
            # Nothing to cache apart or lay out side by side; the front matter
            # would be laid out twice around it (1.4x the CPU of one document).
            diagnostics.info(where, None, "chapter-layout", f"PDF laid out whole: {chapters} chapter(s)")
            return None
        plan.renumber = renumber
        try:
            with fewer_collections():
                outcome = lay_out_units(plan, geometry, work, jobs, cache, root, previous)
        except NotSettling as exc:
            diagnostics.info(where, None, "chapter-layout", f"PDF laid out whole: {exc}")
            return None
        pages = outcome.page_map.total
        if not engine.gutter_off(pages, guess):
            break
        geometry = engine.geometry_for(pages)
    forget_kept()  # (laid out in this process: its kept layouts are of no use to the next build)
    assert outcome is not None and plan is not None
    units = plan.units
    pieces = [Piece(outcome.done[u.index].laid_out, outcome.done[u.index].pad, u.ids) for u in units]
    fonts = shared_subsets([f for piece in pieces for f in piece.laid_out.fonts], font_dir)
    created = "" if engine.dated_front else engine.created
    pages = merge(
        pieces, target, outcome.page_map.body_start, _outline(pieces), fonts, engine.version, created
    )
    for piece in pieces:
        for item in piece.laid_out.diagnostics:
            diagnostics.add(item.severity, item.path, item.line, item.code, item.message, item.col)
        engine.refused.extend(piece.laid_out.refused)
    _save_counts(folder, units, outcome)
    if cache is not None:
        cache.trim()
    report(diagnostics, outcome, time.perf_counter() - started, where)
    return pages, geometry


def _plan(book: Book, engine: Engine, geometry, every_link: bool, guess: int) -> Plan | None:
    html = engine.document_html(geometry)
    top: list[str] = []
    for item in book.body:
        top.append(item.id)
        top.extend(ch.id for ch in getattr(item, "chapters", ()))
    top.extend(ch.id for ch in book.back)
    if 'id="colophon"' in html:
        top.append("colophon")
    cut = split(html, top, every_link)
    if cut is None:
        return None
    index = next((ch for ch in book.back if ch.role == "index"), None)
    index_refs: tuple[str, ...] = ()
    for unit in cut.units:
        if unit.ident == "colophon":
            unit.kind = "colophon"
        elif index is not None and unit.ident == index.id:
            unit.kind = "index"
            index_refs = tuple(dict.fromkeys(re.findall(r'href="#([^"]+)"', unit.html)))
    sizes = [len(_TAGS.sub("", unit.html)) for unit in cut.units]
    per_char = max(1, guess) / max(1, sum(sizes))
    estimates = [max(1.0, size * per_char) for size in sizes]
    index_html = None
    render_index = engine.index_html
    if index is not None and render_index is not None:

        def index_html(pages: dict[str, tuple[int, str]]) -> str:
            return render_index(geometry, pages)

    return Plan(
        head=cut.head,
        units=cut.units,
        body_start_id=_body_start_id(book),
        right_start=engine.right_start,
        dated_front=engine.dated_front,
        static=[*engine.sheets, *engine.static, repr(geometry)],
        guess=estimates,
        index_html=index_html,
        index_refs=index_refs,
    )


def _body_start_id(book: Book) -> str | None:
    first = book.body[0] if book.body else (book.back[0] if book.back else None)
    return first.id if first is not None else None


def _outline(pieces: list[Piece]) -> list:
    """The book's bookmark tree, nested across units as WeasyPrint nests it."""
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    root: list = []
    skipped: list[int] = []
    last_by_depth = [root]
    previous = 0
    number = 0
    for piece in pieces:
        for page, marks in enumerate(piece.laid_out.bookmarks):
            if page < piece.pad:
                continue
            previous = make_page_bookmark_tree(
                _Marks(marks), skipped, last_by_depth, previous, number, Matrix()
            )
            number += 1
    return root


class _Marks:
    def __init__(self, bookmarks: list) -> None:
        self.bookmarks = bookmarks


def _previous_counts(folder: Path | None) -> dict[str, int] | None:
    if folder is None:
        return None
    try:
        found = json.loads((folder / "pages.json").read_text(encoding="utf-8"))
        return {str(k): int(v) for k, v in found.items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return None


def _save_counts(folder: Path | None, units, outcome: Outcome) -> None:
    if folder is None:
        return
    counts = {}  # pages of each unit, a blank verso before it not counted (it depends on where it starts)
    for unit in units:
        done = outcome.done.get(unit.index)
        if done is not None:
            counts[unit.ident] = done.pages - done.at.get(unit.ident, 0)
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        part = folder / f"pages.json.{os.getpid()}.part"
        part.write_text(json.dumps(counts, sort_keys=True), encoding="utf-8")
        os.replace(part, folder / "pages.json")
