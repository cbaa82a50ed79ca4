"""The back-of-book index.

Marks in the text: ``[gradient clipping]{.index}`` indexes its own words;
``[clipping]{index="gradient clipping"}`` another term; ``!`` makes a
subentry (``index="optimizer!AdamW"``); ``|see …`` and ``|seealso …`` are
cross-references (``index="LR|see learning rate"``). Terms listed in
``[index] terms`` are marked wherever they occur in running text.

Entries are sorted for people, not code points: accents and case do not
count, and symbols and numbers come first. The index itself is a back-matter
chapter; the writers turn its locators into page numbers (print) or links.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from ..collation import initial
from ..collation import sort_key as collation_key
from ..model import (
    Attr,
    Book,
    Chapter,
    Heading,
    IndexBlock,
    IndexEntry,
    IndexGroup,
    IndexTerm,
    Inline,
    Paragraph,
    SourceRef,
    Span,
    Text,
    plain_text,
    query,
    walk,
)

if TYPE_CHECKING:
    from .context import Context

SYMBOLS = "Symbols & numbers"


def apply(book: Book, ctx: Context) -> Book:
    book = book.map_chapters(lambda ch: _marks(ch, ctx))
    if ctx.config.index_terms:
        book = book.map_chapters(lambda ch: _auto_marks(ch, ctx.config.index_terms))
    book, marks = _number(book)
    if not marks:
        return book
    groups = _groups(marks, book.meta.language)
    chapter = Chapter(
        id=book.free_id("index"),
        title=(Text(ctx.config.index_title),),
        blocks=(IndexBlock(groups, Attr(classes=("index",)), labels=_labels(book)),),
        source=SourceRef(ctx.config.rel(ctx.config.path), 0),
        kind="back",
        role="index",
    )
    return dataclasses.replace(book, back=(*book.back, chapter))


def sort_key(term: str, language: str = "en") -> tuple[int, tuple[int, ...], str]:
    """Symbols and numbers first; then letters as the book's language sorts
    them (accents and case break ties only)."""
    return (0 if not initial(term, language) else 1, collation_key(term, language), term)


def group_letter(term: str, language: str = "en") -> str:
    return initial(term, language) or SYMBOLS


# --- marks -----------------------------------------------------------------------


def parse_index(value: str) -> tuple[tuple[str, ...], str, str]:
    """``"optimizer!AdamW|seealso Adam"`` → (("optimizer", "AdamW"), "", "Adam")."""
    term_part, _, rest = value.partition("|")
    term = tuple(part.strip() for part in term_part.split("!") if part.strip())
    rest = rest.strip()
    see = seealso = ""
    if rest.startswith("seealso"):
        seealso = rest.removeprefix("seealso").strip()
    elif rest.startswith("see"):
        see = rest.removeprefix("see").strip()
    return term, see, seealso


def _marks(ch: Chapter, ctx: Context) -> Chapter:
    """Spans written as index marks become IndexTerm nodes."""

    def visit(node):
        if not isinstance(node, Span) or node.tag != "span":
            return node
        attr = node.attr
        value = attr.get("index")
        if value is None and not attr.has("index"):
            return node
        term, see, seealso = parse_index(value if value is not None else plain_text(node.children))
        see = see or attr.get("see") or ""
        seealso = seealso or attr.get("seealso") or ""
        if not term:
            return node
        return IndexTerm(node.children, term, see, seealso, "", ch.source)

    return walk(ch, visit)


def _auto_marks(ch: Chapter, terms: tuple[str, ...]) -> Chapter:
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")\b", re.I
    )
    canonical = {t.casefold(): t for t in terms}

    def inlines(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Text):
                position = 0
                for m in pattern.finditer(node.text):
                    if m.start() > position:
                        out.append(Text(node.text[position : m.start()]))
                    term = canonical.get(m.group(1).casefold(), m.group(1))
                    out.append(IndexTerm((Text(m.group(1)),), (term,), source=ch.source))
                    position = m.end()
                if position < len(node.text):
                    out.append(Text(node.text[position:]))
            elif isinstance(node, Span) and node.tag in ("span", "em", "strong"):
                out.append(dataclasses.replace(node, children=inlines(node.children)))
            else:
                out.append(node)
        return tuple(out)

    def visit(node):
        if isinstance(node, Paragraph):
            return dataclasses.replace(node, children=inlines(node.children))
        return node

    blocks = tuple(walk(b, visit) if not isinstance(b, Paragraph) else visit(b) for b in ch.blocks)
    return dataclasses.replace(ch, blocks=blocks)


def _number(book: Book) -> tuple[Book, list[tuple[IndexTerm, str]]]:
    """Give every mark an id in reading order; collect (mark, where) pairs."""
    marks: list[tuple[IndexTerm, str]] = []
    used = {ch.id for ch in book.chapters()}

    def chapter(ch: Chapter) -> Chapter:
        def visit(node):
            if not isinstance(node, IndexTerm):
                return node
            ident = f"ix-{len(marks) + 1}"
            while ident in used:
                ident += "x"
            marked = dataclasses.replace(node, id=ident)
            marks.append((marked, ch.id))
            return marked

        return walk(ch, visit)

    return book.map_chapters(chapter), marks


def _labels(book: Book) -> tuple[tuple[str, str], ...]:
    """Where each mark is, for outputs without pages: its section's number, or
    its chapter's number or title."""
    labels: list[tuple[str, str]] = []
    for ch in book.chapters():
        here = ch.number or plain_text(ch.title)
        for node in query(ch):
            if isinstance(node, Heading) and node.number:
                here = node.number
            elif isinstance(node, IndexTerm):
                labels.append((node.id, here))
    return tuple(labels)


# --- the index -----------------------------------------------------------------------


@dataclasses.dataclass
class _Node:
    term: str
    locators: list[str] = dataclasses.field(default_factory=list)
    see: list[str] = dataclasses.field(default_factory=list)
    seealso: list[str] = dataclasses.field(default_factory=list)
    children: dict[str, _Node] = dataclasses.field(default_factory=dict)

    def freeze(self, language: str) -> IndexEntry:
        children = sorted(self.children.values(), key=lambda n: sort_key(n.term, language))
        return IndexEntry(
            self.term,
            tuple(self.locators),
            tuple(dict.fromkeys(self.see)),
            tuple(dict.fromkeys(self.seealso)),
            tuple(c.freeze(language) for c in children),
        )


def _groups(marks: list[tuple[IndexTerm, str]], language: str = "en") -> tuple[IndexGroup, ...]:
    roots: dict[str, _Node] = {}
    for mark, _chapter in marks:
        level = roots
        node: _Node | None = None
        for part in mark.term:
            key = part.casefold()
            node = level.setdefault(key, _Node(part))
            level = node.children
        assert node is not None
        if mark.see:
            node.see.append(mark.see)
        else:
            node.locators.append(mark.id)
        if mark.seealso:
            node.seealso.append(mark.seealso)
    by_letter: dict[str, list[_Node]] = defaultdict(list)
    for node in roots.values():
        by_letter[group_letter(node.term, language)].append(node)
    letters = sorted(by_letter, key=lambda letter: sort_key("" if letter == SYMBOLS else letter, language))
    return tuple(
        IndexGroup(
            letter,
            tuple(
                n.freeze(language)
                for n in sorted(by_letter[letter], key=lambda n: sort_key(n.term, language))
            ),
        )
        for letter in letters
    )
