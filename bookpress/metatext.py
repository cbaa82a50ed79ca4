"""Book metadata is text: what authors write in titles and dates, made plain.

Front matter written for a web page carries markup: ``title: 'The Book:<br/>
The Subtitle'``, a ``\\n`` to break the title on the page, ``**bold**`` or a
link in a description, ``published: "Oct. 30, 2025"``. The PDF Info, the XMP,
the EPUB's metadata, running heads and file names need plain text and ISO
8601 dates; only the title page keeps the author's line breaks.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

_BREAK = re.compile(r"<br\s*/?>|\\n|\n", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`|~~)(?=\S)(.+?)(?<=\S)\1")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain(value: str) -> str:
    """One line of text: tags, Markdown emphasis and links, entities and line
    breaks become what a reader sees."""
    text = _BREAK.sub(" ", str(value))
    text = _TAG.sub("", text)
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = html.unescape(text)
    text = _CONTROL.sub("", text)
    return " ".join(text.split())


def lines(value: str) -> tuple[str, ...]:
    """The lines the author broke the text into (``<br/>`` or a newline)."""
    return tuple(line for line in (plain(part) for part in _BREAK.split(str(value))) if line)


_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_YEAR_MONTH = re.compile(r"^\s*(?:[A-Za-z]+\.?\s+\d{4}|\d{4}[-/.]\d{1,2})\s*$")


def iso_date(value: Any) -> str | None:
    """``value`` as an ISO 8601 date (``2025-10-30``, or ``2025-10`` / ``2025``
    when that is all it says); None when it is not a date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    if not text:
        return None
    if _ISO.match(text):
        return text
    from dateutil import parser  # only when a date is written out

    first = dt.datetime(2000, 1, 1)
    second = dt.datetime(2001, 2, 2)
    try:
        parsed = parser.parse(text, default=first, fuzzy=False)
        again = parser.parse(text, default=second, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year != again.year:
        return None  # no year in it: not a publication date
    if parsed.month != again.month:
        return f"{parsed.year:04d}"
    if parsed.day != again.day:
        return f"{parsed.year:04d}-{parsed.month:02d}"
    return parsed.date().isoformat()
