"""Which HTML elements authors may write in Markdown, and which are removed."""

from __future__ import annotations

DROPPED_ELEMENTS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "applet",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "link",
        "meta",
        "base",
        "noscript",
        "frame",
        "frameset",
        "canvas",
        "video",
        "audio",
    }
)
# Elements that start a block of their own (a paragraph ends before them).
BLOCK_ELEMENTS = frozenset(
    {
        "div",
        "p",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "nav",
        "main",
        "figure",
        "figcaption",
        "details",
        "summary",
        "center",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "picture",
    }
)
# Elements with no content and no end tag.
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
KNOWN_ELEMENTS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "font",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "picture",
        "pre",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
        "wbr",
        "aside",
        "article",
        "header",
        "footer",
        "nav",
        "main",
    }
)


UNSAFE_URL_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "livescript:")


def is_unsafe_url(url: str) -> bool:
    """True for URLs that run code when followed. Browsers drop ASCII
    whitespace and control characters inside a scheme (``java\tscript:``),
    so do the same before looking."""
    squeezed = "".join(ch for ch in url if ord(ch) > 0x20).lower()
    return squeezed.startswith(UNSAFE_URL_SCHEMES)


_INVALID_XML = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML 1.0 forbids."""
    return text.translate(_INVALID_XML)
