"""Every link target a valid URL.

Markdown links are percent-encoded by the parser, but links from raw HTML,
from components and from metadata are not: a space, a non-ASCII letter, a
stray ``%`` or a ``|`` in an ``href`` makes EPUBCheck reject the file
(RSC-020), and some readers refuse to follow it. Here each target is written
the way RFC 3986 wants it: characters outside the URL alphabet are
percent-encoded as UTF-8, existing escapes are kept, a non-ASCII host is
written in IDNA (``bücher.example`` → ``xn--bcher-kva.example``), a
protocol-relative ``//host/x`` gets ``https:``.

What cannot be repaired (a host with spaces, a port beyond 65535) and what
points at the author's own computer (``file:``, ``C:\\…``) stays as plain
text, with one warning per kind naming the places.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..model import Book, Chapter, Link, SourceRef, Span, walk

if TYPE_CHECKING:
    from .context import Context

from ..url_syntax import INVALID, LOCAL, UrlError, valid_url

# --- the transform ---------------------------------------------------------------------------

# How many places a warning names; --verbose lists every one.
SHOWN_PLACES = 3
_WARNINGS = {
    LOCAL: ("file-link", "to files on the author's computer"),
    INVALID: ("invalid-url", "that are not valid URLs"),
}


def apply(book: Book, ctx: Context) -> Book:
    dropped: list[tuple[str, SourceRef, str, str]] = []  # kind, place, url, reason
    book = book.map_chapters(lambda ch: _chapter(ch, dropped))
    _report(dropped, ctx)
    return book


def _chapter(ch: Chapter, dropped: list[tuple[str, SourceRef, str, str]]) -> Chapter:
    def visit(node):
        if not isinstance(node, Link) or node.url.startswith("#") or not node.url:
            return node
        try:
            url = valid_url(node.url)
        except UrlError as exc:
            where = node.source if node.source.path else ch.source
            dropped.append((exc.kind, where, node.url, str(exc)))
            return Span(node.children, node.attr)
        return node if url == node.url else dataclasses.replace(node, url=url)

    return walk(ch, visit)


def _report(dropped: list[tuple[str, SourceRef, str, str]], ctx: Context) -> None:
    for kind, (code, what) in _WARNINGS.items():
        found = [(place, url, reason) for k, place, url, reason in dropped if k == kind]
        if not found:
            continue
        for place, url, reason in found:
            ctx.diagnostics.info(place.path, place.line, code, f"link '{url}' kept as text: {reason}")
        first = found[0][0]
        places = ", ".join(f"{p.path}:{p.line} ({u})" for p, u, _ in found[:SHOWN_PLACES])
        hidden = len(found) - SHOWN_PLACES
        more = f" and {hidden} more (--verbose lists them)" if hidden > 0 else ""
        noun = "link" if len(found) == 1 else "links"
        if len(found) == 1:
            places += f": {found[0][2]}"
        message = f"{len(found)} {noun} {what} kept as plain text: {places}{more}"
        ctx.diagnostics.warn(first.path, first.line, code, message)
