"""What every ``bookpress`` command shares: the Typer app, the options' types,
and how diagnostics and failures are reported. The commands are in
:mod:`bookpress.cli` and :mod:`bookpress.cli_publish`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__
from .diagnostics import BookError, Diagnostics, Severity, error
from .printers import PRINTERS
from .profiles import PROFILES

if TYPE_CHECKING:
    pass

app = typer.Typer(
    name="bookpress",
    help="Compile a book of Markdown chapters into a print-ready PDF and an EPUB 3.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


# The choices of --profile, from the one registry (mypy cannot see members made from it).
Profile = StrEnum("Profile", [(name, name) for name in PROFILES])  # type: ignore[misc]
PROFILE_HELP = "; ".join(f"{p.name}: {p.summary}" for p in PROFILES.values())
# The choices of --printer (bookpress.printers).
Printer = StrEnum("Printer", [(name, name) for name in PRINTERS])  # type: ignore[misc]
PrinterOption = Annotated[
    Printer | None,
    typer.Option(
        "--printer",
        help="The print-on-demand service the paper PDF is for (its trims, margins and file rules): "
        + "; ".join(f"{p.name}: {p.summary}" for p in PRINTERS.values())
        + ". Default: [output.pdf] printer (none).",
        show_default=False,
    ),
]


class Format(StrEnum):
    pdf = "pdf"
    epub = "epub"
    all = "all"


BookArg = Annotated[
    Path,
    typer.Argument(help="The book folder (it holds book.toml).", show_default="the current folder"),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Also print notes (info diagnostics).")]
Strict = Annotated[bool, typer.Option("--strict", help="Fail (exit 1) when there are warnings, for CI.")]
AllowRemote = Annotated[
    bool, typer.Option("--allow-remote", help="Fetch remote images (https://…) instead of placeholders.")
]
ReadRoot = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="A folder holding BOOK whose files the book may read too (chapters, images, stylesheets, "
        "bibliographies). By default a book reads nothing outside its own folder.",
        show_default=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bookpress {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Compile a book of Markdown chapters into a print-ready PDF and an EPUB 3.

    A book is a folder with a book.toml and Markdown chapters (in src/ by
    default, ordered by src/SUMMARY.md or by [book] chapters).
    """


def _report(diagnostics: Diagnostics, quiet: bool, verbose: bool) -> None:
    for d in diagnostics.items:
        if d.severity is Severity.INFO and not verbose:
            continue
        if d.severity is Severity.WARNING and quiet:
            continue
        typer.echo(d.format(), err=True)


def _check_out(out: Path, book: Path) -> None:
    """``--out`` must be a folder bookpress can make and write, not reached
    through a symbolic link of the book: one line and exit 2 if not."""
    from .atomic import folder_problem

    problem = folder_problem(out, book)
    if problem:
        typer.echo(f"error: --out {out}: {problem}", err=True)
        raise typer.Exit(code=2)


def _check_root(root: Path | None, book: Path) -> None:
    """``--root`` must be a folder that holds the book: one line and exit 2 if not."""
    from .sandbox import root_problem

    problem = root_problem(book, root) if root is not None else ""
    if problem:
        typer.echo(f"error: --root {root}: {problem}", err=True)
        raise typer.Exit(code=2)


def _os_failure(exc: OSError, diagnostics: Diagnostics, quiet: bool, verbose: bool) -> typer.Exit:
    """A file that could not be read or written, as a diagnostic (exit 1)."""
    _report(diagnostics, quiet, verbose)
    where = str(exc.filename) if exc.filename is not None else "<output>"
    typer.echo(error(where, None, "os-error", exc.strerror or str(exc)).diagnostic.format(), err=True)
    return typer.Exit(code=1)


def _exit_if_strict(diagnostics: Diagnostics, strict: bool) -> None:
    """``--strict``: a warning fails the command (exit 1), after the output is written."""
    if strict and diagnostics.warnings:
        typer.echo(f"--strict: {diagnostics.summary()}", err=True)
        raise typer.Exit(code=1)


def _fail(exc: BookError, diagnostics: Diagnostics, quiet: bool, verbose: bool) -> typer.Exit:
    _report(diagnostics, quiet, verbose)
    if exc.diagnostic not in diagnostics.items:
        typer.echo(exc.diagnostic.format(), err=True)
    return typer.Exit(code=1)
