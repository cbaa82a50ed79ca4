"""Where the time of a bookpress PDF build goes.

Three measurements of one book (default: the 400-page synthetic book of
bench/generate.py, seed 0, generated into build/bench/profile-400 when
missing), each in a fresh child process so that neither warms the other's
caches (math drawings, highlighted listings, fonts):

1. phases: ``bookpress.build.build(book, out, ("pdf",))``, the real code
   path, with stopwatches (``time.perf_counter``, no profiler) wrapped around
   the steps where their callers look them up —
     read+transform   bookpress.build.load (config, outline, reader, transforms)
     html             PrintHtml(...).document(...) (includes math → SVG, highlighting)
     css              loading the theme's stylesheets
     parse            weasyprint.HTML(string=...) (html5 parser → tree)
     style            get_all_computed_styles (cascade, selector matching)
     boxes            build_formatting_structure (box tree, images looked up)
     layout           layout_document (pagination, line breaking, tables, footnotes)
     draw             Page.paint for every page (inside write_pdf)
     pdf-write        the rest of write_pdf: fonts subset and embedded, images encoded, file written
     other            whatever else the build does (bookpress around WeasyPrint, post-processing)
   and the number of page layouts WeasyPrint made (pages are re-made when
   page-based content such as target-counter() changes after a first pass);
   the same for bench/baseline.py (``--only baseline``).
2. cProfile of ``bookpress.build.build(..., formats=("pdf",))``, the real code
   path; prints the top functions by cumulative and by total (own) time.
   (pyinstrument is not installed in the venv, so cProfile; its overhead
   inflates times ~1.5x, more for small functions: read it for shape, and the
   phase run for seconds.)

    python bench/profile.py [BOOK_DIR] [--pages 400] [--top 25] [--only phases|baseline|cprofile]
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named profile.py, like the standard module cProfile imports:
# take the bench folder off the front of sys.path before importing it.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import argparse  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

ROOT = HERE.parent
sys.path.append(str(HERE))  # for generate.py (after the standard library)
# The stopwatches and the profiler live in this process: render the PDF here,
# not in bookpress's bounded child process (bookpress/writers/pdf_worker.py).
os.environ["BOOKPRESS_RENDER_IN_PROCESS"] = "1"


def _timed(times: dict[str, float], name: str, fn, consume: bool = False):
    """fn, adding its run time to times[name] (a generator is consumed when asked)."""

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            result = fn(*args, **kwargs)
            return list(result) if consume else result
        finally:
            times[name] = times.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def _instrument() -> dict[str, float]:
    """Stopwatches on WeasyPrint's steps; returns the dict they add to.

    Wrapped where the caller looks them up (module globals of
    weasyprint.document, methods of HTML/CSS/Document/Page), so the real
    code path runs unchanged."""
    import weasyprint
    import weasyprint.document as wdoc
    import weasyprint.layout.page as wpage

    times: dict[str, float] = {}
    wdoc.get_all_computed_styles = _timed(times, "style", wdoc.get_all_computed_styles)
    wdoc.build_formatting_structure = _timed(times, "boxes", wdoc.build_formatting_structure)
    wdoc.layout_document = _timed(times, "layout", wdoc.layout_document, consume=True)
    wdoc.Page.paint = _timed(times, "draw", wdoc.Page.paint)
    weasyprint.HTML.__init__ = _timed(times, "parse", weasyprint.HTML.__init__)
    weasyprint.CSS.__init__ = _timed(times, "css", weasyprint.CSS.__init__)
    render = _timed(times, "_render", weasyprint.HTML.render)

    def counted_render(*args, **kwargs):
        times["renders"] = times.get("renders", 0) + 1
        return render(*args, **kwargs)

    weasyprint.HTML.render = counted_render
    wdoc.Document.write_pdf = _timed(times, "_write", wdoc.Document.write_pdf)

    # How many times a page was laid out: more than once when page-based
    # content (target-counter, string-set...) changed and WeasyPrint re-made it.
    make_page = wpage.make_page

    def counted(*args, **kwargs):
        times["pages_laid_out"] = times.get("pages_laid_out", 0) + 1
        return make_page(*args, **kwargs)

    wpage.make_page = counted
    return times


def _finish(times: dict[str, float], total: float, pages: int, html_bytes: int) -> dict[str, float]:
    for key in (
        "read+transform",
        "html",
        "css",
        "parse",
        "style",
        "boxes",
        "layout",
        "draw",
        "_render",
        "_write",
    ):
        times.setdefault(key, 0.0)
    times["render-other"] = times.pop("_render") - times["style"] - times["boxes"] - times["layout"]
    times["pdf-write"] = times.pop("_write") - times["draw"]
    accounted = sum(times[k] for k, _ in ORDER if k != "other")
    times["other"] = max(0.0, total - accounted)
    times["pages"] = pages
    times["html_bytes"] = html_bytes
    return times


def phases(book_dir: Path, out: Path) -> dict[str, float]:
    """bookpress.build.build(book, out, ("pdf",)) — the real code path — with
    stopwatches on bookpress's load and print-HTML steps and on WeasyPrint's."""
    times = _instrument()
    import bookpress.build as bp_build
    from bookpress.diagnostics import Diagnostics
    from bookpress.writers.print_html import PrintHtml

    bp_build.load = _timed(times, "read+transform", bp_build.load)
    html_sizes: list[int] = []
    document = PrintHtml.document

    def sized(self, *args, **kwargs):
        html = document(self, *args, **kwargs)
        html_sizes.append(len(html))
        return html

    PrintHtml.document = _timed(times, "html", sized)
    started = time.perf_counter()
    result = bp_build.build(book_dir, out, ("pdf",), Diagnostics())
    total = time.perf_counter() - started
    pages = next((int(o.detail.split()[0]) for o in result.outputs if o.format == "pdf"), 0)
    return _finish(times, total, pages, sum(html_sizes))


def baseline_phases(book_dir: Path, out: Path) -> dict[str, float]:
    """The same steps for bench/baseline.py (markdown-it + minimal stylesheet)."""
    times = _instrument()
    import baseline

    html_sizes: list[int] = []
    render_html = baseline.render_html

    def sized(book: Path) -> str:
        html = render_html(book)
        html_sizes.append(len(html))
        return html

    baseline.render_html = _timed(times, "html", sized)
    started = time.perf_counter()
    pages = baseline.build(book_dir, out / "baseline.pdf")
    total = time.perf_counter() - started
    return _finish(times, total, pages, sum(html_sizes))


ORDER = [
    ("read+transform", "bookpress: config, outline, Markdown reader, transforms"),
    ("html", "bookpress: print HTML (math SVG, highlighting, TOC)"),
    ("css", "WeasyPrint: load stylesheets"),
    ("parse", "WeasyPrint: parse the HTML"),
    ("style", "WeasyPrint: cascade / computed styles"),
    ("boxes", "WeasyPrint: box tree"),
    ("layout", "WeasyPrint: layout (pages, lines, tables, footnotes)"),
    ("render-other", "WeasyPrint: rest of render()"),
    ("draw", "WeasyPrint: draw pages"),
    ("pdf-write", "WeasyPrint: fonts, images, PDF serialisation"),
    ("other", "the rest (bookpress around WeasyPrint, post-processing)"),
]


BASELINE_LABELS = {
    "read+transform": "(none)",
    "html": "markdown-it: Markdown to HTML",
    "other": "the rest (reading files, writing)",
}


def print_phases(times: dict[str, float], what: str = "bookpress") -> None:
    total = sum(times[k] for k, _ in ORDER)
    labels = dict(ORDER)
    if what != "bookpress":
        labels.update(BASELINE_LABELS)
    size = f"{int(times['pages'])} pages, {times['html_bytes'] / 1e6:.1f} MB of HTML"
    print(f"\nPhases of one {what} PDF build ({size}), no profiler:")
    for key, _ in ORDER:
        label = labels[key]
        print(f"  {key:<15} {times[key]:7.2f} s  {100 * times[key] / total:5.1f} %   {label}")
    print(f"  {'total':<15} {total:7.2f} s")
    renders = int(times.get("renders", 0))
    if renders != 1:
        print(f"  WeasyPrint renders: {renders} (the whole document was laid out {renders} times)")
    laid_out = int(times.get("pages_laid_out", 0))
    print(
        f"  pages laid out: {laid_out} for {int(times['pages'])} pages "
        f"({laid_out / max(1, times['pages']):.2f} layouts per page; "
        "more than 1 when page-based content forced re-layout)"
    )


def cprofile(book_dir: Path, out: Path, top: int) -> str:
    from bookpress.build import build
    from bookpress.diagnostics import Diagnostics

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    build(book_dir, out, ("pdf",), Diagnostics())
    profiler.disable()
    elapsed = time.perf_counter() - started
    text = io.StringIO()
    print(f"\ncProfile of bookpress.build.build(pdf): {elapsed:.1f} s under the profiler", file=text)
    for key, title in (("cumulative", "cumulative time"), ("tottime", "total (own) time")):
        print(f"\nTop {top} functions by {title}:", file=text)
        stats = pstats.Stats(profiler, stream=text)
        stats.strip_dirs().sort_stats(key).print_stats(top)
    return text.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Profile a bookpress PDF build.")
    ap.add_argument("book", nargs="?", type=Path, help="a book folder (default: the synthetic book)")
    ap.add_argument("--pages", type=int, default=400, help="size of the synthetic book (default 400)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--only", choices=("phases", "baseline", "cprofile"))
    ap.add_argument("--json", type=Path, help="(with --only phases) write the phase times here")
    args = ap.parse_args(argv)

    book = args.book
    if book is None:
        from generate import generate

        book = ROOT / "build" / "bench" / f"profile-{args.pages}"
        if not (book / "book.toml").is_file():
            print(f"generating {book} ...", flush=True)
            generate(book, args.pages)
    book = book.resolve()
    out_dir = Path(tempfile.mkdtemp(prefix="bookpress-profile-"))

    if args.only == "phases":
        times = phases(book, out_dir)
        if args.json:
            args.json.write_text(json.dumps(times, indent=1))
        print_phases(times)
        return 0
    if args.only == "baseline":
        times = baseline_phases(book, out_dir)
        if args.json:
            args.json.write_text(json.dumps(times, indent=1))
        print_phases(times, "baseline (bench/baseline.py)")
        return 0
    if args.only == "cprofile":
        print(cprofile(book, out_dir, args.top))
        return 0

    # Both, each in a fresh process.
    me = [sys.executable, str(Path(__file__).resolve()), str(book), "--top", str(args.top)]
    for only in ("phases", "baseline", "cprofile"):
        print(f"--- {only} (fresh process) ---", flush=True)
        code = subprocess.call([*me, "--only", only])
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
