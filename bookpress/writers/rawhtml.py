"""Raw HTML written by authors, made safe and well-formed.

Both outputs get the same treatment: active content (scripts, styles,
frames, event handlers) is dropped, and the rest is re-serialised as XML so
that it is valid inside an XHTML file as well as inside WeasyPrint's HTML.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from ..htmlspec import DROPPED_ELEMENTS, is_unsafe_url, xml_safe

_XHTML_ATTRS = frozenset(
    {
        "id",
        "class",
        "title",
        "lang",
        "dir",
        "href",
        "src",
        "alt",
        "width",
        "height",
        "colspan",
        "rowspan",
        "align",
        "start",
        "type",
        "reversed",
        "datetime",
        "cite",
        "open",
        "span",
        "scope",
        "headers",
        "role",
        "style",
    }
)


def sanitize(fragment: str) -> tuple[str, list[str]]:
    """``fragment`` as well-formed, inert XHTML, plus what was removed."""
    removed: list[str] = []
    try:
        nodes = lxml_html.fragments_fromstring(fragment)
    except (etree.ParserError, ValueError):
        return _escape(fragment), removed
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(_escape(node))
            continue
        if not isinstance(node.tag, str):  # comments, processing instructions
            out.append(_escape(node.tail or ""))
            continue
        _clean(node, removed)
        if node.tag in DROPPED_ELEMENTS:
            removed.append(f"<{node.tag}>")
            out.append(_escape(node.tail or ""))
            continue
        out.append(xml_safe(etree.tostring(node, method="xml", encoding="unicode", with_tail=True)))
    return "".join(out), removed


def _clean(element: etree._Element, removed: list[str]) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or child.tag in DROPPED_ELEMENTS:
            if isinstance(child.tag, str):
                removed.append(f"<{child.tag}>")
            _drop_keep_tail(child)
            continue
        _clean(child, removed)
    for name in list(element.attrib):
        lowered = name.lower()
        value = element.attrib[name]
        if lowered.startswith("on") or (
            lowered not in _XHTML_ATTRS and not lowered.startswith(("data-", "aria-"))
        ):
            if lowered.startswith("on"):
                removed.append(f"{name}=")
            del element.attrib[name]
        elif lowered in ("href", "src") and is_unsafe_url(value):
            removed.append(f"{name}=javascript:")
            del element.attrib[name]


def _drop_keep_tail(element: etree._Element) -> None:
    parent = element.getparent()
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    elif parent is not None:
        parent.text = (parent.text or "") + tail
    if parent is not None:
        parent.remove(element)


def _escape(text: str) -> str:
    return xml_safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
