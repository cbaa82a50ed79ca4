"""Fonts: every font embedded; no character drawn with the ``.notdef`` glyph."""

from __future__ import annotations

from ..facts import DocFacts
from ..findings import ERROR, Expectations, Finding, merge_pages


def check_fonts(doc: DocFacts, expect: Expectations) -> list[Finding]:
    findings = [
        doc.pages[index].finding(
            ERROR, "font-not-embedded", f"font {info.name} is not embedded (first used here)"
        )
        for info, index in doc.fonts
        if not info.embedded
    ]
    for page in doc.pages:
        for font, char in dict.fromkeys(page.scan.missing):
            findings.append(page.finding(ERROR, "glyph-missing", _glyph_message(font, char)))
    return merge_pages(findings)


def _glyph_message(font: str, char: str) -> str:
    drawn = f"drawn as .notdef (an empty box) in {font}"
    if not char:
        return f"a character has no glyph: {drawn}"
    return f"{' '.join(f'U+{ord(c):04X}' for c in char)} {char!r} has no glyph in any font: {drawn}"
