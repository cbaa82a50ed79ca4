"""Write outputs so that a failed or interrupted build never leaves a
truncated file where a good one was: write beside it, then rename.

The temporary file is ``.<name>.<pid>-<random>.part`` next to the target.
It is removed on every way out of the ``with`` block (an error, Ctrl-C, and
SIGTERM, which the command line turns into an exception). A process killed
outright (``kill -9``) cannot clean up: the next write into the same folder
removes the ``.part`` files whose process is gone — and only those, so two
builds into one folder never remove each other's.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .diagnostics import error

_PART = re.compile(r"^\..+\.(\d+)-[A-Za-z0-9_]+\.part$")
_swept: set[Path] = set()  # folders already cleaned by this process


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (this one included)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale_parts(folder: Path) -> list[Path]:
    """Remove the ``.part`` files in ``folder`` left by processes that are gone."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _PART.match(entry.name)
        if m and entry.is_file(follow_symlinks=False) and not process_alive(int(m.group(1))):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


CACHE_FOLDERS = (".cache", ".cache/math", ".cache/embeds")  # bookpress's own, inside --out


def folder_problem(folder: Path, book: Path | None = None) -> str | None:
    """Why outputs cannot be written into ``folder`` (made if missing), or ``None``.

    A symbolic link on the way to it that lies inside ``book`` is refused: a
    book (somebody else's repository) must not choose where outputs land, or
    make bookpress write its cache — and read it back — anywhere else."""
    if folder.exists() and not folder.is_dir():
        return "is a file, not a folder"
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        return f"cannot be made: {existing} is a file"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"cannot be written: {existing} is read-only"
    if book is not None:
        inside = Path(os.path.abspath(book))
        path = Path(os.path.abspath(folder))
        for part in (path, *path.parents):
            if not part.is_relative_to(inside) or part == inside:
                break
            if part.is_symlink():
                target = os.readlink(part)
                return (
                    f"{part} is a symbolic link in the book (to {target}); outputs are not written through it"
                )
    for name in CACHE_FOLDERS:
        if (folder / name).is_symlink():
            return f"{folder / name} is a symbolic link; bookpress keeps its own files there (remove it)"
    return None


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; move it into place on success.
    An ``OSError`` (a folder that cannot be written) goes to the caller."""
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    if folder not in _swept:
        _swept.add(folder)
        remove_stale_parts(folder)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".part", dir=folder)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        if target.is_dir() and not target.is_symlink():
            raise error(str(target), None, "output-unwritable", "a folder is in the way of this output")
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
