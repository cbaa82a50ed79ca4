"""Reading bibliography files: BibTeX (bibtexparser splits, pybtex parses
each entry) and CSL-JSON, with a diagnostic per broken entry."""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import bibtexparser
from bibtexparser import model as btp
from pybtex.database import BibliographyData
from pybtex.database import Entry as PybtexEntry
from pybtex.database.input.bibtex import DuplicateField, UndefinedMacro
from pybtex.database.input.bibtex import Parser as PybtexParser
from pybtex.exceptions import PybtexError

from ..diagnostics import Diagnostics
from ..model import SourceRef
from ..sandbox import REFUSED, Refused, Sandbox
from .bibtex_csl import csl_from_bibtex
from .entries import BAD_FORMAT, DUPLICATE, ENTRY, NOT_FOUND, SYNTAX, BibEntry


def load_bibliography(
    paths: Sequence[Path], root: Path, diagnostics: Diagnostics, sandbox: Sandbox | None = None
) -> dict[str, BibEntry]:
    """Every work in ``paths`` (``.bib`` or ``.json``), by key, in file order.

    Diagnostic paths are relative to ``root`` (the book folder). Files are
    read only inside ``sandbox`` (by default ``root``). A key defined twice
    keeps its first definition."""
    box = sandbox or Sandbox.of(root)
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
            raw = box.read_bytes(path)
        except Refused as exc:
            diagnostics.err(rel, None, REFUSED, f"bibliography '{rel}' {exc.strerror}; it is not read")
            continue
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
    except (ValueError, RuntimeError, OSError):  # outside the book, or a symbolic link loop
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
            recovered = block.ignore_error_block  # pybtex keeps the first value and says so
            if recovered is None:
                continue
            block = recovered
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
