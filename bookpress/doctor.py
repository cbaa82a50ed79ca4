"""``bookpress doctor``: are the fonts and tools the themes and checks need here?

Fonts are found by asking fontconfig (``fc-list``), the same library
WeasyPrint uses to find them; the font names are read from the themes' own
stylesheets (their ``--font-*`` custom properties, with the ``var()``s in
them resolved, and the ``:root:lang(…)`` rules that change them for a
language), so a theme that asks for a new font is checked without any
change here.

For each script, the doctor says which installed family draws a sample
character in the text, the headings and the code: the first font of the
theme's stack that has it, else the font fontconfig falls back to (as Pango
does while laying out), else none: then that script prints as empty boxes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import fonts
from .sandbox import inside
from .themes import available_themes, builtin_styles_dir

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

# Scripts the doctor reports on: (name, a language written in it, a sample character).
SCRIPTS: tuple[tuple[str, str, str], ...] = (
    ("Chinese (Simplified)", "zh-CN", "汉"),
    ("Chinese (Traditional)", "zh-TW", "漢"),
    ("Japanese", "ja", "あ"),
    ("Korean", "ko", "한"),
    ("Vietnamese", "vi", "ệ"),
    ("Greek", "el", "λ"),
    ("Cyrillic", "ru", "Ж"),
    ("Devanagari", "hi", "अ"),
    ("Bengali", "bn", "অ"),
    ("Tamil", "ta", "த"),
    ("Thai", "th", "ก"),
    ("Arabic", "ar", "ع"),
    ("Hebrew", "he", "ש"),
    ("Emoji", "und-zsye", "🦀"),
)


@dataclass(frozen=True)
class FontCheck:
    theme: str
    role: str  # text, display, code, sans, fallbacks, scripts-serif, cjk-serif…, other
    family: str
    present: bool


@dataclass(frozen=True)
class Choice:
    """The family that draws a character, and how it was found: "theme"
    (named in the stack), "fontconfig" (its fallback) or "" (no font has it)."""

    family: str
    via: str


@dataclass(frozen=True)
class ScriptFallback:
    theme: str
    script: str
    sample: str
    choices: dict[str, Choice]  # role → choice


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


def _generic(css: str, role: str, lang: str = "") -> str:
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


def check_fonts() -> list[FontCheck]:
    families = installed_families()
    checks = []
    for theme in available_themes():
        for role, family in theme_fonts(builtin_styles_dir() / theme / "print.css"):
            checks.append(FontCheck(theme, role, family, family.lower() in families))
    return checks


def first_choice_missing(theme: str) -> list[str]:
    """The roles (text, display, code) whose first family is not installed."""
    families = installed_families()
    stacks = font_stacks(stylesheet_text(builtin_styles_dir() / theme / "print.css"))
    return [role for role in MAIN_ROLES if stacks.get(role) and stacks[role][0][1].lower() not in families]


def script_fallbacks(theme: str) -> list[ScriptFallback]:
    """For each script of :data:`SCRIPTS`, which family draws it in a book
    written in that script's language, for the text, headings and code."""
    coverage = fonts.installed()
    css = stylesheet_text(builtin_styles_dir() / theme / "print.css")
    results = []
    for script, lang, sample in SCRIPTS:
        stacks = font_stacks(css, lang)
        choices = {}
        for role in MAIN_ROLES:
            choice = Choice("", "")
            for _role, family in stacks.get(role, []):
                if coverage is not None and coverage.family_has(family, sample):
                    choice = Choice(coverage.names.get(family.lower(), family), "theme")
                    break
            else:
                fallback = fonts.fallback_family(sample, _generic(css, role, lang), lang)
                if fallback:
                    choice = Choice(fallback, "fontconfig")
            choices[role] = choice
        results.append(ScriptFallback(theme, script, sample, choices))
    return results


def report_fonts(theme: str, checks: list[FontCheck]) -> list[str]:
    """Lines for one theme: its own families one by one, the per-script ones
    (``scripts-*``, ``cjk-*``) counted on one line per role, missing ones named."""
    lines = []
    grouped: dict[str, list[FontCheck]] = {}
    for check in checks:
        if check.role.startswith(("scripts-", "cjk-")):
            grouped.setdefault(check.role, []).append(check)
        else:
            lines.append(f"  {'ok ' if check.present else '-- '} {check.role:<13} {check.family}")
    for role, group in grouped.items():
        present = [c.family for c in group if c.present]
        missing = [c.family for c in group if not c.present]
        mark = "ok " if not missing else "-- "
        if len(group) == 1:
            lines.append(f"  {mark} {role:<13} {group[0].family}")
            continue
        shown = f"{len(present)} of {len(group)} installed"
        if missing:
            shown += "; missing: " + ", ".join(missing)
        lines.append(f"  {mark} {role:<13} {shown}")
    return lines


def report_scripts(fallbacks: list[ScriptFallback]) -> list[str]:
    """One line per script: what draws it in text / headings / code."""
    lines = []
    for item in fallbacks:
        shown = []
        for role in MAIN_ROLES:
            choice = item.choices.get(role, Choice("", ""))
            if not choice.family:
                shown.append("NONE (empty boxes)")
            elif choice.via == "fontconfig":
                shown.append(f"{choice.family} (fontconfig)")
            else:
                shown.append(choice.family)
        ok = all(item.choices.get(role, Choice("", "")).family for role in MAIN_ROLES)
        lines.append(f"  {'ok ' if ok else '-- '} {item.script:<22} {item.sample}  {' / '.join(shown)}")
    return lines


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
        ("fontconfig (fc-list, fc-match)", shutil.which("fc-match") is not None, "fontconfig"),
        *embed_tools(),
    ]


def embed_tools() -> list[tuple[str, bool, str]]:
    """The browser that draws interactive figures for print, and its libraries."""
    from .assets.browser import BrowserUnavailable, check_browser
    from .assets.libraries import installed, js_root

    try:
        browser, ok = check_browser(), True
    except BrowserUnavailable as exc:
        browser, ok = str(exc), False
    libraries = installed()
    return [
        ("Chromium + Playwright (interactive figures)", ok, browser),
        ("JavaScript libraries (d3…)", bool(libraries), ", ".join(libraries) or f"none in {js_root()}"),
    ]
