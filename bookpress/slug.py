"""Identifiers made from text: file-name slugs and GitHub-style heading anchors."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w\- ]", re.UNICODE)


def github_anchor(text: str) -> str:
    """The anchor GitHub (and mdBook) give a heading: lower case, punctuation
    dropped, spaces to hyphens. Authors write links against these."""
    anchor = _NOT_WORD.sub("", text.strip().lower())
    return anchor.replace(" ", "-")


def slugify(text: str, fallback: str = "section") -> str:
    """An ASCII identifier safe for XML ids and EPUB file names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        return fallback
    if slug[0].isdigit():
        slug = f"{fallback[0]}-{slug}"
    return slug


def _name_char(ch: str) -> bool:
    """A character XML allows in a name: letters, digits, marks, ``-_.``."""
    if ch in "-_.":
        return True
    category = unicodedata.category(ch)
    return category[0] in "LM" or category == "Nd"


def xml_id(anchor: str, fallback: str = "section") -> str:
    """``anchor`` made valid as an XML id (letters, digits, ``-_.``, not starting
    with a digit or hyphen), keeping it readable."""
    cleaned = "".join(ch if _name_char(ch) else "-" for ch in anchor)
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip("-")
    if not cleaned:
        return fallback
    if not (unicodedata.category(cleaned[0])[0] == "L" or cleaned[0] == "_"):
        cleaned = f"{fallback[0]}-{cleaned}"
    return cleaned


_FILE_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
MAX_FILE_SLUG = 100


def is_file_slug(text: str) -> bool:
    """Whether ``text`` is usable as it is as the stem of an output file: ASCII
    letters, digits and ``._-``, not starting with a dot or a hyphen, no path
    separators, at most 100 characters."""
    return bool(_FILE_SLUG.fullmatch(text)) and ".." not in text


def file_slug(text: str, fallback: str = "book") -> str:
    """``text`` made into the stem of an output file name (``<slug>.pdf``).

    Whatever it comes from (``[book] slug``, a title), the result names a file
    directly inside the output folder: ``../../x`` becomes ``x``, ``/abs/path``
    ``abs-path``; control characters, spaces and other punctuation become
    hyphens; an empty result is ``fallback``."""
    if is_file_slug(text):
        return text
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_FILE_SLUG].strip("-")
    return slug or fallback


class UniqueIds:
    """Hands out ids that have not been used before in this book."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def claim(self, wanted: str) -> str:
        candidate = wanted
        n = 1
        while candidate in self.used:
            candidate = f"{wanted}-{n}"
            n += 1
        self.used.add(candidate)
        return candidate
