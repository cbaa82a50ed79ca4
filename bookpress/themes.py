"""Where themes (folders of CSS) are found: a folder in the book, or the
themes that ship with bookpress (inside the installed package, or in the
source tree's ``styles/`` when running from a checkout).

A theme is a folder holding ``print.css`` (for the PDF) and/or ``epub.css``
(for the EPUB). A folder of the book with the theme's name is used only when
it holds the stylesheet asked for; otherwise the built-in theme of that name,
if any. Only a plain name (letters, digits, ``-_``) can name a built-in theme,
so ``theme = "/"`` or ``"../x"`` never reaches outside the book; a book's
theme folder and its stylesheets are looked for through the sandbox
(:mod:`bookpress.sandbox`), symbolic links included.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import error

if TYPE_CHECKING:
    from .sandbox import Sandbox

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
    sandbox: Sandbox | None = None,
) -> Path:
    """The folder of theme ``name`` holding ``needs`` (``print.css`` or
    ``epub.css``; either, when not given). A folder inside the book wins over
    a built-in theme. A book's theme folder and its stylesheets are read
    only inside ``sandbox`` (by default the book folder): a stylesheet that is
    a symbolic link out of the book is an error."""
    from .sandbox import REFUSED, Sandbox

    box = sandbox or Sandbox.of(book_root)
    wanted = (needs,) if needs else STYLESHEETS
    local = box.folder(book_root / name) if name.strip() else None
    if local is not None:
        present = [sheet for sheet in wanted if (local / sheet).is_file()]
        for sheet in present:
            if box.file(local / sheet) is None:
                shown = f"{box.shown(local)}/{sheet}".removeprefix("./")
                message = box.refusal(f"theme '{name}': its stylesheet {shown}", local / sheet)
                raise error(where, line, REFUSED, message)
        if present:
            return local
    builtin = builtin_styles_dir() / name
    if _BUILTIN_NAME.fullmatch(name) and builtin.is_dir() and _holds(builtin, wanted):
        return builtin
    sheet = " or ".join(wanted)
    if local is not None:
        shown = box.shown(local) if local != box.book else "."
        raise error(where, line, "theme-missing", f"theme '{name}': the folder {shown}/ has no {sheet}")
    names = ", ".join(available_themes()) or "none installed"
    raise error(
        where,
        line,
        "theme-missing",
        f"no theme '{name}': neither a folder of the book with {sheet} nor a built-in theme ({names})",
    )
