"""citeproc-py output (marked with private-use characters) → model inlines."""

from __future__ import annotations

import re
import types
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from ..model import Attr, Emph, Inline, Link, Span, Strong, Text

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


def _clean(text: str) -> str:
    return _PRIVATE.sub("", text)


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
