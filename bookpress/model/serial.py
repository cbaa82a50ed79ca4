"""The model to and from JSON (``bookpress inspect``): every node a dict with its ``type`` first."""

from __future__ import annotations

import dataclasses

from . import base, blocks, book, inlines

_TYPES: dict[str, type] = {
    name: obj
    for module in (base, inlines, blocks, book)
    for name, obj in vars(module).items()
    if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__
}


def to_json(value: object) -> object:
    """A JSON-ready structure; every node is a dict with its ``type`` first."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, object] = {"type": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = to_json(getattr(value, f.name))
        return out
    if isinstance(value, tuple):
        return [to_json(v) for v in value]
    return value


def from_json(value: object) -> object:
    """The inverse of :func:`to_json`."""
    if isinstance(value, dict) and "type" in value:
        cls = _TYPES[value["type"]]
        kwargs = {k: from_json(v) for k, v in value.items() if k != "type"}
        return cls(**kwargs)
    if isinstance(value, list):
        return tuple(from_json(v) for v in value)
    return value
