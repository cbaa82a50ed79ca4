"""The page an embed is drawn on, the way its web site shows it.

An ``<HtmlEmbed>`` is an HTML fragment that the article template puts into
the article page: inside a mount ``<div>`` that carries the component's
``config`` prop as ``data-config`` (JSON) and its ``data`` prop as
``data-datafiles``, at the site root, so that ``/data/…`` and
``./assets/…`` mean the site's folders. The fragment is written into a
host page of that shape, in a box as wide as the figure will print. An
``<iframe>`` of a local page is loaded as itself, at the same width.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

# The origin pages are served from; nothing there is on the network.
ORIGIN = "https://book.bookpress.invalid"
HOST_PATH = "/"
FRAME_ID = "bookpress-frame"


@dataclass(frozen=True)
class EmbedPage:
    """What the browser is asked to draw."""

    kind: str  # "html": a fragment in the host page; "iframe": a page of its own
    src: str  # book-relative path of the embed file
    width: int  # CSS pixels: the printed width at 96 px to the inch
    max_height: int = 0  # CSS pixels: the tallest a figure prints (0: no limit)
    config: str = ""  # the config prop as written (JSON or a JavaScript object literal)
    data: str = ""  # the data prop as written


def asset_text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _script_literal(text: str) -> str:
    """A JavaScript string literal that is safe inside ``<script>``."""
    return json.dumps(text).replace("</", "<\\/").replace("<!--", "<\\!--")


def _prop_script(attribute: str, expression: str) -> str:
    """Sets ``attribute`` on the mount from a prop written as JSON, as a
    JavaScript expression (``{{ dataUrl: "…", smoothing: true }}``) or as text."""
    return (
        "<script>(function(el){var t=" + _script_literal(expression) + ";var v=t;"
        "try{v=JSON.parse(t)}catch(e){try{v=(0,eval)('('+t+')')}catch(f){}}"
        "el.setAttribute(" + _script_literal(attribute) + ",typeof v==='string'?v:JSON.stringify(v));"
        "})(document.currentScript.parentElement);</script>"
    )


def host_html(page: EmbedPage, fragment: str) -> str:
    """The host page holding an ``<HtmlEmbed>`` fragment."""
    props = ""
    if page.config:
        props += _prop_script("data-config", page.config)
    if page.data:
        props += _prop_script("data-datafiles", page.data)
    return (
        '<!DOCTYPE html>\n<html lang="en" class="bookpress-print" data-theme="light">'
        '<head><meta charset="utf-8">'
        f"<title>{FRAME_ID}</title><style>{asset_text('page.css')}</style></head>"
        f'<body><div id="{FRAME_ID}" style="width:{page.width}px">'
        f'<div class="html-embed__card is-frameless"><div id="frag-bookpress">{props}\n'
        f"{fragment}\n</div></div></div></body></html>"
    )


def init_script(seed: int) -> str:
    return f"window.__bookpressSeed = {seed & 0xFFFFFFFF};\n" + asset_text("page_init.js")
