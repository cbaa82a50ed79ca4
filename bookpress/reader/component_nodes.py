"""What components become in the model.

The mapping is ``DEFAULT_COMPONENTS`` updated by ``[components]`` in
book.toml: ``callout`` (optionally ``callout:warning``), ``footnote``,
``wide``, ``figure``, ``quote``, ``embed`` (interactive content: a figure with
a print form), ``details`` (printed open, with its title), ``stack`` (items
side by side), ``listing`` (mdBook's ``<Listing>``), ``glossary``,
``reference`` (content with an id and a caption), ``div`` (keep the
children) or ``drop``.

A component nobody mapped never prints as a tag: its children are kept; one
without children prints its text-like prop (``name``, ``label``, ``text``),
or becomes an interactive figure when it has a ``src``, a ``title`` or a
caption, and is dropped otherwise. Each such name is reported once, with how
often it was seen, when the book has been read (:meth:`Components.finish`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from ..diagnostics import Diagnostics
from ..interactive import CAPTION_PROPS, TITLE_PROPS, embed_figure
from ..model import (
    Attr,
    Block,
    BlockQuote,
    Callout,
    CodeBlock,
    Div,
    Figure,
    Image,
    Inline,
    Paragraph,
    SourceRef,
    Span,
    Strong,
    Text,
)
from .components import DEFAULT_COMPONENTS

CALLOUT_NAMES = {"Note": "note", "Aside": "note", "Callout": "note", "Tip": "tip", "Warning": "warning"}
EMBED_KINDS = {
    "HtmlEmbed": "html",
    "Iframe": "iframe",
    "IFrame": "iframe",
    "Video": "video",
    "Audio": "audio",
}
_TEXT_PROPS = ("name", "label", "text", "term", "username")
EMBED_PROPS = ("config", "data", "frameless", "align", "width", "height")

# Props given as HTML or Markdown ("A caption<br/> Credit: <a href=…>…</a>")
# become inlines through this; the converter provides it.
Markup = Callable[[str, SourceRef], tuple[Inline, ...]]


def _plain_markup(text: str, source: SourceRef) -> tuple[Inline, ...]:
    return (Text(text),) if text else ()


@dataclass
class _Seen:
    source: SourceRef
    count: int = 0
    empty: bool = True


class Components:
    """The component mapping of a book, and the unknown names seen so far."""

    def __init__(self, mapping: dict[str, str], diagnostics: Diagnostics) -> None:
        self.mapping = {**DEFAULT_COMPONENTS, **mapping}
        self.diagnostics = diagnostics
        self.unknown: dict[str, _Seen] = {}
        self.markup: Markup = _plain_markup

    def kind(self, name: str) -> str:
        return self.mapping.get(name) or self.mapping.get(name.split(".")[0]) or ""

    def _unknown(self, name: str, source: SourceRef, empty: bool) -> None:
        seen = self.unknown.setdefault(name, _Seen(source))
        seen.count += 1
        seen.empty = seen.empty and empty

    def finish(self) -> None:
        """One warning per unknown component name, at its first use."""
        for name, seen in self.unknown.items():
            times = "once" if seen.count == 1 else f"{seen.count} times"
            what = "it has no print form and is left out" if seen.empty else "its content or text is kept"
            message = f"component <{name}> is not one bookpress knows (seen {times}): {what}"
            self.diagnostics.warn(seen.source.path, seen.source.line, "component-unknown", message)
        self.unknown.clear()

    def _inlines(self, props: dict[str, str], keys: tuple[str, ...], source: SourceRef) -> tuple[Inline, ...]:
        value = next((props[k] for k in keys if props.get(k) and props[k] != "true"), "")
        return self.markup(value, source) if value else ()

    def block(self, name: str, props: dict[str, str], blocks: list[Block], source: SourceRef) -> list[Block]:
        kind, _, variant = self.kind(name).partition(":")
        if kind == "drop":
            return []
        if kind == "callout":
            callout_kind = (
                variant or props.get("type") or props.get("kind") or props.get("variant") or ""
            ).lower()
            callout_kind = callout_kind or CALLOUT_NAMES.get(name, "note")
            title = self._inlines(props, ("title",), source)
            return [Callout(callout_kind, tuple(blocks), title, Attr(props.get("id", "")), source)]
        if kind == "wide":
            return [Div(tuple(blocks), Attr(props.get("id", ""), ("wide",)), source)]
        if kind == "figure":
            return [self.figure(props, blocks, source)]
        if kind == "embed":
            return [self.embed(EMBED_KINDS.get(name, variant or "html"), props, source, blocks)]
        if kind == "quote":
            return [self.quote(props, blocks, source)]
        if kind == "details":
            return [self.details(props, blocks, source)]
        if kind == "stack":
            columns = "".join(c for c in props.get("layout", "") if c.isdigit()) or "2"
            return [Div(tuple(blocks), Attr(props.get("id", ""), ("stack", f"stack-{columns}")), source)]
        if kind == "listing":
            return [self.listing(props, blocks, source)]
        if kind == "glossary":
            term = self._inlines(props, ("term",), source)
            definition = self._inlines(props, ("definition", "desc"), source)
            text = (Strong(term), Text(" — "), *definition) if definition else (Strong(term),)
            return [Paragraph(text, source, Attr(props.get("id", ""), ("glossary",)))]
        if kind == "reference":
            caption = self._inlines(props, CAPTION_PROPS, source)
            if caption:
                blocks = [*blocks, Paragraph(caption, source, Attr(classes=("caption",)))]
            return [Div(tuple(blocks), Attr(props.get("id", ""), ("reference",)), source)]
        if kind == "div":
            return [Div(tuple(blocks), Attr(props.get("id", ""), (_css_name(name),)), source)]
        self._unknown(name, source, empty=not blocks)
        if blocks:
            return [Div(tuple(blocks), Attr(props.get("id", ""), ("component", _css_name(name))), source)]
        if props.get("src") or any(props.get(k) for k in (*CAPTION_PROPS, "title")):
            return [self.embed("html", props, source, [])]
        text = self._inlines(props, _TEXT_PROPS, source)
        if text:
            self.unknown[name].empty = False
        return [Paragraph(text, source, Attr(classes=(_css_name(name),)))] if text else []

    def figure(self, props: dict[str, str], blocks: list[Block], source: SourceRef) -> Block:
        src = props.get("src", "")
        caption = self._inlines(props, ("caption", "title", "desc"), source)
        alt = props.get("alt") or "".join(getattr(c, "text", "") for c in caption)
        if not src:
            return Div(tuple(blocks), Attr(props.get("id", ""), ("figure",)), source)
        attr = Attr(props.get("id", ""), (), tuple((k, props[k]) for k in ("width",) if props.get(k)))
        image = Image(src, alt, "", Attr("", (), attr.kv), source)
        return Figure(image, caption, Attr(attr.id), source)

    def embed(self, kind: str, props: dict[str, str], source: SourceRef, blocks: list[Block]) -> Block:
        caption = self._inlines(props, CAPTION_PROPS, source)
        title = next((props[k] for k in TITLE_PROPS if props.get(k) and props[k] != "true"), "")
        title = "".join(getattr(c, "text", "") for c in self.markup(title, source)) if title else ""
        wide = props.get("wide") == "true" or "wide" in props.get("class", "").split()
        figure = embed_figure(kind, props.get("src", ""), title, caption, props.get("id", ""), source, wide)
        # The props the embed itself reads (HtmlEmbed's config and data) or that
        # shape it, kept for the stage that draws it: embed-config, embed-data…
        extra = tuple((f"embed-{k}", props[k]) for k in EMBED_PROPS if props.get(k))
        if not extra:
            return figure
        attr = figure.image.attr
        image = dataclasses.replace(figure.image, attr=Attr(attr.id, attr.classes, (*attr.kv, *extra)))
        return dataclasses.replace(figure, image=image)

    def quote(self, props: dict[str, str], blocks: list[Block], source: SourceRef) -> Block:
        attribution = self._inlines(props, ("author", "by", "cite", "source"), source)
        if attribution:
            blocks = [*blocks, Paragraph((Text("— "), *attribution), source, Attr(classes=("attribution",)))]
        return BlockQuote(tuple(blocks), source, Attr(props.get("id", "")))

    def details(self, props: dict[str, str], blocks: list[Block], source: SourceRef) -> Block:
        """An accordion prints open, its title first."""
        title = self._inlines(props, ("title", "summary", "label"), source)
        head = [Paragraph((Strong(title),), source, Attr(classes=("summary",)))] if title else []
        return Div((*head, *blocks), Attr(props.get("id", ""), ("details",)), source)

    def listing(self, props: dict[str, str], blocks: list[Block], source: SourceRef) -> Block:
        """mdBook's ``<Listing number="1-1" file-name="src/main.rs" caption="…">``:
        the file name above the code and "Listing 1-1: caption" below it, as
        the Rust book's own preprocessor writes them (the book numbers its
        listings itself and refers to them by that number)."""
        number = props.get("number", "")
        head: list[Block] = []
        if props.get("file-name"):
            name = Paragraph(
                (Text("Filename: "), Span((Text(props["file-name"]),), Attr(classes=("file",)))), source
            )
            head = [Div((name,), Attr(classes=("file-name",)), source)]
        caption = self._inlines(props, ("caption",), source)
        label = (Strong((Text(f"Listing {number}"),)),) if number else ()
        text = (*label, Text(": "), *caption) if label and caption else (*label, *caption)
        tail = [Paragraph(text, source, Attr(classes=("caption",)))] if text else []
        ident = props.get("id") or (f"listing-{number}" if number else "")
        code = [_unnumbered(b) for b in blocks]
        return Div((*head, *code, *tail), Attr(ident, ("listing-figure",)), source)

    def inline(
        self, name: str, props: dict[str, str], children: list[Inline], source: SourceRef
    ) -> list[Inline]:
        kind, _, _variant = self.kind(name).partition(":")
        if kind == "drop":
            return []
        if kind == "figure" and props.get("src"):
            alt = props.get("alt") or props.get("caption", "")
            return [Image(props["src"], alt, "", Attr(), source)]
        if kind == "glossary":
            return [
                Span(self._inlines(props, ("term",), source) or tuple(children), Attr(classes=("glossary",)))
            ]
        if kind in ("callout", "wide", "quote", "div", "details", "stack", "reference"):
            tag = "q" if kind == "quote" else "span"
            return [Span(tuple(children), Attr(classes=(_css_name(name),)), tag)]
        if kind in ("embed", "listing"):
            caption = self._inlines(props, (*CAPTION_PROPS, *TITLE_PROPS), source)
            return list(children) or list(caption)
        self._unknown(name, source, empty=not children)
        return list(children) or list(self._inlines(props, (*_TEXT_PROPS, "title"), source))


def _unnumbered(block: Block) -> Block:
    """A code block inside an author-numbered listing gets no number of ours."""
    if isinstance(block, CodeBlock):
        attr = block.attr
        return CodeBlock(
            block.text, block.language, Attr(attr.id, (*attr.classes, "unnumbered"), attr.kv), block.source
        )
    return block


def _css_name(name: str) -> str:
    return "".join("-" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name)).replace(
        ".", "-"
    )
