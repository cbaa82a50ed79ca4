"""``bookpress doctor``: are the fonts and tools the themes and checks need here?

Fonts are found by asking fontconfig (``fc-list``), the same library
WeasyPrint uses to find them; the font names are read from the themes' own
stylesheets, so a theme that asks for a new font is checked without any
change here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .themes import available_themes, builtin_styles_dir

_QUOTED = re.compile(r'"([^"]+)"|\'([^\']+)\'')
_FAMILY_DECL = re.compile(r"(--font-[\w-]+|--fallbacks|font-family)\s*:\s*([^;}]+)")
_IMPORT = re.compile(r'@import\s+(?:url\()?["\']?([^"\')]+)["\']?\)?\s*;')
GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}


@dataclass(frozen=True)
class FontCheck:
    theme: str
    role: str  # text, display, code, fallbacks, other
    family: str
    present: bool


def installed_families() -> set[str]:
    """Every family name fontconfig knows (aliases included), lower-cased."""
    if shutil.which("fc-list") is None:
        return set()
    output = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    return {name.strip().lower() for line in output.splitlines() for name in line.split(",") if name.strip()}


def theme_fonts(css_path: Path) -> list[tuple[str, str]]:
    """(role, family) pairs a theme asks for, in order of preference. A later
    declaration of a font variable (a theme building on another) wins."""
    roles: dict[str, list[str]] = {}
    for name, value in _declarations(css_path, set()):
        role = name.removeprefix("--font-").removeprefix("--") if name.startswith("--") else "other"
        families = [m.group(1) or m.group(2) for m in _QUOTED.finditer(value)]
        if role == "other":
            roles.setdefault(role, [])
            roles[role] += [f for f in families if f not in roles[role]]
        else:
            roles[role] = families
    return [(role, family) for role, families in roles.items() for family in families]


def _declarations(css_path: Path, seen: set[Path]) -> list[tuple[str, str]]:
    """Font declarations of a stylesheet, its imports first."""
    if css_path in seen or not css_path.is_file():
        return []
    seen.add(css_path)
    text = re.sub(r"/\*.*?\*/", "", css_path.read_text(encoding="utf-8"), flags=re.S)
    found: list[tuple[str, str]] = []
    for imported in _IMPORT.findall(text):
        found.extend(_declarations((css_path.parent / imported).resolve(), seen))
    found.extend(_FAMILY_DECL.findall(text))
    return found


def check_fonts() -> list[FontCheck]:
    families = installed_families()
    checks = []
    for theme in available_themes():
        for role, family in theme_fonts(builtin_styles_dir() / theme / "print.css"):
            if family.lower() not in GENERIC:
                checks.append(FontCheck(theme, role, family, family.lower() in families))
    return checks


def check_tools() -> list[tuple[str, bool, str]]:
    """(what, present, detail) for the programs and files around the build."""
    import weasyprint

    from .writers.pdf import SYSTEM_CMYK_PROFILE

    java = shutil.which("java")
    return [
        ("WeasyPrint", True, weasyprint.__version__),
        ("Java (for EPUBCheck)", java is not None, java or "install default-jre-headless"),
        ("CMYK output profile (press)", SYSTEM_CMYK_PROFILE.is_file(), str(SYSTEM_CMYK_PROFILE)),
        ("pdftotext (tests, preflight)", shutil.which("pdftotext") is not None, "poppler-utils"),
    ]
