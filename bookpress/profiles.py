"""Print profiles: what a PDF is for, said once.

A profile is one of the few ways bookpress lays out the same book: for a
print-on-demand service (``print``), for a printing press (``press``), or to
be read on a screen (``screen``). Everything that differs between them —
bleed and crop marks, chapter openings, the PDF variant, the CSS added to the
theme, what preflight expects of the pages — is a field of
:class:`PrintProfile`, and :data:`PROFILES` enumerates them once: the
``book.toml`` loader, the command line's choices, the PDF writer and preflight
all read it, and none of them compares a profile's name.

A *printer* (KDP, IngramSpark: trim sizes, minimum margins, an inner margin by
page count, file rules) is another axis, not a profile: a press PDF can go to
either. Printer rules belong in their own registry next to this one and meet
the profile in :func:`bookpress.geometry.page_geometry`, the one place where
the page's trim, margins and bleed are decided.

This module imports nothing else of bookpress, so the lowest layers (the
config loader) can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# A CMYK output profile from Debian's libgs-common, for the profiles with CMYK
# colours when the book names none ([output.pdf] icc-profile).
SYSTEM_CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")

# The colours of the default theme's variables, as process black for a press.
_CMYK_INKS = (
    ":root { --ink: device-cmyk(0 0 0 1); --muted: device-cmyk(0 0 0 0.72); "
    "--rule: device-cmyk(0 0 0 0.55); --code-bg: device-cmyk(0 0 0 0.05); }"
)

# Read on a screen, one page after another: links in colour, no blank left-hand pages.
_SCREEN = (
    "a.external, a.xref, a.footnote-again { color: #1d4f91; }\n"
    ".half-title, .series-page, .title-page, .copyright-page, .dedication, .epigraph-page, "
    ".colophon, nav.toc, section.chapter, section.part { break-before: page !important; }"
)


@dataclass(frozen=True)
class PrintProfile:
    """What one profile asks of the layout, the PDF file and the preflight."""

    name: str
    summary: str  # one line for --help and the handbook
    for_paper: bool  # trim box, left and right pages, an even page count
    bleed: bool  # the [output.pdf] bleed around the trim, crop marks, a /BleedBox
    pdf_variant: str  # what WeasyPrint writes unless [output.pdf] pdf-variant says otherwise
    cmyk: bool  # colours as process inks, with a CMYK output profile
    rgb_images: str  # how preflight reports an RGB image: "warning", "info" or "" (fine)
    preflight_on_build: bool = False  # goes to a printer: `bookpress build` preflights it at once
    css: str = ""  # added after the theme (and before the book's own CSS)

    def chapter_start(self, book_choice: str) -> str:
        """Where chapters open: the book's choice (``right``, ``left``, ``any``)
        on paper; anywhere on a screen."""
        return book_choice if self.for_paper else "any"

    def variant(self, book_choice: str = "") -> str:
        """The PDF variant to write: the book's ``pdf-variant``, else the profile's."""
        return book_choice or self.pdf_variant

    def stylesheet(self, cmyk_profile: Path | None = None) -> str:
        """The CSS this profile adds to the theme; ``cmyk_profile`` is the ICC
        output profile the CMYK colours refer to (press)."""
        rules = []
        if self.cmyk and cmyk_profile is not None:
            rules.append(
                f'@color-profile device-cmyk {{ src: url("{cmyk_profile.resolve().as_uri()}"); '
                "components: c, m, y, k; }"
            )
        if self.css:
            rules.append(self.css)
        return "\n".join(rules) + ("\n" if rules else "")

    def __str__(self) -> str:
        return self.name


PRINT = PrintProfile(
    name="print",
    summary="trim size, black links",
    for_paper=True,
    bleed=False,
    pdf_variant="",
    cmyk=False,
    rgb_images="info",
)
PRESS = PrintProfile(
    name="press",
    summary="bleed, crop marks, PDF/X-4",
    for_paper=True,
    bleed=True,
    pdf_variant="pdf/x-4",
    cmyk=True,
    rgb_images="warning",
    preflight_on_build=True,
    css=_CMYK_INKS,
)
SCREEN = PrintProfile(
    name="screen",
    summary="coloured links, tagged PDF/UA-1",
    for_paper=False,
    bleed=False,
    pdf_variant="pdf/ua-1",
    cmyk=False,
    rgb_images="",
    css=_SCREEN,
)

PROFILES: dict[str, PrintProfile] = {p.name: p for p in (PRINT, PRESS, SCREEN)}
DEFAULT = PRINT


def profile_named(name: str | PrintProfile) -> PrintProfile:
    """The profile called ``name`` (a profile is returned as it is)."""
    if isinstance(name, PrintProfile):
        return name
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown profile {name!r} (expected one of {', '.join(PROFILES)})") from None


def for_print(profile: PrintProfile) -> PrintProfile:
    """The paper profile a release prints with: the book's own when it is for
    paper (``press`` stays ``press``), else ``print``."""
    return profile if profile.for_paper else PRINT
