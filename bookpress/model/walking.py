"""Walking the model: rebuild a tree with a function applied to every node (:func:`walk`),
list every node (:func:`query`), and the plain text of some inlines."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator
from typing import Any

from .base import Attr, SourceRef

Node = Any


_NODE_TYPES: dict[type, bool] = {}


def _is_node(value: object) -> bool:
    # Looked up by type: walking a 400-page book asks this a million times.
    kind = type(value)
    known = _NODE_TYPES.get(kind)
    if known is None:
        known = _NODE_TYPES[kind] = dataclasses.is_dataclass(kind) and kind not in (SourceRef, Attr)
    return known


# Field annotations that never hold a node: walking skips those fields.
_SCALAR_FIELDS = frozenset(
    {"str", "str | None", "int", "int | None", "bool", "bool | None", "Attr", "SourceRef", "tuple[str, ...]"}
    | {"tuple[tuple[str, str], ...]", "tuple[tuple[str, str, str], ...]"}
)


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    """The fields of a node type that may hold nodes."""
    return tuple(f.name for f in dataclasses.fields(kind) if str(f.type) not in _SCALAR_FIELDS)


def walk(node: Node, fn: Callable[[Node], Node]) -> Node:
    """Rebuild ``node`` bottom-up, replacing every descendant ``n`` by ``fn(n)``.

    ``fn`` returns the node unchanged when it is not interested; it may return
    a tuple to splice several nodes in place of one inside a sequence.
    """
    changes: dict[str, object] = {}
    for name in _field_names(node.__class__):
        value = getattr(node, name)
        if isinstance(value, tuple) and value and _is_seq_of_nodes(value):
            new = _walk_seq(value, fn)
            if new is not value:
                changes[name] = new
        elif _is_node(value):
            new_child = fn(walk(value, fn))
            if new_child is not value:
                changes[name] = new_child
    return dataclasses.replace(node, **changes) if changes else node


def _is_seq_of_nodes(value: tuple) -> bool:
    first = value[0]
    return _is_node(first) or (isinstance(first, tuple) and bool(first) and _is_node(first[0]))


def _walk_seq(seq: tuple, fn: Callable[[Node], Node]) -> tuple:
    out: list = []
    changed = False
    for item in seq:
        if isinstance(item, tuple):  # e.g. definitions: tuple of block tuples
            new = _walk_seq(item, fn) if item else item
            out.append(new)
            changed |= new is not item
            continue
        new = fn(walk(item, fn))
        if isinstance(new, tuple):
            out.extend(new)
            changed = True
        else:
            out.append(new)
            changed |= new is not item
    return tuple(out) if changed else seq


def query(node: Node) -> Iterator[Node]:
    """Every node under ``node`` (itself included), in document order."""
    yield node
    for name in _field_names(node.__class__):
        value = getattr(node, name)
        if isinstance(value, tuple):
            for item in value:
                if isinstance(item, tuple):
                    for sub in item:
                        if _is_node(sub):
                            yield from query(sub)
                elif _is_node(item):
                    yield from query(item)
        elif _is_node(value):
            yield from query(value)
