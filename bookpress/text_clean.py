"""Control characters out of the book's text and metadata, in one place.

XML 1.0 (and so XHTML, the EPUB package and the PDF's XMP) cannot hold C0
control characters other than tab, line feed and carriage return, nor
U+FFFE/U+FFFF; C1 controls and DEL are allowed but never meant in a book.
A title with a BEL in it or a heading with a terminal colour escape
(``ESC[31m``) would otherwise crash the EPUB writer after the PDF was
written. Each is removed with a ``control-character`` warning that says
where it was; a whole ANSI escape sequence goes at once.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from .diagnostics import Diagnostics
from .model import Author, Meta

CODE = "control-character"
# An ANSI/VT100 escape sequence (CSI … final byte, or ESC and one character), or
# a single character XML cannot carry or a book never means.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]"
)
_MAX_WARNINGS_PER_FILE = 20


def has_controls(text: str) -> bool:
    return _CONTROL.search(text) is not None


_C0 = (  # the C0 controls' abbreviations, U+0000 to U+001F
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "BEL",
    "BS",
    "HT",
    "LF",
    "VT",
    "FF",
    "CR",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "FS",
    "GS",
    "RS",
    "US",
)


def _name(char: str) -> str:
    code = ord(char)
    name = _C0[code] if code < 32 else "DEL" if code == 0x7F else unicodedata.name(char, "")
    return f"U+{code:04X} {name}" if name else f"U+{code:04X}"


def _describe(removed: list[str]) -> str:
    kinds = list(dict.fromkeys(_name(m[0]) + (" sequence" if len(m) > 1 else "") for m in removed))
    shown = ", ".join(kinds[:3]) + (", …" if len(kinds) > 3 else "")
    noun = "control character" if len(removed) == 1 else f"{len(removed)} control characters"
    return f"{noun} removed ({shown})"


def strip_controls(text: str) -> tuple[str, list[str]]:
    """``text`` without control characters, and what was removed."""
    if not has_controls(text):
        return text, []
    removed: list[str] = []

    def drop(match: re.Match[str]) -> str:
        removed.append(match.group())
        return ""

    return _CONTROL.sub(drop, text), removed


def clean_text(text: str, diagnostics: Diagnostics, path: str, line: int | None, what: str = "") -> str:
    """``text`` without control characters; a warning at ``path:line`` if any were there."""
    cleaned, removed = strip_controls(text)
    if removed:
        where = f" in {what}" if what else ""
        diagnostics.warn(path, line, CODE, _describe(removed) + where)
    return cleaned


def clean_source(text: str, where: Callable[[int], tuple[str, int]], diagnostics: Diagnostics) -> str:
    """A chapter's text (includes expanded) without control characters; one
    warning per line that had some, at the file and line it came from
    (``where(index)`` maps a 0-based line of ``text`` to its origin)."""
    if not has_controls(text):
        return text
    lines = text.split("\n")
    warned = 0
    for index, line in enumerate(lines):
        cleaned, removed = strip_controls(line)
        if not removed:
            continue
        lines[index] = cleaned
        path, number = where(index)
        if warned < _MAX_WARNINGS_PER_FILE:
            diagnostics.warn(path, number, CODE, _describe(removed))
        elif warned == _MAX_WARNINGS_PER_FILE:
            diagnostics.warn(path, number, CODE, "more control characters removed (not listed)")
        warned += 1
    return "\n".join(lines)


_META_TEXT = tuple(
    f.name for f in dataclasses.fields(Meta) if f.type in ("str", str) and f.name != "language"
)


def clean_meta(
    meta: Meta,
    diagnostics: Diagnostics,
    path: str,
    line_of: Callable[[str], int | None],
    table: str = "[book]",
) -> Meta:
    """Every text of the book's metadata (title, authors, …) without control
    characters. ``line_of(key)`` gives the line a field was set on, if known;
    ``table`` says where the fields come from (``[book]``, ``front matter``)."""
    changes: dict[str, Any] = {}  # fields of Meta, each of its own type
    for name in _META_TEXT:
        value = getattr(meta, name)
        if isinstance(value, str) and has_controls(value):
            key = name.replace("_", "-")
            changes[name] = clean_text(value, diagnostics, path, line_of(key), f"{table} {key}")
    if any(has_controls(a.name) or has_controls(a.url) for a in meta.authors):
        line = line_of("authors")
        changes["authors"] = tuple(
            Author(
                clean_text(a.name, diagnostics, path, line, "an author"),
                clean_text(a.url, diagnostics, path, line, "an author's url"),
            )
            for a in meta.authors
        )
    if any(has_controls(b) for b in meta.bibliography):
        changes["bibliography"] = tuple(strip_controls(b)[0] for b in meta.bibliography)
    return dataclasses.replace(meta, **changes) if changes else meta
