"""``bookpress watch``: build, then build again on every change.

Watches the book's folder (chapters, images, the bibliography, book.toml,
the book's own stylesheets and themes) and the built-in themes, ignoring the
output folder, hidden files and editors' temporary files. watchfiles gathers
the changes of a burst of saves (debounce) into one rebuild. A build that
fails — a broken book.toml, a theme without its stylesheet, a file that
cannot be written — is reported like any other and watching goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .diagnostics import BookError, Diagnostics, error
from .progress import Progress

Report = Callable[[Diagnostics, float, list[str], BookError | None], None]


def watched_paths(book_dir: Path) -> list[Path]:
    from .themes import builtin_styles_dir

    paths = [book_dir.resolve()]
    styles = builtin_styles_dir().resolve()
    if styles.is_dir() and not styles.is_relative_to(paths[0]):
        paths.append(styles)
    return paths


def _build_once(
    book_dir: Path,
    out: Path,
    formats: tuple[str, ...],
    profile: str | None,
    report: Report,
    quiet: bool,
    read_root: Path | None = None,
) -> None:
    from .build import build
    from .progress import for_terminal

    diagnostics = Diagnostics()
    started = time.perf_counter()
    progress: Progress = for_terminal(quiet)
    try:
        result = build(book_dir, out, formats, diagnostics, progress, profile=profile, read_root=read_root)
    except BookError as exc:
        report(diagnostics, time.perf_counter() - started, [], exc)
        return
    except OSError as exc:  # a file that went away mid-build, a full disk: say so, keep watching
        failed = error(str(exc.filename or out), None, "os-error", exc.strerror or str(exc))
        report(diagnostics, time.perf_counter() - started, [], failed)
        return
    report(diagnostics, result.seconds, [str(o.path) for o in result.outputs], None)


def watch_book(
    book_dir: Path,
    out: Path,
    formats: tuple[str, ...],
    profile: str | None,
    report: Report,
    quiet: bool = False,
    rebuilds: int | None = None,
    read_root: Path | None = None,
) -> None:
    """Build ``book_dir`` now and after every change, until interrupted (or
    after ``rebuilds`` rebuilds; 0: build once and return). ``read_root``:
    ``--root`` (only the book folder is watched)."""
    from watchfiles import DefaultFilter, watch

    ignored = [str(out.resolve()), str((book_dir / "dist").resolve())]
    changes_filter = DefaultFilter(ignore_paths=ignored)
    _build_once(book_dir, out, formats, profile, report, quiet, read_root)
    if rebuilds == 0:
        return
    changes = watch(*watched_paths(book_dir), watch_filter=changes_filter, debounce=400, step=100)
    for done, _changed in enumerate(changes, start=1):
        _build_once(book_dir, out, formats, profile, report, quiet, read_root)
        if rebuilds is not None and done >= rebuilds:
            return
