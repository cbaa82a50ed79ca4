"""Where themes (folders of CSS) are found: a folder in the book, or the
themes that ship with bookpress (inside the installed package, or in the
source tree's ``styles/`` when running from a checkout)."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import error

_PACKAGE = Path(__file__).resolve().parent


def builtin_styles_dir() -> Path:
    installed = _PACKAGE / "styles"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "styles"


def available_themes() -> list[str]:
    root = builtin_styles_dir()
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def find_theme(name: str, book_root: Path, where: str = "book.toml") -> Path:
    """The folder of theme ``name``; a folder inside the book wins over a built-in."""
    local = (book_root / name).resolve()
    if local.is_dir() and local.is_relative_to(book_root.resolve()):
        return local
    builtin = builtin_styles_dir() / name
    if builtin.is_dir():
        return builtin
    names = ", ".join(available_themes()) or "none installed"
    raise error(where, None, "theme-missing", f"no theme '{name}' (built-in themes: {names})")
