"""Which characters the installed fonts can draw, asked of fontconfig once.

WeasyPrint lays text out with Pango, which finds fonts through fontconfig:
a character that the theme's fonts lack is drawn with any installed font
that has it, and only a character that no font has prints as a ``.notdef``
box. So the fonts that matter are the ones ``fc-list`` lists, restricted to
the formats Pango (1.44 and later) still draws: TrueType and CFF (OpenType)
outlines, not Type 1 or bitmap fonts.

One call of ``fc-list`` (a few hundredths of a second: fontconfig keeps its
own cache) gives every font's character set as ranges of code points; they
are merged per family and for all fonts, and kept for the life of the
process.
"""

from __future__ import annotations

import bisect
import functools
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass

# The formats Pango draws (the others are listed by fontconfig but skipped).
DRAWN_FORMATS = frozenset({"TrueType", "CFF"})


@dataclass(frozen=True)
class Ranges:
    """A set of code points as sorted, disjoint, inclusive ranges."""

    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()

    def __contains__(self, codepoint: object) -> bool:
        if not isinstance(codepoint, int):
            return False
        i = bisect.bisect_right(self.starts, codepoint) - 1
        return i >= 0 and codepoint <= self.ends[i]

    def __bool__(self) -> bool:
        return bool(self.starts)

    @classmethod
    def merged(cls, pairs: Iterable[tuple[int, int]]) -> Ranges:
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(pairs):
            if ends and start <= ends[-1] + 1:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        return cls(tuple(starts), tuple(ends))


def parse_charset(text: str) -> list[tuple[int, int]]:
    """fontconfig's ``%{charset}``: ``20-7e a0-17f 192 …`` (hexadecimal)."""
    pairs = []
    for token in text.split():
        first, _, last = token.partition("-")
        try:
            start = int(first, 16)
            pairs.append((start, int(last, 16) if last else start))
        except ValueError:
            continue
    return pairs


@dataclass(frozen=True)
class Coverage:
    """Characters of the installed fonts: per family (lower-cased name) and all together."""

    families: dict[str, Ranges]
    names: dict[str, str]  # lower-cased family → the name as fontconfig spells it
    everything: Ranges

    def family_has(self, family: str, char: str) -> bool:
        ranges = self.families.get(family.lower())
        return ranges is not None and ord(char) in ranges

    def has(self, char: str) -> bool:
        return ord(char) in self.everything


def read_fc_list(output: str) -> Coverage:
    """A :class:`Coverage` from lines of ``format|family,names|charset``."""
    # The styles of a family mostly share one character set: each distinct set
    # is parsed once and merged once per family (merging ignores repeats).
    parsed: dict[str, list[tuple[int, int]]] = {}
    per_family: dict[str, dict[str, None]] = {}
    names: dict[str, str] = {}
    for line in output.splitlines():
        fontformat, _, rest = line.partition("\t")
        families, _, charset = rest.partition("\t")
        if fontformat not in DRAWN_FORMATS:
            continue
        if charset not in parsed:
            parsed[charset] = parse_charset(charset)
        for name in families.split(","):
            name = name.replace("\\", "").strip()
            if name:
                names.setdefault(name.lower(), name)
                per_family.setdefault(name.lower(), {})[charset] = None
    return Coverage(
        {
            family: Ranges.merged(pair for charset in charsets for pair in parsed[charset])
            for family, charsets in per_family.items()
        },
        names,
        Ranges.merged(pair for pairs in parsed.values() for pair in pairs),
    )


@functools.cache
def installed() -> Coverage | None:
    """What the fonts of this machine cover; None when fontconfig's ``fc-list``
    is not there to ask (then nothing can be said before rendering)."""
    if shutil.which("fc-list") is None:
        return None
    try:
        output = subprocess.run(
            ["fc-list", "--format", "%{fontformat}\t%{family}\t%{charset}\n"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    coverage = read_fc_list(output)
    return coverage if coverage.everything else None


def fallback_family(char: str, generic: str = "serif", lang: str = "") -> str:
    """The family fontconfig falls back to for ``char`` when none of the
    named fonts has it: the first font in fontconfig's order of preference
    for ``generic`` (and the language of the text, as Pango asks) that can
    draw it; "" when no installed font can."""
    coverage = installed()
    if coverage is None or not coverage.has(char) or shutil.which("fc-match") is None:
        return ""
    pattern = f"{generic}:lang={lang}" if lang else generic
    try:
        found = subprocess.run(
            ["fc-match", "--sort", "--format", "%{fontformat}\t%{family[0]}\n", pattern],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    for line in found.splitlines():
        fontformat, _, family = line.partition("\t")
        if fontformat in DRAWN_FORMATS and coverage.family_has(family, char):
            return family
    return ""
