"""``load_config``: ``book.toml`` → :class:`Config`.

Each table is read by walking its rows in :mod:`.schema`; what no row can
say is checked here: files that must lie inside the book (the source
folder, bibliographies, the cover, stylesheets), themes that must exist,
and margins that must fit the page.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

from ..diagnostics import Diagnostics, error
from ..model import Author, Meta
from ..sandbox import REFUSED, Sandbox, root_problem
from ..themes import find_theme
from .cover import read_cover_options
from .meta import check_meta, finish_meta
from .options import OPTION_TABLES, Config, EpubOptions, PdfOptions
from .toml_lines import key_line
from .values import BLEED_MAX_IN, TEXT_BLOCK_MIN_IN, length_pt
from .walk import Source, TableValues, options, read_table, warn_top_level

CONFIG_NAME = "book.toml"


def load_config(book_dir: Path, diagnostics: Diagnostics, read_root: Path | None = None) -> Config:
    """Read ``book_dir/book.toml``; raise :class:`BookError` when it cannot be used.
    ``read_root`` (``--root``): a folder holding the book whose files it may read."""
    path = book_dir / CONFIG_NAME
    shown = str(path)
    box = _sandbox(book_dir, read_root)
    if not path.is_file():
        raise error(shown, None, "config-missing", f"no {CONFIG_NAME} in {book_dir} (is this a book folder?)")
    if box.file(path) is None:
        raise error(shown, None, REFUSED, box.refusal(CONFIG_NAME, path))
    text = box.read_text(path, errors="replace")
    source = Source(shown, text, _parse(text, shown), diagnostics)
    warn_top_level(source)

    book = read_table(source, "book")
    # The title may also come from the first chapter's front matter (an MDX
    # article): then slug and identifier are completed after reading.
    meta_fields = book.fields("meta.")
    authors = tuple(Author(name) for name in meta_fields.pop("authors"))
    meta = Meta(**meta_fields, authors=authors)
    meta = check_meta(meta, diagnostics, shown, book.line_of)
    src = _source_folder(book, box, book_dir)
    bibliography = _inside_book(
        book["bibliography"], "bibliography", box, book_dir, diagnostics, book.line_of
    )
    csl = book["csl"]
    if (csl.endswith(".csl") or "/" in csl) and not box.allows(book_dir / csl):
        raise error(shown, book.line_of("csl"), REFUSED, box.refusal(f"CSL style '{csl}'", book_dir / csl))

    output = read_table(source, "output")
    pdf = _pdf_options(read_table(source, "output.pdf"))
    tables = {attribute: options(source, name, cls) for name, (attribute, cls) in OPTION_TABLES.items()}
    _check_styles(box, book_dir, shown, pdf, "output.pdf", source, "print.css")
    _check_styles(box, book_dir, shown, tables["epub"], "output.epub", source, "epub.css")
    meta = _cover_inside(meta, box, book_dir, diagnostics, shown, book.line_of("cover"))
    components = read_table(source, "components").values
    index = read_table(source, "index")
    cover = None
    if "cover" in source.data:
        read_table(source, "cover")  # unknown keys
        cover = read_cover_options(source.raw("cover"), lambda key: source.line_of("cover", key), shown)

    return Config(
        root=book_dir,
        path=path,
        meta=finish_meta(meta, diagnostics, (shown, book.line_of("date"))) if meta.title else meta,
        src=src,
        language_set="language" in book.given,
        chapters_line=book.line_of("chapters"),
        chapters_file_line=book.line_of("chapters-file"),
        **book.fields(),
        bibliography=bibliography,
        **output.fields(),
        **index.fields(),
        components=components,
        pdf=pdf,
        **tables,
        cover=cover,
        read_root=read_root,
    )


def _sandbox(book_dir: Path, read_root: Path | None) -> Sandbox:
    if not book_dir.is_dir():
        raise error(str(book_dir), None, "book-missing", "no such book folder")
    if read_root is not None and (problem := root_problem(book_dir, read_root)):
        raise error(str(read_root), None, "root-option", f"--root {read_root}: {problem}")
    return Sandbox.of(book_dir, read_root)


def _parse(text: str, shown: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(m.group(1)) if m else None
        col = int(m.group(2)) if m else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise error(shown, line, "config-syntax", f"invalid TOML: {message}", col=col) from None


def _source_folder(book: TableValues, box: Sandbox, book_dir: Path) -> Path:
    given = "src" in book.given
    src = book_dir / book["src"]
    if not given and not src.is_dir():
        src = book_dir  # a folder of Markdown files with no src/ folder
    if not box.allows(src):  # src = "/" would read every Markdown file of the machine
        what = f"[book] src '{book['src']}'" if given else "the source folder src/"
        raise error(book.source.shown, book.line_of("src"), REFUSED, box.refusal(what, src))
    return src


def _pdf_options(table: TableValues) -> PdfOptions:
    """``[output.pdf]``: its rows, and the margins given, checked against the trim."""
    keys = ("bleed", "gutter", "margin-top", "margin-bottom", "margin-inner", "margin-outer")
    lengths = {k: table[k] for k in keys if k in table.given and table[k] != "auto"}
    _check_lengths(lengths, table["trim"], table.source.shown, table.line_of)
    margins_given = tuple(
        (k.removeprefix("margin-"), v) for k, v in lengths.items() if k.startswith("margin-")
    )
    return PdfOptions(**table.fields(), margins=margins_given)


def _check_lengths(
    lengths: dict[str, str], trim: tuple[str, str], shown: str, line_of: Callable[[str], int | None]
) -> None:
    """Bleed and margins within what a page of this trim can give them."""
    width, height = (length_pt(side) for side in trim)
    for key, value in lengths.items():
        points = length_pt(value)
        if key == "bleed":
            limit = BLEED_MAX_IN * 72
        else:
            side = height if key in ("margin-top", "margin-bottom") else width
            limit = (side - TEXT_BLOCK_MIN_IN * 72) / 2
        if points > limit:
            raise error(
                shown,
                line_of(key),
                "config-value",
                f"{key} {value} is too large for a {trim[0]} × {trim[1]} page (at most {limit / 72:.3g}in)",
            )


def _check_styles(
    box: Sandbox,
    book_dir: Path,
    shown: str,
    options: PdfOptions | EpubOptions,
    table: str,
    source: Source,
    sheet: str,
) -> None:
    """The theme holds ``sheet`` and every extra stylesheet exists inside the
    book: said here, with its line, so that ``check`` reports it and no
    writer trips on it."""
    line = source.line_of(table, "theme")
    find_theme(options.theme, book_dir, shown, needs=sheet, line=line, sandbox=box)
    for name in options.css:
        if not box.allows(book_dir / name):
            message = box.refusal(f"[{table}] css: '{name}'", book_dir / name)
            raise error(shown, source.line_of(table, "css"), REFUSED, message)
        if box.file(book_dir / name) is None:
            message = f"[{table}] css: '{name}' does not exist"
            raise error(shown, source.line_of(table, "css"), "css-missing", message)


def _inside_book(
    names: tuple[str, ...],
    key: str,
    box: Sandbox,
    book_dir: Path,
    diagnostics: Diagnostics,
    line_of: Callable[[str], int | None],
) -> tuple[str, ...]:
    """The files of ``[book] key`` that the sandbox allows; an error for each other."""
    shown = str(book_dir / CONFIG_NAME)
    kept = []
    for name in names:
        if box.allows(book_dir / name):
            kept.append(name)
        else:
            diagnostics.err(shown, line_of(key), REFUSED, box.refusal(f"{key} '{name}'", book_dir / name))
    return tuple(kept)


def _cover_inside(
    meta: Meta, box: Sandbox, book_dir: Path, diagnostics: Diagnostics, shown: str, line: int | None
) -> Meta:
    """``[book] cover`` outside the book is left out, with a warning."""
    cover = meta.cover.strip()
    if not cover or "://" in cover or box.allows(book_dir / cover):
        return meta
    diagnostics.warn(shown, line, REFUSED, box.refusal(f"cover '{cover}'", book_dir / cover))
    return dataclasses.replace(meta, cover="")


__all__ = ["CONFIG_NAME", "key_line", "load_config"]
