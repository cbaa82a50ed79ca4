"""The EPUB archive: the NCX table of contents (for EPUB 2 reading systems)
and the zip written with ebooklib, then re-packed with fixed timestamps and
order (ebooklib 0.20 stamps entries with the current time, which would make
builds differ)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from ebooklib import epub

from ..atomic import atomic_path
from ..model import TocEntry, plain_text
from .epub_xhtml import TEXT_DIR, PageFiles


def write_archive(package: epub.EpubBook, target: Path, modified: dt.datetime) -> None:
    with atomic_path(target) as tmp:
        # Level 0: the entries are compressed once, by _repack (ebooklib's own
        # compression was thrown away there: a third of the EPUB writer's time).
        options = {"mtime": modified, "raise_exceptions": True, "epub3_pages": False, "compresslevel": 0}
        ok = epub.write_epub(str(tmp), package, options)
        if ok is False:
            raise OSError(f"could not write {target}")
        _repack(tmp, modified)


def ncx_toc(entries: tuple[TocEntry, ...], files: PageFiles) -> list:
    def href(entry: TocEntry) -> str:
        file = files.by_id.get(entry.id, "")
        return f"{TEXT_DIR}/{file}" if entry.id in files.of_item else f"{TEXT_DIR}/{file}#{entry.id}"

    def convert(entry: TocEntry):
        title = plain_text(entry.title)
        if entry.number and entry.level == 0:
            title = f"Part {entry.number}: {title}"
        elif entry.number and entry.level == 1:
            title = f"{entry.number}. {title}"
        children = [c for c in entry.children if c.level <= 2]
        if not children:
            return epub.Link(href(entry), title, entry.id)
        return (epub.Section(title, href(entry)), [convert(c) for c in children])

    return [convert(e) for e in entries]


def _repack(path: Path, modified: dt.datetime) -> None:
    """Rewrite the archive with one timestamp for every entry, mimetype first."""
    stamp = modified.timetuple()[:6]
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    entries.sort(key=lambda e: (e[0] != "mimetype", e[0] != "META-INF/container.xml", 0))
    with zipfile.ZipFile(path, "w") as out:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)
