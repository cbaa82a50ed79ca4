"""The book's fonts for what the browser draws.

An embed asks for ``-apple-system, "Segoe UI", Roboto, sans-serif``; in the
book its labels should be in the book's sans-serif, its code in the book's
monospace. Two things make it so: the browser runs with a fontconfig file
that puts the theme's families first for the usual web font names and the
generic families (so that text is measured and laid out in the font it will
print in), and the SVG written for print names those families
(:class:`FontMap`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..theme_fonts import font_stacks, installed_families, stylesheet_text

SANS_NAMES = (
    "sans-serif", "system-ui", "ui-sans-serif", "-apple-system", "BlinkMacSystemFont", "Segoe UI",
    "Roboto", "Helvetica", "Helvetica Neue", "Arial", "Inter", "Source Sans Pro", "Source Sans 3",
    "Open Sans", "Lato", "Ubuntu", "Cantarell", "Oxygen", "SF Pro Display", "SF Pro Text", "Verdana",
)  # fmt: skip
MONO_NAMES = (
    "monospace", "ui-monospace", "Courier New", "Courier", "Menlo", "Monaco", "Consolas", "SF Mono",
    "Source Code Pro", "Fira Code", "Roboto Mono", "Liberation Mono",
)  # fmt: skip
SERIF_NAMES = ("serif", "ui-serif", "Times New Roman", "Times", "Georgia")


@dataclass(frozen=True)
class FontMap:
    """CSS font-family values for the three kinds of text an embed has."""

    sans: str = "sans-serif"
    serif: str = "serif"
    mono: str = "monospace"
    # The first installed family of each, for fontconfig.
    sans_family: str = ""
    serif_family: str = ""
    mono_family: str = ""

    def fontconfig(self) -> str:
        """A fontconfig file: the system's configuration, then the book's
        families put first for the names embeds ask for."""
        rules = []
        for names, family in (
            (SANS_NAMES, self.sans_family),
            (MONO_NAMES, self.mono_family),
            (SERIF_NAMES, self.serif_family),
        ):
            if not family:
                continue
            for name in names:
                rules.append(
                    f'  <alias binding="strong"><family>{escape(name)}</family>'
                    f"<prefer><family>{escape(family)}</family></prefer></alias>"
                )
        return (
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
            + "\n".join(rules)
            + "\n</fontconfig>\n"
        )


def book_fonts(theme: Path, roots: tuple[Path, ...] | None = None) -> FontMap:
    """The theme's sans-serif (display), serif (text) and code families;
    ``roots``: where its stylesheets may be read (the book's sandbox)."""
    stacks = font_stacks(stylesheet_text(theme / "print.css", roots=roots))
    families = installed_families()

    def first(*roles: str) -> str:
        for role in roles:
            for _role, family in stacks.get(role, []):
                if family.lower() in families:
                    return family
        return ""

    sans, serif, mono = first("sans", "display"), first("text"), first("code")

    def stack(family: str, generic: str) -> str:
        return f"'{family}', {generic}" if family else generic

    return FontMap(
        stack(sans, "sans-serif"), stack(serif, "serif"), stack(mono, "monospace"), sans, serif, mono
    )
