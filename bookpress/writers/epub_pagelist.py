"""Print page numbers in the EPUB: a ``pagebreak`` marker where each page of the
PDF built in the same run begins, at the same word, and the ``page-list`` nav.

The PDF's pages arrive as :class:`PrintPage`: the page label ("iv", "12"), the
lines of its text with running heads and folios already removed, and the ids
whose named destinations are on it (see :mod:`bookpress.print_pages`). The
EPUB's pages are searched for each page's first text, in order:

- text is compared as letters only, NFKC- and case-folded, so a word
  hyphenated at a line end, a ligature, small capitals, curly quotes or
  numbers that differ (page numbers in print, section numbers here) do not
  matter;
- formulas (MathML here, drawn pictures in print), inline SVG, scripts and
  footnotes (at the end of the chapter here, at the foot of the page in
  print) are left out of the search;
- a page is searched for from just after the previous page's place, and not
  beyond the place of the first id the PDF shows on a later page; if its
  first line is not found (a table header repeated at the top of the page,
  generated text), the next lines are tried;
- a page with no text (a blank verso, a page holding only a picture), or
  whose text is not in the EPUB (the printed contents, a list of figures),
  gets its marker just before the next page's, so the markers stay in order
  and every page has one.

A marker goes before the word the page starts with: a word hyphenated across
two pages is marked at its beginning, on the earlier page's number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import escape, unescape

# A page's text is looked for by its first characters (letters and digits),
# longest first; shorter keys only when longer ones fail.
KEY_SIZES = (48, 24, 12)
MIN_KEY = 8
MIN_WHOLE = 4  # a page whose whole text is this short is still searched for
LINES_TRIED = 4


@dataclass(frozen=True)
class PrintPage:
    """One page of the print PDF, as the EPUB needs it."""

    label: str  # the page label as printed ("iv", "12")
    lines: tuple[str, ...]  # its text, running heads and folios removed
    anchors: tuple[str, ...] = ()  # ids whose named destination is on this page


@dataclass(frozen=True)
class PageBreak:
    label: str
    id: str  # the marker's id in its file
    doc: int  # index of the document that holds it
    found: bool  # placed at the page's first text (not only kept in order)


@dataclass
class _Index:
    """The searchable text of a run of XHTML documents: normalised characters,
    each with the document and raw offset it came from, and where ids are."""

    text: str
    docs: list[int]
    offsets: list[int]
    ids: dict[str, int]  # id → position in ``text`` of the element's start


_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[^>]*>|[^<]+", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:.-]*)")
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")
_SKIPPED = {"math", "svg", "script", "style", "head", "title"}
_FOOTNOTES = re.compile(r"""epub:type\s*=\s*["'][^"']*\bfootnotes?\b|class\s*=\s*["']footnotes\b""")
_kept_cache: dict[str, bool] = {}


def _kept(char: str) -> bool:
    kept = _kept_cache.get(char)
    if kept is None:
        kept = _kept_cache[char] = unicodedata.category(char)[0] in "LMN"
    return kept


def normalise(text: str) -> str:
    """Letters, marks and digits of ``text``, NFKC- and case-folded."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if _kept(c))


def letters(text: str) -> str:
    """Letters and marks of ``text``, NFKC- and case-folded: what pages are
    searched by. Digits are left out because print and EPUB number things
    differently where it does not matter here (index locators are pages in
    print and sections here; a cross-reference says "on page 12" in print)."""
    return "".join(c for c in normalise(text) if not c.isdigit())


def _index(docs: list[str]) -> _Index:
    text: list[str] = []
    where_doc: list[int] = []
    where_at: list[int] = []
    ids: dict[str, int] = {}
    for number, doc in enumerate(docs):
        skipping: str | None = None
        depth = 0
        for match in _TOKEN.finditer(doc):
            token = match.group()
            if token.startswith("<"):
                tag = _TAG.match(token)
                if tag is None:
                    continue
                closing, name = tag.group(1) == "/", tag.group(2).lower()
                self_closing = token.endswith("/>")
                if skipping is not None:
                    if name == skipping and not self_closing:
                        depth += -1 if closing else 1
                        if depth == 0:
                            skipping = None
                    continue
                if closing:
                    continue
                found = _ID.search(token)
                if found:
                    ids.setdefault(found.group(1) or found.group(2) or "", len(text))
                if not self_closing and (name in _SKIPPED or _FOOTNOTES.search(token)):
                    skipping, depth = name, 1
                continue
            if skipping is not None:
                continue
            start = match.start()
            if token.isascii() and "&" not in token:  # most text: a fast path, same result
                for letter in _ASCII_LETTER.finditer(token):
                    text.append(letter.group().lower())
                    where_doc.append(number)
                    where_at.append(start + letter.start())
                continue
            for raw, at in _pieces(token):
                for char in _letters_of(raw):
                    text.append(char)
                    where_doc.append(number)
                    where_at.append(start + at)
    return _Index("".join(text), where_doc, where_at, ids)


_ASCII_LETTER = re.compile(r"[A-Za-z]")
_letters_cache: dict[str, str] = {}


def _letters_of(piece: str) -> str:
    """The letters of one character or entity, cached (a book repeats its characters)."""
    found = _letters_cache.get(piece)
    if found is None:
        found = letters(unescape(piece) if piece.startswith("&") else piece)
        if len(_letters_cache) < 100_000:
            _letters_cache[piece] = found
    return found


def _pieces(token: str) -> list[tuple[str, int]]:
    """The characters and entities of a text token with their offsets."""
    if "&" not in token:
        return [(c, i) for i, c in enumerate(token)]
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(token):
        if token[i] == "&":
            entity = _ENTITY.match(token, i)
            if entity:
                out.append((entity.group(), i))
                i = entity.end()
                continue
        out.append((token[i], i))
        i += 1
    return out


def _keys(lines: tuple[str, ...]) -> list[tuple[str, str]]:
    """Search keys for a page, each with the line it starts at: from its first
    line, then from each next line. A page with little text (a part's title
    page) is searched by all of it."""
    keys: list[tuple[str, str]] = []
    for k in range(min(LINES_TRIED, len(lines))):
        tail = letters("".join(lines[k : k + 12]))
        for size in KEY_SIZES:
            key = tail[:size]
            whole = k == 0 and len(key) == len(tail) and len(key) >= MIN_WHOLE
            if (len(key) >= min(size, MIN_KEY) or whole) and (lines[k], key) not in keys:
                keys.append((lines[k], key))
    return keys


def locate(pages: list[PrintPage], docs: list[str]) -> list[tuple[int, int] | None]:
    """For each page, (document, raw offset) of the start of its first word in
    ``docs``, or None where its text was not found."""
    index = _index(docs)
    # The first id on a later page bounds where a page's text can be.
    bounds = [len(index.text)] * (len(pages) + 1)
    for n in range(len(pages) - 1, -1, -1):
        here = [index.ids[a] for a in pages[n].anchors if a in index.ids]
        bounds[n] = min([bounds[n + 1], *here])
    found: list[tuple[int, int] | None] = []
    position = 0
    for n, page in enumerate(pages):
        upper = bounds[n + 1]
        hit = _search(index.text, page, position, upper)
        if hit is None:
            found.append(None)
            continue
        at, line = hit
        position = at + 1
        doc, raw = index.docs[at], index.offsets[at]
        found.append((doc, _text_start(docs[doc], raw, _lead_digits(line))))
    return found


_INLINE = {"a", "abbr", "b", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "samp", "small", "span"}
_INLINE |= {"strong", "sub", "sup", "u", "var", "del", "ins", "dfn", "bdi", "bdo", "time"}
_TAG_START = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:.-]*)")


def _search(text: str, page: PrintPage, start: int, upper: int) -> tuple[int, str] | None:
    """Where in ``text`` (from ``start``, beginning before ``upper``) the page's
    text is, and the line of the page found there."""
    for line, key in _keys(page.lines):
        at = text.find(key, start, max(start, upper) + len(key))
        if at >= 0:
            return at, line
    return None


def _text_start(doc: str, at: int, lead_digits: int) -> int:
    """Where the page's text begins, from the offset of its first letter: the
    start of that word; or, when the page's first line begins with numbers (a
    section number, a year), the start of those numbers in an element of their
    own, or of the block they begin ("<h2><span>2.2</span> With pip")."""
    while at > 0 and _in_word(doc[at - 1]) and _in_word(doc[at]):
        at -= 1
    best, digits, pos = at, 0, at
    while pos > 0:
        char = doc[pos - 1]
        if char == ">":
            start = doc.rfind("<", 0, pos - 1)
            tag = _TAG_START.match(doc, start) if start >= 0 else None
            if tag is None or doc[pos - 2] == "/":
                break  # not a tag we know, or an image, a line break: not crossed
            closing, name = tag.group(1) == "/", tag.group(2).lower()
            if name not in _INLINE:
                if not closing and digits == lead_digits:
                    best = pos  # just inside the block the page's text starts
                break
            if not closing and digits == lead_digits:
                best = start
            pos = start
            continue
        if char == ";" and "&" in doc[max(0, pos - 10) : pos]:
            pos = doc.rindex("&", 0, pos)
            continue
        if char.isalpha():
            break
        if char.isdigit():
            digits += 1
            if digits > lead_digits:
                break
        pos -= 1
    return best


def _in_word(char: str) -> bool:
    """A letter of a word written between spaces: Chinese and Japanese are not,
    and a page of theirs can begin at any character."""
    return char.isalpha() and unicodedata.east_asian_width(char) not in ("W", "F")


def _lead_digits(line: str) -> int:
    count = 0
    for char in line:
        if char.isalpha():
            break
        count += char.isdigit()
    return count


def marker(label: str, ident: str) -> str:
    label = escape(label)
    return f'<span epub:type="pagebreak" role="doc-pagebreak" id="{escape(ident)}" aria-label="{label}"/>'


def insert_page_breaks(
    pages: list[PrintPage], docs: list[str], taken_ids: set[str] | frozenset[str] = frozenset()
) -> tuple[list[str], list[PageBreak]]:
    """``docs`` with a marker where each page begins, and the markers in page order.
    Ids are ``page-<label>``, unless the book already uses that id."""
    places = locate(pages, docs)
    # Pages not found go just before the next found page (after the last one at the end).
    resolved: list[tuple[int, int]] = []
    following: tuple[int, int] | None = None
    for place in reversed(places):
        if place is not None:
            following = place
        resolved.append(following if following is not None else (-1, -1))
    resolved.reverse()
    last = next((p for p in reversed(places) if p is not None), None)
    if last is None:  # nothing found: every marker at the start of the first document
        last = (0, 0)
    resolved = [p if p != (-1, -1) else last for p in resolved]

    breaks: list[PageBreak] = []
    inserts: dict[int, list[tuple[int, int, str]]] = {}
    used: set[str] = set(taken_ids)
    for n, (page, (doc, at)) in enumerate(zip(pages, resolved, strict=True)):
        ident = _unique(f"page-{_id_part(page.label)}", used)
        breaks.append(PageBreak(page.label, ident, doc, places[n] is not None))
        inserts.setdefault(doc, []).append((at, n, marker(page.label, ident)))
    out = list(docs)
    for doc, items in inserts.items():
        text = out[doc]
        pieces = []
        cursor = 0
        for at, _, span in sorted(items):
            pieces.append(text[cursor:at])
            pieces.append(span)
            cursor = at
        pieces.append(text[cursor:])
        out[doc] = "".join(pieces)
    return out, breaks


def _id_part(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", label) or "x"


def _unique(ident: str, used: set[str]) -> str:
    candidate, n = ident, 2
    while candidate in used:
        candidate, n = f"{ident}-{n}", n + 1
    used.add(candidate)
    return candidate


def page_list_nav(breaks: list[PageBreak], hrefs: list[str]) -> str:
    """The ``page-list`` nav; ``hrefs[doc]`` is each document's path from the nav."""
    items = "\n".join(
        f'<li><a href="{escape(hrefs[b.doc])}#{escape(b.id)}">{escape(b.label)}</a></li>' for b in breaks
    )
    return (
        '<nav epub:type="page-list" id="page-list" role="doc-pagelist" hidden="hidden">\n'
        f"<h2>Pages</h2>\n<ol>\n{items}\n</ol>\n</nav>"
    )
