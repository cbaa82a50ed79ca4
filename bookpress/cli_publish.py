"""The commands that publish: ``bookpress release`` and ``bookpress cover``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_common import (
    BookArg,
    PrinterOption,
    Quiet,
    ReadRoot,
    Strict,
    Verbose,
    _check_out,
    _check_root,
    _exit_if_strict,
    _fail,
    _os_failure,
    _report,
    app,
)
from .diagnostics import BookError, Diagnostics


@app.command()
def release(
    book: BookArg = Path("."),
    out: Annotated[Path, typer.Option("--out", "-o", help="The release folder.")] = Path("dist"),
    version: Annotated[
        str | None,
        typer.Option(
            "--version",
            "-V",
            help="The release's version. Default: [book] version, else the latest git tag.",
            show_default=False,
        ),
    ] = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
    strict: Strict = False,
    printer: PrinterOption = None,
    root: ReadRoot = None,
) -> None:
    """Build, check and publish a release of BOOK into OUT.

    OUT/<slug>-<version>.pdf (press profile when the book asks for it, print
    otherwise), OUT/<slug>-<version>-screen.pdf and OUT/<slug>-<version>.epub,
    checked with EPUBCheck and preflight, with OUT/SHA256SUMS and
    OUT/release.json; with [cover] in book.toml also the paperback cover
    OUT/<slug>-<version>-cover.pdf, its spine measured from the interior
    (width and inputs in release.json). The files go into OUT only when every check passed;
    they replace the files of an earlier release, nothing else in OUT.
    OUT must not be BOOK or hold it.
    The build date is SOURCE_DATE_EPOCH, or the date of the last git commit:
    two releases of the same commit are identical.
    """
    from .progress import for_terminal
    from .release import ReleaseFailed
    from .release import release as run_release

    _check_out(out, book)
    _check_root(root, book)
    diagnostics = Diagnostics()
    try:
        printed_for = printer.value if printer else None
        result = run_release(book, out, diagnostics, version, for_terminal(quiet), strict, root, printed_for)
    except BookError as exc:
        raise _fail(exc, diagnostics, quiet, verbose) from None
    except OSError as exc:
        raise _os_failure(exc, diagnostics, quiet, verbose) from None
    except ReleaseFailed as failed:
        _report(diagnostics, quiet, verbose)
        _release_checks(failed.result, quiet=False)
        typer.echo(f"release failed: {failed}; {out} was not changed", err=True)
        raise typer.Exit(code=1) from None
    _report(diagnostics, quiet, verbose)
    _release_checks(result, quiet)
    if not quiet:
        for path in result.files:
            typer.echo(f"{path}  ({_size(path.stat().st_size)})")
        typer.echo(f"released {result.version}: {result.info['pages']} pages, {diagnostics.summary()}")
    _exit_if_strict(diagnostics, strict)


@app.command()
def cover(
    book: BookArg = Path("."),
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the cover.")] = Path("build"),
    pdf: Annotated[
        Path | None,
        typer.Option(
            "--pdf", help="The interior PDF. Default: OUT/<slug>.pdf, built when missing.", show_default=False
        ),
    ] = None,
    guides: Annotated[bool, typer.Option("--guides", help="Draw trim, spine folds and safe areas.")] = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    strict: Strict = False,
    root: ReadRoot = None,
) -> None:
    """Draw BOOK's paperback cover into OUT/<slug>-cover.pdf: bleed, back, spine, front, bleed.

    The spine is as wide as the interior is thick: its real page count times the
    thickness of a page ([cover] paper = white, cream or color; or spine-per-page).
    The front is [cover] front (a picture of the book), else the title, subtitle
    and authors in the theme's type; the back is [cover] back (Markdown), with a
    white box for the barcode. Also OUT/<slug>-cover-epub.png: the front as the
    EPUB's 1600 x 2560 cover picture. `bookpress release` makes the cover too.
    """
    from .cover.make import make_cover
    from .progress import for_terminal

    _check_out(out, book)
    _check_root(root, book)
    diagnostics = Diagnostics()
    try:
        run = make_cover(book, out, diagnostics, pdf, guides, for_terminal(quiet), root)
    except BookError as exc:
        raise _fail(exc, diagnostics, quiet, verbose) from None
    except OSError as exc:
        raise _os_failure(exc, diagnostics, quiet, verbose) from None
    _report(diagnostics, quiet, verbose)
    if not quiet:
        sheet = run.cover.sheet
        size = f"{sheet.width / 72:.3f} x {sheet.height / 72:.3f} in, spine {sheet.spine / 72:.3f} in"
        typer.echo(f"{run.cover.path}  ({size})")
        typer.echo(
            f"  spine: {sheet.pages} pages of {run.interior} x {sheet.per_page_in:g} in ({sheet.thickness})"
        )
        typer.echo(f"{run.epub_image}  (EPUB cover, 1600 x 2560)")
    if diagnostics.errors or (strict and diagnostics.warnings):
        raise typer.Exit(code=1)


def _release_checks(result, quiet: bool) -> None:
    report = result.epubcheck
    if report is not None and (not quiet or not report.ok):
        typer.echo(
            f"EPUBCheck {report.version}: {report.errors + report.fatal} errors, {report.warnings} warnings"
        )
        for line in report.lines():
            typer.echo(f"  {line}")
    for preflight in result.preflights.values():
        if preflight.errors or preflight.warnings:
            typer.echo(preflight.format_table())
        elif not quiet:
            typer.echo(preflight.headline())


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"
