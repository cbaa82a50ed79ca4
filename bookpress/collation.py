"""Sorting words the way readers of a language expect.

The Unicode Collation Algorithm with its default table (pyuca) sorts for
most languages written in Latin, Greek or Cyrillic script: accents and case
count only to break ties (``eclair`` < ``Eclair`` < ``éclair`` < ``ecole``),
punctuation, symbols and digits come before letters. A few languages add
letters of their own to the alphabet; CLDR's tailorings for the common ones
are kept here: Swedish and Finnish put å, ä, ö after z, Danish and Norwegian
æ, ø, å, Spanish ñ after n.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

# language → {letter: (the letter it follows, its rank among the added letters)}
_ADDED_LETTERS: dict[str, dict[str, tuple[str, int]]] = {
    "sv": {"å": ("z", 1), "ä": ("z", 2), "ö": ("z", 3), "æ": ("z", 2), "ø": ("z", 3)},
    "fi": {"å": ("z", 1), "ä": ("z", 2), "ö": ("z", 3)},
    "da": {"æ": ("z", 1), "ø": ("z", 2), "å": ("z", 3), "ä": ("z", 1), "ö": ("z", 2)},
    "nb": {"æ": ("z", 1), "ø": ("z", 2), "å": ("z", 3)},
    "nn": {"æ": ("z", 1), "ø": ("z", 2), "å": ("z", 3)},
    "no": {"æ": ("z", 1), "ø": ("z", 2), "å": ("z", 3)},
    "es": {"ñ": ("n", 1)},
}
# Private-use characters have implicit weights above every letter's.
_AFTER = "\ue000"


@cache
def _collator() -> Any:  # pyuca has no type hints
    from pyuca import Collator

    return Collator()


def _tailoring(language: str) -> dict[str, tuple[str, int]]:
    return _ADDED_LETTERS.get(language.lower().replace("_", "-").split("-")[0], {})


def _tailored(text: str, language: str) -> str:
    added = _tailoring(language)
    if not added:
        return text
    out = []
    for char in unicodedata.normalize("NFC", text):
        follows = added.get(char.lower())
        out.append(follows[0] + chr(ord(_AFTER) + follows[1]) if follows else char)
    return "".join(out)


def sort_key(text: str, language: str = "en") -> tuple[int, ...]:
    """The collation key of ``text`` for readers of ``language`` (a BCP 47 tag)."""
    return tuple(_collator().sort_key(_tailored(text.strip(), language)))


def initial(text: str, language: str = "en") -> str:
    """The letter a word is filed under (``É`` → ``E``; ``Ö`` in Swedish → ``Ö``),
    or ``""`` when it starts with a digit or a symbol."""
    first = unicodedata.normalize("NFC", text.strip()[:1])
    if not first.isalpha():
        return ""
    if first.lower() in _tailoring(language):
        return first.upper()
    base = unicodedata.normalize("NFKD", first)[:1]
    return base.upper() if base.isalpha() else first.upper()
