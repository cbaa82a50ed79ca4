"""Book metadata from a chapter's YAML front matter (MDX articles carry theirs).

``title``, ``subtitle``, ``description``, ``authors`` (strings or ``{name,
url}`` objects; also ``author``), ``published``/``date``, ``license``/
``licence`` and ``language``/``lang`` fill what book.toml leaves empty;
book.toml always wins. ``bibliography`` adds to the book's bibliography files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from ..model import Author, Meta


def front_matter_meta(meta: Meta, matter: dict[str, Any]) -> Meta:
    if not matter:
        return meta
    changes: dict[str, Any] = {}
    for field, keys in (
        ("title", ("title",)),
        ("subtitle", ("subtitle",)),
        ("description", ("description", "summary")),
        ("date", ("published", "date")),
        ("license", ("license", "licence")),
    ):
        value = next((matter[k] for k in keys if matter.get(k)), None)
        if value and not getattr(meta, field):
            changes[field] = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    language = matter.get("language") or matter.get("lang")
    if isinstance(language, str) and language and meta.language == "en" and language != "en":
        changes["language"] = language
    bibliography = matter.get("bibliography")
    if isinstance(bibliography, str):
        bibliography = [bibliography]
    if isinstance(bibliography, list) and all(isinstance(b, str) for b in bibliography):
        changes["bibliography"] = tuple(dict.fromkeys((*meta.bibliography, *bibliography)))
    if not meta.authors:
        authors = _authors(matter.get("authors", matter.get("author")))
        if authors:
            changes["authors"] = authors
    return dataclasses.replace(meta, **changes) if changes else meta


def _authors(value: Any) -> tuple[Author, ...]:
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        return ()
    out: list[Author] = []
    for item in value:
        if isinstance(item, str) and item.strip():
            out.append(Author(item.strip()))
        elif isinstance(item, dict) and item.get("name"):
            out.append(Author(str(item["name"]), str(item.get("url", "") or "")))
    return tuple(out)
