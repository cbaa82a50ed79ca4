"""Where the list of references goes when the author already made a place for it.

Authors who cite often write the heading themselves — a ``references.md``
chapter, a ``## References`` at the end of an article, "Literatur" or
"参考文献" in their own language — and expect the generated list under it.
Adding a second "References" chapter after it would print the heading twice
(once empty). So the list goes where the author put the heading: the
author chose its place (before the appendices, after the acknowledgements),
its wording and its id (links to it keep working). Whatever the author wrote
under the heading (a sentence, a note on the style) stays, and the list
follows it.

The places, in order of precedence:

1. a div with id ``refs`` (Pandoc's convention: ``::: {#refs}``) — the list
   goes inside it;
2. a chapter whose title names a list of references — the list ends it;
3. a section heading that does and closes its chapter (no later heading of
   its level or above: a "References" in the middle of a chapter is about
   something else) — the list ends its section.

When there are several, the last one in reading order wins (the end of the
book is where a reader looks).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterator

from ..model import Block, Book, Chapter, Div, Heading, plain_text, walk

# Titles of a list of references, compared after case folding, with
# numbering and a trailing colon removed. Exact titles only: "Further
# reading" or "Sources" are the author's own lists, not a bibliography, and
# a singular "Reference" is reference documentation ("API Reference").
REFERENCE_TITLES = frozenset(
    {
        # English
        "references",
        "reference list",
        "list of references",
        "bibliography",
        "selected bibliography",
        "works cited",
        "literature cited",
        "cited literature",
        "cited works",
        # German
        "literatur",
        "literaturverzeichnis",
        "quellen",
        "quellenverzeichnis",
        "referenzen",
        "bibliographie",
        "bibliografie",
        # French
        "références",
        "références bibliographiques",
        "ouvrages cités",
        # Spanish, Portuguese, Italian, Catalan
        "referencias",
        "referencias bibliográficas",
        "bibliografía",
        "obras citadas",
        "referências",
        "referências bibliográficas",
        "bibliografia",
        "riferimenti",
        "riferimenti bibliografici",
        "referències",
        # Dutch, Scandinavian, Finnish
        "referenties",
        "literatuur",
        "literatuurlijst",
        "referenser",
        "litteratur",
        "litteraturförteckning",
        "källor",
        "referencer",
        "referanser",
        "litteraturliste",
        "kilder",
        "bibliografi",
        "lähteet",
        "lähdeluettelo",
        "kirjallisuus",
        # Central and Eastern European
        "literatura",
        "źródła",
        "použitá literatura",
        "seznam literatury",
        "irodalom",
        "irodalomjegyzék",
        "список литературы",
        "литература",
        "библиография",
        "источники",
        "список використаних джерел",
        "література",
        "бібліографія",
        "джерела",
        # Greek, Turkish
        "βιβλιογραφία",
        "αναφορές",
        "kaynaklar",
        "kaynakça",
        # Asian languages
        "参考文献",
        "參考文獻",
        "参考资料",
        "參考資料",
        "引用文献",
        "참고문헌",
        "참고 문헌",
        "tài liệu tham khảo",
        "daftar pustaka",
        "referensi",
        "संदर्भ",
        "संदर्भ सूची",
        "ग्रंथसूची",
        # Arabic, Hebrew, Persian
        "المراجع",
        "مراجع",
        "المصادر والمراجع",
        "ביבליוגרפיה",
        "מקורות",
        "منابع",
    }
)

_Finder = Callable[[Chapter, str], bool]
_NUMBERING = re.compile(r"^(?:[0-9]+|[ivxlcdm]+|[a-z])(?:[.)][0-9]*)*[.):]?\s+", re.I)


def is_references_title(text: str, configured: str = "References") -> bool:
    """Whether a heading's text names a list of references ("References",
    "7. Bibliography", "Works Cited:", "参考文献", the book's own
    ``bibliography-title``)."""
    normal = _normal(text)
    return bool(normal) and (normal in REFERENCE_TITLES or normal == _normal(configured))


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFC", " ".join(text.split())).strip()
    text = _NUMBERING.sub("", text).rstrip(":：.").strip()
    return text.casefold()


def place_in_book(book: Book, listing: Div, configured: str) -> Book | None:
    """``book`` with ``listing`` under the author's own references heading, or
    ``None`` when the author made no place for it."""
    chapters = list(book.chapters())
    for find in (_refs_div_chapter, _titled_chapter, _heading_chapter):
        found = [ch for ch in chapters if find(ch, configured)]
        if found:
            return _swap(book, found[-1], _merge(found[-1], listing, configured, find))
    return None


def _swap(book: Book, old: Chapter, new: Chapter) -> Book:
    """``book`` with the chapter ``old`` replaced by ``new``."""
    return book.map_chapters(lambda ch: new if ch is old else ch)


def place_in_chapter(ch: Chapter, listing: Div, configured: str) -> Chapter | None:
    """``ch`` with its own list of references in the place the author made for
    it (a ``#refs`` div or a references heading), or ``None``."""
    for find in (_refs_div_chapter, _heading_chapter):
        if find(ch, configured):
            return _merge(ch, listing, configured, find)
    return None


def _refs_div_chapter(ch: Chapter, configured: str) -> bool:
    return any(_is_refs_div(block) for block in _all_blocks(ch.blocks))


def _titled_chapter(ch: Chapter, configured: str) -> bool:
    return is_references_title(plain_text(ch.title), configured)


def _heading_chapter(ch: Chapter, configured: str) -> bool:
    return _closing_heading(ch.blocks, configured) is not None


def _closing_heading(blocks: tuple[Block, ...], configured: str) -> Heading | None:
    """The references heading that opens the last section of its level."""
    found: Heading | None = None
    for block in _all_blocks(blocks):
        if not isinstance(block, Heading):
            continue
        if _is_references_heading(block, configured):
            found = block
        elif found is not None and block.level <= found.level:
            found = None
    return found


def _is_references_heading(block: object, configured: str) -> bool:
    return isinstance(block, Heading) and is_references_title(plain_text(block.children), configured)


def _merge(ch: Chapter, listing: Div, configured: str, how: _Finder) -> Chapter:
    if how is _refs_div_chapter:
        return _into_refs_div(ch, listing)
    if how is _titled_chapter:
        return dataclasses.replace(ch, blocks=(*ch.blocks, listing), role="bibliography")
    heading = _closing_heading(ch.blocks, configured)
    assert heading is not None
    return dataclasses.replace(ch, blocks=_after_heading(ch.blocks, heading, listing))


def _into_refs_div(ch: Chapter, listing: Div) -> Chapter:
    done = False

    def visit(node):
        nonlocal done
        if not done and _is_refs_div(node):
            done = True
            return dataclasses.replace(node, blocks=(*node.blocks, listing))
        return node

    return dataclasses.replace(ch, blocks=tuple(visit(walk(b, visit)) for b in ch.blocks))


def _is_refs_div(block: object) -> bool:
    return isinstance(block, Div) and block.attr.id == "refs"


def _after_heading(blocks: tuple[Block, ...], heading: Heading, listing: Div) -> tuple[Block, ...]:
    """``blocks`` with ``listing`` at the end of the section ``heading`` opens
    (the heading may sit in a merged sub-chapter or a fenced div)."""
    for i, block in enumerate(blocks):
        if block is heading:
            end = next(
                (
                    j
                    for j, later in enumerate(blocks[i + 1 :], start=i + 1)
                    if isinstance(later, Heading) and later.level <= heading.level
                ),
                len(blocks),
            )
            return (*blocks[:end], listing, *blocks[end:])
        if isinstance(block, Div) and any(b is heading for b in _all_blocks(block.blocks)):
            inner = _after_heading(block.blocks, heading, listing)
            return (*blocks[:i], dataclasses.replace(block, blocks=inner), *blocks[i + 1 :])
    return blocks


def _all_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Blocks at the top of a chapter and inside its divs (sub-chapters,
    fenced divs), in reading order."""
    for block in blocks:
        yield block
        if isinstance(block, Div):
            yield from _all_blocks(block.blocks)
