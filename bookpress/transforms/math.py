"""Check every formula once, so that ``check`` and both outputs agree.

A formula the converter cannot handle (an unknown command, unbalanced
braces) is a warning with its place; the node keeps the reason in ``error``
and the writers show its LaTeX source in monospace instead.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..limits import MATH_MAX_CHARS, MATH_TOTAL_CHARS
from ..mathtex import MathError, latex_to_mathml, size_problem
from ..model import Book, Math, MathBlock, walk

if TYPE_CHECKING:
    from .context import Context


def apply(book: Book, ctx: Context) -> Book:
    drawn = [0]  # characters of TeX drawn so far (past the book's total: none more)

    def visit(node):
        if not isinstance(node, (Math, MathBlock)):
            return node
        display = isinstance(node, MathBlock) or node.display
        problem = size_problem(node.tex, drawn[0])
        if problem:  # each formula too long; the first past the total only
            if len(node.tex) > MATH_MAX_CHARS or drawn[0] <= MATH_TOTAL_CHARS:
                ctx.diagnostics.warn(node.source.path, node.source.line, "math-too-large", problem)
            if len(node.tex) <= MATH_MAX_CHARS:
                drawn[0] = MATH_TOTAL_CHARS + 1
            return dataclasses.replace(node, error=problem)
        drawn[0] += len(node.tex)
        try:
            latex_to_mathml(node.tex, display)
        except MathError as exc:
            where = node.source
            ctx.diagnostics.warn(where.path, where.line, "math", f"cannot typeset ${node.tex}$: {exc}")
            return dataclasses.replace(node, error=str(exc))
        return node

    return book.map_chapters(lambda ch: walk(ch, visit))
