"""A release: the book's print PDF (``press`` profile when the book asks for
it, ``print`` otherwise), a screen PDF and the EPUB, named
``<slug>-<version>``, checked — EPUBCheck and preflight — and described by
``SHA256SUMS`` and ``release.json``.

The release folder (``--out``, ``dist/`` by default) may hold other files:
a release replaces only its own. Everything is built and checked in a
staging folder inside it (``.bookpress-staging-<pid>``) and moved in only
when every check passed, so a failed release leaves the previous one as it
was. What a release wrote is listed, with each file's SHA-256, in
``.bookpress-release.json``; the next release removes those of them that it
does not write again, and only while they still hold what was written. A
file of the same name that bookpress did not write is never overwritten,
and a release folder that holds the book (or is the book) is refused.

The release is reproducible: its date is ``SOURCE_DATE_EPOCH`` when set, or
the date of the book's last git commit, so two releases of the same commit
are byte for byte the same. The repository is read without running git
(see :mod:`bookpress.gitinfo`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .build import Rendered, RenderJob, build_time, draw_embeds, for_printer, load, refuse_errors, render
from .config import Config, load_config
from .cover.make import cover_record, release_cover
from .diagnostics import Diagnostics, error
from .epubcheck import EpubCheckReport, run_epubcheck
from .gitinfo import GitInfo, read_git
from .preflight import Report
from .profiles import SCREEN, for_print, profile_named
from .progress import Progress

MANIFEST = ".bookpress-release.json"
_STAGING = re.compile(r"^\.bookpress-staging-(\d+)$")
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


def resolve_version(book_dir: Path, config: Config, requested: str | None, git: GitInfo | None = None) -> str:
    """The version asked for, else ``[book] version``, else the latest git tag (``v1.2.0`` → ``1.2.0``)."""
    version = requested or config.meta.version or ((git.tag if git else None) or "")
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


def source_date_epoch(git: GitInfo | None) -> int | None:
    """``SOURCE_DATE_EPOCH``, else the time of the book's last commit; ``None`` outside git."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        return int(env) if env.isdigit() else None
    return git.commit_time if git else None


def release_date(epoch: int | None) -> dt.datetime:
    """The release's build date: ``epoch`` (see :func:`source_date_epoch`), else now."""
    return dt.datetime.fromtimestamp(epoch, dt.UTC) if epoch is not None else build_time()


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
    read_root: Path | None = None,
    printer: str | None = None,
) -> ReleaseResult:
    """Build, check and publish a release of the book into ``dist`` (its print
    PDF for ``printer`` when given, else for ``[output.pdf] printer``).

    Raises :class:`ReleaseFailed` when a check fails (or, with ``strict``,
    warns), and a ``BookError`` when the book cannot be built or released
    into ``dist``."""
    dist = dist.resolve()
    refuse_overlap(book_dir, dist)
    config = load_config(book_dir, diagnostics, read_root)
    git = read_git(book_dir)
    version = resolve_version(book_dir, config, version, git)
    epoch = source_date_epoch(git)
    base = f"{config.meta.slug}-{version}"
    print_profile = for_print(profile_named(config.pdf.profile))
    names: tuple[str, ...] = (
        f"{base}.pdf",
        f"{base}-screen.pdf",
        f"{base}.epub",
        "SHA256SUMS",
        "release.json",
    )
    names += (f"{base}-cover.pdf",) if config.cover is not None else ()  # [cover]: bookpress.cover
    if dist.exists() and not dist.is_dir():
        raise error(str(dist), None, "release-out", "the release folder is a file")
    owned = owned_files(dist)
    _refuse_foreign(dist, names, owned)
    created = not dist.exists()
    dist.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(dist)
    staging = dist / f".bookpress-staging-{os.getpid()}"
    staging.mkdir()
    result = ReleaseResult(dist, version)
    cache = staging / ".cache"  # shared by the three outputs, not published
    published = False
    try:
        loaded = load(book_dir, diagnostics, version=version, progress=progress, read_root=read_root)
        if printer is not None:
            loaded = for_printer(loaded, printer)
        refuse_errors(diagnostics)
        loaded = draw_embeds(loaded, diagnostics, cache, progress)
        when = release_date(epoch)
        jobs = (
            RenderJob("pdf", staging / names[0], when, print_profile, cache),
            RenderJob("pdf", staging / names[1], when, SCREEN, cache),
            # The EPUB's page list follows the print PDF, rendered first.
            RenderJob("epub", staging / names[2], when, cache_dir=cache, print_pdf=staging / names[0]),
        )
        try:  # one book, three outputs (a warning found twice is reported once)
            main, screen, epub = (render(loaded, job, diagnostics, progress) for job in jobs)
        finally:
            if progress is not None:
                progress.finish()
        assert main.pdf is not None
        cover_pdf = staging / f"{base}-cover.pdf"
        cover = release_cover(loaded.config, loaded.book.meta, main.pdf.path, cover_pdf, diagnostics)
        failures = _check(loaded.config, (main, screen), epub, result, strict)
        result.info = _describe(config, version, epoch, git, (main, epub, screen), result, diagnostics)
        if cover is not None:  # the spine's width and what it was computed from
            size, digest = cover.path.stat().st_size, sha256(cover.path)
            result.info["files"][cover.path.name] = {"bytes": size, "sha256": digest}
            result.info["cover"] = cover_record(cover)
        (staging / "release.json").write_text(
            json.dumps(result.info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        if failures:
            raise ReleaseFailed("; ".join(failures), result)
        shutil.rmtree(cache, ignore_errors=True)
        built = sorted(p.name for p in staging.iterdir())
        sums = "".join(f"{sha256(staging / name)}  {name}\n" for name in built)
        (staging / "SHA256SUMS").write_text(sums, encoding="utf-8")
        _publish(staging, dist, owned)
        published = True
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not published:
            with contextlib.suppress(OSError):
                dist.rmdir()  # only when empty: nothing of the user's can be in it
    result.files = [dist / name for name in sorted(names)]
    return result


def refuse_overlap(book_dir: Path, dist: Path) -> None:
    """A release folder that is the book, or holds it, is refused: releasing
    replaces files in it, and the manuscript must never be among them."""
    book = book_dir.resolve()
    dist = dist.resolve()
    if book == dist or book.is_relative_to(dist):
        where = "is the book folder" if book == dist else f"holds the book ({book})"
        raise error(
            str(dist),
            None,
            "release-out",
            f"the release folder {where}; choose another --out, such as {book / 'dist'}",
        )


def owned_files(dist: Path) -> dict[str, str]:
    """The files an earlier release wrote in ``dist``: name → SHA-256 (``""``
    when not recorded). Read from the manifest, or from ``release.json`` for a
    release made before there was one."""
    for name, read in ((MANIFEST, _manifest_files), ("release.json", _legacy_files)):
        path = dist / name
        if path.is_file() and not path.is_symlink():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            files = read(data) if isinstance(data, dict) else None
            if files is not None:
                return {k: v for k, v in files.items() if _plain_name(k)}
    return {}


def _manifest_files(data: dict) -> dict[str, str] | None:
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    return {str(k): str(v) for k, v in files.items() if isinstance(v, str)}


def _legacy_files(data: dict) -> dict[str, str] | None:
    files = data.get("files")
    if not isinstance(files, dict) or "bookpress" not in data:
        return None
    out = {
        str(k): v["sha256"]
        for k, v in files.items()
        if isinstance(v, dict) and isinstance(v.get("sha256"), str) and v["sha256"]
    }
    return out | {"SHA256SUMS": "", "release.json": ""}


def _plain_name(name: str) -> bool:
    """A file directly in the release folder: no separators, not ``.``/``..``."""
    return (
        bool(name) and name not in (".", "..") and "/" not in name and "\\" not in name and "\0" not in name
    )


def _release_file(name: str) -> bool:
    return name.endswith((".pdf", ".epub")) or name in ("SHA256SUMS", "release.json")


def _ours(path: Path, recorded: str | None) -> bool:
    """Whether ``path`` is a file a release wrote and nobody changed since."""
    if recorded is None or path.is_symlink() or not path.is_file():
        return False
    if recorded == "":  # a release made before the manifest: only its two own lists are unhashed
        return path.name in ("SHA256SUMS", "release.json")
    return sha256(path) == recorded


def _refuse_foreign(dist: Path, names: tuple[str, ...], owned: dict[str, str]) -> None:
    for name in names:
        path = dist / name
        if (path.exists() or path.is_symlink()) and not _ours(path, owned.get(name)):
            raise error(
                str(path),
                None,
                "release-out",
                "this file was not written by bookpress release (or was changed since); "
                "move it away or choose another --out",
            )


def remove_stale_staging(dist: Path) -> None:
    """Staging folders of releases that were killed (their process is gone)."""
    from .atomic import process_alive

    for entry in dist.iterdir():
        m = _STAGING.match(entry.name)
        if m and entry.is_dir() and not entry.is_symlink() and not process_alive(int(m.group(1))):
            shutil.rmtree(entry, ignore_errors=True)


def _check(
    config: Config, pdfs: tuple[Rendered, ...], epub: Rendered, result: ReleaseResult, strict: bool
) -> list[str]:
    from .preflight_run import preflight_built

    failures = []
    result.epubcheck = run_epubcheck(epub.output.path)
    if not result.epubcheck.ok or (strict and result.epubcheck.warnings):
        failures.append(
            f"EPUBCheck: {result.epubcheck.errors + result.epubcheck.fatal} errors, "
            f"{result.epubcheck.warnings} warnings"
        )
    for rendered in pdfs:
        pdf, complete = rendered.pdf, rendered.completeness  # complete: the book's model against the pages
        assert pdf is not None
        report = preflight_built(pdf.path, config, pdf.profile, pdf.geometry, completeness=complete)
        report.pdf = pdf.path.name
        result.preflights[pdf.profile.name] = report
        if report.errors or (strict and report.warnings):
            failures.append(
                f"preflight of the {pdf.profile.name} PDF: {len(report.errors)} errors, "
                f"{len(report.warnings)} warnings"
            )
    return failures


def _describe(
    config: Config,
    version: str,
    epoch: int | None,
    git: GitInfo | None,
    outputs: tuple[Rendered, ...],
    result: ReleaseResult,
    diagnostics: Diagnostics,
) -> dict:
    files = {}
    for rendered in outputs:
        path = rendered.output.path
        entry: dict = {"bytes": path.stat().st_size, "sha256": sha256(path)}
        if rendered.pdf is not None:
            entry |= {"pages": rendered.pdf.pages, "profile": rendered.pdf.profile.name}
        files[path.name] = entry
    main = outputs[0].pdf
    assert main is not None
    epubcheck = result.epubcheck
    return {
        "title": config.meta.title,
        "slug": config.meta.slug,
        "version": version,
        "bookpress": __version__,
        "git": {"commit": git.commit, "dirty": git.dirty} if git else None,
        "source_date_epoch": epoch,
        "pages": main.pages,
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


def _write_manifest(dist: Path, files: dict[str, str]) -> None:
    from .atomic import atomic_path

    with atomic_path(dist / MANIFEST) as tmp:
        tmp.write_text(json.dumps({"bookpress": __version__, "files": files}, indent=1) + "\n")


def _publish(staging: Path, dist: Path, owned: dict[str, str]) -> None:
    """Move the staged release into ``dist`` (a rename per file), then remove
    what the previous release wrote and this one did not. The manifest lists
    old and new files while both may be there, so an interrupted publish
    leaves nothing the next release does not know it owns."""
    new = {p.name: sha256(p) for p in sorted(staging.iterdir()) if p.is_file()}
    _write_manifest(dist, owned | new)
    for name in sorted(new, key=lambda n: n == "release.json"):  # release.json last
        os.replace(staging / name, dist / name)
    for name, recorded in owned.items():
        path = dist / name
        if name not in new and _release_file(name) and _ours(path, recorded):
            path.unlink()
    _write_manifest(dist, new)
