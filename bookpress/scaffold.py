"""``bookpress new``: a small book that builds as it is, with a Makefile of
its own (``make``, ``make check``, ``make release``…)."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import error

_BOOK_TOML = """\
[book]
title = "{title}"
authors = ["{author}"]
language = "en"
src = "src"

[output.pdf]
trim = "6x9"
"""

_SUMMARY = """\
# Summary

[Preface](preface.md)

- [Getting started](getting-started.md)
"""

_PREFACE = """\
# Preface

Why this book exists, and who it is for.
"""

_CHAPTER = """\
# Getting started

Write your chapters in Markdown, one file per chapter, and list them in
`src/SUMMARY.md`. Build the book with `bookpress build`.

## A section

Sections are numbered for you. Footnotes go to the foot of the page.[^1]

[^1]: Like this one.
"""


_MAKEFILE = """\
# Build this book with bookpress (https://pypi.org/project/bookpress/).
#
#   make                 the PDF and the EPUB, in build/
#   make pdf | make epub one of the two
#   make check           check the book, then preflight its PDF
#   make release         build, check and publish dist/<slug>-<version>.pdf, .epub,
#                        -screen.pdf, SHA256SUMS and release.json; VERSION=1.2.0,
#                        default: [book] version in book.toml or the latest git tag
#   make watch           rebuild on every change
#   make clean           remove build/
#
# BOOKPRESS=path/to/bookpress uses another installation.

BOOKPRESS ?= bookpress
OUT ?= build
DIST ?= dist
VERSION ?=

# Every target but clean needs bookpress: say so once, rather than build "build/.pdf".
ifneq ($(filter-out clean,$(or $(MAKECMDGOALS),all)),)
ifeq ($(shell command -v $(firstword $(BOOKPRESS)) 2>/dev/null),)
$(error '$(BOOKPRESS)' not found: activate its environment, or run make BOOKPRESS=path/to/bookpress)
endif
SLUG := $(shell $(BOOKPRESS) info . --field slug)
ifeq ($(SLUG),)
$(error '$(BOOKPRESS) info .' gave no slug: fix the errors above (bookpress check . shows them))
endif
endif
SOURCES := $(shell find . -type f -not -path './$(OUT)/*' -not -path './$(DIST)/*' \\
\t-not -path './.*' -not -name Makefile)
PDF := $(OUT)/$(SLUG).pdf
EPUB := $(OUT)/$(SLUG).epub

.PHONY: all pdf epub check release watch clean

all: $(PDF) $(EPUB)
\t@echo "PDF:  $(PDF)"
\t@echo "EPUB: $(EPUB)"

pdf: $(PDF)

epub: $(EPUB)

$(PDF): $(SOURCES)
\t$(BOOKPRESS) build . --out $(OUT) --format pdf

$(EPUB): $(SOURCES)
\t$(BOOKPRESS) build . --out $(OUT) --format epub

check: $(PDF)
\t$(BOOKPRESS) check .
\t$(BOOKPRESS) check . --pdf $(PDF)

release:
\t$(BOOKPRESS) release . --out $(DIST) $(if $(VERSION),--version $(VERSION))

watch:
\t$(BOOKPRESS) watch . --out $(OUT)

clean:
\trm -rf $(OUT)
"""

_GITIGNORE = """\
/build/
/dist/
"""


def _toml_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def create_book(folder: Path, title: str, author: str) -> list[Path]:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise error(str(folder), None, "new-exists", "folder exists and is not empty; choose a new folder")
    files = {
        folder / "book.toml": _BOOK_TOML.format(title=_toml_string(title), author=_toml_string(author)),
        folder / "src" / "SUMMARY.md": _SUMMARY,
        folder / "src" / "preface.md": _PREFACE,
        folder / "src" / "getting-started.md": _CHAPTER,
        folder / "Makefile": _MAKEFILE,
        folder / ".gitignore": _GITIGNORE,
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
