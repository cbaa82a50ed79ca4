"""Laid-out units kept between builds in ``<out>/.cache/chapters/``.

An entry is named by its key: a hash of everything the unit's pages depend
on — its HTML after stamping (its model after transforms, the page numbers it
prints for other units), its pad and first page number (start page and
side), the stylesheets' text (theme, profile, geometry, the book's CSS), the
files its HTML refers to (images), the PDF options, the book's root, and the
bookpress and WeasyPrint versions (see :func:`unit_key`). One file per entry,
written whole and renamed into place; an entry that does not read back (cut
short, another format, another key inside) is a miss. The folder is safe to
delete; after each build it is trimmed to :data:`MAX_BYTES`, least recently
used first (an entry used by the build is never removed).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from .layout import FontUse, LaidOut

FORMAT = b"bookpress-unit-1\n"
MAX_BYTES = 512 * 1024 * 1024
_SRC = re.compile(r'\s(?:src|href|data)="([^"#:]+)"')


def unit_key(parts: list[str | bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def referenced_files(html: str, root: Path) -> list[str]:
    """Size, time and name of each book file the HTML refers to by a
    relative URL (images): a changed image is a changed unit."""
    out = []
    for ref in sorted(set(_SRC.findall(html))):
        path = root / ref
        with contextlib.suppress(OSError, ValueError):
            stat = path.stat()
            out.append(f"{ref}:{stat.st_size}:{stat.st_mtime_ns}")
    return out


class UnitCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.unit"

    def get(self, key: str) -> LaidOut | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            found = _decode(data)
        except (ValueError, KeyError, TypeError, IndexError):  # a corrupt entry is a miss
            return None
        if found.key != key or not found.pdf.startswith(b"%PDF") or b"%%EOF" not in found.pdf[-64:]:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        self.used.add(key)
        found.cached = True
        return found

    def put(self, laid_out: LaidOut) -> None:
        self.used.add(laid_out.key)
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self._path(laid_out.key)
            part = path.with_suffix(f".{os.getpid()}.part")
            part.write_bytes(_encode(laid_out))
            os.replace(part, path)

    def trim(self, max_bytes: int = MAX_BYTES) -> None:
        """Remove least recently used entries (not used by this build) past ``max_bytes``."""
        try:
            entries = [(p.stat().st_mtime, p.stat().st_size, p) for p in self.folder.glob("*.unit")]
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= max_bytes:
                break
            if path.stem in self.used:
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size
        for stale in self.folder.glob("*.part"):
            with contextlib.suppress(OSError):
                stale.unlink()


def _encode(laid: LaidOut) -> bytes:
    facts = {
        "key": laid.key,
        "pages": laid.pages,
        "anchors": laid.anchors,
        "bookmarks": laid.bookmarks,
        "fonts": [[f.name, f.digest, f.index, list(f.gids), f.hinting, f.missing] for f in laid.fonts],
        "diagnostics": [
            [d.path, d.line, d.col, str(d.severity), d.code, d.message] for d in laid.diagnostics
        ],
        "refused": laid.refused,
        "seconds": laid.seconds,
        "pdf": [len(laid.pdf), hashlib.sha256(laid.pdf).hexdigest()],
    }
    head = json.dumps(facts, separators=(",", ":")).encode()
    return FORMAT + len(head).to_bytes(8, "big") + head + laid.pdf


def _decode(data: bytes) -> LaidOut:
    if not data.startswith(FORMAT):
        raise ValueError("not a unit")
    at = len(FORMAT)
    size = int.from_bytes(data[at : at + 8], "big")
    facts = json.loads(data[at + 8 : at + 8 + size])
    pdf = data[at + 8 + size :]
    length, digest = facts["pdf"]
    if len(pdf) != length or hashlib.sha256(pdf).hexdigest() != digest:
        raise ValueError("cut short")
    return LaidOut(
        key=facts["key"],
        pages=int(facts["pages"]),
        anchors=[list(names) for names in facts["anchors"]],
        bookmarks=[
            [(int(b[0]), str(b[1]), (float(b[2][0]), float(b[2][1])), str(b[3])) for b in page]
            for page in facts["bookmarks"]
        ],
        fonts=[FontUse(f[0], f[1], int(f[2]), tuple(f[3]), bool(f[4]), bool(f[5])) for f in facts["fonts"]],
        pdf=pdf,
        diagnostics=[Diagnostic(d[0], d[1], d[2], Severity(d[3]), d[4], d[5]) for d in facts["diagnostics"]],
        refused=[(str(u), str(r)) for u, r in facts["refused"]],
        seconds=float(facts["seconds"]),
    )
