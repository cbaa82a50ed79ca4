"""SVG images looked at before anything draws or packages them.

An SVG is a program of sorts: ``<use>`` draws another element again, an
``<image>`` draws another file (itself, even), a DOCTYPE declares entities
that expand (a billion laughs) or read files (``SYSTEM "file:///…"``). A few
hundred bytes can keep a renderer busy for ever. Here an SVG is

- **refused** (it prints as a placeholder, with a warning) when it declares
  external, parameter or nested entities, when an element refers to itself
  (through ``<use>``, ``href``, ``url(#…)`` or a nested SVG image), when
  following every reference would draw more than
  :data:`~bookpress.limits.SVG_MAX_DRAWN_ELEMENTS` elements, or when it is not
  well-formed XML;
- **sanitised** for the EPUB (:func:`sanitised_svg`): no DOCTYPE (simple
  entities written out), no scripts or event attributes, no reference to
  anything outside the image — remote and ``file:`` references and files
  outside the book are removed, images of the book that it draws are
  embedded as ``data:`` URIs (nested SVGs sanitised too).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from .limits import SVG_MAX_DRAWN_ELEMENTS, SVG_MAX_NESTING
from .sandbox import resource

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_HREFS = ("href", XLINK_HREF)
_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]*)\1\s*\)")
_IMPORT = re.compile(r"@import[^;]*;?")
_DOCTYPE = re.compile(rb"<!DOCTYPE\b(?:[^\[>]*)(\[(?P<subset>.*?)\])?\s*>", re.S)
_ENTITY = re.compile(rb"<!ENTITY\s+(%\s+)?([\w.:-]+)\s+(?:(SYSTEM|PUBLIC)\b|\"([^\"]*)\"|'([^']*)')", re.S)
_RASTER = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
_EXTRA_ENTITY_GROWTH = 10  # simple entities may add this many times the file's size
# Elements whose reference is a link, not something drawn.
_LINK_TAGS = {"a"}


class SvgRefused(ValueError):
    """Why an SVG must not be drawn."""


def is_svg(data: bytes, name: str = "") -> bool:
    if name.lower().endswith((".svg", ".svgz")):
        return True
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in data[:4096]


def svg_problem(path: Path, root: Path) -> str:
    """Why the SVG file ``path`` must not be drawn, or ``""``."""
    try:
        _Checker(root.resolve()).drawn_file(path.resolve(), ())
    except SvgRefused as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return ""


def sanitised_svg(data: bytes, path: Path | None, root: Path) -> tuple[bytes, list[str]]:
    """``data`` (the SVG file ``path``; ``None`` for a remote image, whose
    references are all removed) fit for an EPUB, and what was removed.
    Raises :class:`SvgRefused` when it must not be drawn at all."""
    checker = _Checker(root.resolve())
    where = path.resolve() if path is not None else None
    tree = checker.parse(data, path.name if path is not None else "image")
    checker.drawn_tree(tree, where, (where,) if where is not None else ())
    removed: list[str] = []
    _sanitise(tree, where, checker, removed, depth=0)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8"), removed


@dataclass
class _Checker:
    root: Path
    files: dict[Path, int] = field(default_factory=dict)  # drawn elements per checked file

    def parse(self, data: bytes, name: str) -> etree._Element:
        _check_doctype(data)
        parser = etree.XMLParser(
            resolve_entities=True, load_dtd=False, no_network=True, huge_tree=False, remove_pis=True
        )
        try:
            tree = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise SvgRefused(f"not well-formed XML ({exc})") from None
        if etree.QName(tree).localname != "svg":
            raise SvgRefused(f"'{name}' is not an SVG drawing")
        return tree

    def drawn_file(self, path: Path, chain: tuple[Path, ...]) -> int:
        """Elements drawn by the SVG file ``path`` (checked once per file)."""
        if path in chain:
            raise SvgRefused(f"'{path.name}' draws itself")
        if len(chain) > SVG_MAX_NESTING:
            raise SvgRefused(f"SVG images nest more than {SVG_MAX_NESTING} deep")
        if path not in self.files:
            tree = self.parse(path.read_bytes(), path.name)
            self.files[path] = self.drawn_tree(tree, path, (*chain, path))
        return self.files[path]

    def drawn_tree(self, tree: etree._Element, path: Path | None, chain: tuple[Path, ...]) -> int:
        """Elements drawn by ``tree`` once every reference is followed: each
        element counted with its children and what it refers to, memoised so
        that the count costs the size of the file, not of the drawing."""
        ids = {el.get("id"): el for el in tree.iter(etree.Element) if el.get("id")}
        style_refs = [ids[r] for r in _style_references(tree) if r in ids]
        sizes: dict[etree._Element, int] = {}
        open_elements: set[etree._Element] = set()
        stack: list[tuple[etree._Element, bool]] = [(tree, False)]
        limit = SVG_MAX_DRAWN_ELEMENTS
        while stack:
            element, done = stack.pop()
            if done:
                open_elements.discard(element)
                total = 1 + self._external(element, path, chain)
                total += sum(sizes[e] for e in _edges(element, ids, style_refs if element is tree else []))
                sizes[element] = min(total, limit + 1)
                continue
            if element in sizes:
                continue
            open_elements.add(element)
            stack.append((element, True))
            for target in _edges(element, ids, style_refs if element is tree else []):
                if target in open_elements:
                    what = target.get("id") or etree.QName(target).localname
                    raise SvgRefused(f"'{what}' refers to itself")
                if target not in sizes:
                    stack.append((target, False))
        drawn = sizes[tree]
        if drawn > limit:
            raise SvgRefused(f"draws more than {limit:,} elements once its references are followed")
        return drawn

    def _external(self, element: etree._Element, path: Path | None, chain: tuple[Path, ...]) -> int:
        """Elements drawn by another file (or a data: SVG) that ``element`` draws."""
        if etree.QName(element).localname in _LINK_TAGS:
            return 0
        total = 0
        for url in _external_urls(element):
            if url.lower().startswith("data:"):
                data = _data_uri(url)
                if data is not None and is_svg(data):
                    if len(chain) > SVG_MAX_NESTING:
                        raise SvgRefused(f"SVG images nest more than {SVG_MAX_NESTING} deep")
                    nested = (*chain, path) if path is not None else (*chain, self.root)
                    total += self.drawn_tree(self.parse(data, "data: image"), path, nested)
                continue
            target = self.local(url, path)
            if target is not None and target.is_file() and target.suffix.lower() in (".svg", ".svgz"):
                total += self.drawn_file(target, chain)
        return total

    def local(self, url: str, path: Path | None) -> Path | None:
        """The book's file that ``url`` (written in ``path``) names, or ``None``."""
        if path is None:
            return None
        found = resource(url, path.parent, [self.root])  # the one policy (bookpress.sandbox)
        return found.path if found.kind in ("file", "missing") else None


def _check_doctype(data: bytes) -> None:
    """Refuse entities that read files, nest, or grow the file too much."""
    start = data.find(b"<!DOCTYPE")
    if start < 0:
        if b"<!ENTITY" in data:
            raise SvgRefused("declares entities outside a DOCTYPE")
        return
    match = _DOCTYPE.match(data, start)
    if match is None:
        raise SvgRefused("has a DOCTYPE that cannot be read")
    subset = match.group("subset") or b""
    declared = _ENTITY.findall(subset)
    if subset.count(b"<!ENTITY") != len(declared):
        raise SvgRefused("declares entities that cannot be checked")
    growth = 0
    for parameter, name, external, double, single in declared:
        value = double or single
        if parameter or external:
            raise SvgRefused(f"declares an external or parameter entity ('{name.decode(errors='replace')}')")
        if b"&" in value or b"%" in value:
            raise SvgRefused(f"declares entities made of entities ('{name.decode(errors='replace')}')")
        growth += data.count(b"&" + name + b";") * len(value)
    if growth > _EXTRA_ENTITY_GROWTH * len(data) + 100_000:
        raise SvgRefused("its entities would make it many times its size")


def _edges(element: etree._Element, ids: dict, extra: list) -> list[etree._Element]:
    """What ``element`` draws: its children and the elements it refers to."""
    out = [child for child in element if isinstance(child.tag, str)]
    if etree.QName(element).localname in _LINK_TAGS:
        return out + extra
    for key in _HREFS:
        value = (element.get(key) or "").strip()
        if value.startswith("#") and value[1:] in ids:
            out.append(ids[value[1:]])
    for key, value in element.attrib.items():
        if "url(" in value and key not in _HREFS:
            out.extend(ids[m.group(2)[1:]] for m in _URL.finditer(value) if m.group(2)[1:] in ids)
    return out + extra


def _style_references(tree: etree._Element) -> list[str]:
    """Ids that ``<style>`` sheets refer to with ``url(#…)`` (counted once, from the root)."""
    refs: list[str] = []
    for style in tree.iter(f"{{{SVG_NS}}}style", "style"):
        refs.extend(m.group(2)[1:] for m in _URL.finditer(style.text or "") if m.group(2).startswith("#"))
    return refs


def _external_urls(element: etree._Element) -> list[str]:
    urls = [v.strip() for k in _HREFS if (v := element.get(k)) and not v.strip().startswith("#")]
    for key, value in element.attrib.items():
        if "url(" in value and key not in _HREFS:
            urls.extend(m.group(2) for m in _URL.finditer(value) if not m.group(2).startswith("#"))
    return urls


def _data_uri(url: str) -> bytes | None:
    head, _, payload = url.partition(",")
    try:
        return base64.b64decode(payload) if head.endswith(";base64") else unquote(payload).encode()
    except ValueError:
        return None


def _sanitise(
    tree: etree._Element, path: Path | None, checker: _Checker, removed: list[str], depth: int
) -> None:
    for element in list(tree.iter()):
        if not isinstance(element.tag, str):  # comments
            continue
        name = etree.QName(element).localname
        if name == "script":
            _drop(element, removed, "a script")
            continue
        for key in list(element.attrib):
            if key.lower().startswith("on"):
                del element.attrib[key]
                _note(removed, "event attributes")
        if name == "style":
            element.text = _clean_css(element.text or "", removed)
        if "style" in element.attrib:
            element.set("style", _clean_css(element.get("style") or "", removed))
        for key in _HREFS:
            value = (element.get(key) or "").strip()
            if not value or value.startswith("#"):
                continue
            if name in _LINK_TAGS:
                if value.lower().startswith(("http://", "https://", "mailto:")):
                    continue
                del element.attrib[key]
                _note(removed, f"a link to '{value[:60]}'")
                continue
            embedded = _embedded(value, path, checker, removed, depth)
            if embedded is None:
                _drop(element, removed, f"a reference to '{value[:60]}'")
                break
            element.set(key, embedded)


def _embedded(url: str, path: Path | None, checker: _Checker, removed: list[str], depth: int) -> str | None:
    """``url`` as a ``data:`` URI the EPUB can hold, or ``None``."""
    if url.lower().startswith("data:"):
        data = _data_uri(url)
        if data is None or not is_svg(data):
            return url if data is not None else None
        return _svg_uri(data, path, checker, removed, depth)
    target = checker.local(url, path)
    if target is None or not target.is_file():
        return None
    suffix = target.suffix.lower()
    if suffix in _RASTER:
        return f"data:{_RASTER[suffix]};base64," + base64.b64encode(target.read_bytes()).decode("ascii")
    if suffix == ".svg":
        return _svg_uri(target.read_bytes(), target, checker, removed, depth)
    return None


def _svg_uri(data: bytes, path: Path | None, checker: _Checker, removed: list[str], depth: int) -> str | None:
    if depth >= SVG_MAX_NESTING:
        return None
    tree = checker.parse(data, path.name if path is not None else "image")
    _sanitise(tree, path, checker, removed, depth + 1)
    clean = etree.tostring(tree, encoding="UTF-8")
    return "data:image/svg+xml;base64," + base64.b64encode(clean).decode("ascii")


def _clean_css(css: str, removed: list[str]) -> str:
    """No ``@import`` and no ``url()`` but ``#id`` references in SVG styles."""
    if "@import" in css:
        css = _IMPORT.sub("", css)
        _note(removed, "a stylesheet import")

    def keep(match: re.Match[str]) -> str:
        if match.group(2).startswith("#"):
            return match.group(0)
        _note(removed, f"a style reference to '{match.group(2)[:60]}'")
        return "none"

    return _URL.sub(keep, css)


def _drop(element: etree._Element, removed: list[str], what: str) -> None:
    """Remove ``element`` but not the text that follows it."""
    parent = element.getparent()
    if parent is not None:
        if element.tail:
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)
    _note(removed, what)


def _note(removed: list[str], what: str) -> None:
    if what not in removed:
        removed.append(what)
