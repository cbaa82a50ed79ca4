"""A node's attributes as HTML: id, classes, and the ``key=value`` pairs that are safe to copy."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..model import Attr


def attr_html(attr: Attr, extra_classes: Iterable[str] = (), **extra: str) -> str:
    """Attributes as markup: id, class, and ``key=value`` pairs that are safe."""
    parts: list[str] = []
    if attr.id:
        parts.append(f' id="{escape(attr.id)}"')
    classes = [*extra_classes, *attr.classes]
    if classes:
        parts.append(f' class="{escape(" ".join(dict.fromkeys(classes)))}"')
    for key, value in extra.items():
        if value:
            parts.append(f' {key.replace("_", "-")}="{escape(value)}"')
    for key, value in attr.kv:
        if key in ("lang", "title", "dir") or key.startswith("data-"):
            parts.append(f' {key}="{escape(value)}"')
    return "".join(parts)
