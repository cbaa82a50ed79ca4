"""The ceilings that keep a build's cost in proportion to its book.

A book may come from anybody (a pull request, a template from the web). Each
construct below is cheap at the sizes books use and grows faster than the book
(or without bound) past them; over its limit it is refused or printed in a
plainer form, always with a diagnostic naming the limit. The handbook lists
the same figures (book-toml.md, "Limits on what a book may ask").
"""

from __future__ import annotations

from dataclasses import dataclass

# YAML front matter: nodes counted with every alias expanded. A real front
# matter has tens; an alias bomb (nine lists of nine aliases) has billions.
YAML_MAX_NODES = 10_000

# Includes ({{#include}}) and imported MDX chapters: the text one chapter file
# may add to itself, at most this many times its own size …
INCLUDE_GROWTH = 50
# … but always at least this much (a short chapter made of listings) …
INCLUDE_FLOOR_CHARS = 1_000_000
# … and never more than this much.
INCLUDE_CEILING_CHARS = 20_000_000

# SVG images: elements drawn once every <use> is followed (and every nested SVG
# image); a drawing over this is refused, like one that references itself.
SVG_MAX_DRAWN_ELEMENTS = 200_000
# SVG images nested in SVG images (<image href="other.svg">), levels.
SVG_MAX_NESTING = 4

# A word (a run without spaces: a hash, a base64 line, a minified file) longer
# than this gets a line-break opportunity every LONG_WORD_STEP characters in
# print: WeasyPrint's line breaking is quadratic in the length of a word. (A
# step shorter than a line keeps lines full: a code line holds ~60 characters.)
LONG_WORD_CHARS = 1_000
LONG_WORD_STEP = 10
# A word longer than this is worth a warning: it prints as pages of letters.
LONG_WORD_WARN = 5_000

# Formulas: the TeX of one formula, and of all the formulas of a book, drawn
# as math; past these a formula prints as its TeX source in a code box.
MATH_MAX_CHARS = 4_000
MATH_TOTAL_CHARS = 250_000
# A drawn formula wider than this (about four text blocks) would shrink to an
# unreadable size: it prints as its TeX source too.
MATH_MAX_WIDTH_PT = 1_500

# The printed contents: entries listed (levels are dropped, deepest first,
# until they fit). WeasyPrint lays each page of contents out three times.
TOC_MAX_ENTRIES = 1_500

# Rendering the PDF ([build] timeout and memory in book.toml): the layout
# runs in a child process that is stopped past these. The memory is address
# space (RLIMIT_AS): about 400 MB more than the resident size it allows.
RENDER_TIMEOUT_S = 600.0
RENDER_MEMORY_MB = 4_096
RENDER_MEMORY_MIN_MB = 768
RENDER_TIMEOUT_MAX_S = 24 * 3600.0


@dataclass(frozen=True)
class RenderLimits:
    """``[build] timeout`` (seconds) and ``[build] memory`` (MB, or "4GB"); read
    and checked with the other keys of book.toml (bookpress.config.schema)."""

    timeout: float = RENDER_TIMEOUT_S
    memory_mb: int = RENDER_MEMORY_MB


def size_text(chars: int) -> str:
    """``2,000,000`` → ``2 MB`` (of text), for messages."""
    if chars >= 1_000_000:
        return f"{chars / 1_000_000:g} MB"
    if chars >= 1_000:
        return f"{chars / 1_000:g} KB"
    return f"{chars} bytes"
