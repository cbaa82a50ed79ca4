"""The ``bookpress`` command: options in, a call to the build, results out.

Exit codes: 0 success, 1 the book has errors, 2 the command line is wrong.
Diagnostics go to standard error as ``path:line:col: severity: message [code]``.
The shared options and reporting are in :mod:`bookpress.cli_common`; release
and cover in :mod:`bookpress.cli_publish`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from .cli_common import (
    PROFILE_HELP,
    AllowRemote,
    BookArg,
    Format,
    Printer,
    PrinterOption,
    Profile,
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
from .diagnostics import BookError, Diagnostics, error

if TYPE_CHECKING:
    from .build import BuildResult

__all__ = ["Printer", "Profile", "app", "main"]


@app.command()
def build(
    book: BookArg = Path("."),
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the outputs.")] = Path("build"),
    format: Annotated[Format, typer.Option("--format", "-f", help="Which outputs to write.")] = Format.all,
    quiet: Quiet = False,
    verbose: Verbose = False,
    strict: Strict = False,
    allow_remote: AllowRemote = False,
    profile: Annotated[
        Profile | None,
        typer.Option(
            "--profile",
            "-p",
            help=f"{PROFILE_HELP}. Default: [output.pdf] profile (print).",
            show_default=False,
        ),
    ] = None,
    printer: PrinterOption = None,
    root: ReadRoot = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Layout workers for the PDF: it is laid out chapter by chapter, in parallel, and kept "
            "in OUT/.cache for the next build; 0 lays it out as one document. "
            "Default: [output.pdf] jobs (1).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build the PDF and/or the EPUB of BOOK into OUT/<slug>.pdf and OUT/<slug>.epub.

    Prints each output's path, its page or chapter count, and the build time.
    An earlier output is replaced only when the new one was written completely.
    """
    from .build import FORMATS
    from .build import build as run_build
    from .progress import for_terminal

    formats = FORMATS if format is Format.all else (format.value,)
    _check_out(out, book)
    _check_root(root, book)
    diagnostics = Diagnostics()
    try:
        result = run_build(
            book,
            out,
            formats,
            diagnostics,
            progress=for_terminal(quiet),
            allow_remote=allow_remote,
            profile=profile.value if profile else None,
            read_root=root,
            printer=printer.value if printer else None,
            jobs=jobs,
        )
    except BookError as exc:
        raise _fail(exc, diagnostics, quiet, verbose) from None
    except OSError as exc:
        raise _os_failure(exc, diagnostics, quiet, verbose) from None
    _report(diagnostics, quiet, verbose)
    if not quiet:
        for output in result.outputs:
            typer.echo(f"{output.path}  ({output.detail})")
        typer.echo(f"built in {result.seconds:.1f} s, {diagnostics.summary()}")
    if result.pdf is not None and result.pdf.profile.preflight_on_build:
        _preflight_after_build(result, quiet, strict)
    if diagnostics.errors:  # found after writing: the PDF misses part of the book
        raise typer.Exit(code=1)
    _exit_if_strict(diagnostics, strict)


@app.command()
def check(
    book: BookArg = Path("."),
    quiet: Quiet = False,
    verbose: Verbose = False,
    strict: Strict = False,
    allow_remote: AllowRemote = False,
    pdf: Annotated[
        Path | None,
        typer.Option(
            "--pdf", help="Preflight this PDF (built from BOOK) instead: what a printer would reject."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="With --pdf: print the report as JSON.")] = False,
    paper_ppi: Annotated[
        float,
        typer.Option("--paper-ppi", help="With --pdf: pages per inch of the paper, for the spine width."),
    ] = 444.0,
    profile: Annotated[
        Profile | None,
        typer.Option(
            "--profile", "-p", help="With --pdf: the profile the PDF was built with.", show_default=False
        ),
    ] = None,
    printer: PrinterOption = None,
    root: ReadRoot = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="The build's folder: check reuses what a build kept in OUT/.cache (chapters read, "
            "formulas drawn) and keeps what it reads and draws there. Default: build, when a build made it.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read BOOK, run every transform and the writers' checks without rendering; report problems.

    With --pdf FILE: preflight that PDF instead — page and trim boxes, fonts
    embedded, missing glyphs, image resolution, content outside the text
    block, chapters on the wrong side, blank pages with running heads, wrong
    contents page numbers, headings and single lines stranded at page ends,
    page count and spine width; and completeness: every heading of the book
    printed in order, every image drawn, no source markup printed as text.

    Exit code 1 when the book (or the PDF) has errors.
    """
    _check_root(root, book)
    if pdf is not None:
        chosen = profile.value if profile else None
        printed_for = printer.value if printer else None
        _preflight_command(book, pdf, chosen, paper_ppi, as_json, quiet, strict, root, printed_for)
        return
    from .atomic import folder_problem
    from .book_check import check_book
    from .build import load

    if out is None:  # the build's default folder, only when a build made it: check makes no folder itself
        out = Path("build") if Path("build").is_dir() else None
    cache = None if out is None or folder_problem(out, book) else out / ".cache"  # else: no caches
    diagnostics = Diagnostics()
    try:
        config, model = load(book, diagnostics, allow_remote, read_root=root, read_cache=cache)
        if printer is not None:  # the printer the book is for, as build --printer says it
            config = dataclasses.replace(config, pdf=dataclasses.replace(config.pdf, printer=printer.value))
        if not diagnostics.errors:  # what the writers would find, without rendering
            check_book(config, model, diagnostics, cache)
    except BookError as exc:
        raise _fail(exc, diagnostics, quiet, verbose) from None
    _report(diagnostics, quiet, verbose)
    if not quiet:
        chapters = sum(1 for _ in model.chapters())
        typer.echo(f"{chapters} chapters, {len(diagnostics.errors)} errors, {diagnostics.summary()}")
    if diagnostics.errors or (strict and diagnostics.warnings):
        raise typer.Exit(code=1)


def _preflight_after_build(result: BuildResult, quiet: bool, strict: bool) -> None:
    """A press PDF goes to a printer: preflight it right away (exit 1 on errors)."""
    from .preflight_run import preflight_built

    if result.pdf is None or result.config is None:
        return
    report = preflight_built(result.pdf.path, result.config, result.pdf.profile, result.pdf.geometry)
    if not quiet or report.errors:
        typer.echo(report.format_table() if report.errors or report.warnings else report.headline())
    if report.errors or (strict and report.warnings):
        raise typer.Exit(code=1)


def _preflight_command(
    book: Path,
    pdf: Path,
    profile: str | None,
    paper_ppi: float,
    as_json: bool,
    quiet: bool,
    strict: bool,
    root: Path | None = None,
    printer: str | None = None,
) -> None:
    from .build import for_printer, load
    from .preflight_run import run_preflight

    if not pdf.is_file():
        typer.echo(error(str(pdf), None, "pdf-unreadable", "no such PDF").diagnostic.format(), err=True)
        raise typer.Exit(code=1)
    diagnostics = Diagnostics()
    try:
        loaded = load(book, diagnostics, read_root=root)  # the model: is all of it in the PDF?
        config, model = for_printer(loaded, printer) if printer is not None else loaded
        report = run_preflight(pdf, config, profile, paper_ppi, model)
    except BookError as exc:
        raise _fail(exc, diagnostics, quiet, False) from None
    if as_json:
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif not quiet or report.errors:
        typer.echo(report.format_table())
    if report.errors or (strict and report.warnings):
        raise typer.Exit(code=1)


@app.command()
def inspect(book: BookArg = Path("."), root: ReadRoot = None) -> None:
    """Print BOOK's document model (after all transforms) as JSON."""
    from .build import load
    from .model import to_json

    _check_root(root, book)
    diagnostics = Diagnostics()
    try:
        _config, model = load(book, diagnostics, read_root=root)
    except BookError as exc:
        raise _fail(exc, diagnostics, False, False) from None
    _report(diagnostics, True, False)
    json.dump(to_json(model), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


@app.command()
def info(
    book: BookArg = Path("."),
    field: Annotated[
        str | None,
        typer.Option(
            "--field", help="Print only this one: slug, title, version, language.", show_default=False
        ),
    ] = None,
) -> None:
    """Print BOOK's slug, title, version and language (for Makefiles and scripts)."""
    from .config import load_config

    diagnostics = Diagnostics()
    try:
        meta = load_config(book, diagnostics).meta
    except BookError as exc:
        raise _fail(exc, diagnostics, True, False) from None
    values = {"slug": meta.slug, "title": meta.title, "version": meta.version, "language": meta.language}
    if field is not None:
        if field not in values:
            typer.echo(f"error: --field must be one of {', '.join(values)}", err=True)
            raise typer.Exit(code=2)
        typer.echo(values[field])
        return
    for key, value in values.items():
        typer.echo(f"{key}: {value}")


@app.command()
def watch(
    book: BookArg = Path("."),
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the outputs.")] = Path("build"),
    format: Annotated[Format, typer.Option("--format", "-f", help="Which outputs to write.")] = Format.all,
    profile: Annotated[
        Profile | None,
        typer.Option(
            "--profile", "-p", help="The PDF profile (default: [output.pdf] profile).", show_default=False
        ),
    ] = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
    rebuilds: Annotated[
        int | None, typer.Option("--rebuilds", hidden=True, help="Stop after N rebuilds (for tests).")
    ] = None,
    root: ReadRoot = None,
) -> None:
    """Build BOOK, then build it again whenever a chapter, an image, the
    bibliography, book.toml or a stylesheet changes. Ctrl-C stops.

    A broken edit prints its diagnostics and keeps the last good outputs.
    """
    from .build import FORMATS
    from .watch import watch_book

    formats = FORMATS if format is Format.all else (format.value,)
    _check_out(out, book)
    _check_root(root, book)

    def report(
        diagnostics: Diagnostics, seconds: float, outputs: list[str], failed: BookError | None
    ) -> None:
        if failed is not None:
            _fail(failed, diagnostics, quiet, verbose)
            typer.echo("build failed; the last good outputs are kept", err=True)
            return
        _report(diagnostics, quiet, verbose)
        typer.echo(f"built in {seconds:.1f} s, {diagnostics.summary()}: {', '.join(outputs)}")

    with contextlib.suppress(KeyboardInterrupt):
        watch_book(book, out, formats, profile.value if profile else None, report, quiet, rebuilds, root)


@app.command()
def new(
    folder: Annotated[Path, typer.Argument(help="Folder to create (must not exist or be empty).")],
    title: Annotated[str, typer.Option(help="The book's title.")] = "Untitled Book",
    author: Annotated[str, typer.Option(help="The author's name.")] = "Anonymous",
) -> None:
    """Create a new book in FOLDER that builds as it is: book.toml, src/SUMMARY.md and a chapter."""
    from .scaffold import create_book

    try:
        created = create_book(folder, title, author)
    except BookError as exc:
        typer.echo(exc.diagnostic.format(), err=True)
        raise typer.Exit(code=1) from None
    for path in created:
        typer.echo(f"created {path}")
    typer.echo(f"build it with: bookpress build {folder}")


@app.command()
def doctor() -> None:
    """List the fonts each theme asks for and whether they are installed, what
    each script (Chinese, Japanese, Korean, Devanagari, Arabic, emoji…) is
    drawn with in the text, headings and code, and the tools around the build
    (Java for EPUBCheck, the CMYK profile for press).

    A missing font is not an error — the theme's next choice is used — but the
    book will not look as designed; a script that no font has prints as empty
    boxes. Exit code 1 when a theme's first choice for text, headings or code
    is missing.
    """
    from .doctor import (
        check_fonts,
        check_tools,
        first_choice_missing,
        report_fonts,
        report_scripts,
        script_fallbacks,
    )

    checks = check_fonts()
    missing_first = False
    for theme in dict.fromkeys(c.theme for c in checks):
        typer.echo(f"theme {theme}:")
        for line in report_fonts(theme, [c for c in checks if c.theme == theme]):
            typer.echo(line)
        missing_first |= bool(first_choice_missing(theme))
        typer.echo(f"scripts in theme {theme} (text / headings / code):")
        for line in report_scripts(script_fallbacks(theme)):
            typer.echo(line)
    typer.echo("tools:")
    for name, present, detail in check_tools():
        typer.echo(f"  {'ok ' if present else '-- '} {name}: {detail}")
    if missing_first:
        raise typer.Exit(code=1)


class _Terminated(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, so that temporary files are removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, _frame: object) -> None:
    raise _Terminated(signum)


def main() -> None:
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminate)
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted; earlier outputs were left as they were", err=True)
        sys.exit(130)
    except _Terminated as stop:
        typer.echo("terminated; earlier outputs were left as they were", err=True)
        sys.exit(128 + stop.signum)
    except BookError as exc:  # raised outside a command's own handling: still a diagnostic
        typer.echo(exc.diagnostic.format(), err=True)
        sys.exit(1)
    except OSError as exc:
        missing = _missing_library(exc)
        if not missing:
            _internal_error(exc)
        typer.echo(error("<system>", None, "missing-tool", missing).diagnostic.format(), err=True)
        sys.exit(1)
    except Exception as exc:
        _internal_error(exc)


def _missing_library(exc: OSError) -> str:
    """What to install when the system lacks a library WeasyPrint loads
    (Pango, HarfBuzz, fontconfig); "" for another error."""
    text = str(exc)
    if "cannot load library" not in text and "no library called" not in text:
        return ""
    return (
        f"a system library is missing ({text.splitlines()[0][:200]}); "
        "install WeasyPrint's libraries (Debian: apt install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b)"
    )


def _internal_error(exc: BaseException) -> NoReturn:
    """A crash is a bug: say so, briefly, with what to report."""
    import traceback

    typer.echo(f"bookpress: internal error: {type(exc).__name__}: {exc}", err=True)
    typer.echo("This is a bug in bookpress; please report it with the details below.", err=True)
    traceback.print_exc()
    sys.exit(1)


# release and cover register themselves on the app, listed after the commands above.
from . import cli_publish  # noqa: E402, F401
