"""The units' PDFs joined into the book's PDF with pikepdf.

Pages are appended without their pad pages. What a whole-document render
writes for the whole book is written again for the joined pages: named
destinations (each unit's own anchors, pointed at the joined pages; links
keep naming them, so a link into another chapter resolves), the outline
(rebuilt from every page's bookmarks with WeasyPrint's own nesting rule, so
that a chapter nests under its part across documents), page labels, the front
matter's catalogue entries (XMP metadata, output intent, language) and
document information. Each face is embedded once (:mod:`.fonts`), and
identical streams (ICC profiles, images used in several chapters) are kept
once. ``deterministic_id``: the same units give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .fonts import SharedFont
from .layout import LaidOut

_NOT_COPIED = {"/Type", "/Pages", "/Names", "/Outlines", "/PageLabels", "/StructTreeRoot", "/ParentTree"}


@dataclass(frozen=True)
class Piece:
    """A unit's pages as they go into the book."""

    laid_out: LaidOut
    pad: int  # leading pages to drop
    own: frozenset[str]  # the anchors it holds (its destinations are the book's)


def merge(
    pieces: list[Piece],
    target: Path,
    body_start: int,
    bookmarks: list,
    fonts: dict[str, SharedFont],
    version: str = "",
    created: str = "",
) -> int:
    """Join ``pieces`` into ``target``; the number of pages."""
    out = pikepdf.new()
    sources = []
    dests: dict[str, Array] = {}
    for piece in pieces:
        source = pikepdf.open(io.BytesIO(piece.laid_out.pdf))
        sources.append(source)
        placed: dict[tuple[int, int], pikepdf.Dictionary] = {}
        for number, page in enumerate(source.pages):
            if number < piece.pad:
                continue
            out.pages.append(page)
            placed[page.obj.objgen] = out.pages[-1].obj
        names = source.Root.get("/Names")
        found = names.get("/Dests") if names is not None else None
        entries = found.get("/Names") if found is not None else None
        for k in range(0, len(entries) if entries is not None else 0, 2):
            assert entries is not None
            name = str(entries[k])
            if name not in piece.own or name in dests:
                continue
            dest = entries[k + 1]
            target_page = placed.get(dest[0].objgen)
            if target_page is not None:
                dests[name] = Array([target_page, *list(dest)[1:]])
    if not sources:
        raise ValueError("nothing to join")
    _catalogue(out, sources[0])
    if dests:
        flat = Array()
        for name in sorted(dests):
            flat.append(String(name))
            flat.append(dests[name])
        out.Root.Names = Dictionary(Dests=Dictionary(Names=flat))
    _outline(out, bookmarks)
    roman = [0, Dictionary(S=Name.r)] if body_start > 0 else []
    nums = Array([*roman, body_start, Dictionary(S=Name.D)])
    out.Root.PageLabels = Dictionary(Nums=nums)
    if version:
        out.docinfo[Name.Version] = String(version)
    if created:  # 2023-11-14T22:13:20Z → D:20231114221320Z, as WeasyPrint writes it
        stamp = String("D:" + "".join(c for c in created if c.isdigit()) + "Z")
        out.docinfo[Name.CreationDate] = stamp
        out.docinfo[Name.ModDate] = stamp
    _share_fonts(out, fonts)
    _dedupe_streams(out)
    version_in = sources[0].pdf_version
    # Object streams (PDF 1.5) as WeasyPrint writes them: each unit brings its
    # own font dictionaries, widths and link annotations, small objects that
    # only compress well together (the handbook: 937 KB without, see the module).
    streams = pikepdf.ObjectStreamMode.generate if version_in >= "1.5" else pikepdf.ObjectStreamMode.disable
    out.save(
        target,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=streams,
        min_version=version_in,
    )
    pages = len(out.pages)
    for source in sources:
        source.close()
    return pages


def _catalogue(out: pikepdf.Pdf, front: pikepdf.Pdf) -> None:
    for key in map(str, front.Root):  # its keys, in order (keys() is a set)
        if key not in _NOT_COPIED:
            out.Root[key] = _copied(out, front.Root[key])
    info = front.trailer.get("/Info")
    if info is not None:
        out.trailer.Info = _copied(out, info)


def _copied(out: pikepdf.Pdf, value):
    """``value`` of another PDF, made this one's (direct containers copied item by item)."""
    if value.is_indirect:
        return out.copy_foreign(value)
    if isinstance(value, Dictionary):
        return Dictionary({key: _copied(out, value[key]) for key in map(str, value)})
    if isinstance(value, Array):
        return Array([_copied(out, item) for item in value])
    return value


def _outline(out: pikepdf.Pdf, tree: list) -> None:
    """WeasyPrint's outline, written as its ``add_outlines`` writes it."""
    if not tree:
        return
    root = out.make_indirect(Dictionary(Type=Name.Outlines))
    first, last, count = _outline_items(out, tree, root)
    root.First, root.Last, root.Count = first, last, count
    out.Root.Outlines = root


def _outline_items(out: pikepdf.Pdf, tree: list, parent) -> tuple:
    count = len(tree)
    items: list[pikepdf.Object] = []
    for title, (page, x, y), children, state in tree:
        item = out.make_indirect(
            Dictionary(
                Title=String(title), Dest=Array([out.pages[page].obj, Name.XYZ, x, y, 0]), Parent=parent
            )
        )
        child_count = 0
        if children:
            first, last, child_count = _outline_items(out, children, item)
            item.First, item.Last = first, last
        item.Count = -child_count if state == "closed" else child_count
        if state != "closed":
            count += child_count
        if items:
            item.Prev = items[-1]
            items[-1].Next = item
        items.append(item)
    return items[0], items[-1], count


def _share_fonts(out: pikepdf.Pdf, fonts: dict[str, SharedFont]) -> None:
    streams: dict[str, pikepdf.Stream] = {}
    for obj in out.objects:
        if not isinstance(obj, Dictionary) or obj.get("/Type") != Name.FontDescriptor:
            continue
        font = fonts.get(str(obj.get("/FontName")))
        if font is None:
            continue
        key = "/FontFile3" if font.opentype else "/FontFile2"
        if key not in obj:
            continue
        stream = streams.get(font.name)
        if stream is None:
            stream = pikepdf.Stream(out, font.data)
            if font.opentype:
                stream.Subtype = Name.OpenType
            else:
                stream.Length1 = len(font.data)
            streams[font.name] = stream = out.make_indirect(stream)
        obj[key] = stream
        if "/CIDSet" in obj:
            del obj["/CIDSet"]  # per unit; only PDF/A-1 asks for one


def _dedupe_streams(out: pikepdf.Pdf) -> None:
    """Streams with the same dictionary and data kept once (a chapter's
    resources are copied with its pages: the ICC profile of every unit, an
    image in several chapters)."""
    first: dict[bytes, pikepdf.Object] = {}
    alias: dict[tuple[int, int], pikepdf.Object] = {}
    for obj in out.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Type") in (Name.XRef, Name.ObjStm):
            continue
        try:
            raw = obj.read_raw_bytes()
        except pikepdf.PdfError:
            continue
        head = repr(sorted((k, repr(v)) for k, v in obj.items() if k != "/Length"))
        digest = hashlib.sha256(head.encode() + b"\0" + raw).digest()
        kept = first.setdefault(digest, obj)
        if kept.objgen != obj.objgen:
            alias[obj.objgen] = kept
    if not alias:
        return
    for obj in out.objects:
        if isinstance(obj, (Dictionary, Array, pikepdf.Stream)):
            _repoint(obj, alias)


def _repoint(container, alias: dict) -> None:
    if isinstance(container, Array):
        for i, value in enumerate(container):
            if not isinstance(value, pikepdf.Object):
                continue
            if value.is_indirect and value.objgen in alias:
                container[i] = alias[value.objgen]
            elif isinstance(value, (Dictionary, Array)) and not value.is_indirect:
                _repoint(value, alias)
        return
    for key in list(container.keys()):
        value = container[key]
        if not isinstance(value, pikepdf.Object):
            continue
        if value.is_indirect and value.objgen in alias:
            container[key] = alias[value.objgen]
        elif isinstance(value, (Dictionary, Array)) and not value.is_indirect:
            _repoint(value, alias)
