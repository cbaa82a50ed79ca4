"""``bookpress cover``: the cover of a book's interior, and its EPUB picture.

The spine is measured from the interior's real page count: the PDF given
(``--pdf``), else the build's own output in ``--out``, else the interior
built now. ``release`` calls :func:`bookpress.cover.render.write_cover` with
the interior it has just built instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_path
from ..config import Config, load_config
from ..config.cover import CoverOptions
from ..diagnostics import Diagnostics, error
from ..model import Meta
from ..profiles import for_print, profile_named
from ..progress import Progress
from .epub_image import epub_cover_image
from .interior import page_count, warn_if_stale
from .render import CoverResult, write_cover


@dataclass(frozen=True)
class CoverRun:
    cover: CoverResult
    interior: Path
    built_interior: bool  # no interior was there: it was built now
    epub_image: Path | None


def cover_options(config: Config) -> CoverOptions:
    """The book's ``[cover]``, or the defaults (white paper, a typographic front)."""
    return config.cover or CoverOptions(where=config.rel(config.path))


def make_cover(
    book_dir: Path,
    out: Path,
    diagnostics: Diagnostics,
    pdf: Path | None = None,
    guides: bool = False,
    progress: Progress | None = None,
    read_root: Path | None = None,
) -> CoverRun:
    """Draw ``<out>/<slug>-cover.pdf`` and ``<out>/<slug>-cover-epub.png`` (``.jpg``
    for a front picture). The interior is ``pdf``, else ``<out>/<slug>.pdf``
    (``<slug>-print.pdf`` for a book whose PDF is for screens), built when missing."""
    progress = progress or Progress()
    config = load_config(book_dir, diagnostics, read_root)
    options = cover_options(config)
    meta = config.meta
    if not meta.title:  # the title is in the first chapter's front matter (an MDX article)
        meta = _loaded_meta(book_dir, diagnostics, read_root)
    built = False
    if pdf is not None:
        if not pdf.is_file():
            raise error(str(pdf), None, "cover-interior", "no such PDF (--pdf)")
        interior = pdf
    else:
        # A book printed for screens (no blank pages) has its paper interior built beside it.
        printed = for_print(profile_named(config.pdf.profile))
        own = printed.name == config.pdf.profile
        interior = out / (f"{meta.slug}.pdf" if own else f"{meta.slug}-{printed.name}.pdf")
        if not interior.is_file():
            from ..build import build

            names = {"pdf": interior.name}
            result = build(
                book_dir,
                out,
                ("pdf",),
                diagnostics,
                progress,
                profile=printed,
                names=names,
                read_root=read_root,
            )
            assert result.pdf is not None
            interior, built = result.pdf.path, True
    if not built:
        warn_if_stale(interior, config, diagnostics)
    pages = page_count(interior)
    out.mkdir(parents=True, exist_ok=True)
    try:
        progress.stage("draw cover")
        cover = write_cover(config, meta, options, pages, out / f"{meta.slug}-cover.pdf", diagnostics, guides)
        data, _media_type, ext = epub_cover_image(config, meta, options, diagnostics)
        picture = out / f"{meta.slug}-cover-epub{ext}"
        with atomic_path(picture) as tmp:
            tmp.write_bytes(data)
    finally:
        progress.finish()
    return CoverRun(cover, interior, built, picture)


def _loaded_meta(book_dir: Path, diagnostics: Diagnostics, read_root: Path | None) -> Meta:
    from ..build import load

    _config, book = load(book_dir, diagnostics, read_root=read_root)
    return book.meta


def release_cover(
    config: Config, meta: Meta, interior: Path, target: Path, diagnostics: Diagnostics
) -> CoverResult | None:
    """The cover of a release, measured from the interior it has just built
    (``None`` when the book has no ``[cover]``)."""
    if config.cover is None:
        return None
    return write_cover(config, meta, config.cover, page_count(interior), target, diagnostics)


def cover_record(cover: CoverResult) -> dict[str, object]:
    """What release.json says of the cover: the file, the spine and its inputs."""
    return {"file": cover.path.name, **cover.sheet.describe()}
