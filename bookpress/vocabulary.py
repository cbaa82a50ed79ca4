"""The words every stage agrees on: how ids are spelled, how things are numbered and
labelled, and the metadata lines that the title and copyright pages of both outputs print.

It sits just above the model so that a writer can spell a footnote's id the way the
footnotes transform does without importing the transforms (and through them the citation
engines).
"""

from __future__ import annotations

from .model import CodeBlock, Meta


def roman(n: int) -> str:
    """``n`` in capital Roman numerals (front-matter folios, part numbers)."""
    values = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = ""
    for value, letters in values:
        while n >= value:
            out += letters
            n -= value
    return out


def note_id(chapter_id: str, number: int) -> str:
    """The id of a footnote's text (the target of its calls)."""
    return f"{chapter_id}-fn-{number}"


def listing_caption(block: CodeBlock) -> str:
    """A listing's caption: ``caption=`` or Quarto's ``lst-cap=``."""
    return block.attr.get("caption") or block.attr.get("lst-cap") or ""


def copyright_line(meta: Meta, year: str) -> str:
    """``[book] copyright``, or "© <year> <authors>"."""
    if meta.copyright:
        return meta.copyright
    names = ", ".join(a.name for a in meta.authors) or meta.publisher
    return " ".join(part for part in ("©", year, names) if part)


def isbn(meta: Meta) -> str:
    """The ISBN: ``[book] isbn``, or an identifier written as ``urn:isbn:…``."""
    if meta.isbn:
        return meta.isbn
    return meta.identifier.removeprefix("urn:isbn:") if meta.identifier.startswith("urn:isbn:") else ""
