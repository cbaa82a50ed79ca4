"""A release: the book's print PDF (``press`` profile when the book asks for
it, ``print`` otherwise), a screen PDF and the EPUB, named
``<slug>-<version>``, checked — EPUBCheck and preflight — and described by
``SHA256SUMS`` and ``release.json``.

Everything is built in a staging folder beside ``dist/``; ``dist/`` is
replaced by it only when every check passed, so a failed release leaves the
previous ``dist/`` as it was and never a half-written one.

The release is reproducible: its date is ``SOURCE_DATE_EPOCH`` when set, or
the date of the book's last git commit, so two releases of the same commit
are byte for byte the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .build import BuildResult, build
from .config import Config, load_config
from .diagnostics import Diagnostics, error
from .epubcheck import EpubCheckReport, run_epubcheck
from .preflight import Report
from .progress import Progress

_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_~-]*")


@dataclass
class ReleaseResult:
    dist: Path
    version: str
    files: list[Path] = field(default_factory=list)
    info: dict = field(default_factory=dict)
    preflights: dict[str, Report] = field(default_factory=dict)
    epubcheck: EpubCheckReport | None = None


class ReleaseFailed(Exception):
    """A check failed; ``result`` says which (nothing was written to dist/)."""

    def __init__(self, message: str, result: ReleaseResult) -> None:
        super().__init__(message)
        self.result = result


def _git(book_dir: Path, *args: str) -> str | None:
    if shutil.which("git") is None:
        return None
    done = subprocess.run(["git", "-C", str(book_dir), *args], capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def resolve_version(book_dir: Path, config: Config, requested: str | None) -> str:
    """The version asked for, else ``[book] version``, else the latest git tag (``v1.2.0`` → ``1.2.0``)."""
    version = requested or config.meta.version or (_git(book_dir, "describe", "--tags", "--abbrev=0") or "")
    version = version.strip()
    if version[:1] in "vV" and version[1:2].isdigit():
        version = version[1:]
    where = config.rel(config.path)
    if not version:
        raise error(
            where, None, "release-version", "no version: give one (VERSION=1.0.0), set [book] version, or tag"
        )
    if not _VERSION.fullmatch(version):
        raise error(where, None, "release-version", f"'{version}' cannot be part of a file name")
    return version


def source_date_epoch(book_dir: Path) -> int | None:
    """``SOURCE_DATE_EPOCH``, else the time of the book's last commit; ``None`` outside git."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        return int(env) if env.isdigit() else None
    commit_time = _git(book_dir, "log", "-1", "--format=%ct", "--", ".")
    return int(commit_time) if commit_time and commit_time.isdigit() else None


@contextlib.contextmanager
def _epoch(value: int | None) -> Iterator[None]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(value)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def release(
    book_dir: Path,
    dist: Path,
    diagnostics: Diagnostics,
    version: str | None = None,
    progress: Progress | None = None,
    strict: bool = False,
) -> ReleaseResult:
    """Build, check and publish a release of the book into ``dist``.

    Raises :class:`ReleaseFailed` when a check fails (or, with ``strict``,
    warns), and a ``BookError`` when the book cannot be built."""
    config = load_config(book_dir, diagnostics)
    version = resolve_version(book_dir, config, version)
    epoch = source_date_epoch(book_dir)
    slug = config.meta.slug
    base = f"{slug}-{version}"
    print_profile = "press" if config.pdf.profile == "press" else "print"
    dist = dist.resolve()
    dist.parent.mkdir(parents=True, exist_ok=True)
    staging = dist.parent / f".{dist.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    result = ReleaseResult(dist, version)
    cache = staging / ".cache"  # shared by the two builds, not published
    try:
        with _epoch(epoch):
            main = build(
                book_dir,
                staging,
                ("pdf", "epub"),
                diagnostics,
                progress,
                profile=print_profile,
                version=version,
                names={"pdf": f"{base}.pdf", "epub": f"{base}.epub"},
                cache_dir=cache,
            )
            screen_diagnostics = Diagnostics()  # the same warnings again: not repeated
            screen = build(
                book_dir,
                staging,
                ("pdf",),
                screen_diagnostics,
                progress,
                profile="screen",
                version=version,
                names={"pdf": f"{base}-screen.pdf"},
                cache_dir=cache,
            )
        diagnostics.extend(screen_diagnostics)
        failures = _check(main, screen, result, strict)
        result.info = _describe(book_dir, config, version, epoch, main, screen, result, diagnostics)
        (staging / "release.json").write_text(
            json.dumps(result.info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        if failures:
            raise ReleaseFailed("; ".join(failures), result)
        shutil.rmtree(cache, ignore_errors=True)
        names = sorted(p.name for p in staging.iterdir())
        sums = "".join(f"{sha256(staging / name)}  {name}\n" for name in names)
        (staging / "SHA256SUMS").write_text(sums, encoding="utf-8")
        _publish(staging, dist)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.files = sorted(dist.iterdir())
    return result


def _check(main: BuildResult, screen: BuildResult, result: ReleaseResult, strict: bool) -> list[str]:
    from .preflight_run import preflight_built

    failures = []
    epub = next(o.path for o in main.outputs if o.format == "epub")
    result.epubcheck = run_epubcheck(epub)
    if not result.epubcheck.ok or (strict and result.epubcheck.warnings):
        failures.append(
            f"EPUBCheck: {result.epubcheck.errors + result.epubcheck.fatal} errors, "
            f"{result.epubcheck.warnings} warnings"
        )
    for built in (main, screen):
        assert built.pdf is not None and built.config is not None
        report = preflight_built(built.pdf.path, built.config, built.pdf.profile, built.pdf.geometry)
        report.pdf = built.pdf.path.name
        result.preflights[built.pdf.profile] = report
        if report.errors or (strict and report.warnings):
            failures.append(
                f"preflight of the {built.pdf.profile} PDF: {len(report.errors)} errors, "
                f"{len(report.warnings)} warnings"
            )
    return failures


def _describe(
    book_dir: Path,
    config: Config,
    version: str,
    epoch: int | None,
    main: BuildResult,
    screen: BuildResult,
    result: ReleaseResult,
    diagnostics: Diagnostics,
) -> dict:
    commit = _git(book_dir, "rev-parse", "HEAD")
    dirty = bool(_git(book_dir, "status", "--porcelain", "--", ".")) if commit else None
    files = {}
    for built in (main, screen):
        for output in built.outputs:
            entry: dict = {"bytes": output.path.stat().st_size, "sha256": sha256(output.path)}
            if output.format == "pdf" and built.pdf is not None:
                entry |= {"pages": built.pdf.pages, "profile": built.pdf.profile}
            files[output.path.name] = entry
    assert main.pdf is not None
    epubcheck = result.epubcheck
    return {
        "title": config.meta.title,
        "slug": config.meta.slug,
        "version": version,
        "bookpress": __version__,
        "git": {"commit": commit, "dirty": dirty} if commit else None,
        "source_date_epoch": epoch,
        "pages": main.pdf.pages,
        "files": files,
        "warnings": len(diagnostics.warnings),
        "checks": {
            "epubcheck": {
                "version": epubcheck.version,
                "errors": epubcheck.errors + epubcheck.fatal,
                "warnings": epubcheck.warnings,
            }
            if epubcheck
            else None,
            "preflight": {
                profile: {"errors": len(report.errors), "warnings": len(report.warnings)}
                for profile, report in result.preflights.items()
            },
        },
    }


def _publish(staging: Path, dist: Path) -> None:
    """Put the staged release in place of ``dist`` (renames on one filesystem)."""
    old = dist.parent / f".{dist.name}.old-{os.getpid()}"
    if dist.exists():
        os.replace(dist, old)
    try:
        os.replace(staging, dist)
    except OSError:
        if old.exists():
            os.replace(old, dist)
        raise
    shutil.rmtree(old, ignore_errors=True)
