"""The inside of a listing's ``<code>``: which lines become blocks of their own."""

from __future__ import annotations

# Code lines longer than this may wrap on the narrowest trim sizes (A5): they
# get the continuation mark.
MAY_WRAP = 48


def code_markup(lines: list[str], sources: list[str], every_line: bool) -> str:
    """The inside of a listing's ``<code>``.

    Lines that may wrap become blocks of their own (``.ln.wrap``): they get a
    hanging indent and, in print, a continuation mark. Runs of short lines
    stay plain text joined by newlines, because every block costs layout
    time. With line numbers (``every_line``) each line is a block. An empty
    line next to a block is a block too, so that it keeps its height.
    """
    wraps = [len(source.expandtabs()) > MAY_WRAP for source in sources]
    wraps += [False] * (len(lines) - len(wraps))
    blocks = [every_line or w for w in wraps]
    for i, line in enumerate(lines):
        if not line and ((i > 0 and blocks[i - 1]) or (i + 1 < len(lines) and blocks[i + 1])):
            blocks[i] = True
    out: list[str] = []
    run: list[str] = []
    for line, is_block, wraps_here in zip(lines, blocks, wraps, strict=True):
        if not is_block:
            run.append(line)
            continue
        if run:
            out.append("\n".join(run))
            run = []
        out.append(f'<span class="ln{" wrap" if wraps_here else ""}">{line}</span>')
    if run:
        out.append("\n".join(run))
    return "".join(out)
