"""Every table and key of ``book.toml``, described once, as data.

The loader (:mod:`.walk`) reads each table by walking its rows: the type,
the allowed values or range, the default. The handbook's configuration
reference (:mod:`.reference`) is generated from the same rows, and a test
fails when the two disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..limits import RENDER_MEMORY_MB, RENDER_MEMORY_MIN_MB, RENDER_TIMEOUT_MAX_S, RENDER_TIMEOUT_S
from ..printers import PRINTERS as PRINTER_REGISTRY
from ..profiles import PROFILES as PROFILE_REGISTRY
from .values import TRIM_PRESETS

# The kinds of value a key takes. Each is read and checked by walk.check_value.
STRING = "string"
INTEGER = "integer"
NUMBER = "number"
BOOLEAN = "boolean"
STRINGS = "list of strings"
STRING_OR_STRINGS = "string or list of strings"
DATE = "date"
LENGTH = "length"
TRIM = "trim"
CHOICE = "choice"
SIZE = "size"
STRING_MAP = "table of strings"
PARTS = "list of parts"
COMPONENT = "component"
INCHES = "inches"  # a number of inches, or a length
UNUSED = "unused"  # another tool's key: accepted, not read

PROFILES = tuple(PROFILE_REGISTRY)  # the print profiles' names (bookpress.profiles)
PRINTER_NAMES = tuple(PRINTER_REGISTRY)  # the printers' names (bookpress.printers)
PDF_VARIANTS = (
    "pdf/a-1b",
    "pdf/a-2b",
    "pdf/a-3b",
    "pdf/a-4b",
    "pdf/a-2u",
    "pdf/a-3u",
    "pdf/a-4u",
    "pdf/a-4e",
    "pdf/a-4f",
    "pdf/ua-1",
    "pdf/ua-2",
    "pdf/x-1a",
    "pdf/x-3",
    "pdf/x-4",
    "pdf/x-5g",
)
COMPONENT_KINDS = ("callout", "footnote", "wide", "figure", "quote", "div", "drop")

ANY_KEY = "*"  # a row for every key of a table whose keys the author names ([components])


@dataclass(frozen=True)
class Key:
    """One key of one table."""

    table: str  # "book", "output.pdf"
    name: str  # "toc-depth", or ANY_KEY
    kind: str  # one of the kinds above
    default: Any  # as written in book.toml (a trim preset, a length text); None: not given
    meaning: str  # one line, for the handbook
    allowed: tuple[str, ...] = ()  # CHOICE and COMPONENT: the values; LENGTH: words accepted too
    low: float | None = None  # INTEGER, NUMBER, SIZE: the least value …
    high: float | None = None  # … and the greatest
    low_open: bool = False  # the least value itself is refused ("more than 0")
    unit: str = ""  # "seconds", "MB": said in the reference
    field: str = ""  # the attribute it fills; "meta.x": Meta.x; "" = the name with _ for -
    message: str = ""  # a value out of range or not allowed: {key}, {value}, {allowed}
    fold_case: bool = False  # CHOICE: compared in lower case, spaces around left out
    code: str = "config-value"  # the diagnostic of a value out of range or not allowed
    shown: str = ""  # the default as the reference shows it, when the value alone misleads

    @property
    def attribute(self) -> str:
        return self.field or self.name.replace("-", "_")


@dataclass(frozen=True)
class Table:
    """One table: its name, what it is for, and whether bookpress reads it."""

    name: str
    meaning: str
    ignored: bool = False  # another tool's table: noted (--verbose) and skipped


TABLES: tuple[Table, ...] = (
    Table("book", "the book: its metadata (as in mdBook) and where its chapters are"),
    Table("output", "what both outputs share"),
    Table("output.pdf", "the printed book"),
    Table("output.epub", "the EPUB"),
    Table("index", "the back-of-book index"),
    Table("components", "MDX components: each name, what it becomes"),
    Table("embeds", "interactive figures (HTML embeds), drawn for print"),
    Table("build", "the cost a build may take"),
    Table("cover", "the paperback cover that `bookpress cover` draws"),
    Table("rust", "mdBook's", ignored=True),
    Table("preprocessor", "mdBook's", ignored=True),
    Table("output.html", "mdBook's", ignored=True),
    Table("output.markdown", "mdBook's", ignored=True),
    Table("output.linkcheck", "mdBook's", ignored=True),
)

_TEXT = "front matter or copyright page, and metadata"

KEYS: tuple[Key, ...] = (
    # [book]: metadata (Meta) first, then where the chapters are.
    Key("book", "title", STRING, "", "the title; from the first chapter's front matter when missing",
        field="meta.title"),
    Key("book", "subtitle", STRING, "", "on the title page and in the metadata", field="meta.subtitle"),
    Key("book", "authors", STRINGS, (), "a list of names, even for one", field="meta.authors"),
    Key("book", "language", STRING, "en", "BCP 47 tag: hyphenation, and the metadata of both outputs",
        field="meta.language"),
    Key("book", "description", STRING, "", "a sentence or two for the metadata", field="meta.description"),
    Key("book", "identifier", STRING, "", "the EPUB identifier (urn:isbn:…)", field="meta.identifier",
        shown="a urn:uuid from the title"),
    Key("book", "publisher", STRING, "", "on the title and copyright pages", field="meta.publisher"),
    Key("book", "date", DATE, "", "publication date (2025-10-30)", field="meta.date"),
    Key("book", "license", STRING, "", f"license text: {_TEXT}", field="meta.license"),
    Key("book", "slug", STRING, "", "base name of the output files", field="meta.slug",
        shown="made from the title"),
    Key("book", "cover", STRING, "", "the EPUB's cover image, a file of the book", field="meta.cover"),
    Key("book", "version", STRING, "", "version of this edition (release names its files with it)",
        field="meta.version"),
    Key("book", "url", STRING, "", "the online edition", field="meta.url"),
    Key("book", "series", STRING, "", "series name, on the half-title page", field="meta.series"),
    Key("book", "edition", STRING, "", f"edition: {_TEXT}", field="meta.edition"),
    Key("book", "isbn", STRING, "", "the ISBN, on the copyright page", field="meta.isbn"),
    Key("book", "copyright", STRING, "", "copyright line (default: © year authors)",
        field="meta.copyright"),
    Key("book", "publisher-address", STRING, "", "on the copyright page", field="meta.publisher_address"),
    Key("book", "printed-in", STRING, "", "on the copyright page", field="meta.printed_in"),
    Key("book", "dedication", STRING, "", "a page of its own after the title page", field="meta.dedication"),
    Key("book", "epigraph", STRING, "", "a quotation on a page of its own", field="meta.epigraph"),
    Key("book", "epigraph-source", STRING, "", "who said the epigraph", field="meta.epigraph_source"),
    Key("book", "colophon", STRING, "", "how the book was made, on its last page", field="meta.colophon"),
    Key("book", "src", STRING, "src", "the chapter folder; the book's own folder when src/ is missing",
        field="-"),
    Key("book", "chapters", STRINGS, None, "an explicit list of chapter files"),
    Key("book", "chapters-file", STRING, None,
        "a file listing chapters, one a line, blank lines between parts"),
    Key("book", "parts", PARTS, (), "`[[book.parts]]` tables, each a title and a chapters list"),
    Key("book", "appendices", STRINGS, (), "chapter files numbered A, B, C"),
    Key("book", "split-level", INTEGER, None, "split each file into chapters at this heading level",
        low=1, high=6, message="split-level must be between 1 and 6"),
    Key("book", "number-sections", BOOLEAN, True, "whether chapters and sections are numbered"),
    Key("book", "number-depth", INTEGER, 3, "down to which heading level they are numbered"),
    Key("book", "bibliography", STRING_OR_STRINGS, (), "BibTeX or CSL-JSON files of the book", field="-"),
    Key("book", "csl", STRING, "chicago-author-date", "citation style: a name or a .csl file of the book"),
    Key("book", "bibliography-title", STRING, "References", "heading of the list of references"),
    Key("book", "index-title", STRING, "Index", "heading of the index"),
    Key("book", "multilingual", UNUSED, None, "mdBook's; accepted, not used"),
    Key("book", "text-direction", UNUSED, None, "mdBook's; accepted, not used"),
    # [output]
    Key("output", "bibliography", CHOICE, "end", "references at the end of the book or of each chapter",
        allowed=("end", "per-chapter"), field="bibliography_placement",
        message="[output] bibliography must be 'end' or 'per-chapter'"),
    # [output.pdf]
    Key("output.pdf", "trim", TRIM, "7x9.25", "page size: two lengths (`\"170mm 240mm\"`) or a preset",
        allowed=tuple(TRIM_PRESETS)),
    Key("output.pdf", "chapter-start", CHOICE, "right", "chapters open on a right-hand page, or on the next",
        allowed=("right", "any"), message="chapter-start must be 'right' or 'any'"),
    Key("output.pdf", "profile", CHOICE, "print", "desktop printing, a print shop (bleed, PDF/X) or screens",
        allowed=PROFILES),
    Key("output.pdf", "pdf-variant", CHOICE, "", "a PDF standard to meet", allowed=PDF_VARIANTS,
        field="pdf_variant", fold_case=True, shown="the profile's own",
        message="pdf-variant '{value}' is not one of: {allowed}"),
    Key("output.pdf", "printer", CHOICE, "", "the print-on-demand service the PDF is for: its trims, "
        "margins and file rules", allowed=PRINTER_NAMES, fold_case=True, shown="none"),
    Key("output.pdf", "bleed", LENGTH, "0.125in", "bleed of the press profile"),
    Key("output.pdf", "gutter", LENGTH, "auto",
        "extra inner margin for the binding; `auto`: from the page count",
        allowed=("auto",)),
    Key("output.pdf", "margin-top", LENGTH, None, "top margin", field="-", shown="the theme's"),
    Key("output.pdf", "margin-bottom", LENGTH, None, "bottom margin", field="-", shown="the theme's"),
    Key("output.pdf", "margin-inner", LENGTH, None, "margin at the spine", field="-", shown="the theme's"),
    Key("output.pdf", "margin-outer", LENGTH, None, "margin at the fore-edge", field="-",
        shown="the theme's"),
    Key("output.pdf", "theme", STRING, "default", "a built-in theme or a folder of the book"),
    Key("output.pdf", "css", STRINGS, (), "your own stylesheets, applied after the theme's"),
    Key("output.pdf", "toc-depth", INTEGER, 2, "levels in the table of contents"),
    Key("output.pdf", "half-title", BOOLEAN, True, "a half-title page before the title page"),
    Key("output.pdf", "list-of-figures", BOOLEAN, False, "a list of figures after the contents"),
    Key("output.pdf", "list-of-tables", BOOLEAN, False, "a list of tables after the contents"),
    Key("output.pdf", "running-head", CHOICE, "chapter", "the head of right-hand pages",
        allowed=("chapter", "section")),
    Key("output.pdf", "icc-profile", STRING, "", "CMYK output profile for PDF/X", shown="the system's"),
    Key("output.pdf", "chapter-at-a-time", BOOLEAN, True,
        "lay the PDF out chapter by chapter (in parallel, cached; a tagged PDF is laid out whole); "
        "`false`: as one document"),
    Key("output.pdf", "jobs", INTEGER, None, "layout workers for the PDF (`--jobs`); 0: as one document",
        low=0, high=256, shown="1"),
    # [output.epub]
    Key("output.epub", "theme", STRING, "default", "a built-in theme or a folder of the book"),
    Key("output.epub", "css", STRINGS, (), "your own stylesheets, applied after the theme's"),
    Key("output.epub", "toc-depth", INTEGER, 2, "levels in the table of contents"),
    # [index], [components], [embeds], [build]
    Key("index", "terms", STRINGS, (), "terms indexed wherever they occur", field="index_terms"),
    Key("components", ANY_KEY, COMPONENT, None, "what the component `<Name>` becomes (callout may name its "
        "kind: `callout:warning`)", allowed=COMPONENT_KINDS,
        message="[components] {key} must be one of: {allowed}"),
    Key("embeds", "render", BOOLEAN, True, "draw embeds for print; `false`: each prints as its box"),
    Key("embeds", "mounts", STRING_MAP, {"/data": "assets/data"}, "site path → book folder the embeds read"),
    Key("embeds", "libraries", STRING_MAP, {}, "CDN address (glob) → book file served instead"),
    Key("embeds", "timeout", NUMBER, 20.0, "how long one embed may take to draw", low=0, low_open=True,
        unit="seconds", message="[embeds] timeout must be positive"),
    Key("build", "timeout", NUMBER, RENDER_TIMEOUT_S, "how long the PDF layout may take",
        low=0, low_open=True,
        high=RENDER_TIMEOUT_MAX_S, unit="seconds",
        message=f"[build] timeout must be more than 0 and at most {RENDER_TIMEOUT_MAX_S:g} seconds"),
    Key("build", "memory", SIZE, RENDER_MEMORY_MB, "memory the PDF layout may use (4096, \"4GB\")",
        low=RENDER_MEMORY_MIN_MB, unit="MB", field="memory_mb", shown='`"4GB"`',
        message=f"[build] memory must be a size of at least {RENDER_MEMORY_MIN_MB} MB, "
        'such as 4096 or "4GB"'),
    Key("cover", "paper", CHOICE, "white", "the paper, for the spine's width (KDP's figures)",
        allowed=("white", "cream", "color"), fold_case=True, code="cover-paper",
        message="[cover] paper '{value}' is not one of: {allowed} "
        "(or give the thickness of a page with spine-per-page)"),
    Key("cover", "spine-per-page", INCHES, None, "thickness of one page, instead of the paper's",
        low=0.001, high=0.01, unit="inches", code="cover-paper", shown="the paper's",
        message="[cover] spine-per-page must be the thickness of one page, between 0.001 and 0.01 "
        'inches (a number of inches such as 0.0025, or a length such as "0.0635mm")'),
    Key("cover", "front", STRING, "", "the front panel picture, bleed included", shown="a typographic front"),
    Key("cover", "back", STRING, "", "a short Markdown file for the back"),
    Key("build", "build-dir", UNUSED, None, "mdBook's; accepted, not used"),
    Key("build", "create-missing", UNUSED, None, "mdBook's; accepted, not used"),
    Key("build", "use-default-preprocessors", UNUSED, None, "mdBook's; accepted, not used"),
    Key("build", "extra-watch-dirs", UNUSED, None, "mdBook's; accepted, not used"),
)  # fmt: skip


def table(name: str) -> Table | None:
    return next((t for t in TABLES if t.name == name), None)


def keys_of(name: str) -> tuple[Key, ...]:
    return tuple(k for k in KEYS if k.table == name)


def key(table_name: str, name: str) -> Key:
    for k in KEYS:
        if k.table == table_name and k.name == name:
            return k
    raise KeyError(f"[{table_name}] {name}")
