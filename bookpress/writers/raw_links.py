"""Links in raw HTML the author wrote, made fit for the output.

Raw HTML blocks never become model nodes, so the links and urls transforms
do not see them. Here, on the sanitised fragment: an ``<a>`` inside another
``<a>`` gives up its element and keeps its content (HTML forbids the
nesting), and each ``href`` goes through the writer's ``href`` function,
which returns the target to write or ``None`` to keep the text without a
link.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree


def repair_links(fragment: str, href: Callable[[str], str | None]) -> tuple[str, list[str]]:
    """``fragment`` (well-formed, from :func:`rawhtml.sanitize`) with its links
    repaired, and the targets that were dropped."""
    if "<a" not in fragment:
        return fragment, []
    try:
        root = etree.fromstring(f"<div>{fragment}</div>")
    except etree.XMLSyntaxError:
        return fragment, []
    dropped: list[str] = []
    for anchor in list(root.iter("a")):
        if any(parent.tag == "a" for parent in anchor.iterancestors()):
            if anchor.get("href"):
                dropped.append(anchor.get("href", ""))
            _unwrap(anchor)
            continue
        target = anchor.get("href")
        if target is None:
            continue
        fixed = href(target)
        if fixed is None:
            dropped.append(target)
            del anchor.attrib["href"]
        elif fixed != target:
            anchor.set("href", fixed)
    text = etree.tostring(root, encoding="unicode")
    return text[len("<div>") : -len("</div>")] if text != "<div/>" else "", dropped


def _unwrap(element: etree._Element) -> None:
    """Replace ``element`` by its text and children, keeping its tail."""
    parent = element.getparent()
    assert parent is not None
    index = parent.index(element)
    previous = element.getprevious()
    lead = element.text or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + lead
    else:
        parent.text = (parent.text or "") + lead
    children = list(element)
    tail = element.tail or ""
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
