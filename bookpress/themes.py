"""Where themes (folders of CSS) are found: a folder in the book, or the
themes that ship with bookpress (inside the installed package, or in the
source tree's ``styles/`` when running from a checkout).

A theme is a folder holding ``print.css`` (for the PDF) and/or ``epub.css``
(for the EPUB). A folder of the book with the theme's name is used only when
it holds the stylesheet asked for; otherwise the built-in theme of that name,
if any. Only a plain name (letters, digits, ``-_``) can name a built-in theme,
so ``theme = "/"`` or ``"../x"`` never reaches outside the book.
"""

from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import error

_PACKAGE = Path(__file__).resolve().parent
_BUILTIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
STYLESHEETS = ("print.css", "epub.css")


def builtin_styles_dir() -> Path:
    installed = _PACKAGE / "styles"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "styles"


def available_themes() -> list[str]:
    root = builtin_styles_dir()
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def _holds(folder: Path, needs: tuple[str, ...]) -> bool:
    return any((folder / name).is_file() for name in needs)


def find_theme(
    name: str,
    book_root: Path,
    where: str = "book.toml",
    needs: str | None = None,
    line: int | None = None,
) -> Path:
    """The folder of theme ``name`` holding ``needs`` (``print.css`` or
    ``epub.css``; either, when not given). A folder inside the book wins over
    a built-in theme."""
    wanted = (needs,) if needs else STYLESHEETS
    root = book_root.resolve()
    local = (book_root / name).resolve() if name.strip() else None
    local_folder = local is not None and local.is_dir() and local.is_relative_to(root)
    if local_folder and _holds(local, wanted):
        return local
    builtin = builtin_styles_dir() / name
    if _BUILTIN_NAME.fullmatch(name) and builtin.is_dir() and _holds(builtin, wanted):
        return builtin
    sheet = " or ".join(wanted)
    if local_folder:
        shown = local.relative_to(root).as_posix() or "."
        raise error(where, line, "theme-missing", f"theme '{name}': the folder {shown}/ has no {sheet}")
    names = ", ".join(available_themes()) or "none installed"
    raise error(
        where,
        line,
        "theme-missing",
        f"no theme '{name}': neither a folder of the book with {sheet} nor a built-in theme ({names})",
    )
