"""Characters that no installed font can draw, found before rendering.

WeasyPrint prints such a character as an empty box (``.notdef``) and says
so only while drawing, without saying where. This step reads every piece of
text the book prints (the model's text, code, listings, headings, captions,
raw HTML, index terms and the title page's metadata) and checks it against
what the fonts of the machine cover (:mod:`bookpress.fonts`, one
``fc-list`` per process): one ``missing-glyph`` warning per character, with
where it first appears and how often.

It also notices a book written mostly in Chinese, Japanese or Korean whose
``[book] language`` says otherwise: the language picks the CJK fonts,
hyphenation and line breaking, so a wrong one is worth a warning.

The book is returned unchanged.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import fonts
from ..model import (
    Block,
    Book,
    Chapter,
    Code,
    CodeBlock,
    FootnoteDef,
    IndexEntry,
    LineBreak,
    Part,
    RawBlock,
    RawInline,
    SourceRef,
    Text,
)

if TYPE_CHECKING:
    from .context import Context

# Shown one by one; past this many different characters, one more warning counts the rest.
MAX_REPORTED = 20

# Characters that need no glyph of their own: controls, format characters
# (joiners, soft hyphens, bidi marks), spaces (Pango makes missing ones) and
# variation selectors.
_NO_GLYPH_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
_TAG = re.compile(r"<[^>]*>")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\U00020000-\U0003ffff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")


def needs_glyph(char: str) -> bool:
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return False
    return unicodedata.category(char) not in _NO_GLYPH_CATEGORIES


@dataclass
class _Missing:
    path: str
    line: int
    count: int = 0


@dataclass
class _Where:
    """The place of the text being read; ``line`` advances with its line breaks."""

    path: str = ""
    line: int = 0


# Enough text to tell which script a book is written in.
_SAMPLE = 300_000


@dataclass
class _Scripts:
    """A sample of the book's prose, to tell its script."""

    parts: list[str] = dataclasses.field(default_factory=list)
    size: int = 0

    def add(self, text: str) -> None:
        if self.size < _SAMPLE:
            self.parts.append(text)
            self.size += len(text)

    def counts(self) -> tuple[int, int, int, int]:
        """Letters, CJK characters, kana and hangul in the sample."""
        sample = "".join(self.parts)
        return (
            len(_LETTER.findall(sample)),
            len(_CJK.findall(sample)),
            len(_KANA.findall(sample)),
            len(_HANGUL.findall(sample)),
        )


class _Reader:
    """Walks the book in reading order with the place of each piece of text."""

    def __init__(self, coverage: fonts.Coverage) -> None:
        self.coverage = coverage
        self.drawable: set[str] = set()  # characters known to have a glyph
        self.missing: dict[str, _Missing] = {}
        self.scripts = _Scripts()
        self.where = _Where()

    def text(self, text: str, prose: bool = True) -> None:
        if not text.isascii():
            if prose:
                self.scripts.add(text)
            self._check(text)
        self.where.line += text.count("\n")

    def _check(self, text: str) -> None:
        for char in set(text) - self.drawable:
            if char not in self.missing and (not needs_glyph(char) or self.coverage.has(char)):
                self.drawable.add(char)
                continue
            record = self.missing.get(char)
            if record is None:
                line = self.where.line + text.count("\n", 0, text.index(char))
                record = self.missing[char] = _Missing(self.where.path, line)
            record.count += text.count(char)

    def node(self, node: object) -> None:
        source = getattr(node, "source", None)
        if isinstance(source, SourceRef) and source.line:
            # A block starts its own place; an inline (a link) only moves it on.
            if isinstance(node, (Block, FootnoteDef, Chapter, Part)) or source.path != self.where.path:
                self.where = _Where(source.path, source.line)
            elif source.line > self.where.line:
                self.where.line = source.line
        match node:
            case Text(text=text):
                self.text(text)
                return
            case Code(text=text):
                self.text(text, prose=False)
                return
            case CodeBlock(text=text):
                self.where.line += 1  # the opening fence
                self.text(text, prose=False)
                return
            case RawInline(html=raw) | RawBlock(html=raw):
                self.text(html.unescape(_TAG.sub("", raw)))
                return
            case LineBreak():
                self.where.line += 1
                return
            case IndexEntry():
                self.text(node.term)
            case Chapter():
                self.text(node.epigraph_source)
        for field in _node_fields(type(node)):
            self.value(getattr(node, field))

    def value(self, value: object) -> None:
        if isinstance(value, tuple):
            for item in value:
                self.value(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, (SourceRef, type)):
            self.node(value)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _node_fields(kind: type) -> tuple[str, ...]:
    """Fields that may hold nodes (tuples or dataclasses), not strings or numbers."""
    names = _FIELDS.get(kind)
    if names is None:
        scalar = ("str", "int", "bool", "Attr", "SourceRef", "None")
        names = _FIELDS[kind] = tuple(
            f.name
            for f in dataclasses.fields(kind)
            if not all(part.strip() in scalar for part in str(f.type).split("|"))
        )
    return names


def apply(book: Book, ctx: Context) -> Book:
    coverage = fonts.installed()
    if coverage is None:  # no fontconfig to ask: WeasyPrint still warns while drawing
        return book
    reader = _Reader(coverage)
    config_path = str(ctx.config.path)
    meta = book.meta
    reader.where = _Where(config_path, 0)
    for field in (meta.title, meta.subtitle, *(a.name for a in meta.authors)):
        reader.text(field)
    for item in (*book.front, *book.body, *book.back):  # a part: its title, then its chapters
        reader.where = _Where(item.source.path, item.source.line)
        reader.node(item)
    _report_missing(reader.missing, ctx)
    _report_language(reader.scripts, meta.language, config_path, ctx)
    return book


def _report_missing(missing: dict[str, _Missing], ctx: Context) -> None:
    for char, record in list(missing.items())[:MAX_REPORTED]:
        name = unicodedata.name(char, "unassigned or private-use character")
        times = "once" if record.count == 1 else f"{record.count} times"
        ctx.diagnostics.warn(
            record.path,
            record.line or None,
            "missing-glyph",
            f"no installed font has '{char}' (U+{ord(char):04X} {name}), used {times}: "
            "it prints as an empty box (see `bookpress doctor`)",
        )
    rest = list(missing.items())[MAX_REPORTED:]
    if rest:
        path, line = rest[0][1].path, rest[0][1].line
        shown = " ".join(f"U+{ord(c):04X}" for c, _ in rest[:12]) + (" …" if len(rest) > 12 else "")
        ctx.diagnostics.warn(
            path,
            line or None,
            "missing-glyph",
            f"{len(rest)} more characters that no installed font has: {shown}",
        )


def _report_language(scripts: _Scripts, language: str, config_path: str, ctx: Context) -> None:
    """A book mostly in CJK characters whose language is not a CJK one."""
    if language.lower().split("-")[0] in ("zh", "ja", "ko"):
        return
    letters, cjk, kana, hangul = scripts.counts()
    if cjk < 200 or cjk * 2 < letters:
        return
    if hangul * 2 > cjk:
        what, suggested = "Korean", '"ko"'
    elif kana * 10 > cjk:
        what, suggested = "Japanese", '"ja"'
    else:
        what, suggested = "Chinese", '"zh-CN" (or "zh-TW" for Traditional Chinese)'
    ctx.diagnostics.warn(
        config_path,
        None,
        "language",
        f'the text is mostly {what} but [book] language is "{language}": set language = {suggested} '
        "so that the right fonts, line breaking and hyphenation are used",
    )
