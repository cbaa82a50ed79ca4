"""What ``book.toml`` says, as frozen dataclasses. Each options class is one
table; its fields are named as the table's rows in :mod:`.schema` (``-``
becomes ``_``) and take their defaults from them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..limits import RenderLimits
from ..model import Meta
from ..sandbox import Sandbox
from .cover import CoverOptions
from .schema import key
from .walk import default_value


def default(table: str, name: str) -> Any:
    """The default of ``[table] name``, converted as the loader converts a value."""
    return default_value(key(table, name))


@dataclass(frozen=True)
class PdfOptions:
    """``[output.pdf]``."""

    trim: tuple[str, str] = default("output.pdf", "trim")
    theme: str = default("output.pdf", "theme")
    css: tuple[str, ...] = ()
    toc_depth: int = default("output.pdf", "toc-depth")
    chapter_start: str = default("output.pdf", "chapter-start")
    profile: str = default("output.pdf", "profile")  # "print", "press" or "screen"
    bleed: str = default("output.pdf", "bleed")  # used by the press profile
    pdf_variant: str = ""  # "" = the profile's own
    printer: str = ""  # "kdp", "ingramspark" (bookpress.printers); "" = none
    gutter: str = default("output.pdf", "gutter")
    margins: tuple[tuple[str, str], ...] = ()  # ("top", "0.8in"), … overrides
    half_title: bool = default("output.pdf", "half-title")
    list_of_figures: bool = default("output.pdf", "list-of-figures")
    list_of_tables: bool = default("output.pdf", "list-of-tables")
    running_head: str = default("output.pdf", "running-head")  # recto head: "chapter" or "section"
    icc_profile: str = ""  # CMYK output profile for press; default: the system's
    chapter_at_a_time: bool = default("output.pdf", "chapter-at-a-time")  # see bookpress.paginate
    jobs: int | None = None  # layout workers; None: one, 0: the book as one document

    def for_profile(self, profile: str) -> PdfOptions:
        """These options with another profile (the command line's --profile)."""
        return dataclasses.replace(self, profile=profile)


@dataclass(frozen=True)
class EpubOptions:
    """``[output.epub]``."""

    theme: str = default("output.epub", "theme")
    css: tuple[str, ...] = ()
    toc_depth: int = default("output.epub", "toc-depth")


@dataclass(frozen=True)
class EmbedOptions:
    """``[embeds]``: how interactive figures are drawn for print."""

    render: bool = default("embeds", "render")  # false: every embed prints as its box
    mounts: tuple[tuple[str, str], ...] = default("embeds", "mounts")  # site path → book folder
    libraries: tuple[tuple[str, str], ...] = ()  # CDN URL glob → book file
    timeout: float = default("embeds", "timeout")  # seconds one embed may take


# Tables read straight into an options class: table → (Config attribute, class).
# [build] fills limits.RenderLimits, whose defaults are the limits' own constants.
OPTION_TABLES: dict[str, tuple[str, type[Any]]] = {
    "output.epub": ("epub", EpubOptions),
    "embeds": ("embeds", EmbedOptions),
    "build": ("limits", RenderLimits),
}


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
    csl: str = default("book", "csl")
    bibliography_title: str = default("book", "bibliography-title")
    bibliography_placement: str = default("output", "bibliography")  # or "per-chapter"
    index_title: str = default("book", "index-title")
    index_terms: tuple[str, ...] = ()  # indexed wherever they occur
    number_sections: bool = default("book", "number-sections")
    number_depth: int = default("book", "number-depth")
    pdf: PdfOptions = field(default_factory=PdfOptions)
    epub: EpubOptions = field(default_factory=EpubOptions)
    embeds: EmbedOptions = field(default_factory=EmbedOptions)
    asset_roots: tuple[Path, ...] = ()  # folders of derived files (drawn embeds) the writers may read
    limits: RenderLimits = field(default_factory=RenderLimits)  # [build] timeout, memory
    cover: CoverOptions | None = None  # [cover], when the book has one
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
