"""What the browser may load while it draws an embed, and from where.

Every request the page makes is answered here, never by the network:

- the page's own origin (:data:`~bookpress.assets.host.ORIGIN`) is the book
  folder, with the mount table laid over it (``/data`` → ``assets/data`` by
  default: the article template serves its data there); nothing outside the
  book folder can be read, symlinks included;
- a library on a public CDN is answered with its local copy
  (:mod:`~bookpress.assets.libraries`);
- any other remote address is refused and reported, unless the build was
  told ``--allow-remote``.

Each file served is recorded with a hash of its bytes: those are the inputs
of the drawing, and a change to any of them draws the embed again.
"""

from __future__ import annotations

import hashlib
import mimetypes
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..sandbox import Sandbox
from .host import ORIGIN
from .libraries import Libraries

DEFAULT_MOUNTS: tuple[tuple[str, str], ...] = (("/data", "assets/data"),)

_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".csv": "text/csv",
    ".json": "application/json",
}


@dataclass(frozen=True)
class Answer:
    """A request's answer: a file, a missing file (404), let through, or refused."""

    status: str  # "file", "missing", "remote", "refused", "lfs" (a Git LFS pointer, not the file)
    path: Path | None = None
    content_type: str = ""
    reason: str = ""


@dataclass
class Loaded:
    """What one drawing loaded: book-relative or library label → sha256, and refusals."""

    files: dict[str, str] = field(default_factory=dict)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (url, resource type)
    lfs: list[str] = field(default_factory=list)  # book files that are Git LFS pointers
    remote: list[str] = field(default_factory=list)


_LFS_HEAD = b"version https://git-lfs.github.com/spec/"


def is_lfs_pointer(path: Path) -> bool:
    """A file Git LFS left as a small text pointer to the real one."""
    try:
        with path.open("rb") as f:
            return f.read(len(_LFS_HEAD)) == _LFS_HEAD
    except OSError:
        return False


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Router:
    def __init__(
        self,
        book_root: Path,
        libraries: Libraries,
        mounts: tuple[tuple[str, str], ...] = DEFAULT_MOUNTS,
        allow_remote: bool = False,
        sandbox: Sandbox | None = None,
    ) -> None:
        self.root = book_root.resolve()
        self.sandbox = sandbox or Sandbox.of(book_root)
        self.libraries = libraries
        # Longest site path first, so that /data/x wins over /.
        self.mounts = sorted(
            ((("/" + site.strip("/")).rstrip("/") or "/", folder) for site, folder in mounts),
            key=lambda m: -len(m[0]),
        )
        self.allow_remote = allow_remote

    def answer(self, url: str) -> Answer:
        if url.startswith(ORIGIN + "/") or url == ORIGIN:
            return self._local(unquote(urlsplit(url).path) or "/")
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return Answer("remote")
        library = self.libraries.find(url)
        if library is not None:
            return Answer("file", library.path, _type(library.path))
        if self.allow_remote and parts.scheme in ("http", "https"):
            return Answer("remote")
        return Answer("refused", reason="remote requests are not made (build with --allow-remote to allow)")

    def _local(self, site_path: str) -> Answer:
        site_path = posixpath.normpath("/" + site_path.lstrip("/"))
        rel = site_path.lstrip("/")
        for site, folder in self.mounts:
            if site_path == site or site_path.startswith(site + "/"):
                rel = posixpath.join(folder, site_path[len(site) :].lstrip("/"))
                break
        path = self.sandbox.inside(self.root / rel)
        if path is None:
            return Answer("refused", reason="outside the book folder")
        if not path.is_file():
            return Answer("missing")
        if is_lfs_pointer(path):
            return Answer("lfs", path, reason="a Git LFS pointer, not the file (run 'git lfs pull')")
        return Answer("file", path, _type(path))

    def label(self, path: Path) -> str:
        """How a loaded file is named in the cache's record of inputs."""
        if path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        return "lib:" + str(path)


def _type(path: Path) -> str:
    return _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
