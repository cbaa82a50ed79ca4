"""What components become in the model.

The mapping is ``DEFAULT_COMPONENTS`` updated by ``[components]`` in
book.toml: ``callout`` (optionally ``callout:warning``), ``footnote``,
``wide``, ``figure``, ``quote``, ``div`` (keep the children) or ``drop``.
An unmapped component with children passes them through; one without any —
an interactive chart, say — becomes a visible placeholder. Either way the
author is told once per component name.
"""

from __future__ import annotations

from ..diagnostics import Diagnostics
from ..model import (
    Attr,
    Block,
    BlockQuote,
    Callout,
    Div,
    Figure,
    Image,
    Inline,
    Paragraph,
    SourceRef,
    Span,
    Text,
)
from .components import DEFAULT_COMPONENTS

CALLOUT_NAMES = {"Note": "note", "Aside": "note", "Callout": "note", "Tip": "tip", "Warning": "warning"}


class Components:
    """The component mapping of a book, and the names already reported."""

    def __init__(self, mapping: dict[str, str], diagnostics: Diagnostics) -> None:
        self.mapping = {**DEFAULT_COMPONENTS, **mapping}
        self.diagnostics = diagnostics
        self.reported: set[str] = set()

    def kind(self, name: str) -> str:
        return self.mapping.get(name) or self.mapping.get(name.split(".")[0]) or ""

    def report(self, name: str, source: SourceRef, empty: bool) -> None:
        if name in self.reported:
            return
        self.reported.add(name)
        if empty:
            message = f"component <{name}> has no print form; a placeholder stands in for it"
            self.diagnostics.warn(source.path, source.line, "component-placeholder", message)
        else:
            message = f"component <{name}> is not mapped; its content is kept as it is"
            self.diagnostics.warn(source.path, source.line, "component-passthrough", message)

    def block(self, name: str, props: dict[str, str], blocks: list[Block], source: SourceRef) -> list[Block]:
        kind, _, variant = self.kind(name).partition(":")
        if kind == "drop":
            return []
        if kind == "callout":
            callout_kind = (
                variant or props.get("type") or props.get("kind") or props.get("variant") or ""
            ).lower()
            callout_kind = callout_kind or CALLOUT_NAMES.get(name, "note")
            title = props.get("title", "")
            return [Callout(callout_kind, tuple(blocks), (Text(title),) if title else (), Attr(), source)]
        if kind == "wide":
            return [Div(tuple(blocks), Attr(classes=("wide",)), source)]
        if kind == "figure":
            return [self.figure(props, blocks, source)]
        if kind == "quote":
            attribution = props.get("author") or props.get("by") or props.get("cite") or props.get("source")
            if attribution:
                blocks = [
                    *blocks,
                    Paragraph((Text(f"— {attribution}"),), source, Attr(classes=("attribution",))),
                ]
            return [BlockQuote(tuple(blocks), source)]
        if kind == "div":
            return [Div(tuple(blocks), Attr(classes=(_css_name(name),)), source)]
        self.report(name, source, empty=not blocks)
        if not blocks:
            return [self.placeholder(name, source)]
        return [Div(tuple(blocks), Attr(classes=("component", _css_name(name))), source)]

    def figure(self, props: dict[str, str], blocks: list[Block], source: SourceRef) -> Block:
        src = props.get("src", "")
        caption = props.get("caption") or props.get("title") or ""
        alt = props.get("alt") or caption
        if not src:
            return Div(tuple(blocks), Attr(classes=("figure",)), source)
        attr = Attr(props.get("id", ""), (), tuple((k, props[k]) for k in ("width",) if props.get(k)))
        image = Image(src, alt, "", Attr("", (), attr.kv), source)
        return Figure(image, (Text(caption),) if caption else (), Attr(attr.id), source)

    def placeholder(self, name: str, source: SourceRef) -> Block:
        text = f"[Interactive content <{name}> is not available in this edition.]"
        return Div((Paragraph((Text(text),), source),), Attr(classes=("placeholder",)), source)

    def inline(
        self, name: str, props: dict[str, str], children: list[Inline], source: SourceRef
    ) -> list[Inline]:
        kind, _, _variant = self.kind(name).partition(":")
        if kind == "drop":
            return []
        if kind == "figure" and props.get("src"):
            return [Image(props["src"], props.get("alt") or props.get("caption", ""), "", Attr(), source)]
        if kind in ("callout", "wide", "quote", "div"):
            tag = "q" if kind == "quote" else "span"
            return [Span(tuple(children), Attr(classes=(_css_name(name),)), tag)]
        self.report(name, source, empty=not children)
        if not children:
            return [
                Span((Text(f"[<{name}> not available in this edition]"),), Attr(classes=("placeholder",)))
            ]
        return list(children)


def _css_name(name: str) -> str:
    return "".join("-" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name)).replace(
        ".", "-"
    )
