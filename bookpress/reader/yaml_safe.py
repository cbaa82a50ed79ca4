"""YAML front matter read without letting it grow: aliases are followed only
while the document, with every alias expanded, stays under
:data:`~bookpress.limits.YAML_MAX_NODES` nodes.

PyYAML's ``safe_load`` builds an alias as a shared reference, so the bomb
itself is small in memory; the cost comes later, when anything walks or
prints the value (``str()`` of nine lists of nine aliases of … is gigabytes).
Anchors and aliases that stay small (``<<: *defaults``) keep working.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from ..limits import YAML_MAX_NODES


class YamlTooLarge(ValueError):
    """The document is over the node budget, refers to itself, or nests too deep."""


def load_yaml(text: str, max_nodes: int = YAML_MAX_NODES) -> Any:
    """The value of the one YAML document in ``text`` (``None`` when empty).

    Raises :class:`yaml.YAMLError` for a syntax error and :class:`YamlTooLarge`
    for a document that would expand beyond ``max_nodes``."""
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise YamlTooLarge("nested too deeply") from None
        if node is None:
            return None
        expanded = expanded_size(node, max_nodes)
        if expanded > max_nodes:
            raise YamlTooLarge(
                f"more than {max_nodes:,} values once its aliases are expanded (anchors '&' and aliases '*')"
            )
        try:
            return loader.construct_document(node)
        except RecursionError:
            raise YamlTooLarge("nested too deeply") from None
    finally:
        loader.dispose()


def expanded_size(root: Node, limit: int) -> int:
    """Nodes in the tree under ``root`` with every alias expanded, counted up to
    just past ``limit``. Aliased nodes are shared objects in the composed
    graph: each is sized once (memoised), so the count costs the size of the
    document, not of its expansion. A node that contains itself (``&a [*a]``)
    is infinite."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    # Iterative post-order walk: (node, children pushed yet?)
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        key = id(node)
        if expanded:
            open_nodes.discard(key)
            sizes[key] = min(limit + 1, 1 + sum(sizes[id(child)] for child in _children(node)))
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlTooLarge("refers to itself through an alias")
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise YamlTooLarge("refers to itself through an alias")
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []
