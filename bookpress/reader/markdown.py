"""The markdown-it-py parser, configured once with the syntax bookpress reads.

CommonMark plus GFM tables, strikethrough, task lists and alerts, definition
lists, footnotes (``[^id]`` and inline ``^[…]``), attributes (``{#id .class}``
and ``[text]{.class}`` spans), YAML front matter, typographic quotes, and
the Pandoc extensions: fenced divs (``:::``), TeX math and citations /
cross-references (``[@key]``, ``@fig-x``).
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .citations import citations_plugin
from .components import components_plugin
from .fenced_div import fenced_div_plugin
from .math import math_plugin
from .typography import typography_plugin


def parser() -> MarkdownIt:
    return _parser(mdx=False)


@cache
def _parser(mdx: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": True, "linkify": False})
    if mdx:
        # MDX has no indented code: JSX children are indented as the author
        # likes (``<a>``, then ``    <Image``, then ``      src={…}``).
        md.disable("code")
    md.enable(["table", "strikethrough", "smartquotes"])
    md.disable("replacements")  # see typography.py
    md.options["tasklists"] = True
    md.options["alerts"] = True
    md.use(front_matter_plugin)
    md.use(footnote_plugin, inline=True, always_match_refs=True)
    md.use(deflist_plugin)
    md.use(attrs_plugin, spans=True)
    md.use(fenced_div_plugin)
    md.use(math_plugin)
    md.use(citations_plugin)
    md.use(components_plugin)
    md.use(typography_plugin)
    return md


def parse(text: str, env: dict | None = None) -> tuple[list[Token], dict]:
    """Tokens of ``text`` and the parser's environment (link references…).

    ``env`` may say ``mdx`` (every capitalised tag is a component, an
    indented line is not code) and name the ``components`` known in any file."""
    env = dict(env or {})
    return _parser(bool(env.get("mdx"))).parse(text, env), env
