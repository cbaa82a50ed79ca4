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

import shutil
from dataclasses import dataclass

from . import fonts
from .theme_fonts import (
    MAIN_ROLES,
    font_stacks,
    generic_family,
    installed_families,
    stylesheet_text,
    theme_fonts,
)
from .themes import available_themes, builtin_styles_dir

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
                fallback = fonts.fallback_family(sample, generic_family(css, role, lang), lang)
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

    from .profiles import SYSTEM_CMYK_PROFILE

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
