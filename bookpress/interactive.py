"""Interactive content as a figure: ``<HtmlEmbed>``, ``<iframe>``, ``<video>``, ``<audio>``.

A printed page cannot run a chart or play a sound, but the figure is still
part of the book: it keeps its place, its number and its caption. The reader
makes it a :class:`~bookpress.model.Figure` whose image is the interactive
source itself, marked ``embed`` (and ``missing`` until something renders it):
the writers draw a box with the figure's title and, when the book names its
online edition, a link and a QR code to that place. A later stage that can
render the embed replaces the image and drops ``missing``.
"""

from __future__ import annotations

from .model import Attr, Figure, Image, Inline, SourceRef, Text, plain_text

KINDS = ("html", "iframe", "video", "audio")
# Props that hold the caption of an embed, best first.
CAPTION_PROPS = ("desc", "caption", "description")
TITLE_PROPS = ("title", "label", "name")


def embed_figure(
    kind: str,
    src: str,
    title: str,
    caption: tuple[Inline, ...],
    ident: str,
    source: SourceRef,
    wide: bool = False,
) -> Figure:
    """The figure that stands for one piece of interactive content."""
    title = " ".join(title.split())
    if not caption and title:
        caption, title = (Text(title),), ""
    kv: list[tuple[str, str]] = [("embed", kind)]
    if title:
        kv.append(("embed-title", title))
    alt = plain_text(caption) or title or _KIND_WORDS[kind]
    image = Image(src, alt, "", Attr("", ("embed", "missing"), tuple(kv)), source)
    classes = ("embed", "wide") if wide else ("embed",)
    return Figure(image, caption, Attr(ident, classes), source)


def is_embed(node: Image) -> bool:
    return node.attr.has("embed")


_KIND_WORDS = {
    "html": "Interactive figure",
    "iframe": "Embedded web page",
    "video": "Video",
    "audio": "Audio recording",
}


def kind_word(node: Image) -> str:
    """What the reader of the print edition is told this was."""
    return _KIND_WORDS.get(node.attr.get("embed") or "html", "Interactive figure")
