"""A node's attributes as HTML: id, classes, and the ``key=value`` pairs that are safe to copy."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from ..model import Attr

# A data-* name that is also a well-formed XML attribute name.
_DATA_NAME = re.compile(r"data-[A-Za-z0-9_.-]+")


def attr_html(
    attr: Attr, extra_classes: Iterable[str] = (), *, taken: Iterable[str] = (), **extra: str
) -> str:
    """Attributes as markup: id, class, and ``key=value`` pairs that are safe.

    Each name is written once (the markup must stay well-formed XML): a key
    the author gave twice keeps its first value, and a key named in
    ``taken`` (written by the caller itself, like a link's ``title``) is left out."""
    parts: list[str] = []
    if attr.id:
        parts.append(f' id="{escape(attr.id)}"')
    classes = [*extra_classes, *attr.classes]
    if classes:
        parts.append(f' class="{escape(" ".join(dict.fromkeys(classes)))}"')
    written = {"id", "class", *taken}
    for key, value in extra.items():
        if value:
            name = key.replace("_", "-")
            written.add(name)
            parts.append(f' {name}="{escape(value)}"')
    for key, value in attr.kv:
        if key in written:
            continue
        if key in ("lang", "title", "dir") or _DATA_NAME.fullmatch(key):
            written.add(key)
            parts.append(f' {key}="{escape(value)}"')
    return "".join(parts)
