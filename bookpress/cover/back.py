"""The back text: a short Markdown file of the book, as HTML for the cover.

Read through the book's sandbox. It is prose: raw HTML is shown as text,
an image as its Markdown, a link as its words (nothing on a cover is
fetched or clickable); quotes and dashes are made typographic, as in the
chapters.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from ..config import Config
from ..config.cover import CoverOptions
from ..diagnostics import error
from ..sandbox import REFUSED

# Five times what a back holds: past it, not a back text (what only overflows is warned of).
BACK_MAX_CHARS = 20_000


def back_html(config: Config, options: CoverOptions) -> str:
    """The back text as HTML ("" when the book gives none); an error at the
    ``back`` line of book.toml when the file cannot be read."""
    if not options.back:
        return ""
    box = config.sandbox
    path = config.root / options.back
    line = options.line("back")
    name = f"[cover] back '{options.back}'"
    if not box.allows(path):
        raise error(options.where, line, REFUSED, box.refusal(name, path))
    if box.file(path) is None:
        raise error(options.where, line, "cover-back-missing", f"{name} does not exist")
    try:
        text = box.read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise error(options.where, line, "cover-back-missing", f"{name}: {exc}") from None
    if len(text) > BACK_MAX_CHARS:
        raise error(
            options.where,
            line,
            "cover-back-long",
            f"{name} has {len(text):,} characters; a back holds about {BACK_MAX_CHARS // 5:,}",
        )
    parser = MarkdownIt("commonmark", {"html": False, "typographer": True})
    parser.enable(["replacements", "smartquotes", "strikethrough"]).disable("image")
    # Printed on a cover, a link is its words: no link annotations, nothing fetched.
    parser.add_render_rule("link_open", lambda *_args: "<span>")
    parser.add_render_rule("link_close", lambda *_args: "</span>")
    return parser.render(text)
