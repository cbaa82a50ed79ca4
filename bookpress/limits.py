"""The ceilings that keep a build's cost in proportion to its book.

A book may come from anybody (a pull request, a template from the web). Each
construct below is cheap at the sizes books use and grows faster than the book
(or without bound) past them; over its limit it is refused or printed in a
plainer form, always with a diagnostic naming the limit. The handbook lists
the same figures (book-toml.md, "Limits on what a book may ask").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .diagnostics import error

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

# Keys of mdBook's own [build] table, accepted and not used.
_MDBOOK_BUILD_KEYS = {"build-dir", "create-missing", "use-default-preprocessors", "extra-watch-dirs"}
_MEMORY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(MB|M|MiB|GB|G|GiB)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class RenderLimits:
    """``[build] timeout`` (seconds) and ``[build] memory`` (MB, or "4GB")."""

    timeout: float = RENDER_TIMEOUT_S
    memory_mb: int = RENDER_MEMORY_MB


def read_render_limits(
    table: Any, line_of: Callable[[str], int | None], shown: str
) -> tuple[RenderLimits, list[tuple[str, int | None]]]:
    """The limits of a ``[build]`` table, and its keys bookpress does not know
    (name, line). A bad value is an error at its line."""
    if not isinstance(table, dict):
        raise error(shown, None, "config-type", "[build] must be a table")
    timeout = table.get("timeout", RENDER_TIMEOUT_S)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise error(shown, line_of("timeout"), "config-type", "[build] timeout must be a number of seconds")
    if not 0 < timeout <= RENDER_TIMEOUT_MAX_S:
        raise error(
            shown,
            line_of("timeout"),
            "config-value",
            f"[build] timeout must be more than 0 and at most {RENDER_TIMEOUT_MAX_S:g} seconds",
        )
    memory = _memory_mb(table.get("memory", RENDER_MEMORY_MB))
    if memory is None or memory < RENDER_MEMORY_MIN_MB:
        raise error(
            shown,
            line_of("memory"),
            "config-value",
            f'[build] memory must be a size of at least {RENDER_MEMORY_MIN_MB} MB, such as 4096 or "4GB"',
        )
    unknown = [(k, line_of(k)) for k in table if k not in {"timeout", "memory", *_MDBOOK_BUILD_KEYS}]
    return RenderLimits(float(timeout), memory), unknown


def _memory_mb(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    match = _MEMORY.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    number, unit = float(match.group(1)), (match.group(2) or "MB").upper()
    return int(number * 1024) if unit.startswith("G") else int(number)


def size_text(chars: int) -> str:
    """``2,000,000`` → ``2 MB`` (of text), for messages."""
    if chars >= 1_000_000:
        return f"{chars / 1_000_000:g} MB"
    if chars >= 1_000:
        return f"{chars / 1_000:g} KB"
    return f"{chars} bytes"
