"""What a theme's stylesheets say about fonts: the ``--font-<role>`` stacks with their
``var()``s resolved (and the ``:root:lang(…)`` rules that change them for a language), every
family a theme asks for, and the families fontconfig has installed.

Read by ``bookpress doctor`` and by the assets stage (the fonts a headless browser is given);
it knows nothing of either.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from .sandbox import inside
from .themes import builtin_styles_dir

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_QUOTED = re.compile(r'"([^"]+)"|\'([^\']+)\'')
_IMPORT = re.compile(r'@import\s+(?:url\()?["\']?([^"\')]+)["\']?\)?\s*;')
_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
_CUSTOM = re.compile(r"(--[\w-]+)\s*:\s*([^;]+)")
_FONT_FAMILY = re.compile(r"(?<![\w-])font-family\s*:\s*([^;}]+)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,([^()]*))?\)")
_ROOT_LANG = re.compile(r":root:lang\(\s*([\w-]+)\s*\)")
GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}

# The roles a theme names with --font-<role>; the first family of each should be installed.
MAIN_ROLES = ("text", "display", "code")
_GENERIC_OF_ROLE = {"text": "serif", "display": "sans-serif", "code": "monospace"}


def installed_families() -> set[str]:
    """Every family name fontconfig knows (aliases included), lower-cased."""
    if shutil.which("fc-list") is None:
        return set()
    output = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    return {name.strip().lower() for line in output.splitlines() for name in line.split(",") if name.strip()}


def stylesheet_text(
    css_path: Path, seen: set[Path] | None = None, roots: tuple[Path, ...] | None = None
) -> str:
    """A stylesheet without comments, its imports inlined where they are.
    Only files inside ``roots`` are read (see :mod:`bookpress.sandbox`); by
    default the built-in themes, or the sheet's own folder."""
    if roots is None:
        styles = builtin_styles_dir().resolve()
        roots = (styles,) if css_path.resolve().is_relative_to(styles) else (css_path.parent.resolve(),)
    seen = set() if seen is None else seen
    found = inside(css_path, roots)
    if found is None or found in seen or not found.is_file():
        return ""
    seen.add(found)
    text = _COMMENT.sub("", found.read_text(encoding="utf-8", errors="replace"))
    return _IMPORT.sub(lambda m: stylesheet_text(found.parent / m.group(1), seen, roots), text)


def _lang_matches(lang: str, wanted: str) -> bool:
    lang, wanted = lang.lower(), wanted.lower()
    return lang == wanted or lang.startswith(wanted + "-")


def theme_variables(css: str, lang: str = "") -> dict[str, str]:
    """The custom properties the root element gets: ``:root`` rules, then the
    ``:root:lang(…)`` rules that match ``lang`` (more specific), in order."""
    plain: dict[str, str] = {}
    by_lang: dict[str, str] = {}
    for selectors, body in _RULE.findall(_COMMENT.sub("", css)):
        chosen = [s.strip() for s in selectors.split(",")]
        if ":root" in chosen:
            plain.update((name, value.strip()) for name, value in _CUSTOM.findall(body))
        elif lang and any(_lang_matches(lang, m.group(1)) for s in chosen if (m := _ROOT_LANG.fullmatch(s))):
            by_lang.update((name, value.strip()) for name, value in _CUSTOM.findall(body))
    return plain | by_lang


def expand(value: str, variables: dict[str, str], role: str, depth: int = 0) -> list[tuple[str, str]]:
    """(role, family) pairs of a font-family value, ``var()``s resolved: a
    family named through a variable that is not a ``--font-*`` one takes that
    variable's name as its role (``scripts-serif``, ``cjk-sans``…)."""
    found: list[tuple[str, str]] = []
    position = 0
    for match in _VAR.finditer(value):
        found += [(role, f) for f in _families(value[position : match.start()])]
        name, fallback = match.group(1), match.group(2) or ""
        inner = variables.get(name, fallback)
        inner_role = role if name.startswith("--font-") else name.removeprefix("--")
        if depth < 10:
            found += expand(inner, variables, inner_role, depth + 1)
        position = match.end()
    found += [(role, f) for f in _families(value[position:])]
    return found


def _families(value: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in _QUOTED.finditer(value)]


def font_stacks(css: str, lang: str = "") -> dict[str, list[tuple[str, str]]]:
    """Role → (role, family) pairs in order, for every ``--font-<role>`` of the theme."""
    variables = theme_variables(css, lang)
    return {
        name.removeprefix("--font-"): expand(value, variables, name.removeprefix("--font-"))
        for name, value in variables.items()
        if name.startswith("--font-")
    }


def generic_family(css: str, role: str, lang: str = "") -> str:
    """The generic family a role's stack ends with (serif, sans-serif…)."""
    variables = theme_variables(css, lang)
    value = variables.get(f"--font-{role}", "")
    for _ in range(10):
        if "var(" not in value:
            break
        value = _VAR.sub(lambda m: variables.get(m.group(1), m.group(2) or ""), value)
    words = [w.strip() for w in _QUOTED.sub("", value).split(",")]
    generics = [w for w in words if w in GENERIC]
    return generics[-1] if generics else _GENERIC_OF_ROLE.get(role, "serif")


def theme_fonts(css_path: Path) -> list[tuple[str, str]]:
    """(role, family) pairs a theme asks for, each family once, in order of
    preference; families named outside custom properties come last as "other"."""
    css = stylesheet_text(css_path)
    stacks = font_stacks(css)
    pairs: list[tuple[str, str]] = []
    for role in sorted(stacks, key=lambda r: MAIN_ROLES.index(r) if r in MAIN_ROLES else len(MAIN_ROLES)):
        pairs += stacks[role]
    for value in _FONT_FAMILY.findall(css):
        if "var(" not in value:
            pairs += [("other", f) for f in _families(value)]
    seen: set[str] = set()
    unique = []
    for role, family in pairs:
        if family.lower() not in seen and family.lower() not in GENERIC:
            seen.add(family.lower())
            unique.append((role, family))
    return unique
