"""Helpers for markdown-it's flat token stream, shared by the chapter finder
(``SUMMARY.md``) and the reader."""

from __future__ import annotations

from markdown_it.token import Token


def matching_close(tokens: list[Token], start: int) -> int:
    """The index of the token that closes ``tokens[start]`` (an ``*_open``
    token): where the nesting opened at ``start`` returns to zero. An opening
    token that is never closed runs to the end: the last index."""
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1
