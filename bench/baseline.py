"""The engine's floor: the same Markdown through bare markdown-it-py and WeasyPrint.

Reads a book's chapter files in SUMMARY.md order (the preface and every
linked chapter), renders each with ``MarkdownIt("commonmark").enable("table")``
(no plugins: math, attributes, footnotes and fenced divs stay literal text,
code is not highlighted), concatenates them, and lays the result out with a
minimal paged stylesheet: the same trim, margins and body font size as
bookpress's print.css, ``pre`` with ``white-space: pre-wrap`` in the theme's
code font and size, images no wider than the text block, chapters on a new
page. No TOC, no running heads, no footnotes, no cross-reference page
numbers, no justification or hyphenation, no table styles.

    python bench/baseline.py BOOK_DIR OUT.pdf      # prints "pages: N"

This is what WeasyPrint costs for this much content, whatever bookpress does
around it; ``bench/run.py`` reports bookpress's times as ratios to it.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from markdown_it import MarkdownIt
from weasyprint import CSS, HTML

# Same page geometry, text font and sizes as styles/default/print.css (7x9.25
# trim), and nothing else: no justification, no hyphenation, no table or
# heading styles. Code gets the theme's monospace at the theme's size (else
# listings would take more pages than in bookpress, which would flatter it).
STYLESHEET = """
@page { size: 7in 9.25in; margin: 0.8in 0.7in 0.85in 0.9in; }
html { font-family: "Linux Libertine O", "TeX Gyre Pagella", "DejaVu Serif", serif;
       font-size: 10.5pt; line-height: 1.42; }
h1 { break-before: page; }
pre { white-space: pre-wrap; font-family: "JetBrains Mono", "DejaVu Sans Mono", monospace;
      font-size: 8.3pt; }
img { max-width: 100%; }
"""

_LINK = re.compile(r"\]\(([^)\s]+\.md)\)")


def chapter_files(book: Path) -> list[Path]:
    """The chapter files in SUMMARY.md order (every linked .md file, once)."""
    src = book / "src"
    summary = (src / "SUMMARY.md").read_text(encoding="utf-8")
    seen: list[Path] = []
    for name in _LINK.findall(summary):
        path = src / name
        if path.is_file() and path not in seen:
            seen.append(path)
    return seen


def render_html(book: Path) -> str:
    md = MarkdownIt("commonmark").enable("table")
    parts = [md.render(path.read_text(encoding="utf-8")) for path in chapter_files(book)]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/><title>baseline</title></head><body>\n'
        + ("\n".join(parts) + "\n</body></html>\n")
    )


def build(book: Path, target: Path) -> int:
    html = render_html(book)
    base_url = (book / "src").resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base_url).render(stylesheets=[CSS(string=STYLESHEET)])
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target)
    return len(document.pages)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    started = time.perf_counter()
    pages = build(Path(argv[0]), Path(argv[1]))
    print(f"pages: {pages}")
    print(f"built in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
