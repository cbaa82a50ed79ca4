"""Chapters read once: the reader's result for a file, kept on disk between runs.

A build, ``check`` and ``watch`` read every chapter file of the book; most of
them did not change since the last run. :class:`ReadCache` keeps what
:func:`bookpress.reader.read_file` made of one file — the parsed blocks and
footnotes, the diagnostics it reported (replayed, in order, on a hit) and the
unknown components it saw — in ``<out>/.cache/read/``, one pickle per file.

An entry is found by a SHA-256 of everything the read depends on: the file's
bytes and path (as shown), the book's folder and the folders it may read
(never shared between books by accident), the component mapping, the format
of the entry, Python and the parser libraries' versions and bookpress's own
code (the size and time of each of its modules: an edited reader is a new
key). The other files a read looked at — includes, MDX imports, the places an
import was looked for (:mod:`.file_deps`) — are kept in the entry with a
digest of their content (or their absence) and compared before the entry is
used: an edited include is a miss.

An entry that cannot be read, is corrupt or is for another key is a miss,
never an error; a folder that cannot be written means no cache, not a failed
build. The folder is kept under :data:`LIMIT_BYTES`: the entries used least
recently go first. Files the read refused or could not read are not cached (the
error stops the build; the next run reads the file again).
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import functools
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .. import model
from ..atomic import atomic_path
from ..diagnostics import BookError, Diagnostic, Diagnostics, Severity
from ..model import SourceRef
from .component_nodes import Components, _Seen
from .convert import Parsed
from .file_deps import noting

FORMAT = 2  # bump when what an entry holds changes
LIMIT_BYTES = 256 * 1024 * 1024
_LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "PyYAML")
# The modules of bookpress that importing the reader loads (a test keeps this
# list complete): an edit to one of them makes every key new.
READER_CODE = (
    "__init__.py",
    "atomic.py",
    "config",
    "diagnostics.py",
    "htmlspec.py",
    "interactive.py",
    "language.py",
    "limits.py",
    "manuscript.py",
    "md_tokens.py",
    "metatext.py",
    "model",
    "printers.py",
    "profiles.py",
    "reader",
    "sandbox.py",
    "slug.py",
    "text_clean.py",
    "themes.py",
)

Reader = Callable[[Diagnostics, Components], Parsed]
_Stored = tuple[str, str, int | None, str, str, int | None]  # a diagnostic in an entry


@dataclass
class ReadCache:
    """The reading cache of one book in ``folder`` (``<out>/.cache/read``)."""

    folder: Path
    book: Path  # the book's folder: part of every key
    context: tuple[str, ...] = ()  # what else every read of this book depends on
    hits: int = 0
    misses: int = 0
    written: bool = False
    _disabled: bool = field(default=False, repr=False)

    def read(
        self,
        path: Path,
        shown: str,
        reader: Reader,
        diagnostics: Diagnostics,
        components: Components,
        content: bytes | None,
    ) -> Parsed:
        """What ``reader`` makes of ``path`` (whose bytes are ``content``; None:
        not readable, so not cached), from the cache when it holds it."""
        if content is None or self._disabled:
            return reader(diagnostics, components)
        key = self._key(path, shown, content, components)
        entry = self._load(key)
        if entry is not None:
            self.hits += 1
            _replay(entry, diagnostics, components)
            return entry.parsed
        self.misses += 1
        found = Diagnostics()
        seen = Components({}, found)
        seen.mapping = components.mapping
        try:
            with noting() as looked_at:
                parsed = reader(found, seen)
        except BookError:
            _merge(_stored(found.items), seen.unknown, diagnostics, components)
            raise
        stored, unknown = _stored(found.items), dict(seen.unknown)
        data = _dumps(_Entry(key, _digests(looked_at), stored, _unknown_stored(unknown), parsed))
        _merge(stored, unknown, diagnostics, components)
        self._store(key, data)
        return parsed

    def finish(self) -> None:
        """Keep the folder within :data:`LIMIT_BYTES` (after a run that wrote to it)."""
        if self.written:
            prune(self.folder, LIMIT_BYTES)

    def _key(self, path: Path, shown: str, content: bytes, components: Components) -> str:
        digest = hashlib.sha256()
        mapping = sorted(components.mapping.items())
        for part in (
            FORMAT,
            _code_fingerprint(),
            str(self.book),
            *self.context,
            os.path.abspath(path),
            shown,
        ):
            digest.update(repr(part).encode("utf-8") + b"\0")
        digest.update(repr(mapping).encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(content).digest())
        return digest.hexdigest()

    def _entry_path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def _load(self, key: str) -> _Entry | None:
        target = self._entry_path(key)
        try:
            data = target.read_bytes()
        except OSError:
            return None
        try:
            entry = _Unpickler(io.BytesIO(data)).load()
        except Exception:  # corrupt, truncated, from other code or naming other classes: a miss
            return None
        if not _valid(entry, key) or any(_digest(Path(p)) != d for p, d in entry.looked_at):
            return None
        with contextlib.suppress(OSError):  # used: the last to be pruned
            os.utime(target)
        return entry

    def _store(self, key: str, data: bytes) -> None:
        try:
            with atomic_path(self._entry_path(key)) as tmp:
                tmp.write_bytes(data)
            self.written = True
        except OSError:  # a folder we cannot write: carry on without the cache
            self._disabled = True


@dataclass(frozen=True)
class _Entry:
    key: str
    looked_at: tuple[tuple[str, str | None], ...]
    diagnostics: tuple[_Stored, ...]  # (severity, path, line, code, message, col), in order
    unknown: tuple[tuple[str, str, int, int, bool], ...]
    parsed: Parsed


def _valid(entry: object, key: str) -> bool:
    return (
        isinstance(entry, _Entry)
        and entry.key == key
        and isinstance(entry.parsed, Parsed)
        and isinstance(entry.parsed.blocks, list)
        and isinstance(entry.parsed.footnotes, list)
        and isinstance(entry.looked_at, tuple)
        and all(isinstance(p, str) and (d is None or isinstance(d, str)) for p, d in entry.looked_at)
        and isinstance(entry.diagnostics, tuple)
        and all(isinstance(d, tuple) and len(d) == 6 for d in entry.diagnostics)
        and all(d[0] in Severity.__members__.values() for d in entry.diagnostics)
        and isinstance(entry.unknown, tuple)
        and all(isinstance(u, tuple) and len(u) == 5 for u in entry.unknown)
    )


def _stored(items: list[Diagnostic]) -> tuple[_Stored, ...]:
    return tuple((d.severity.value, d.path, d.line, d.code, d.message, d.col) for d in items)


def _unknown_stored(unknown: dict[str, _Seen]) -> tuple[tuple[str, str, int, int, bool], ...]:
    return tuple((name, s.source.path, s.source.line, s.count, s.empty) for name, s in unknown.items())


def _replay(entry: _Entry, diagnostics: Diagnostics, components: Components) -> None:
    unknown = {
        name: _Seen(SourceRef(path, line), count, empty) for name, path, line, count, empty in entry.unknown
    }
    _merge(entry.diagnostics, unknown, diagnostics, components)


def _merge(
    stored: tuple[_Stored, ...], unknown: dict[str, _Seen], diagnostics: Diagnostics, components: Components
) -> None:
    """Report ``stored`` and count ``unknown`` as if the read had used ``diagnostics`` and ``components``."""
    for severity, path, line, code, message, col in stored:
        diagnostics.add(Severity(severity), path, line, code, message, col)
    for name, seen in unknown.items():
        known = components.unknown.setdefault(name, _Seen(seen.source, 0))
        known.count += seen.count
        known.empty = known.empty and seen.empty


class _Unpickler(pickle.Unpickler):
    """Unpickles the model's classes, :class:`Parsed` and :class:`_Entry`, and
    nothing else: an entry placed in a book's ``build/.cache`` by somebody else
    cannot name a function to call (it could only say what a chapter says)."""

    def find_class(self, module: str, name: str) -> Any:
        found = _allowed_classes().get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not read from the reading cache")
        return found


@functools.cache
def _allowed_classes() -> dict[tuple[str, str], type]:
    return {(kind.__module__, kind.__qualname__): kind for kind in (*_model_classes(), Parsed, _Entry)}


@functools.cache
def _model_classes() -> tuple[type, ...]:
    """Every dataclass the model's modules define."""
    modules = [m for name, m in sorted(sys.modules.items()) if name.startswith(model.__name__ + ".")]
    return tuple(
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__
    )


def _dumps(entry: _Entry) -> bytes:
    """``entry`` pickled, model nodes as their class and field values: loading
    calls the constructor once per node, four times faster than the state
    slots dataclasses pickle by default."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _dispatch_table()
    pickler.dump(entry)
    return buffer.getvalue()


@functools.cache
def _dispatch_table() -> dict[type, Callable[[Any], Any]]:
    table: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)
    table.update((kind, _by_fields(kind)) for kind in _model_classes())
    return table


def _by_fields(kind: type) -> Callable[[Any], tuple[type, tuple]]:
    names = tuple(f.name for f in dataclasses.fields(kind))

    def reduce(node: Any) -> tuple[type, tuple]:
        return kind, tuple(getattr(node, name) for name in names)

    return reduce


def _digests(paths: set[str]) -> tuple[tuple[str, str | None], ...]:
    return tuple((p, _digest(Path(p))) for p in sorted(paths))


def _digest(path: Path) -> str | None:
    """A digest of what a read finds at ``path``: its bytes, or None when it is
    not a file that can be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, ValueError):
        return None


@functools.cache
def _code_fingerprint() -> str:
    """The reader's code (name, size and time of each module in :data:`READER_CODE`)
    and the versions of Python and of the libraries its output depends on."""
    digest = hashlib.sha256(sys.version.encode("utf-8"))
    for name in _LIBRARIES:
        with contextlib.suppress(PackageNotFoundError):
            digest.update(f"{name}={version(name)}".encode())
    package = Path(__file__).resolve().parents[1]
    modules = [package / name for name in READER_CODE]
    files = [m for m in modules if m.suffix == ".py"] + [
        f for m in modules if m.is_dir() for f in m.rglob("*.py")
    ]
    for module in sorted(files):
        with contextlib.suppress(OSError):
            stat = module.stat()
            digest.update(f"{module.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def prune(folder: Path, limit: int) -> None:
    """Remove the least recently used entries of ``folder`` until it holds at
    most three quarters of ``limit`` bytes (only when it holds more than ``limit``)."""
    try:
        entries = [(e.stat().st_mtime, e.stat().st_size, e.path) for e in os.scandir(folder) if e.is_file()]
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return
    for _, size, name in sorted(entries):
        if total <= limit * 3 // 4:
            break
        with contextlib.suppress(OSError):
            os.unlink(name)
            total -= size
