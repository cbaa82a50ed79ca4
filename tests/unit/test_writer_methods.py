"""Every node type of the model has a method in every writer, and a node a
writer has no method for is a warning, not a silent drop or a crash."""

from __future__ import annotations

import dataclasses
import inspect
import typing

import pytest

import bookpress.model as model
from bookpress.diagnostics import Diagnostics
from bookpress.model import Block, Book, Chapter, Inline, Meta, Paragraph, SourceRef, Text
from bookpress.writers.epub_xhtml import EpubHtml
from bookpress.writers.markup import HtmlWriter
from bookpress.writers.print_html import PrintHtml

WRITERS = [HtmlWriter, PrintHtml, EpubHtml]
BLOCKS = typing.get_args(Block)
INLINES = typing.get_args(Inline)


def test_the_unions_hold_the_model() -> None:
    assert len(BLOCKS) >= 14 and len(INLINES) >= 15
    assert all(inspect.isclass(t) and dataclasses.is_dataclass(t) for t in (*BLOCKS, *INLINES))
    for name in ("Paragraph", "Table", "Callout", "Div", "RawBlock"):
        assert getattr(model, name) in BLOCKS
    for name in ("Text", "Link", "Math", "CrossRef", "Citation", "RawInline"):
        assert getattr(model, name) in INLINES


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.__name__)
def test_every_block_type_has_a_method(writer: type) -> None:
    missing = [
        t.__name__ for t in BLOCKS if not callable(getattr(writer, "block_" + t.__name__.lower(), None))
    ]
    assert not missing, f"{writer.__name__} has no block_ method for {missing}"


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.__name__)
def test_every_inline_type_has_a_method(writer: type) -> None:
    missing = [
        t.__name__ for t in INLINES if not callable(getattr(writer, "inline_" + t.__name__.lower(), None))
    ]
    assert not missing, f"{writer.__name__} has no inline_ method for {missing}"


@dataclasses.dataclass(frozen=True)
class Marquee:  # a node type no writer knows
    text: str
    source: SourceRef = dataclasses.field(default_factory=lambda: SourceRef("src/odd.md", 7))


@dataclasses.dataclass(frozen=True)
class Blink:
    text: str


def _book() -> Book:
    chapter = Chapter(
        id="one", title=(Text("One"),), blocks=(Paragraph((Text("x"),)),), source=SourceRef("src/one.md", 1)
    )
    return Book(meta=Meta(title="T"), body=(chapter,))


@pytest.mark.parametrize("writer", [HtmlWriter, PrintHtml], ids=lambda w: w.__name__)
def test_an_unknown_node_is_a_warning(writer: type) -> None:
    diagnostics = Diagnostics()
    book = _book()
    out = writer(book, diagnostics)
    out.chapter = next(iter(book.chapters()))
    assert out.block(Marquee("hello")) == ""
    assert out.inline(Blink("hi")) == ""
    found = [(d.path, d.line, d.code) for d in diagnostics.items]
    assert found == [("src/odd.md", 7, "unrendered-node"), ("src/one.md", None, "unrendered-node")]
    assert "Marquee" in diagnostics.items[0].message and "Blink" in diagnostics.items[1].message
