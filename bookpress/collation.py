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

import sys
import unicodedata
from functools import cache
from pathlib import Path
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

    class LazyCollator(Collator):
        """pyuca's collator with its table read into the trie one first
        character at a time, when a text to sort has that character: a match
        starts at the character being looked up, so the keys are the same as
        with the whole table (a test compares them), and a book's index does
        not wait 0.2 s for 30,000 lines it never needs."""

        def __init__(self) -> None:
            from pyuca.trie import Trie

            self.table = Trie()
            self.implicit_weights: list[list[int]] = []
            self._pending: dict[int, list[str]] = {}
            folder = Path(sys.modules[Collator.__module__].__file__ or "").parent
            with open(folder / f"allkeys-{self.UCA_VERSION}.txt", encoding="utf-8") as keys:
                for line in keys:
                    if line[:1] in ("", "#", "\n"):
                        continue
                    if line.startswith("@implicitweights"):
                        span, base = line.split("#", 1)[0][len("@implicitweights") :].split(";")
                        start, end = span.split("..")
                        self.implicit_weights.append([int(start, 16), int(end, 16), int(base, 16)])
                    elif not line.startswith("@"):
                        first = int(line.split(";", 1)[0].split()[0], 16)
                        self._pending.setdefault(first, []).append(line)

        def collation_elements(self, normalized_string: str) -> list:
            from pyuca.collator import COLL_ELEMENT_PATTERN
            from pyuca.utils import hexstrings2int

            for char in set(normalized_string):
                for line in self._pending.pop(ord(char), ()):
                    chars, elements = line.split("#", 1)[0].rstrip().split(";", 1)
                    weights = [hexstrings2int(m.groups()) for m in COLL_ELEMENT_PATTERN.finditer(elements)]
                    self.table.add(hexstrings2int(chars.split()), weights)
            return super().collation_elements(normalized_string)

    return LazyCollator()


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
