"""Citations: format every ``[@key]`` with the book's CSL style, link it to its
entry, and add the list of references — at the end of the book ("References",
a back-matter chapter) or, with ``[output] bibliography = "per-chapter"``, at
the end of each chapter that cites something. A references heading the
author wrote is used instead of a second one (see :mod:`.reference_place`).

Without a bibliography there is nothing to cite: citations stay as written.
A key the bibliography does not have is a warning, shown as ``[key?]``.
"""

from __future__ import annotations

import dataclasses
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import error
from ..model import (
    Attr,
    Book,
    Chapter,
    Citation,
    Div,
    Heading,
    Inline,
    Link,
    Paragraph,
    SourceRef,
    Span,
    Strong,
    Text,
    query,
    walk,
)
from ..sandbox import REFUSED
from ..slug import xml_id
from .reference_place import place_in_book, place_in_chapter

if TYPE_CHECKING:
    from ..bibliography import BibEntry, Formatter
    from .context import Context


def entry_id(key: str) -> str:
    """The id of a work's entry in the list of references."""
    return xml_id(f"ref-{key}", "ref")


def apply(book: Book, ctx: Context) -> Book:
    files = tuple(dict.fromkeys((*ctx.config.bibliography, *_front_matter_files(book, ctx))))
    if not files:
        files = _conventional_bibliography(book, ctx)
    if not files:
        return book
    from ..bibliography import (
        Formatter,
        load_bibliography,
    )  # citeproc and pybtex: only for a book that has them

    config = ctx.config
    paths = [config.root / f for f in files]
    entries = load_bibliography(paths, config.root, ctx.diagnostics, config.sandbox)
    try:
        Formatter(entries, _style(ctx))  # check the style once, with a clear error
    except ValueError as exc:
        raise error(config.rel(config.path), None, "csl-style", str(exc)) from None
    if config.bibliography_placement == "per-chapter":
        return book.map_chapters(lambda ch: _per_chapter(ch, entries, ctx))
    formatter = Formatter(entries, _style(ctx))
    book = book.map_chapters(lambda ch: _cite_chapter(ch, formatter, ctx))
    if not formatter.cited():
        return book
    listing = _reference_list(formatter)
    placed = place_in_book(book, listing, config.bibliography_title)
    if placed is not None:
        return placed
    chapter = Chapter(
        id=book.free_id("references"),
        title=(Text(config.bibliography_title),),
        blocks=(listing,),
        source=SourceRef(config.rel(config.path), 0),
        kind="back",
        role="bibliography",
    )
    return dataclasses.replace(book, back=(*book.back, chapter))


# Names a bibliography goes by when a toolchain finds it without being told
# (the Hugging Face research-article template reads bibliography.bib).
CONVENTIONAL_NAMES = ("bibliography.bib", "references.bib")


def _front_matter_files(book: Book, ctx: Context) -> tuple[str, ...]:
    """The bibliography files front matter names, less those outside the book
    (an error at the file whose front matter named them: the first one)."""
    box = ctx.config.sandbox
    first = next(iter(book.chapters()), None)
    where = first.source.path if first is not None else ctx.config.rel(ctx.config.path)
    kept = []
    for name in book.meta.bibliography:
        path = ctx.config.root / name
        if name in ctx.config.bibliography or box.allows(path):
            kept.append(name)
        else:
            ctx.diagnostics.err(where, 1, REFUSED, box.refusal(f"front matter bibliography '{name}'", path))
    return tuple(kept)


def _conventional_bibliography(book: Book, ctx: Context) -> tuple[str, ...]:
    """A book that cites but names no bibliography: the conventional file
    beside a chapter that cites, or at the top of the book, if there is one."""
    citing = [ch for ch in book.chapters() if any(isinstance(n, Citation) for n in query(ch))]
    if not citing:
        return ()
    config = ctx.config
    folders = dict.fromkeys([*(posixpath.dirname(ch.source.path) for ch in citing), ""])
    for folder in folders:
        for name in CONVENTIONAL_NAMES:
            candidate = posixpath.join(folder, name)
            if config.sandbox.file(config.root / candidate) is not None:
                ctx.diagnostics.info(
                    candidate,
                    None,
                    "bibliography-found",
                    f"citations are resolved with {candidate}, found beside the chapters "
                    "(name it in book.toml [book] bibliography to choose another)",
                )
                return (candidate,)
    return ()


def _style(ctx: Context) -> str | Path:
    """The CSL style: a file of the book (book.toml checked it is inside), or a name."""
    style = ctx.config.csl
    if style.endswith(".csl") or "/" in style:
        return ctx.config.root / style
    return style


def _per_chapter(ch: Chapter, entries: dict[str, BibEntry], ctx: Context) -> Chapter:
    from ..bibliography import Formatter

    formatter = Formatter(entries, _style(ctx))
    ch = _cite_chapter(ch, formatter, ctx, prefix=f"{ch.id}-")
    if not formatter.cited():
        return ch
    listing = _reference_list(formatter, prefix=f"{ch.id}-")
    placed = place_in_chapter(ch, listing, ctx.config.bibliography_title)
    if placed is not None:
        return placed
    title = (Text(ctx.config.bibliography_title),)
    heading = Heading(2, title, Attr(f"{ch.id}-references", ("unnumbered",)), ch.source)
    return dataclasses.replace(ch, blocks=(*ch.blocks, heading, listing))


def _cite_chapter(ch: Chapter, formatter: Formatter, ctx: Context, prefix: str = "") -> Chapter:
    def visit(node):
        if isinstance(node, Citation):
            return _cite(node, formatter, ctx, prefix)
        return node

    # Footnotes are cited where they are called: notes after the text is close enough.
    blocks = tuple(walk(b, visit) for b in ch.blocks)
    notes = tuple(
        dataclasses.replace(n, blocks=tuple(walk(b, visit) for b in n.blocks)) for n in ch.footnotes
    )
    return dataclasses.replace(ch, blocks=blocks, footnotes=notes)


def _cite(citation: Citation, formatter: Formatter, ctx: Context, prefix: str = "") -> tuple[Inline, ...]:
    known = [item for item in citation.items if formatter.known(item.key)]
    unknown = [item for item in citation.items if not formatter.known(item.key)]
    for item in unknown:
        where = citation.source
        ctx.diagnostics.warn(
            where.path, where.line, "unknown-citation", f"no bibliography entry for @{item.key}"
        )
    out: list[Inline] = (
        list(_linked(formatter.cite(known, citation.bracketed), prefix, citation.source)) if known else []
    )
    if unknown:
        missing = "; ".join(f"{item.key}?" for item in unknown)
        if out:
            out.append(Text(" "))
        out.append(Strong((Text(f"[{missing}]"),)))
    return tuple(out)


def _linked(nodes: tuple[Inline, ...], prefix: str, source: SourceRef) -> tuple[Inline, ...]:
    """Each cited work's part of a citation becomes a link to its entry."""

    def visit(node):
        if isinstance(node, Span) and node.attr.has("citation"):
            key = node.attr.get("data-cites") or ""
            if key:
                return Link(
                    (node,), f"#{prefix}{entry_id(key)}", attr=Attr(classes=("citation",)), source=source
                )
        return node

    return tuple(visit(walk(n, visit)) for n in nodes)


def _reference_list(formatter: Formatter, prefix: str = "") -> Div:
    entries = []
    for item in formatter.bibliography():
        label = (Span((Text(item.label),), Attr(classes=("csl-label",))), Text(" ")) if item.label else ()
        entries.append(
            Paragraph(
                (*label, *item.text), SourceRef(), Attr(f"{prefix}{entry_id(item.key)}", ("csl-entry",))
            )
        )
    classes = ["bibliography"]
    if formatter.numeric:
        classes.append("numeric")
    if formatter.hanging_indent:
        classes.append("hanging-indent")
    if formatter.second_field_align:
        classes.append("second-field-align")
    return Div(tuple(entries), Attr(classes=tuple(classes)))
