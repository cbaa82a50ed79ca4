"""Number figures, tables, listings and equations, and resolve references to them.

Numbers are per chapter ("3.1"); in unnumbered front and back matter they
have no chapter part ("1"). ``@fig-x`` becomes "Figure 3.1", ``[-@fig-x]``
"3.1", ``@sec-x`` "Section 3.2" (or "Chapter 3" for a chapter's own title),
``@eq-x`` "Equation (3.2)", ``@lst-x`` "Listing 3.1" — always a link to the
target. A label that names nothing is a warning and shows as "??".
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import (
    Book,
    Chapter,
    Citation,
    CodeBlock,
    CrossRef,
    Div,
    Figure,
    Heading,
    Inline,
    MathBlock,
    Strong,
    Table,
    Text,
    plain_text,
    query,
    walk,
)
from ..vocabulary import listing_caption

if TYPE_CHECKING:
    from .context import Context

PREFIXES = {"fig": "Figure", "tbl": "Table", "lst": "Listing", "eq": "Equation", "sec": "Section"}


def number_label(chapter: str | None, n: int) -> str:
    """The one place that decides how numbered things are numbered."""
    return f"{chapter}.{n}" if chapter else str(n)


def is_crossref_key(key: str) -> bool:
    head = key.replace(":", "-").split("-", 1)
    return len(head) == 2 and head[0] in PREFIXES and bool(head[1])


@dataclass(frozen=True)
class Target:
    kind: str  # "Figure", "Table", "Listing", "Equation", "Section", "Chapter"
    number: str | None
    title: str


def apply(book: Book, ctx: Context) -> Book:
    book = book.map_chapters(_number_chapter)
    targets = _targets(book)
    return book.map_chapters(lambda ch: _resolve_chapter(ch, targets, ctx))


# --- numbering ------------------------------------------------------------------


def _number_chapter(ch: Chapter) -> Chapter:
    counters: Counter[str] = Counter()
    prefix = ch.number

    def next_number(kind: str) -> str:
        counters[kind] += 1
        return number_label(prefix, counters[kind])

    def visit(node):
        if getattr(node, "attr", None) is not None and node.attr.has("unnumbered"):
            return node
        if isinstance(node, Figure) and (node.caption or node.attr.id):
            return _with_id(dataclasses.replace(node, number=next_number("fig")), "figure")
        if isinstance(node, Table) and (node.caption or node.attr.id.startswith("tbl")):
            return _with_id(dataclasses.replace(node, number=next_number("tbl")), "table")
        if isinstance(node, CodeBlock) and (listing_caption(node) or node.attr.id.startswith("lst")):
            return dataclasses.replace(node, number=next_number("lst"))
        if isinstance(node, MathBlock) and node.attr.id:
            return dataclasses.replace(node, number=next_number("eq"))
        return node

    blocks = tuple(visit(walk(b, visit)) for b in ch.blocks)
    return dataclasses.replace(ch, blocks=blocks)


def _with_id(node: Figure | Table, word: str) -> Figure | Table:
    """Numbered figures and tables get an id (for lists of figures) if they have none."""
    if node.attr.id:
        return node
    return dataclasses.replace(node, attr=node.attr.with_id(f"{word}-{node.number}"))


def _targets(book: Book) -> dict[str, Target]:
    targets: dict[str, Target] = {}
    for ch in book.chapters():
        chapter_target = Target(
            "Appendix" if ch.kind == "appendix" else "Chapter", ch.number, plain_text(ch.title)
        )
        targets[ch.id] = chapter_target
        for node in query(ch):
            ident = getattr(getattr(node, "attr", None), "id", "")
            if not ident:
                continue
            if isinstance(node, Figure):
                targets[ident] = Target("Figure", node.number, plain_text(node.caption))
            elif isinstance(node, Table):
                targets[ident] = Target("Table", node.number, plain_text(node.caption))
            elif isinstance(node, CodeBlock):
                targets[ident] = Target("Listing", node.number, listing_caption(node))
            elif isinstance(node, MathBlock):
                targets[ident] = Target("Equation", node.number, node.tex)
            elif isinstance(node, Heading):
                targets[ident] = Target("Section", node.number, plain_text(node.children))
            elif isinstance(node, Div) and node.attr.has("chapter-anchor"):
                targets[ident] = chapter_target
    return targets


# --- references ------------------------------------------------------------------


def _resolve_chapter(ch: Chapter, targets: dict[str, Target], ctx: Context) -> Chapter:
    def visit(node):
        if not isinstance(node, Citation):
            return node
        if not any(is_crossref_key(item.key) for item in node.items):
            return node  # a citation of a work: the citations transform's business
        return _split(node, targets, ctx)

    blocks = tuple(walk(b, visit) for b in ch.blocks)
    notes = tuple(
        dataclasses.replace(n, blocks=tuple(walk(b, visit) for b in n.blocks)) for n in ch.footnotes
    )
    return dataclasses.replace(ch, blocks=blocks, footnotes=notes)


def _split(citation: Citation, targets: dict[str, Target], ctx: Context) -> tuple[Inline, ...]:
    """Cross-reference items become CrossRef nodes; other keys stay a citation."""
    out: list[Inline] = []
    works = []
    page = citation.attr.has("page")
    for item in citation.items:
        if not is_crossref_key(item.key):
            works.append(item)
            continue
        if out:
            out.append(Text("; "))
        ref = CrossRef(item.key, citation.source, item.prefix, item.suffix, item.suppress_author, page)
        out.append(resolve(ref, targets, ctx))
    if works:
        rest = dataclasses.replace(citation, items=tuple(works))
        out.extend([Text("; "), rest] if out else [rest])
    return tuple(out)


def resolve(ref: CrossRef, targets: dict[str, Target], ctx: Context) -> CrossRef:
    target = targets.get(ref.label)
    if target is None:
        where = ref.source
        ctx.diagnostics.warn(
            where.path, where.line, "unresolved-reference", f"unresolved reference @{ref.label}"
        )
        return dataclasses.replace(ref, text=(Strong((Text("??"),)),))
    return dataclasses.replace(ref, target=ref.label, text=(Text(reference_text(target, ref.suppress)),))


def reference_text(target: Target, suppress: bool) -> str:
    if target.number is None:
        return target.title  # an unnumbered section or figure: its title
    number = f"({target.number})" if target.kind == "Equation" else target.number
    return number if suppress else f"{target.kind}\u00a0{number}"
