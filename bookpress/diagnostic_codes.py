"""Every diagnostic code bookpress reports, with what it means to an author.

A diagnostic ends with its code in brackets (``[broken-link]``): the code
names the kind of problem, the message says this one. This module is the
vocabulary: a code that is not listed here is a bug
(``tests/unit/test_diagnostic_codes.py`` walks the source and fails on one,
and on a code listed here that nothing reports), and the handbook's table of
diagnostics is written from it (``python -m bookpress.diagnostic_codes``).

``found`` says which command can see the problem:

- ``book``: a problem with the book (its ``book.toml``, chapters, images,
  stylesheets, bibliography). ``bookpress check`` reports it, without
  rendering; a build reports it too.
- ``render``: known only once the PDF is laid out or checked (a layout past
  its time or memory, text the PDF misses, a renderer's own warning).
- ``run``: about this run rather than the book: the command's options, the
  output folder, the tools installed on the machine.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import StrEnum

from .diagnostics import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


class Found(StrEnum):
    BOOK = "book"
    RENDER = "render"
    RUN = "run"


@dataclass(frozen=True)
class Code:
    name: str
    severity: Severity  # the usual one
    meaning: str  # one line, for authors
    topic: str
    found: Found = Found.BOOK
    also: tuple[Severity, ...] = ()  # other severities it is reported at

    @property
    def severities(self) -> tuple[Severity, ...]:
        return (self.severity, *self.also)


CONFIG = "The book.toml file"
CHAPTERS = "Chapters and their text"
LINKS = "Links, references and notes"
IMAGES = "Images and figures"
CITATIONS = "Bibliography and citations"
STYLES = "Themes and stylesheets"
COVER = "The cover"
OUTPUT = "Rendering and output"
COMMAND = "Commands and tools"

TOPICS = (CONFIG, CHAPTERS, LINKS, IMAGES, CITATIONS, STYLES, COVER, OUTPUT, COMMAND)

_CODES = (
    # book.toml
    Code("config-missing", ERROR, "The folder has no `book.toml`: it is not a book folder.", CONFIG),
    Code("config-syntax", ERROR, "`book.toml` is not valid TOML; the message points at the mistake.", CONFIG),
    Code(
        "config-type",
        ERROR,
        "A key or table of `book.toml` has the wrong type (a string for a list…).",
        CONFIG,
    ),
    Code("config-value", ERROR, "A key of `book.toml` has a value it does not accept.", CONFIG),
    Code(
        "config-trim",
        ERROR,
        "`[output.pdf] trim` is neither a preset nor a page size a printer can print.",
        CONFIG,
    ),
    Code("config-unknown-key", WARNING, "A key bookpress does not know (misspelt?); it is ignored.", CONFIG),
    Code("config-unknown-table", WARNING, "A table bookpress does not know; it is ignored.", CONFIG),
    Code(
        "config-ignored",
        INFO,
        "A table that belongs to another tool (mdBook's `[output.html]`) is skipped.",
        CONFIG,
    ),
    Code("config-slug", WARNING, "The slug cannot name an output file; a safe one is used instead.", CONFIG),
    Code("config-title", INFO, "No `[book] title`: the title is taken from the first chapter.", CONFIG),
    Code(
        "config-language",
        WARNING,
        "`[book] language` is not a language tag (such as `en` or `zh-CN`).",
        CONFIG,
    ),
    Code("bad-date", WARNING, "A date that cannot be read is left out; write it as `2025-10-30`.", CONFIG),
    Code(
        "resource-refused",
        WARNING,
        "A file the book names is outside the book (or `--root`) or not a regular file: it is not read.",
        CONFIG,
        also=(ERROR,),
    ),
    # chapters
    Code(
        "no-chapters",
        ERROR,
        "The book lists no chapters, or its source folder has no Markdown files.",
        CHAPTERS,
    ),
    Code(
        "chapter-missing", ERROR, "A chapter (or the chapters file) the book lists does not exist.", CHAPTERS
    ),
    Code("draft-chapter", INFO, "A draft chapter of SUMMARY.md (a link with no file) is skipped.", CHAPTERS),
    Code("encoding", ERROR, "A chapter is not UTF-8 text.", CHAPTERS),
    Code("unreadable", ERROR, "A chapter file cannot be read (permissions, a folder…).", CHAPTERS),
    Code(
        "front-matter", WARNING, "A chapter's YAML front matter is not valid YAML; it is ignored.", CHAPTERS
    ),
    Code(
        "front-matter-too-large",
        WARNING,
        "A chapter's front matter expands past the limit; it is ignored.",
        CHAPTERS,
    ),
    Code("control-character", WARNING, "Invisible control characters in the text are removed.", CHAPTERS),
    Code(
        "include",
        WARNING,
        "An include names a file or anchor that cannot be read, or nests too deep.",
        CHAPTERS,
    ),
    Code(
        "include-too-large",
        ERROR,
        "Includes and MDX imports of one chapter add up past its budget.",
        CHAPTERS,
    ),
    Code(
        "mdx-import",
        WARNING,
        "An MDX import cannot be inlined (missing, unreadable, not Markdown).",
        CHAPTERS,
    ),
    Code(
        "mdx-expression",
        WARNING,
        "A JavaScript expression in MDX cannot be evaluated in a book; left out.",
        CHAPTERS,
    ),
    Code(
        "component-unknown", WARNING, "An MDX component bookpress does not know; its text is kept.", CHAPTERS
    ),
    Code(
        "nesting-too-deep",
        WARNING,
        "Content nested deeper than the limit loses its deepest markup.",
        CHAPTERS,
    ),
    Code("unsafe-html", WARNING, "Scripts, event attributes and other active HTML are removed.", CHAPTERS),
    Code("language", WARNING, "The text is mostly in another script than `[book] language` says.", CHAPTERS),
    Code("language-guessed", INFO, "No `[book] language`: it is guessed from the text.", CHAPTERS),
    Code("math", WARNING, "A formula cannot be typeset; it prints as its source.", CHAPTERS),
    Code(
        "math-too-large",
        WARNING,
        "A formula is too long or too wide to draw; it prints as its source.",
        CHAPTERS,
    ),
    Code(
        "long-word", WARNING, "A word of thousands of characters without a space is broken to fit.", CHAPTERS
    ),
    Code("duplicate-id", ERROR, "Two elements have the same explicit identifier.", CHAPTERS),
    # links
    Code(
        "broken-link",
        WARNING,
        "Links to files that do not exist are kept as plain text.",
        LINKS,
        also=(INFO,),
    ),
    Code(
        "link-not-chapter",
        WARNING,
        "Links to files that are not chapters are kept as plain text.",
        LINKS,
        also=(INFO,),
    ),
    Code("broken-anchor", WARNING, "A link's `#fragment` names no heading or id.", LINKS),
    Code(
        "file-link",
        WARNING,
        "Links to files on the author's computer are kept as plain text.",
        LINKS,
        also=(INFO,),
    ),
    Code(
        "invalid-url", WARNING, "Links that are not valid URLs are kept as plain text.", LINKS, also=(INFO,)
    ),
    Code("nested-link", WARNING, "A link inside a link is kept as plain text.", LINKS, also=(INFO,)),
    Code("raw-link", WARNING, "A link in raw HTML that leads nowhere in the book is kept as text.", LINKS),
    Code(
        "unresolved-reference",
        WARNING,
        "A cross-reference (`@fig-x`, `@sec-x`…) names nothing in the book.",
        LINKS,
    ),
    Code("undefined-footnote", WARNING, "A footnote is called but never defined.", LINKS),
    # images
    Code("missing-image", WARNING, "An image file does not exist; a placeholder box prints.", IMAGES),
    Code(
        "remote-image",
        WARNING,
        "Remote images are not fetched without `--allow-remote` (or could not be); placeholders print.",
        IMAGES,
        also=(INFO,),
    ),
    Code("lfs-pointer", WARNING, "Images are Git LFS pointers, not pictures: run `git lfs pull`.", IMAGES),
    Code("image-type", WARNING, "A file used as an image is not a picture that can be shown.", IMAGES),
    Code(
        "svg-refused",
        WARNING,
        "An SVG that refers to itself, fans out or declares entities is not drawn.",
        IMAGES,
    ),
    Code("svg-sanitised", WARNING, "Scripts and outside references are removed from an SVG.", IMAGES),
    Code("embed-missing", WARNING, "A file an interactive figure embeds is not in the book folder.", IMAGES),
    Code(
        "embed-remote",
        WARNING,
        "An interactive figure asked for something remote; it was refused.",
        IMAGES,
        Found.RENDER,
    ),
    Code(
        "embed-failed",
        WARNING,
        "An interactive figure could not be drawn; it prints as a box.",
        IMAGES,
        Found.RENDER,
    ),
    Code(
        "embed-raster",
        INFO,
        "An interactive figure prints as a picture, not as vector drawing.",
        IMAGES,
        Found.RENDER,
    ),
    Code(
        "embed-browser",
        WARNING,
        "No browser to draw interactive figures (install Chromium): they print as boxes.",
        IMAGES,
        Found.RUN,
    ),
    # bibliography
    Code(
        "bibliography-not-found",
        ERROR,
        "A bibliography file the book names does not exist or cannot be read.",
        CITATIONS,
    ),
    Code(
        "bibliography-format",
        ERROR,
        "A bibliography is neither BibTeX (`.bib`) nor CSL-JSON (`.json`).",
        CITATIONS,
    ),
    Code(
        "bibliography-syntax",
        WARNING,
        "A bibliography cannot be read, in part or whole.",
        CITATIONS,
        also=(ERROR,),
    ),
    Code(
        "bibliography-entry",
        WARNING,
        "A bibliography entry is incomplete or refers to a missing entry.",
        CITATIONS,
    ),
    Code(
        "duplicate-citation-key",
        WARNING,
        "Two bibliography entries have the same key; the first is used.",
        CITATIONS,
    ),
    Code(
        "bibliography-found",
        INFO,
        "A bibliography found beside the chapters is used (name it in `book.toml`).",
        CITATIONS,
    ),
    Code("unknown-citation", WARNING, "A citation names no entry of the bibliography.", CITATIONS),
    Code("csl-style", ERROR, "The CSL citation style cannot be read.", CITATIONS),
    # styles
    Code("theme-missing", ERROR, "No such theme, or the theme's folder has no stylesheet.", STYLES),
    Code("css-missing", ERROR, "A stylesheet the book names does not exist or cannot be read.", STYLES),
    Code(
        "css-resource",
        WARNING,
        "A stylesheet's `@import` or `url()` outside the book or missing is left out.",
        STYLES,
    ),
    Code(
        "epub-image-alt", WARNING, "An image has no text alternative for readers who cannot see it.", IMAGES
    ),
    Code(
        "epub-accessibility",
        WARNING,
        "The EPUB fails an accessibility check; it claims only the features that hold.",
        OUTPUT,
    ),
    Code(
        "printer-trim",
        ERROR,
        "The printer the PDF is for (`[output.pdf] printer`, `--printer`) does not print the book's trim; "
        "the message names the nearest trim it offers.",
        OUTPUT,
    ),
    Code("icc-missing", ERROR, "The press PDF's CMYK output profile is missing.", STYLES, also=(WARNING,)),
    Code("missing-glyph", WARNING, "No installed font has a character: it prints as an empty box.", STYLES),
    # the cover (bookpress cover)
    Code("cover-front-missing", ERROR, "`[cover] front` names no file.", COVER, Found.RUN),
    Code("cover-front-type", ERROR, "`[cover] front` is not an image.", COVER, Found.RUN),
    Code(
        "cover-front-resolution", WARNING, "The front image has too few pixels for print.", COVER, Found.RUN
    ),
    Code(
        "cover-front-crop",
        INFO,
        "The front image has other proportions than the front: its edges are cut.",
        COVER,
        Found.RUN,
    ),
    Code(
        "cover-back-missing",
        ERROR,
        "`[cover] back` names no file, or one that cannot be read.",
        COVER,
        Found.RUN,
    ),
    Code(
        "cover-back-long",
        ERROR,
        "The back cover text is longer than a back holds.",
        COVER,
        Found.RUN,
        also=(WARNING,),
    ),
    Code("cover-paper", ERROR, "`[cover] paper` or `spine-per-page` is not a paper bookpress knows.", COVER),
    Code(
        "cover-interior",
        ERROR,
        "The interior PDF the cover is made for is missing or unreadable.",
        COVER,
        Found.RUN,
    ),
    Code(
        "cover-interior-stale",
        WARNING,
        "The book changed after its interior PDF was built: the spine may be the wrong width.",
        COVER,
        Found.RUN,
    ),
    # rendering
    Code(
        "chapter-layout",
        INFO,
        "How the PDF was laid out: chapter by chapter (which ones again) or whole.",
        OUTPUT,
        Found.RENDER,
    ),
    Code(
        "unrendered-node",
        WARNING,
        "An output has no way to show a piece of the book; it is left out (a bug in bookpress).",
        OUTPUT,
    ),
    Code(
        "toc-too-long",
        WARNING,
        "The printed contents are too long; their deepest levels are left out.",
        OUTPUT,
    ),
    Code(
        "render",
        WARNING,
        "The layout engine (WeasyPrint) warned about the book's HTML or CSS.",
        OUTPUT,
        Found.RENDER,
    ),
    Code(
        "render-timeout",
        ERROR,
        "The PDF took longer than `[build] timeout` to lay out.",
        OUTPUT,
        Found.RENDER,
    ),
    Code("render-memory", ERROR, "The PDF needed more memory than `[build] memory`.", OUTPUT, Found.RENDER),
    Code("render-crashed", ERROR, "The PDF renderer stopped without finishing.", OUTPUT, Found.RENDER),
    Code("incomplete-heading", ERROR, "A heading of the book is not in the PDF.", OUTPUT, Found.RENDER),
    Code("heading-order", ERROR, "The PDF's headings are not in the book's order.", OUTPUT, Found.RENDER),
    Code("image-not-drawn", ERROR, "An image of the book is not drawn in the PDF.", OUTPUT, Found.RENDER),
    Code(
        "leaked-markup",
        ERROR,
        "Markdown, MDX or HTML source would print as text (check finds it in the book, a build in the PDF).",
        OUTPUT,
    ),
    Code("build-failed", ERROR, "The book has errors: nothing is written.", OUTPUT, Found.RUN),
    Code("output-unwritable", ERROR, "An output cannot be written where it should go.", OUTPUT, Found.RUN),
    Code("os-error", ERROR, "The system refused to read or write a file.", OUTPUT, Found.RUN),
    # commands
    Code(
        "book-missing", ERROR, "The book folder named on the command line does not exist.", COMMAND, Found.RUN
    ),
    Code("root-option", ERROR, "`--root` names a folder that does not hold the book.", COMMAND, Found.RUN),
    Code("bad-epoch", ERROR, "`SOURCE_DATE_EPOCH` is not a Unix timestamp.", COMMAND, Found.RUN),
    Code("new-exists", ERROR, "`bookpress new`: the folder exists and is not empty.", COMMAND, Found.RUN),
    Code(
        "release-version",
        ERROR,
        "`bookpress release`: no version, or one that cannot name a file.",
        COMMAND,
        Found.RUN,
    ),
    Code("release-out", ERROR, "`bookpress release`: the release folder cannot be used.", COMMAND, Found.RUN),
    Code(
        "pdf-unreadable", ERROR, "`check --pdf`: the file is not a PDF that can be read.", COMMAND, Found.RUN
    ),
    Code(
        "missing-tool",
        ERROR,
        "A program bookpress runs is not installed; the message names the package.",
        COMMAND,
        Found.RUN,
    ),
    Code("missing-epubcheck", ERROR, "EPUBCheck or Java is not installed.", COMMAND, Found.RUN),
    Code("epubcheck-failed", ERROR, "EPUBCheck ran but wrote no report.", COMMAND, Found.RUN),
)

CODES: dict[str, Code] = {code.name: code for code in _CODES}


def lookup(name: str) -> Code:
    """The registered code ``name``; KeyError for a code nobody registered."""
    return CODES[name]


def book_codes() -> frozenset[str]:
    """Codes of problems with the book: ``bookpress check`` reports them."""
    return frozenset(name for name, code in CODES.items() if code.found is Found.BOOK)


def markdown_table() -> str:
    """The handbook's chapter of diagnostics, written from :data:`CODES`."""
    out = [
        "# Diagnostics",
        "",
        "<!-- Written by `python -m bookpress.diagnostic_codes > manuscript/src/diagnostics.md`",
        "     from bookpress/diagnostic_codes.py; edit that file, not this one. -->",
        "",
        "Every problem bookpress reports ends with a code in brackets, such as",
        "`[broken-link]`. This appendix lists them all. *Check* means that",
        "`bookpress check` finds the problem without rendering; *build* that",
        "only a build can (it depends on the layout of the PDF); *run* that it",
        "is about the command, its options or the programs installed rather",
        "than the book.",
    ]
    for topic in TOPICS:
        out += ["", f"## {topic}", "", "| Code | Severity | Found by | Meaning |", "|---|---|---|---|"]
        for code in _CODES:
            if code.topic != topic:
                continue
            severities = " or ".join(s.value for s in code.severities).replace("info", "note")
            found = {Found.BOOK: "check", Found.RENDER: "build", Found.RUN: "run"}[code.found]
            meaning = code.meaning.replace("|", "\\|")
            out.append(f"| `{code.name}` | {severities} | {found} | {meaning} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown_table())
