"""Read and validate ``book.toml``.

The ``[book]`` table follows mdBook, so an mdBook project builds unchanged;
bookpress's own options live under ``[output.pdf]`` and ``[output.epub]``.
Unknown keys are warnings that name the key and its line; wrong types are
errors; tables meant for other tools are noted and ignored.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import metatext
from .diagnostics import Diagnostics, error
from .language import normalize_language
from .limits import RenderLimits, read_render_limits
from .model import Author, Meta
from .sandbox import REFUSED, Sandbox, root_problem
from .slug import file_slug, is_file_slug, slugify
from .text_clean import clean_meta
from .themes import find_theme

CONFIG_NAME = "book.toml"

TRIM_PRESETS: dict[str, tuple[str, str]] = {
    "6x9": ("6in", "9in"),
    "7x9.25": ("7in", "9.25in"),
    "7.5x9.25": ("7.5in", "9.25in"),
    "8.5x11": ("8.5in", "11in"),
    "letter": ("8.5in", "11in"),
    "a4": ("210mm", "297mm"),
    "a5": ("148mm", "210mm"),
    "b5": ("176mm", "250mm"),
    "royal": ("156mm", "234mm"),
}

_LENGTH = re.compile(r"^(\d+(?:\.\d+)?)(in|mm|cm|pt|px|pc)$")
_POINTS_PER = {"in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "pt": 1.0, "pc": 12.0, "px": 0.75}


def length_pt(value: str) -> float:
    """A CSS length such as ``6in`` or ``148mm`` in points."""
    m = _LENGTH.match(value.strip())
    if not m:
        raise ValueError(f"not a length: {value!r}")
    return float(m.group(1)) * _POINTS_PER[m.group(2)]


@dataclass(frozen=True)
class PdfOptions:
    trim: tuple[str, str] = ("7in", "9.25in")
    theme: str = "default"
    css: tuple[str, ...] = ()
    toc_depth: int = 2
    chapter_start: str = "right"
    profile: str = "print"  # "print", "press" or "screen"
    bleed: str = "0.125in"  # used by the press profile
    pdf_variant: str = ""  # "" = the profile's own
    gutter: str = "auto"
    margins: tuple[tuple[str, str], ...] = ()  # ("top", "0.8in"), … overrides
    half_title: bool = True
    list_of_figures: bool = False
    list_of_tables: bool = False
    running_head: str = "chapter"  # recto head: "chapter" or "section"
    icc_profile: str = ""  # CMYK output profile for press; default: the system's

    def for_profile(self, profile: str) -> PdfOptions:
        """These options with another profile (the command line's --profile)."""
        return dataclasses.replace(self, profile=profile)


PROFILES = ("print", "press", "screen")
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


@dataclass(frozen=True)
class EpubOptions:
    theme: str = "default"
    css: tuple[str, ...] = ()
    toc_depth: int = 2


@dataclass(frozen=True)
class EmbedOptions:
    """``[embeds]``: how interactive figures are drawn for print."""

    render: bool = True  # false: every embed prints as its box
    mounts: tuple[tuple[str, str], ...] = (("/data", "assets/data"),)  # site path → book folder
    libraries: tuple[tuple[str, str], ...] = ()  # CDN URL glob → book file
    timeout: float = 20.0  # seconds one embed may take


@dataclass(frozen=True)
class Config:
    root: Path
    path: Path
    meta: Meta
    src: Path
    chapters: tuple[str, ...] | None = None
    chapters_line: int | None = None
    chapters_file: str | None = None
    chapters_file_line: int | None = None
    appendices: tuple[str, ...] = ()
    parts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    split_level: int | None = None
    components: dict[str, str] = field(default_factory=dict)
    allow_remote: bool = False
    bibliography: tuple[str, ...] = ()  # .bib / CSL-JSON files, relative to book.toml
    csl: str = "chicago-author-date"
    bibliography_title: str = "References"
    bibliography_placement: str = "end"  # or "per-chapter"
    index_title: str = "Index"
    index_terms: tuple[str, ...] = ()  # indexed wherever they occur
    number_sections: bool = True
    number_depth: int = 3
    pdf: PdfOptions = field(default_factory=PdfOptions)
    epub: EpubOptions = field(default_factory=EpubOptions)
    embeds: EmbedOptions = field(default_factory=EmbedOptions)
    asset_roots: tuple[Path, ...] = ()  # folders of derived files (drawn embeds) the writers may read
    limits: RenderLimits = field(default_factory=RenderLimits)  # [build] timeout, memory
    read_root: Path | None = None  # --root: a folder holding the book whose files it may read
    language_set: bool = False  # [book] language was written (else the text may tell it)

    @property
    def sandbox(self) -> Sandbox:
        """Where the book's files may be read from (see :mod:`bookpress.sandbox`)."""
        return Sandbox.of(self.root, self.read_root, self.asset_roots)

    def rel(self, path: Path) -> str:
        """``path`` relative to the book folder, for diagnostics."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, RuntimeError, OSError):  # outside the book, or a symbolic link loop
            return str(path)


# Keys of mdBook's [book] table that mean nothing in print; accepted silently.
_MDBOOK_BOOK_KEYS = {"multilingual", "text-direction"}
_IGNORED_TABLES = {
    "rust",
    "preprocessor",
    "output.html",
    "output.markdown",
    "output.linkcheck",
}


class _Reader:
    """Typed access to one table, reporting problems with their line."""

    def __init__(self, table: dict[str, Any], name: str, text: str, path: str) -> None:
        self.table = table
        self.name = name
        self.text = text
        self.path = path
        self.used: set[str] = set()

    def line_of(self, key: str) -> int | None:
        return key_line(self.text, self.name, key)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        self.used.add(key)
        if key not in self.table:
            return default
        value = self.table[key]
        if isinstance(value, bool) and kind in (int, float):
            value = None  # TOML true is not a number
        if value is None or not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise error(
                self.path,
                self.line_of(key),
                "config-type",
                f"[{self.name}] {key} must be {_article(names)}, not {_describe(self.table[key])}",
            )
        return value

    def str_list(self, key: str) -> tuple[str, ...] | None:
        value = self.get(key, list)
        if value is None:
            return None
        if not all(isinstance(v, str) for v in value):
            raise error(
                self.path,
                self.line_of(key),
                "config-type",
                f"[{self.name}] {key} must be a list of strings",
            )
        return tuple(value)

    def warn_unknown(self, diagnostics: Diagnostics, also_ok: set[str] = frozenset()) -> None:
        for key, value in self.table.items():
            if key in self.used or key in also_ok or isinstance(value, dict):
                continue
            diagnostics.warn(
                self.path,
                self.line_of(key),
                "config-unknown-key",
                f"unknown key '{key}' in [{self.name}]",
            )


def _article(name: str) -> str:
    names = {"str": "a string", "int": "an integer", "list": "a list", "bool": "true or false"}
    return " or ".join(names.get(n.strip(), n) for n in name.split(" or "))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def key_line(text: str, table: str, key: str) -> int | None:
    """The line where ``key`` is set inside ``[table]`` (1-based), if found."""
    current = ""
    header = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    assign = re.compile(r'^\s*("?)([A-Za-z0-9_.\-]+)\1\s*=')
    for number, line in enumerate(text.splitlines(), start=1):
        if m := header.match(line):
            current = m.group(1).replace('"', "").replace(" ", "")
            continue
        if (m := assign.match(line)) and current == table and m.group(2) == key:
            return number
    return None


# A trimmed page no printer can bind or PDF can hold (14,400 units, 200 in, a side):
# from a business card to a poster.
TRIM_MIN_IN, TRIM_MAX_IN = 2.0, 48.0
BLEED_MAX_IN = 0.5
TEXT_BLOCK_MIN_IN = 1.0  # margins leave at least this much text block each way


def parse_trim(value: str, path: str, line: int | None) -> tuple[str, str]:
    """``"6x9"``, ``"A5"``, ``"6in 9in"`` → a (width, height) pair of CSS lengths."""
    preset = TRIM_PRESETS.get(value.strip().lower())
    if preset:
        return preset
    parts = value.replace("×", " ").split()
    if len(parts) == 2 and all(_LENGTH.match(p) for p in parts):
        for part in parts:
            inches = length_pt(part) / 72
            if not TRIM_MIN_IN <= inches <= TRIM_MAX_IN:
                raise error(
                    path,
                    line,
                    "config-trim",
                    f"trim '{value}': {part} is not a page size a printer can print "
                    f"(each side between {TRIM_MIN_IN:g}in and {TRIM_MAX_IN:g}in)",
                )
        return parts[0], parts[1]
    presets = ", ".join(TRIM_PRESETS)
    raise error(
        path,
        line,
        "config-trim",
        f"trim '{value}' is neither a preset ({presets}) nor two lengths such as '6in 9in'",
    )


def load_config(book_dir: Path, diagnostics: Diagnostics, read_root: Path | None = None) -> Config:
    """Read ``book_dir/book.toml``; raise :class:`BookError` when it cannot be used.
    ``read_root`` (``--root``): a folder holding the book whose files it may read."""
    path = book_dir / CONFIG_NAME
    shown = str(path)
    if not book_dir.is_dir():
        raise error(str(book_dir), None, "book-missing", "no such book folder")
    if read_root is not None and (problem := root_problem(book_dir, read_root)):
        raise error(str(read_root), None, "root-option", f"--root {read_root}: {problem}")
    box = Sandbox.of(book_dir, read_root)
    if not path.is_file():
        raise error(
            shown,
            None,
            "config-missing",
            f"no {CONFIG_NAME} in {book_dir} (is this a book folder?)",
        )
    if box.file(path) is None:
        raise error(shown, None, REFUSED, box.refusal(CONFIG_NAME, path))
    text = box.read_text(path, errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(m.group(1)) if m else None
        col = int(m.group(2)) if m else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise error(shown, line, "config-syntax", f"invalid TOML: {message}", col=col) from None

    for name, value in data.items():
        if name in ("components", "index", "embeds", "build"):
            continue
        if name not in ("book", "output") and not isinstance(value, dict):
            diagnostics.warn(shown, key_line(text, "", name), "config-unknown-key", f"unknown key '{name}'")
        elif name not in ("book", "output"):
            if name in _IGNORED_TABLES or name.split(".")[0] in _IGNORED_TABLES:
                diagnostics.info(
                    shown,
                    _table_line(text, name),
                    "config-ignored",
                    f"[{name}] is not used by bookpress",
                )
            else:
                diagnostics.warn(
                    shown,
                    _table_line(text, name),
                    "config-unknown-table",
                    f"unknown table [{name}]",
                )

    book = _Reader(data.get("book", {}), "book", text, shown)
    # The title may also come from the first chapter's front matter (an MDX
    # article): then slug and identifier are completed after reading.
    title = book.get("title", str, "")
    authors = book.str_list("authors") or ()
    language = book.get("language", str, "en")
    slug = book.get("slug", str, "")
    identifier = book.get("identifier", str, "")
    meta = Meta(
        title=title,
        subtitle=book.get("subtitle", str, ""),
        authors=tuple(Author(a) for a in authors),
        language=language,
        description=book.get("description", str, ""),
        identifier=identifier,
        publisher=book.get("publisher", str, ""),
        date=_date_string(book.get("date", (str, object), "")),
        license=book.get("license", str, ""),
        slug=slug,
        cover=book.get("cover", str, ""),
        version=book.get("version", str, ""),
        url=book.get("url", str, ""),
        series=book.get("series", str, ""),
        edition=book.get("edition", str, ""),
        isbn=book.get("isbn", str, ""),
        copyright=book.get("copyright", str, ""),
        publisher_address=book.get("publisher-address", str, ""),
        printed_in=book.get("printed-in", str, ""),
        dedication=book.get("dedication", str, ""),
        epigraph=book.get("epigraph", str, ""),
        epigraph_source=book.get("epigraph-source", str, ""),
        colophon=book.get("colophon", str, ""),
    )
    meta = check_meta(meta, diagnostics, shown, book.line_of)
    src_name = book.get("src", str)
    src = book_dir / (src_name or "src")
    if src_name is None and not src.is_dir():
        src = book_dir  # a folder of Markdown files with no src/ folder
    if not box.allows(src):  # src = "/" would read every Markdown file of the machine
        what = f"[book] src '{src_name}'" if src_name is not None else "the source folder src/"
        raise error(shown, book.line_of("src"), REFUSED, box.refusal(what, src))
    chapters = book.str_list("chapters")
    bib_value = book.get("bibliography", (str, list))
    bibliography = (bib_value,) if isinstance(bib_value, str) else tuple(str(b) for b in (bib_value or ()))
    bibliography = _inside_book(bibliography, "bibliography", box, book_dir, diagnostics, shown, book.line_of)
    csl = book.get("csl", str, "chicago-author-date")
    if (csl.endswith(".csl") or "/" in csl) and not box.allows(book_dir / csl):
        raise error(shown, book.line_of("csl"), REFUSED, box.refusal(f"CSL style '{csl}'", book_dir / csl))
    bibliography_title = book.get("bibliography-title", str, "References")
    index_title = book.get("index-title", str, "Index")
    appendices = book.str_list("appendices")
    parts = _parts(book, shown)
    chapters_file = book.get("chapters-file", str)
    split_level = book.get("split-level", int)
    if split_level is not None and not 1 <= split_level <= 6:
        raise error(shown, book.line_of("split-level"), "config-value", "split-level must be between 1 and 6")
    number_sections = book.get("number-sections", bool, True)
    number_depth = book.get("number-depth", int, 3)
    book.warn_unknown(diagnostics, _MDBOOK_BOOK_KEYS)

    output = data.get("output", {})
    if not isinstance(output, dict):
        raise error(shown, key_line(text, "", "output"), "config-type", "output must be a table")
    placement = output.get("bibliography", "end")
    if placement not in ("end", "per-chapter"):
        raise error(
            shown,
            key_line(text, "output", "bibliography"),
            "config-value",
            "[output] bibliography must be 'end' or 'per-chapter'",
        )
    for name in output:
        if name == "bibliography":
            continue
        if name not in ("pdf", "epub"):
            table = f"output.{name}"
            if table in _IGNORED_TABLES:
                diagnostics.info(
                    shown,
                    _table_line(text, table),
                    "config-ignored",
                    f"[{table}] is not used by bookpress",
                )
            else:
                diagnostics.warn(
                    shown,
                    _table_line(text, table),
                    "config-unknown-table",
                    f"unknown table [{table}]",
                )

    pdf_table = _Reader(output.get("pdf", {}), "output.pdf", text, shown)
    trim_value = pdf_table.get("trim", str)
    trim = parse_trim(trim_value, shown, pdf_table.line_of("trim")) if trim_value else PdfOptions.trim
    chapter_start = pdf_table.get("chapter-start", str, "right")
    if chapter_start not in ("right", "any"):
        raise error(
            shown,
            pdf_table.line_of("chapter-start"),
            "config-value",
            "chapter-start must be 'right' or 'any'",
        )
    profile = _choice(pdf_table, "profile", PROFILES, "print", shown)
    variant = pdf_table.get("pdf-variant", str, "").lower()
    if variant and variant not in PDF_VARIANTS:
        raise error(
            shown,
            pdf_table.line_of("pdf-variant"),
            "config-value",
            f"pdf-variant '{variant}' is not one of: {', '.join(PDF_VARIANTS)}",
        )
    lengths = {}
    for key in ("bleed", "gutter", "margin-top", "margin-bottom", "margin-inner", "margin-outer"):
        value = pdf_table.get(key, str)
        if value is not None and not (key == "gutter" and value == "auto"):
            if not _LENGTH.match(value.strip()):
                raise error(
                    shown,
                    pdf_table.line_of(key),
                    "config-value",
                    f"{key} must be a length such as 0.5in or 12mm",
                )
            lengths[key] = value.strip()
    _check_lengths(lengths, trim, shown, pdf_table.line_of)
    pdf = PdfOptions(
        trim=trim,
        theme=pdf_table.get("theme", str, "default"),
        css=pdf_table.str_list("css") or (),
        toc_depth=pdf_table.get("toc-depth", int, 2),
        chapter_start=chapter_start,
        profile=profile,
        bleed=lengths.get("bleed", PdfOptions.bleed),
        pdf_variant=variant,
        gutter=lengths.get("gutter", "auto"),
        margins=tuple((k.removeprefix("margin-"), v) for k, v in lengths.items() if k.startswith("margin-")),
        half_title=pdf_table.get("half-title", bool, True),
        list_of_figures=pdf_table.get("list-of-figures", bool, False),
        list_of_tables=pdf_table.get("list-of-tables", bool, False),
        running_head=_choice(pdf_table, "running-head", ("chapter", "section"), "chapter", shown),
        icc_profile=pdf_table.get("icc-profile", str, ""),
    )
    pdf_table.warn_unknown(diagnostics)

    epub_table = _Reader(output.get("epub", {}), "output.epub", text, shown)
    epub = EpubOptions(
        theme=epub_table.get("theme", str, "default"),
        css=epub_table.str_list("css") or (),
        toc_depth=epub_table.get("toc-depth", int, 2),
    )
    epub_table.warn_unknown(diagnostics)
    _check_styles(box, book_dir, shown, pdf, pdf_table, "print.css")
    _check_styles(box, book_dir, shown, epub, epub_table, "epub.css")
    meta = _cover_inside(meta, box, book_dir, diagnostics, shown, book.line_of("cover"))

    components = _components(data.get("components", {}), text, shown)
    embeds = _embeds(_Reader(data.get("embeds", {}), "embeds", text, shown), diagnostics)
    limits, unknown_build = read_render_limits(
        data.get("build", {}), lambda key: key_line(text, "build", key), shown
    )
    for key, line in unknown_build:
        diagnostics.warn(shown, line, "config-unknown-key", f"unknown key '{key}' in [build]")

    return Config(
        root=book_dir,
        path=path,
        meta=finish_meta(meta, diagnostics, (shown, key_line(text, "book", "date"))) if meta.title else meta,
        src=src,
        language_set="language" in data.get("book", {}),
        chapters=chapters,
        chapters_line=book.line_of("chapters"),
        chapters_file=chapters_file,
        appendices=appendices or (),
        bibliography=bibliography,
        csl=csl,
        bibliography_title=bibliography_title,
        bibliography_placement=placement,
        index_title=index_title,
        index_terms=_index_terms(data.get("index", {}), text, shown),
        parts=parts,
        chapters_file_line=book.line_of("chapters-file"),
        split_level=split_level,
        components=components,
        embeds=embeds,
        number_sections=number_sections,
        number_depth=number_depth,
        pdf=pdf,
        epub=epub,
        limits=limits,
        read_root=read_root,
    )


def check_meta(
    meta: Meta,
    diagnostics: Diagnostics,
    shown: str,
    line_of: Callable[[str], int | None],
    table: str = "[book]",
) -> Meta:
    """Metadata made safe to use: no control characters in its texts, a slug
    that names a file inside the output folder, a BCP 47 language tag. Each
    change is a warning at the line the value came from."""
    meta = clean_meta(meta, diagnostics, shown, line_of, table)
    changes: dict[str, str] = {}
    if meta.slug and not is_file_slug(meta.slug):
        changes["slug"] = file_slug(meta.slug)
        diagnostics.warn(
            shown,
            line_of("slug"),
            "config-slug",
            f"slug '{meta.slug}' cannot name an output file (letters, digits and ._- only); "
            f"using '{changes['slug']}'",
        )
    language = normalize_language(meta.language)
    if language.problem:
        diagnostics.warn(shown, line_of("language"), "config-language", language.problem)
    if language.tag != meta.language:
        changes["language"] = language.tag
    return dataclasses.replace(meta, **changes) if changes else meta


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
    box: Sandbox, book_dir: Path, shown: str, options: PdfOptions | EpubOptions, table: _Reader, sheet: str
) -> None:
    """The theme holds ``sheet`` and every extra stylesheet exists inside the
    book: said here, with its line, so that ``check`` reports it and no
    writer trips on it."""
    find_theme(options.theme, book_dir, shown, needs=sheet, line=table.line_of("theme"), sandbox=box)
    for name in options.css:
        if not box.allows(book_dir / name):
            message = box.refusal(f"[{table.name}] css: '{name}'", book_dir / name)
            raise error(shown, table.line_of("css"), REFUSED, message)
        if box.file(book_dir / name) is None:
            raise error(
                shown, table.line_of("css"), "css-missing", f"[{table.name}] css: '{name}' does not exist"
            )


def _inside_book(
    names: tuple[str, ...],
    key: str,
    box: Sandbox,
    book_dir: Path,
    diagnostics: Diagnostics,
    shown: str,
    line_of: Callable[[str], int | None],
) -> tuple[str, ...]:
    """The files of ``[book] key`` that the sandbox allows; an error for each other."""
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


def _choice(table: _Reader, key: str, choices: tuple[str, ...], default: str, shown: str) -> str:
    value = table.get(key, str, default)
    if value not in choices:
        raise error(shown, table.line_of(key), "config-value", f"{key} must be one of: {', '.join(choices)}")
    return value


def _date_string(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "")


def _table_line(text: str, table: str) -> int | None:
    """The line of ``[table]`` or of its first sub-table ``[table.x]``."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip().replace('"', "").replace(" ", "").lstrip("[")
        if stripped.startswith((f"{table}]", f"{table}.")):
            return number
    return None


def _embeds(table: _Reader, diagnostics: Diagnostics) -> EmbedOptions:
    """``[embeds]``: ``render``, ``timeout``, ``mounts = { "/data" = "assets/data" }``,
    ``libraries = { "https://cdn.example/lib@1/*.js" = "vendor/lib.js" }``."""
    pairs = {}
    for key in ("mounts", "libraries"):
        value = table.get(key, dict, None)
        if value is not None and not all(isinstance(v, str) for v in value.values()):
            message = f"[embeds] {key} must map strings to strings"
            raise error(table.path, table.line_of(key), "config-type", message)
        pairs[key] = tuple(value.items()) if value is not None else None
    timeout = table.get("timeout", (int, float), EmbedOptions.timeout)
    if timeout <= 0:
        raise error(table.path, table.line_of("timeout"), "config-value", "[embeds] timeout must be positive")
    render = table.get("render", bool, True)
    table.warn_unknown(diagnostics)
    return EmbedOptions(
        render=render,
        mounts=pairs["mounts"] if pairs["mounts"] is not None else EmbedOptions.mounts,
        libraries=pairs["libraries"] or (),
        timeout=float(timeout),
    )


COMPONENT_KINDS = ("callout", "footnote", "wide", "figure", "quote", "div", "drop")


def _components(table: Any, text: str, shown: str) -> dict[str, str]:
    """``[components]``: JSX component name → what it becomes (see COMPONENT_KINDS;
    ``callout`` may name its kind, ``callout:warning``)."""
    if not isinstance(table, dict):
        raise error(shown, key_line(text, "", "components"), "config-type", "[components] must be a table")
    out: dict[str, str] = {}
    for name, kind in table.items():
        line = key_line(text, "components", name)
        if not isinstance(kind, str) or kind.split(":", 1)[0] not in COMPONENT_KINDS:
            kinds = ", ".join(COMPONENT_KINDS)
            raise error(shown, line, "config-value", f"[components] {name} must be one of: {kinds}")
        out[name] = kind
    return out


def finish_meta(
    meta: Meta, diagnostics: Diagnostics | None = None, where: tuple[str, int | None] = ("", None)
) -> Meta:
    """Metadata as text (markup and line breaks out, the title's breaks kept
    for the title page), dates as ISO 8601, and the defaults that depend on
    the title: slug and a stable identifier."""
    if diagnostics is not None:  # front matter too: control characters, language, slug
        meta = check_meta(meta, diagnostics, where[0], lambda _key: where[1], "front matter")
    title_lines = metatext.lines(meta.title)
    title = metatext.plain(meta.title) or "Untitled"
    date = meta.date
    if date:
        date = metatext.iso_date(date) or ""
        if not date and diagnostics is not None:
            message = (
                f"date '{meta.date}' is not a date bookpress can read; it is left out (write 2025-10-30)"
            )
            diagnostics.warn(where[0], where[1], "bad-date", message)
    return dataclasses.replace(
        meta,
        title=title,
        title_lines=title_lines if len(title_lines) > 1 else (),
        subtitle=metatext.plain(meta.subtitle),
        description=metatext.plain(meta.description),
        license=metatext.plain(meta.license),
        copyright=metatext.plain(meta.copyright),
        publisher=metatext.plain(meta.publisher),
        authors=tuple(dataclasses.replace(a, name=metatext.plain(a.name)) for a in meta.authors),
        date=date,
        slug=file_slug(meta.slug or slugify(title)),
        identifier=meta.identifier or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'bookpress:' + title)}",
    )


def _parts(book: _Reader, shown: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``[[book.parts]]`` tables: ``title = "…"`` and ``chapters = [...]``."""
    value = book.get("parts", list)
    if value is None:
        return ()
    parts = []
    for item in value:
        chapters = item.get("chapters") if isinstance(item, dict) else None
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("title"), str)
            or not isinstance(chapters, list)
        ):
            raise error(
                shown,
                book.line_of("parts"),
                "config-type",
                "each of [book] parts needs a title and a chapters list",
            )
        parts.append((item["title"], tuple(str(c) for c in chapters)))
    return tuple(parts)


def _index_terms(table: Any, text: str, shown: str) -> tuple[str, ...]:
    """``[index] terms = [...]``: terms indexed wherever they occur in the text."""
    if not isinstance(table, dict):
        raise error(shown, key_line(text, "", "index"), "config-type", "[index] must be a table")
    terms = table.get("terms", [])
    if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
        raise error(
            shown, key_line(text, "index", "terms"), "config-type", "[index] terms must be a list of strings"
        )
    return tuple(terms)
