"""Reading what the writers write: markup parsed as XML, writers built on a model.

The HTML writer promises well-formed XML (the same markup is the EPUB's
XHTML), so markup is parsed with lxml's strict XML parser: a stray ``<`` or
an unclosed tag fails the parse, and assertions then look at elements and
attribute dicts, never at the order attributes happen to be written in.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from bookpress.diagnostics import Diagnostics
from bookpress.model import Book, Chapter, Meta, SourceRef, Text
from bookpress.slug import UniqueIds
from bookpress.writers.epub import EpubHtml, page_files
from bookpress.writers.markup import HtmlWriter
from bookpress.writers.print_html import PrintHtml

XHTML = "http://www.w3.org/1999/xhtml"
EPUB = "http://www.idpf.org/2007/ops"
MATHML = "http://www.w3.org/1998/Math/MathML"
NAMESPACES = {"epub": EPUB, "m": MATHML}

_FRAGMENT = f'<fragment xmlns:epub="{EPUB}">{{}}</fragment>'


def parse_fragment(markup: str) -> etree._Element:
    """``markup`` (any number of elements and text) as the children of a
    ``<fragment>`` element; raises ``etree.XMLSyntaxError`` if it is not
    well-formed XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(_FRAGMENT.format(markup).encode(), parser)


def parse_document(markup: str | bytes) -> etree._Element:
    """A whole XHTML page (XML declaration, DOCTYPE and all), strictly."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, load_dtd=False)
    data = markup.encode() if isinstance(markup, str) else markup
    return etree.fromstring(data, parser)


def only(root: etree._Element, path: str) -> etree._Element:
    """The one element at ``path`` (XPath, ``epub:``/``m:`` prefixes known)."""
    found = root.xpath(path, namespaces=NAMESPACES)
    assert len(found) == 1, f"{path}: {len(found)} matches in {etree.tostring(root, encoding=str)}"
    return found[0]


def text_of(element: etree._Element) -> str:
    return "".join(element.itertext())


def classes(element: etree._Element) -> list[str]:
    return (element.get("class") or "").split()


# --- writers on a model ----------------------------------------------------------

SOURCE = SourceRef("ch.md", 1)


def chapter_of(*blocks, **fields) -> Chapter:
    return Chapter("ch", (Text("The Chapter"),), tuple(blocks), SOURCE, **fields)


def book_of(*chapters: Chapter) -> Book:
    return Book(Meta("A Book"), body=tuple(chapters) or (chapter_of(),))


def html_writer(book: Book | None = None, diagnostics: Diagnostics | None = None) -> HtmlWriter:
    """The shared writer, in a chapter (footnote ids need one)."""
    book = book or book_of()
    writer = HtmlWriter(book, diagnostics or Diagnostics())
    writer.chapter = next(book.chapters())
    return writer


def print_writer(book: Book | None = None, diagnostics: Diagnostics | None = None) -> PrintHtml:
    """The writer of the HTML WeasyPrint lays out, in a chapter."""
    book = book or book_of()
    writer = PrintHtml(book, diagnostics or Diagnostics())
    writer.chapter = next(book.chapters())
    return writer


def epub_writer(
    book: Book | None = None, diagnostics: Diagnostics | None = None, images: dict[str, str] | None = None
) -> EpubHtml:
    """The EPUB's XHTML writer, writing the book's first chapter file."""
    book = book or book_of()
    files = page_files(book, UniqueIds())
    writer = EpubHtml(book, diagnostics or Diagnostics(), files, images or {}, prefix="")
    first = next(book.chapters())
    writer.chapter = first
    writer.current_file = files.of_item[first.id]
    return writer


def with_chapter(book: Book, chapter: Chapter) -> Book:
    return dataclasses.replace(book, body=(chapter,))


# --- golden files ------------------------------------------------------------------

_DATA_URI = re.compile(r"data:([\w/+.-]+);base64,[A-Za-z0-9+/=]+")


def normalise(markup: str, book_root: Path | None = None) -> str:
    """Markup without what changes from machine to machine: drawn pictures
    (data URIs of formulas and QR codes, whose bytes follow the fonts and the
    libraries installed) and the book's temporary folder."""
    markup = _DATA_URI.sub(lambda m: f"data:{m.group(1)};base64,…", markup)
    if book_root is not None:
        markup = markup.replace(str(book_root), "BOOK")
    return markup.rstrip() + "\n"


def epub_pages(epub: Path) -> dict[str, bytes]:
    """The XHTML files of an EPUB by their name in the archive."""
    with zipfile.ZipFile(io.BytesIO(epub.read_bytes())) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.endswith(".xhtml")}
