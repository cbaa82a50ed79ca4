"""The class-name contract between the writers and the themes, written down in
the handbook's themes chapter (manuscript/src/themes.md, "The names a theme
may style"): every class the writers emit is listed there, and every class a
built-in theme styles is one the writers emit or one of the theme's own."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import tinycss2

from bookpress.build import load
from bookpress.diagnostics import Diagnostics
from bookpress.geometry import Geometry
from bookpress.writers.epub import write_epub
from bookpress.writers.print_html import PrintHtml

ROOT = Path(__file__).resolve().parents[2]
THEMES_MD = ROOT / "manuscript" / "src" / "themes.md"
WRITER_SOURCES = [
    *sorted((ROOT / "bookpress" / "writers").glob("*.py")),
    *sorted((ROOT / "bookpress" / "templates").glob("*.j2")),
]
THEME_SHEETS = sorted((ROOT / "styles").glob("*/*.css"))
BOOKS = [ROOT / "manuscript", ROOT / "tests" / "golden" / "kitchen-sink"]

# Classes a built-in theme styles that no writer emits: it offers them to
# authors ({.bleed}). Named in themes.md too.
THEME_ONLY = {"bleed", "placeholder"}
# Where a documented class may come from: writers, templates, and the reader
# and transforms that put classes on the model (MDX components, citations).
EMITTING_SOURCES = [
    *WRITER_SOURCES,
    *sorted((ROOT / "bookpress" / "reader").glob("*.py")),
    *sorted((ROOT / "bookpress" / "transforms").glob("*.py")),
    *sorted((ROOT / "bookpress" / "bibliography").glob("*.py")),
    *sorted((ROOT / "bookpress" / "cover").glob("*.py")),
]


def documented() -> tuple[set[str], set[str], set[str]]:
    """Classes, class families (prefixes of ``.x-*``) and custom properties of
    the contract section of themes.md."""
    text = THEMES_MD.read_text(encoding="utf-8")
    section = text.split("## The names a theme may style", 1)[1].split("\n## ", 1)[0]
    names = set(re.findall(r"`\.([A-Za-z][\w-]*\*?)`", section))
    classes = {n for n in names if not n.endswith("*")}
    families = {n[:-1] for n in names if n.endswith("*")}
    properties = set(re.findall(r"`(--[a-z][\w-]*\*?)`", section))
    return classes, families, properties


def covered(name: str, classes: set[str], families: set[str]) -> bool:
    return name in classes or any(name.startswith(prefix) and name != prefix for prefix in families)


def static_classes() -> set[str]:
    """Class names written literally in the writers and templates: in
    ``class="…"`` and in lists of classes; ``x-{…}`` gives the family ``x-*``."""
    found: set[str] = set()
    for path in WRITER_SOURCES:
        text = path.read_text(encoding="utf-8")
        for value in re.findall(r'class="([^"]*)"', text):
            value = re.sub(r"\{\{.*?\}\}", "{}", re.sub(r"\{%.*?%\}", " ", value))
            for token in value.split():
                if "{" in token:
                    prefix = token.split("{", 1)[0]
                    if prefix.endswith("-"):
                        found.add(prefix + "*")
                elif re.fullmatch(r"[A-Za-z][\w-]*", token):
                    found.add(token)
        lists = re.findall(r"classes\s*=\s*\[([^\]]*)\]|classes\.append\(([^)]*)\)", text)
        for body in (a or b for a, b in lists):
            for is_f, literal in re.findall(r'(f?)"([^"]*)"', body):
                if is_f:
                    prefix = literal.split("{", 1)[0]
                    if prefix.endswith("-"):
                        found.add(prefix + "*")
                else:
                    found.update(t for t in literal.split() if re.fullmatch(r"[A-Za-z][\w-]*", t))
    return found


def author_classes(book: Path) -> set[str]:
    """Classes the manuscript writes itself: ``{.x}``, ``::: x``, ``class="x"``."""
    found: set[str] = set()
    for path in book.rglob("*"):
        if path.suffix not in (".md", ".mdx", ".html") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for attributes in re.findall(r"\{([^{}\n]*)\}", text):
            found.update(re.findall(r"(?:^|\s)\.([A-Za-z][\w-]*)", attributes))
        found.update(re.findall(r"^\s*:::+\s*\{?\s*\.?([A-Za-z][\w-]*)", text, flags=re.M))
        for value in re.findall(r'class(?:Name)?\s*=\s*["\']([^"\']*)["\']', text):
            found.update(value.split())
    return found


def emitted_by_building(book: Path, tmp: Path) -> set[str]:
    """Classes in the print HTML and the EPUB's XHTML of ``book``, the
    manuscript's own left out."""
    diagnostics = Diagnostics()
    config, loaded = load(book, diagnostics)
    pages = [PrintHtml(loaded, diagnostics).document(config, None)]
    target = tmp / f"{book.name}.epub"
    write_epub(loaded, config, target, diagnostics)
    with zipfile.ZipFile(target) as epub:
        pages += [epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith((".xhtml", ".html"))]
    found = {c for page in pages for value in re.findall(r'class="([^"]*)"', page) for c in value.split()}
    return found - author_classes(book)


def theme_selectors(path: Path) -> tuple[set[str], set[str]]:
    """Classes in the selectors of a stylesheet, and the custom properties it declares."""
    classes: set[str] = set()
    properties: set[str] = set()

    def walk(rules) -> None:
        for rule in rules:
            if rule.type == "qualified-rule":
                classes.update(re.findall(r"\.(-?[A-Za-z_][\w-]*)", tinycss2.serialize(rule.prelude)))
                for item in tinycss2.parse_declaration_list(
                    rule.content, skip_whitespace=True, skip_comments=True
                ):
                    if item.type == "declaration" and item.name.startswith("--"):
                        properties.add(item.name)
            elif (
                rule.type == "at-rule"
                and rule.content is not None
                and rule.lower_at_keyword in ("media", "supports")
            ):
                walk(tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True))

    walk(
        tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), skip_whitespace=True, skip_comments=True)
    )
    return classes, properties


@pytest.fixture(scope="module")
def contract() -> tuple[set[str], set[str], set[str]]:
    classes, families, properties = documented()
    assert len(classes) > 100 and {"callout-", "language-", "t-"} <= families
    return classes, families, properties


def test_every_class_written_in_the_writers_is_documented(contract) -> None:
    classes, families, _ = contract
    found = static_classes()
    assert {"chapter-title", "caption-label", "index-locator", "language-*"} <= found
    missing = sorted(
        name
        for name in found
        if not (
            any(name.startswith(f) for f in families)
            if name.endswith("*")
            else covered(name, classes, families)
        )
    )
    assert not missing, f"list these in themes.md, 'The names a theme may style': {missing}"


def test_every_class_in_built_books_is_documented(contract, tmp_path: Path) -> None:
    classes, families, _ = contract
    found: set[str] = set()
    for book in BOOKS:
        found |= emitted_by_building(book, tmp_path)
    assert {"toc-chapter", "chapter", "footnote", "csl-entry", "index-entry", "table-wrap"} <= found
    missing = sorted(name for name in found if not covered(name, classes, families))
    assert not missing, f"list these in themes.md, 'The names a theme may style': {missing}"


@pytest.mark.parametrize("sheet", THEME_SHEETS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_class_a_theme_styles_is_emitted_or_its_own(contract, sheet: Path) -> None:
    classes, families, properties = contract
    styled, declared = theme_selectors(sheet)
    unknown = sorted(c for c in styled if c not in THEME_ONLY and not covered(c, classes, families))
    assert not unknown, f"{sheet.relative_to(ROOT)} styles classes no writer emits: {unknown}"
    property_families = {p[:-1] for p in properties if p.endswith("*")}
    undocumented = sorted(
        p for p in declared if p not in properties and not any(p.startswith(f) for f in property_families)
    )
    assert not undocumented, (
        f"{sheet.relative_to(ROOT)}: document these custom properties in themes.md: {undocumented}"
    )


def test_the_theme_only_classes_are_named_in_the_handbook_and_styled(contract) -> None:
    text = THEMES_MD.read_text(encoding="utf-8")
    styled = set().union(*(theme_selectors(sheet)[0] for sheet in THEME_SHEETS))
    for name in THEME_ONLY:
        assert f"`.{name}`" in text and name in styled


def test_the_properties_bookpress_sets_are_documented(contract) -> None:
    _, _, properties = contract
    css = Geometry.for_trim(504.0, 666.0, 200, 9.0, None, {}).page_css()
    written = set(re.findall(r"(--[a-z][\w-]*)\s*:", css))
    assert {"--page-width", "--margin-inner"} <= written
    assert written <= properties


def test_no_built_in_theme_sets_the_page_size_or_margins() -> None:
    """They come from bookpress/geometry.py, written after the theme."""
    for sheet in THEME_SHEETS:
        for rule in tinycss2.parse_stylesheet(sheet.read_text(encoding="utf-8"), skip_comments=True):
            if rule.type != "at-rule" or rule.lower_at_keyword != "page" or rule.content is None:
                continue
            names = {
                item.lower_name
                for item in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
                if item.type == "declaration"
            }
            selector = tinycss2.serialize(rule.prelude).strip()
            if re.match(r"[A-Za-z]", selector):  # a named page (bleed, cover-sheet): geometry does not set it
                continue
            assert not names & {
                "size",
                "margin",
                "margin-left",
                "margin-right",
                "margin-top",
                "margin-bottom",
            }, f"{sheet.relative_to(ROOT)}: @page {selector}"


def test_every_documented_class_comes_from_bookpress_or_the_theme(contract) -> None:
    """A class listed in the handbook that nothing writes any more is a stale promise."""
    classes, _, _ = contract
    text = "\n".join(path.read_text(encoding="utf-8") for path in EMITTING_SOURCES)
    stale = sorted(name for name in classes - THEME_ONLY if not _written(name, text))
    assert not stale, f"themes.md lists classes that no writer, reader or transform writes: {stale}"


def _written(name: str, text: str) -> bool:
    """``name`` as a word of ``text``, or made there from a prefix (``toc-{kind}``)."""
    if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w])", text):
        return True
    prefixes = [name[: i + 1] for i, c in enumerate(name) if c == "-"]
    return any(re.search(rf"(?<![\w-]){re.escape(prefix)}\{{", text) for prefix in prefixes)
