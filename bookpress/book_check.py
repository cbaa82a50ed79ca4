"""What a build would find wrong with the book, found without rendering.

``bookpress check`` reads and transforms the book (:func:`bookpress.build.load`)
and then runs this: the problems the writers find on their way to the
outputs, without laying a page out.

- the print stylesheets (the theme's ``print.css`` and ``[output.pdf] css``):
  each must exist and lie inside the book, and every ``@import`` and
  ``url()`` in them is asked of the resource policy
  (:func:`bookpress.sandbox.resource`) exactly as the PDF's URL fetcher will;
- the print HTML, made by the print writer as a build makes it (long words,
  the contents' length, formulas too wide, raw HTML and its links, SVG
  images), and every resource it asks the layout engine to load (images,
  stylesheets and ``url()`` in raw HTML) — again through the policy;
- the EPUB, written to a scratch folder and thrown away (its stylesheet's
  imports and resources, image types, SVG sanitising, accessibility);
- what the completeness check of a built PDF fails on and the model already
  shows: an image no image library reads, source markup the reader kept as
  text (an unclosed ``:::``): its rules run on the text of the model instead
  of the text of the pages.

Each problem is reported with the code a build gives it
(:mod:`bookpress.diagnostic_codes`, ``found = "book"``); a test builds the
hostile books both ways and fails when a build reports a book problem that
``check`` does not.
"""

from __future__ import annotations

import tempfile
import typing
from collections.abc import Iterator
from pathlib import Path

import tinycss2
import tinycss2.ast
from lxml import html as lxml_html

from .config import Config
from .diagnostics import BookError, Diagnostics, error
from .geometry import check_printer
from .model import Book, Chapter, Image, Inline, Text, query
from .profiles import profile_named
from .sandbox import REFUSED, Resource
from .theme_metrics import read_metrics
from .themes import find_theme

MAX_IMPORT_DEPTH = 5
_INLINES = typing.get_args(Inline)
# Attributes WeasyPrint loads a resource from.
_LOADED = {
    "img": ("src",),
    "image": ("href", "{http://www.w3.org/1999/xlink}href"),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "video": ("poster",),
}


def check_book(config: Config, book: Book, diagnostics: Diagnostics, cache_dir: Path | None = None) -> None:
    """Report what building ``book`` would report about it, without rendering.
    ``cache_dir`` (a build's ``<out>/.cache``): formulas drawn there before are
    not drawn again, and those drawn now are kept for the build."""
    _printer(config, diagnostics)
    _print_stylesheets(config, diagnostics)
    page = _print_html(config, book, diagnostics, cache_dir)
    _print_resources(page, config, book, diagnostics)
    _epub(config, book, diagnostics)
    _completeness(config, book, diagnostics)


def _printer(config: Config, diagnostics: Diagnostics) -> None:
    """A trim the book's printer does not offer (the build stops on it before layout)."""
    try:
        check_printer(config, profile_named(config.pdf.profile))
    except BookError as stop:
        found = stop.diagnostic
        diagnostics.add(found.severity, found.path, found.line, found.code, found.message, found.col)


def _print_stylesheets(config: Config, diagnostics: Diagnostics) -> None:
    where = config.rel(config.path)
    theme = find_theme(config.pdf.theme, config.root, needs="print.css", sandbox=config.sandbox)
    sheets = [theme / "print.css"]
    for name in config.pdf.css:
        path = config.root / name
        if not config.sandbox.allows(path):
            raise error(where, None, REFUSED, config.sandbox.refusal(f"stylesheet '{name}'", path))
        if not path.is_file():
            raise error(where, None, "css-missing", f"stylesheet '{name}' does not exist")
        sheets.append(path)
    for sheet in sheets:
        for url, found in _stylesheet_references(sheet, config, ()):
            shown = config.sandbox.shown(sheet)
            diagnostics.warn(shown, None, REFUSED, f"resource '{url}' refused: {found.refusal}")


def _stylesheet_references(
    sheet: Path, config: Config, chain: tuple[Path, ...]
) -> Iterator[tuple[str, Resource]]:
    """The refused references of ``sheet`` and of the sheets it imports."""
    target = config.sandbox.file(sheet)
    if target is None or target in chain or len(chain) > MAX_IMPORT_DEPTH:
        return
    text = target.read_text(encoding="utf-8", errors="replace")
    for url, is_import in _css_references(tinycss2.parse_stylesheet(text, skip_comments=True)):
        found = config.sandbox.resource(url, target.parent, config.allow_remote)
        if not found.allowed:
            yield url, found
        elif is_import and found.kind == "file" and found.path is not None:
            yield from _stylesheet_references(found.path, config, (*chain, target))


def _css_references(rules) -> Iterator[tuple[str, bool]]:
    """(url, is an @import) of every ``@import`` and ``url()`` in ``rules``."""
    for rule in rules:
        if isinstance(rule, tinycss2.ast.AtRule) and rule.lower_at_keyword == "import":
            tokens = [t for t in rule.prelude if t.type not in ("whitespace", "comment")]
            if tokens and tokens[0].type in ("string", "url", "function"):
                yield _url_of(tokens[0]), True
            continue
        if isinstance(rule, tinycss2.ast.Declaration):
            yield from ((url, False) for url in _urls(rule.value))
            continue
        if isinstance(rule, (tinycss2.ast.QualifiedRule, tinycss2.ast.AtRule)):
            yield from ((url, False) for url in _urls(rule.prelude or []))
            if rule.content is not None:
                items = tinycss2.parse_blocks_contents(rule.content, skip_comments=True)
                yield from _css_references(items)


def _urls(tokens) -> Iterator[str]:
    for token in tokens:
        if token.type == "url" or (token.type == "function" and token.lower_name == "url"):
            yield _url_of(token)
        elif token.type == "function":
            yield from _urls(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            yield from _urls(token.content)


def _url_of(token) -> str:
    if token.type in ("url", "string"):
        return token.value.strip()
    strings = [t for t in token.arguments if t.type == "string"]
    return strings[0].value.strip() if strings else ""


def _print_html(config: Config, book: Book, diagnostics: Diagnostics, cache_dir: Path | None = None) -> str:
    from .mathtex import MathCache
    from .writers.print_html import PrintHtml

    writer = PrintHtml(book, diagnostics)
    writer.book_root = config.root  # SVG images are checked and sanitised as in a build
    # Formulas drawn at the size the PDF draws them: the same widths, the same cache entries.
    theme = find_theme(config.pdf.theme, config.root, needs="print.css", sandbox=config.sandbox)
    sheets = [theme / "print.css", *(config.root / name for name in config.pdf.css)]
    writer.math_size_pt = read_metrics(sheets, config.sandbox).formula_size
    if cache_dir is not None:
        writer.math_cache = MathCache(cache_dir / "math")
    return writer.document(config, None)


def _print_resources(page: str, config: Config, book: Book, diagnostics: Diagnostics) -> None:
    """What the layout engine would be asked to load, through the policy."""
    places = {n.src: n.source for ch in book.chapters() for n in query(ch) if isinstance(n, Image)}
    document = lxml_html.document_fromstring(page)
    for url in _html_references(document):
        found = config.sandbox.resource(url, config.root, config.allow_remote, file_urls=True)
        if found.allowed:
            continue
        source = places.get(url)
        path, line = (source.path, source.line) if source else ("", None)
        diagnostics.warn(path, line, REFUSED, f"resource '{url}' refused: {found.refusal}")


def _html_references(document) -> Iterator[str]:
    for element in document.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        for attribute in _LOADED.get(tag, ()):
            value = element.get(attribute)
            if value:
                yield value.strip()
        if tag == "link" and "stylesheet" in (element.get("rel") or "").lower() and element.get("href"):
            yield element.get("href").strip()
        if tag == "style" and element.text:
            rules = tinycss2.parse_stylesheet(element.text, skip_comments=True)
            yield from (url for url, _ in _css_references(rules))
        style = element.get("style") if isinstance(element.tag, str) else None
        if style:
            yield from _urls(tinycss2.parse_component_value_list(style))


def _epub(config: Config, book: Book, diagnostics: Diagnostics) -> None:
    from .writers.epub import write_epub

    with tempfile.TemporaryDirectory(prefix="bookpress-check-") as folder:
        write_epub(book, config, Path(folder) / "check.epub", diagnostics)


def _completeness(config: Config, book: Book, diagnostics: Diagnostics) -> None:
    """What the completeness check of a built PDF would fail on, known from
    the model: images no image library reads (never drawn), and markup the PDF
    would print as text, found in the model's text with the check's own rules
    (one "page" per chapter)."""
    from .completeness.expected import expect
    from .completeness.leaks import check_markup
    from .completeness.printed import PrintedPage, PrintedPdf
    from .completeness.result import Completeness

    expected = expect(book, config.root)
    for image in expected.images:
        if image.unreadable:
            message = f"image '{image.src}' is a file no image library can read: the PDF cannot draw it"
            diagnostics.err(image.source.path, image.source.line or None, "image-not-drawn", message)
    pages = [PrintedPage(text=_shown_text(chapter)) for chapter in expected.chapters]
    printed = PrintedPdf(config.root / "check", pages, {})
    result = Completeness()
    check_markup(expected, printed, list(range(len(pages))), result)
    for gap in result.gaps:
        message = gap.message.replace("printed as text", "would print as text", 1)
        source = gap.source
        if source is not None and source.path:
            diagnostics.err(source.path, source.line or None, gap.code, message)
        else:
            diagnostics.err(config.rel(config.path), None, gap.code, message)


def _shown_text(chapter: Chapter) -> str:
    """The text a chapter's paragraphs, headings, cells and captions show, one line each."""
    lines = [_plain(chapter.title)]
    for node in query(chapter):
        children = getattr(node, "children", None)
        if (
            isinstance(children, tuple)
            and children
            and isinstance(children[0], _INLINES)
            and not isinstance(node, _INLINES)
        ):
            lines.append(_plain(children))
    return "\n".join(lines)


def _plain(inlines: tuple) -> str:
    return "".join(n.text for inline in inlines for n in query(inline) if isinstance(n, Text))
