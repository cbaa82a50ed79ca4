"""``bookpress new``: a small book that builds as it is."""

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
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
