"""Walking the model: rebuild a tree with a function applied to every node (:func:`walk`),
list every node (:func:`query`), and the plain text of some inlines."""

from __future__ import annotations

import dataclasses
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


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    """The fields of a node type that may hold nodes."""
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(
            f.name for f in dataclasses.fields(kind) if str(f.type) not in _SCALAR_FIELDS
        )
    return names


# walk and query run for every node of the book in most transforms (400k
# calls on a 400-page book): they look field names up in a plain dict, skip
# the call for a node without node fields, copy a sequence only from its first
# change, and query keeps its own stack instead of nested generators.


def walk(node: Node, fn: Callable[[Node], Node]) -> Node:
    """Rebuild ``node`` bottom-up, replacing every descendant ``n`` by ``fn(n)``.

    ``fn`` returns the node unchanged when it is not interested; it may return
    a tuple to splice several nodes in place of one inside a sequence.
    """
    names = _FIELDS.get(node.__class__) or _field_names(node.__class__)
    changes: dict[str, object] | None = None
    for name in names:
        value = getattr(node, name)
        if isinstance(value, tuple):
            if not value or not _is_seq_of_nodes(value):
                continue
            new = _walk_seq(value, fn)
        elif _is_node(value):
            new = fn(walk(value, fn))
        else:
            continue
        if new is not value:
            if changes is None:
                changes = {}
            changes[name] = new
    return dataclasses.replace(node, **changes) if changes else node


def _is_seq_of_nodes(value: tuple) -> bool:
    first = value[0]
    return _is_node(first) or (isinstance(first, tuple) and bool(first) and _is_node(first[0]))


def _walk_seq(seq: tuple, fn: Callable[[Node], Node]) -> tuple:
    out: list | None = None  # made at the first change
    for i, item in enumerate(seq):
        if isinstance(item, tuple):  # e.g. definitions: tuple of block tuples
            new = _walk_seq(item, fn) if item else item
        else:
            names = _FIELDS.get(item.__class__)
            if names is None:
                names = _field_names(item.__class__)
            new = fn(walk(item, fn) if names else item)
            if isinstance(new, tuple):  # spliced in
                if out is None:
                    out = list(seq[:i])
                out.extend(new)
                continue
        if out is not None:
            out.append(new)
        elif new is not item:
            out = list(seq[:i])
            out.append(new)
    return tuple(out) if out is not None else seq


def query(node: Node) -> Iterator[Node]:
    """Every node under ``node`` (itself included), in document order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        names = _FIELDS.get(current.__class__)
        if names is None:
            names = _field_names(current.__class__)
        if not names:
            continue
        children: list = []
        for name in names:
            value = getattr(current, name)
            if isinstance(value, tuple):
                for item in value:
                    if isinstance(item, tuple):
                        children.extend(sub for sub in item if _is_node(sub))
                    elif _is_node(item):
                        children.append(item)
            elif _is_node(value):
                children.append(value)
        children.reverse()
        stack.extend(children)
