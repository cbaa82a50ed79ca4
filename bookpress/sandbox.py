"""The one door for reading a book's files.

A book is often somebody else's repository. Every path it names — chapters
(book.toml, SUMMARY.md, a chapters file, the source folder), includes, MDX
imports, images, stylesheets and their ``@import``s, themes,
bibliographies, CSL styles, embeds and their data, the cover — is resolved
here, symbolic links included, and may be read only when it lands inside:

- the book's root: the folder of book.toml, or a wider folder named on the
  command line (``--root DIR``); nothing in the book can widen it;
- the themes that ship with bookpress;
- bookpress's own derived files (drawn embeds in ``<out>/.cache``,
  :attr:`bookpress.config.Config.asset_roots`).

Anything else is refused and not read: the caller reports it at the place
that named the file (``resource-refused``) — an error for what the book
cannot be built without (a chapter, a bibliography, a stylesheet), a
warning for what can be left out (an image, an include). Only regular files
are read: a FIFO or a device inside the book would block or never end.

A reference written *inside* a file — an image's ``src``, a stylesheet's
``@import`` or ``url()``, an SVG's ``href``, a URL WeasyPrint asks for — is
decided by one function, :func:`resource`: ``data:`` is inline, ``http(s)``
is fetched only when the user allowed remote resources (``--allow-remote``),
a relative path or ``file:`` URL is a file that must lie inside the roots,
and anything else (other schemes, absolute paths written in a book) is
refused. Every reader and writer asks it: the PDF's URL fetcher
(``writers/fetcher.py``), the EPUB's stylesheet and images
(``writers/epub_css.py``, ``writers/epub_images.py``), SVG checks
(``svgcheck.py``) and ``bookpress check`` (``book_check.py``). Paths that
are not URLs (chapters, includes, MDX imports, themes, the bibliography, the
browser's routes for drawn figures) go through :meth:`Sandbox.file` and
:func:`inside`, the same check.
"""

from __future__ import annotations

import functools
import os
import posixpath
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

REFUSED = "resource-refused"


class Refused(OSError):
    """A read the sandbox did not allow (outside the roots, or not a regular file)."""

    def __init__(self, reason: str, path: Path) -> None:
        super().__init__(reason)
        self.strerror = reason
        self.filename = str(path)


def resolved(path: Path) -> Path | None:
    """``path`` made absolute with every symbolic link followed; None for a
    link loop or a name the system cannot resolve."""
    try:
        return Path(path).resolve(strict=False)
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a symlink loop (Python < 3.13)
        return None


def inside(path: Path, roots: Iterable[Path]) -> Path | None:
    """``path`` resolved when it lies inside one of ``roots`` (resolved
    folders), else None. The check every other one in bookpress calls."""
    target = resolved(path)
    if target is None:
        return None
    return target if any(target.is_relative_to(root) for root in roots) else None


@dataclass(frozen=True)
class Resource:
    """What the policy says of one reference: read ``path``, fetch a remote
    ``url``, keep an inline ``data:`` URL, or refuse it (``refusal`` says why)."""

    url: str
    kind: str  # "file", "missing", "remote", "inline", "fragment" or "refused"
    path: Path | None = None  # for "file": the resolved regular file
    refusal: str = ""  # for "refused": why, as in "refused: outside the book folder"

    @property
    def allowed(self) -> bool:
        return self.kind != "refused"


def resource(
    url: str, base: Path, roots: Iterable[Path], allow_remote: bool = False, file_urls: bool = False
) -> Resource:
    """The one resource policy for references written inside the book's files.

    ``url`` is written in a file of the folder ``base``; ``roots`` are the
    resolved folders files may come from (:attr:`Sandbox.roots`);
    ``allow_remote``: the user asked for remote resources; ``file_urls``:
    ``file:`` URLs and absolute paths may name files (only in URLs bookpress
    made itself, such as the ones WeasyPrint resolves against the book's
    folder; a book's own ``/etc/x`` or ``file:///x`` is refused)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "data":
        return Resource(url, "inline")
    if scheme in ("http", "https") or (not scheme and parts.netloc):
        if allow_remote and scheme:
            return Resource(url, "remote")
        return Resource(url, "refused", refusal="remote resources are not fetched")
    if not scheme and not parts.path:
        return (
            Resource(url, "fragment")
            if parts.fragment
            else Resource(url, "refused", refusal="an empty reference")
        )
    if scheme == "file" and file_urls:
        path = Path(url2pathname(unquote(parts.path)))
    elif not scheme and (file_urls or not posixpath.isabs(parts.path)):
        path = base / unquote(parts.path)
    else:
        return Resource(
            url,
            "refused",
            refusal=f"{'a ' + scheme + ':' if scheme else 'an absolute'} reference, not a file of the book",
        )
    target = inside(path, roots)
    if target is None:
        return Resource(url, "refused", refusal="outside the book folder")
    if not target.exists():
        return Resource(url, "missing", target)
    if not _is_regular(target):
        return Resource(url, "refused", refusal="not a regular file")
    return Resource(url, "file", target)


@dataclass(frozen=True)
class Sandbox:
    """Where a book's files may be read from."""

    book: Path  # the folder of book.toml, resolved: names are shown relative to it
    roots: tuple[Path, ...]  # resolved folders whose files may be read
    wider: Path | None = None  # the --root folder, when one was given

    @classmethod
    def of(cls, book: Path, root: Path | None = None, extra: Iterable[Path] = ()) -> Sandbox:
        """The sandbox of the book in ``book``: its folder (or ``root``, a
        folder that holds it), the built-in themes and ``extra`` folders of
        bookpress's own files."""
        absolute = Path(os.path.abspath(root)) if root is not None else None
        return _sandbox(Path(os.path.abspath(book)), absolute, tuple(Path(os.path.abspath(e)) for e in extra))

    def inside(self, path: Path) -> Path | None:
        """``path`` resolved, when it may be read; else None."""
        return inside(path, self.roots)

    def allows(self, path: Path) -> bool:
        return self.inside(path) is not None

    def file(self, path: Path) -> Path | None:
        """``path`` resolved, when it is a regular file that may be read."""
        target = self.inside(path)
        return target if target is not None and _is_regular(target) else None

    def folder(self, path: Path) -> Path | None:
        """``path`` resolved, when it is a folder whose files may be read."""
        target = self.inside(path)
        return target if target is not None and target.is_dir() else None

    def resource(self, url: str, base: Path, allow_remote: bool = False, file_urls: bool = False) -> Resource:
        """:func:`resource` with this sandbox's roots."""
        return resource(url, base, self.roots, allow_remote, file_urls)

    def read_bytes(self, path: Path) -> bytes:
        """The bytes of ``path``; :class:`Refused` (an ``OSError``) when it may not be read."""
        return self._checked(path).read_bytes()

    def read_text(self, path: Path, encoding: str = "utf-8", errors: str = "strict") -> str:
        """The text of ``path``; :class:`Refused` (an ``OSError``) when it may not be read."""
        return self._checked(path).read_text(encoding=encoding, errors=errors)

    def _checked(self, path: Path) -> Path:
        target = self.inside(path)
        if target is None:
            raise Refused(self.why(path), path)
        if target.exists() and not _is_regular(target):
            raise Refused("is not a regular file", path)
        return target

    def why(self, path: Path) -> str:
        """Why ``path`` may not be read, said as the end of a sentence
        ("is outside the book folder")."""
        where = f"the folder given with --root ({self.wider})" if self.wider else "the book folder"
        if resolved(path) is None:
            return "is a symbolic link that never ends (a loop)"
        plain = Path(posixpath.normpath(os.path.abspath(path)))
        if any(plain.is_relative_to(root) for root in self.roots):
            return f"is a symbolic link leading outside {where}"
        return f"is outside {where}"

    def refusal(self, what: str, path: Path) -> str:
        """A diagnostic's message: ``what`` (``chapter file '../x.md'``) and why it is refused."""
        return f"{what} {self.why(path)}; it is not read"

    def shown(self, path: Path) -> str:
        """``path`` for a diagnostic: relative to the book folder when it is
        written inside it (a symbolic link is named where it lies), else as given."""
        for candidate in (Path(posixpath.normpath(os.path.abspath(path))), resolved(path)):
            if candidate is not None and candidate.is_relative_to(self.book):
                return candidate.relative_to(self.book).as_posix()
        return str(path)


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


@functools.cache
def _sandbox(book: Path, root: Path | None, extra: tuple[Path, ...]) -> Sandbox:
    from .themes import builtin_styles_dir

    book_resolved = resolved(book) or Path(os.path.abspath(book))
    wider = resolved(root) if root is not None else None
    main = wider if wider is not None and book_resolved.is_relative_to(wider) else book_resolved
    roots = [main, resolved(builtin_styles_dir())]
    roots += [resolved(e) for e in extra]
    unique = tuple(dict.fromkeys(r for r in roots if r is not None))
    return Sandbox(book_resolved, unique, wider if main == wider else None)


def root_problem(book: Path, root: Path) -> str:
    """Why ``--root root`` cannot be the root of the book in ``book`` ("" when it can)."""
    wider, folder = resolved(root), resolved(book)
    if wider is None or not wider.is_dir():
        return "no such folder"
    if folder is None or not folder.is_relative_to(wider):
        return f"it does not hold the book folder {book}"
    return ""
