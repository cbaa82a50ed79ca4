"""What a PDF has on its pages: text, named destinations, images drawn.

Read fast, because it runs after every build: the text of every page with
pdfium (pypdfium2, ~1.5 ms a page, in a thread of its own), and, at the same
time, the page content streams with pikepdf, searched with regular expressions
rather than interpreted:

- a raster image is a ``/Name Do`` whose XObject is an ``/Image`` (forms are
  entered, each once per page), or an inline image (``BI … ID … EI``): its
  pixel size is what identifies it;
- an image WeasyPrint drew as vectors (an SVG, a formula) leaves no XObject.
  WeasyPrint 70 draws every replaced element (``<img>``) the same way — the
  content box as a clipping rectangle, then ``/a1 gs`` and a translation to
  the same corner — and a raster image then draws its XObject at once. A
  replaced box without that XObject is a vector image; the clipping rectangle
  gives its size. (``tests/unit/test_completeness.py`` pins this down.)
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf


@dataclass
class PrintedPage:
    text: str = ""
    raster: list[tuple[int, int]] = field(default_factory=list)  # pixel sizes of images drawn
    vector: list[tuple[float, float]] = field(default_factory=list)  # replaced boxes drawn as vectors


@dataclass
class PrintedPdf:
    path: Path
    pages: list[PrintedPage]
    anchors: dict[str, int]  # named destination -> 0-based page
    _labels: dict[int, str] = field(default_factory=dict)

    def label(self, index: int) -> str:
        """The page label a viewer shows for the 0-based page ``index`` ("iv", "12")."""
        if not self._labels:
            with pikepdf.open(self.path) as document:
                for i, page in enumerate(document.pages):
                    try:
                        self._labels[i] = str(page.label)
                    except (pikepdf.PdfError, ValueError, AttributeError):
                        self._labels[i] = str(i + 1)
        return self._labels.get(index, str(index + 1))


_NAME = rb"/([^\s/\[\]<>(){}%]+)"
_DO = re.compile(_NAME + rb"\s+Do\b")
# A replaced box: clip to the content box, opaque, move to its corner, then
# (for a raster image) scale to the box and draw the XObject. The search
# starts at the literal operators; the numbers before them are read after.
_MARKED = rb"(?:/[^\s/<]+\s+(?:<<[^>]*>>\s+|/[^\s/<]+\s+)?B[DM]C\s+)?"  # tagged PDF: /Figure <<…>> BDC
_REPLACED = re.compile(
    rb"re\s+W\s+n\s+" + _MARKED + rb"q\s+/\S+\s+gs\s+1 0 0 1 (-?[\d.]+) (-?[\d.]+) cm\s+q\s+"
    rb"(-?[\d.]+ 0 0 -?[\d.]+ 0 -?[\d.]+ cm\s+/\S+\s+Do)?"
)
_INLINE_IMAGE = re.compile(rb"(?<![^\s])BI\s(.{0,400}?)\sID\s", re.S)
_INLINE_SIZE = re.compile(rb"/(W|Width|H|Height)\s+(\d+)")
_RECT = re.compile(rb"(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+$")


def read_printed(pdf: Path) -> PrintedPdf:
    """The pages of ``pdf``: text (pdfium) and drawings (pikepdf), read side by side.

    A build reads its PDF twice (the completeness check, then the EPUB's page
    list): the last file read is kept while it is unchanged on disk, so the
    second reader gets it at no cost (ml-engineering 3 s, trpl-zh-cn 10 s).
    Readers treat the result as read-only."""
    status = pdf.stat()
    return _read_printed(pdf, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=1)
def _read_printed(pdf: Path, _mtime_ns: int, _size: int) -> PrintedPdf:
    texts: list[str] = []
    failure: list[BaseException] = []

    def read_text() -> None:
        try:
            texts.extend(page_texts(pdf))
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=read_text, name="pdf-text", daemon=True)
    thread.start()
    try:
        with pikepdf.open(pdf) as document:
            pages = [_drawings(page) for page in document.pages]
            anchors = _anchors(document)
    finally:
        thread.join()
    if failure:
        raise failure[0]
    for page, text in zip(pages, texts, strict=False):
        page.text = text
    return PrintedPdf(pdf, pages, anchors)


def page_texts(pdf: Path) -> list[str]:
    """The text of every page, lines separated by ``\\n``. (One process: on two busy
    cores, a second process reading half of the pages was slower, not faster.)"""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        out = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                out.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            finally:
                textpage.close()
                page.close()
        return out
    finally:
        document.close()


def _drawings(page: pikepdf.Page) -> PrintedPage:
    out = PrintedPage()
    _scan(page.obj, page_resources(page.obj), out, set())
    return out


def _scan(holder: Any, resources: Any, out: PrintedPage, forms: set[tuple[int, int]]) -> None:
    data = _content(holder)
    if not data:
        return
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    if xobjects is not None and b" Do" in data:
        for match in _DO.finditer(data):
            xobject = xobjects.get("/" + match.group(1).decode("latin-1"))
            if not isinstance(xobject, pikepdf.Stream):
                continue
            subtype = xobject.get("/Subtype")
            if subtype == "/Image":
                if not xobject.get("/ImageMask", False):
                    out.raster.append((int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))))
            elif subtype == "/Form" and xobject.objgen not in forms:
                forms.add(xobject.objgen)
                _scan(xobject, xobject.get("/Resources", resources), out, forms)
    if b"BI" in data:  # inline images (WeasyPrint writes none; other tools do)
        for match in _INLINE_IMAGE.finditer(data):
            size = {k[:1]: int(v) for k, v in _INLINE_SIZE.findall(match.group(1))}
            if b"W" in size and b"H" in size:
                out.raster.append((size[b"W"], size[b"H"]))
    if b" re" in data:
        for match in _REPLACED.finditer(data):
            rect = _RECT.search(data, max(0, match.start() - 80), match.start())
            if match.group(3) is not None or rect is None:
                continue
            x, y, w, h = (float(v) for v in rect.groups())
            tx, ty = float(match.group(1)), float(match.group(2))
            if abs(x - tx) < 0.01 and abs(y - ty) < 0.01 and w > 0 and h > 0:
                out.vector.append((w, h))


def _content(holder: Any) -> bytes:
    try:
        if isinstance(holder, pikepdf.Stream):
            return holder.read_bytes()
        contents = holder.get("/Contents")
        if isinstance(contents, pikepdf.Array):
            return b"\n".join(part.read_bytes() for part in contents if isinstance(part, pikepdf.Stream))
        if isinstance(contents, pikepdf.Stream):
            return contents.read_bytes()
    except pikepdf.PdfError:
        pass
    return b""


def page_resources(obj: Any) -> Any:
    """A page's /Resources, inherited from the page tree if need be."""
    node = obj
    for _ in range(64):
        if node is None:
            break
        if "/Resources" in node:
            return node.Resources
        node = node.get("/Parent")
    return pikepdf.Dictionary()


def _anchors(document: pikepdf.Pdf) -> dict[str, int]:
    """Every named destination and the page it points to (WeasyPrint writes one per id)."""
    pages = {page.obj.objgen: index for index, page in enumerate(document.pages)}
    found: dict[str, int] = {}
    root = document.Root
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
        for name, dest in pikepdf.NameTree(names.Dests).items():
            _add_anchor(found, str(name), dest, pages)
    old = root.get("/Dests")  # PDF 1.1 style: a dictionary of names
    if isinstance(old, pikepdf.Dictionary):
        for name, dest in old.items():
            _add_anchor(found, name.lstrip("/"), dest, pages)
    return found


def _add_anchor(found: dict[str, int], name: str, dest: Any, pages: dict[tuple[int, int], int]) -> None:
    if isinstance(dest, pikepdf.Dictionary):
        dest = dest.get("/D")
    if isinstance(dest, pikepdf.Array) and len(dest) and isinstance(dest[0], pikepdf.Dictionary):
        index = pages.get(dest[0].objgen)
        if index is not None:
            found.setdefault(name, index)
