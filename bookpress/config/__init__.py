"""Read and validate ``book.toml``.

The ``[book]`` table follows mdBook, so an mdBook project builds unchanged;
bookpress's own options live under ``[output.pdf]``, ``[output.epub]`` and
a few tables of their own. Unknown keys are warnings that name the key and
its line; wrong types are errors; tables meant for other tools are noted
and ignored.

The schema is described once, as data, in :mod:`.schema`: one row per key
(table, key, kind, default, allowed values or range, one-line meaning).
:mod:`.walk` reads a table by walking its rows; :mod:`.reference` writes the
handbook's configuration reference from them (``python -m
bookpress.config.reference`` rewrites it, ``--check`` says whether it is
current; a test runs the check).

Modules: ``schema`` (the rows), ``walk`` (check and convert one table),
``values`` (lengths, trim sizes, memory sizes), ``cover`` (``[cover]``), ``toml_lines`` (the line of
a key), ``options`` (the dataclasses), ``meta`` (metadata made safe and
complete), ``loader`` (``load_config``: the tables in order, and what no row
can say: files inside the book, themes, margins that fit the page),
``reference`` (the handbook's tables).

Adding a table, say ``[print-shop]``:

1. In ``schema.py`` add ``Table("print-shop", "one line")`` to ``TABLES`` and
   one ``Key("print-shop", "paper", CHOICE, "white", "one line", allowed=…)``
   per key to ``KEYS``. The kind decides the check and the conversion (a
   LENGTH is checked as a CSS length, a CHOICE against ``allowed``, an
   INTEGER, NUMBER or INCHES against ``low``/``high``); ``message`` and
   ``code`` give a refused value its own diagnostic.
2. In ``options.py`` add a frozen dataclass whose fields are the keys with
   ``_`` for ``-``, defaults taken with ``default("print-shop", "paper")``;
   add it to ``OPTION_TABLES`` (``"print-shop": ("print_shop", PrintShop)``)
   and a field ``print_shop: PrintShop = field(default_factory=PrintShop)``
   to :class:`Config`. The loader fills it; unknown keys are warned.
   (``[cover]`` is the example of a table whose dataclass holds more than its
   keys: ``cover.py`` builds it from the checked values.)
3. Checks no row can say (a file inside the book, a value that depends on
   another table) go in ``loader.py`` after the table is read.
4. Run ``python -m bookpress.config.reference`` to add the table to the
   handbook, and describe it in prose in ``book-toml.md``.
"""

from __future__ import annotations

from .cover import CoverOptions
from .loader import CONFIG_NAME, load_config
from .meta import check_meta, finish_meta
from .options import Config, EmbedOptions, EpubOptions, PdfOptions
from .schema import COMPONENT_KINDS, PDF_VARIANTS, PROFILES
from .toml_lines import key_line
from .values import (
    BLEED_MAX_IN,
    TEXT_BLOCK_MIN_IN,
    TRIM_MAX_IN,
    TRIM_MIN_IN,
    TRIM_PRESETS,
    length_pt,
    parse_trim,
)

__all__ = [
    "BLEED_MAX_IN",
    "COMPONENT_KINDS",
    "CONFIG_NAME",
    "PDF_VARIANTS",
    "PROFILES",
    "TEXT_BLOCK_MIN_IN",
    "TRIM_MAX_IN",
    "TRIM_MIN_IN",
    "TRIM_PRESETS",
    "Config",
    "CoverOptions",
    "EmbedOptions",
    "EpubOptions",
    "PdfOptions",
    "check_meta",
    "finish_meta",
    "key_line",
    "length_pt",
    "load_config",
    "parse_trim",
]
