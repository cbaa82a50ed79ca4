"""``bookpress doctor``: the themes' font stacks read from their CSS, and what
each script falls back to on this machine (asked of the real fontconfig)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bookpress import doctor, fonts
from bookpress.cli import app
from bookpress.themes import builtin_styles_dir

needs_fontconfig = pytest.mark.skipif(
    fonts.installed() is None, reason="fontconfig's fc-list is not installed"
)

CSS = """
/* a comment with :root { --font-text: "Wrong"; } inside */
:root {
  --cjk: "Noto Serif CJK SC";
  --font-text: "Latin Serif", var(--cjk), var(--missing, "Fallback Face"), serif;
  --font-display: var(--font-text);
}
:root:lang(ja) { --cjk: "Noto Serif CJK JP"; }
:root:lang(zh-Hant), :root:lang(zh-TW) { --cjk: "Noto Serif CJK TC"; }
.task { font-family: "Symbols Face", sans-serif; }
"""


def test_stacks_resolve_variables_and_name_their_roles():
    stacks = doctor.font_stacks(CSS)
    assert stacks["text"] == [
        ("text", "Latin Serif"),
        ("cjk", "Noto Serif CJK SC"),
        ("missing", "Fallback Face"),
    ]
    assert [family for _role, family in stacks["display"]] == [family for _role, family in stacks["text"]]


@pytest.mark.parametrize(
    ("lang", "cjk"),
    [
        ("", "Noto Serif CJK SC"),
        ("en", "Noto Serif CJK SC"),
        ("ja", "Noto Serif CJK JP"),
        ("ja-JP", "Noto Serif CJK JP"),
        ("jam", "Noto Serif CJK SC"),  # Jamaican Creole is not Japanese
        ("zh-Hant-TW", "Noto Serif CJK TC"),
        ("zh-tw", "Noto Serif CJK TC"),
        ("zh-CN", "Noto Serif CJK SC"),
    ],
)
def test_the_language_picks_the_cjk_variant(lang: str, cjk: str):
    assert ("cjk", cjk) in doctor.font_stacks(CSS, lang)["text"]


def test_the_default_theme_asks_for_its_own_faces_first_then_every_script():
    fonts_asked = doctor.theme_fonts(builtin_styles_dir() / "default" / "print.css")
    assert fonts_asked[0] == ("text", "Linux Libertine O")
    roles = {family: role for role, family in fonts_asked}
    assert roles["Linux Biolinum O"] == "display"
    assert roles["JetBrains Mono"] == "code"
    assert roles["Noto Serif CJK SC"] == "cjk-serif"
    assert roles["Noto Sans CJK SC"] == "cjk-sans"
    assert roles["Noto Serif Devanagari"] == "scripts-serif"
    assert roles["Noto Naskh Arabic"] == "scripts-serif"
    assert "Droid Sans Fallback" not in roles  # no bold, no subsetting: replaced by Noto CJK


def test_every_theme_chooses_the_cjk_variant_of_the_book_language():
    for theme in ("default", "classic"):
        css = doctor.stylesheet_text(builtin_styles_dir() / theme / "print.css")
        for lang, variant in (("zh-CN", "SC"), ("zh-TW", "TC"), ("zh-HK", "HK"), ("ja", "JP"), ("ko", "KR")):
            families = [family for _role, family in doctor.font_stacks(css, lang)["text"]]
            cjk = [f for f in families if "CJK" in f]
            assert cjk[0] == f"Noto Serif CJK {variant}", (theme, lang, cjk)


@needs_fontconfig
def test_each_script_is_drawn_by_an_installed_font():
    results = {item.script: item for item in doctor.script_fallbacks("default")}
    for script, item in results.items():
        for role, choice in item.choices.items():
            assert choice.family, f"{script} has no font for {role}: run make system-deps"
    assert results["Korean"].choices["text"] == doctor.Choice("Noto Serif CJK KR", "theme")
    assert results["Korean"].choices["display"] == doctor.Choice("Noto Sans CJK KR", "theme")
    assert results["Chinese (Traditional)"].choices["text"].family == "Noto Serif CJK TC"
    assert results["Devanagari"].choices["text"].family == "Noto Serif Devanagari"
    assert results["Arabic"].choices["text"].family == "Noto Naskh Arabic"
    assert results["Greek"].choices["text"].family == "Linux Libertine O"
    assert results["Emoji"].choices["text"] == doctor.Choice("Noto Color Emoji", "fontconfig")


def test_a_script_without_a_font_is_reported_as_empty_boxes():
    missing = doctor.ScriptFallback(
        "default",
        "Tangut",
        "𗀀",
        {
            "text": doctor.Choice("", ""),
            "display": doctor.Choice("X", "theme"),
            "code": doctor.Choice("", ""),
        },
    )
    [line] = doctor.report_scripts([missing])
    assert line.lstrip().startswith("--") and "NONE (empty boxes)" in line


@needs_fontconfig
def test_the_doctor_command_lists_scripts_and_their_fonts():
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "scripts in theme default (text / headings / code):" in lines
    korean = [line for line in lines if "Korean" in line]
    assert korean and "Noto Serif CJK KR / Noto Sans CJK KR" in korean[-1]
    assert any("cjk-serif" in line and "Noto Serif CJK SC" in line for line in lines)
    assert not any("NONE" in line for line in lines)
