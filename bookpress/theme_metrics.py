"""The type sizes a theme sets, read from its stylesheets before layout.

Python needs a few of the theme's numbers before WeasyPrint lays the book
out: the body text's size and leading (the page estimate that picks the
gutter), the code's (wrapped listing lines), the tables' (which tables are
wide) and the size formulas are drawn at. A theme declares them as custom
properties on ``:root`` and uses them itself::

    :root { --text-size: 10.5pt; --text-leading: 1.42; --code-size: 8.3pt;
            --code-leading: 1.38; --table-text-size: 8.8pt; }
    html { font-size: var(--text-size); line-height: var(--text-leading); }

They are read with tinycss2 from the theme's ``print.css`` (its ``@import``
rules followed, inside the sandbox) and then the book's own stylesheets, in
the order WeasyPrint applies them. A plain ``font-size`` or ``line-height``
on ``html``/``:root``, ``pre`` or ``table`` written after them wins, as it
does in the cascade; anything unreadable leaves the default theme's value.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import tinycss2

if TYPE_CHECKING:
    from .sandbox import Sandbox

_POINTS = {"pt": 1.0, "px": 0.75, "in": 72.0, "pc": 12.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "q": 18 / 25.4}
_MAX_IMPORTS = 20  # a theme importing itself in a loop stops here


@dataclass(frozen=True)
class ThemeMetrics:
    """Sizes in points, leadings as multiples of the size."""

    text_size: float = 10.5
    text_leading: float = 1.42
    code_size: float = 8.3
    code_leading: float = 1.38
    table_text_size: float = 8.8
    math_size: float = 0.0  # 0: the text size

    @property
    def line_pt(self) -> float:
        """The distance between two lines of body text."""
        return self.text_size * self.text_leading

    @property
    def formula_size(self) -> float:
        return self.math_size or self.text_size


DEFAULT_METRICS = ThemeMetrics()

# custom property → (field, what it is: "size" or "leading")
_PROPERTIES = {
    "--text-size": ("text_size", "size"),
    "--text-leading": ("text_leading", "leading"),
    "--code-size": ("code_size", "size"),
    "--code-leading": ("code_leading", "leading"),
    "--table-text-size": ("table_text_size", "size"),
    "--math-size": ("math_size", "size"),
}
# plain declarations that override them: (selector, property) → field
_PLAIN = {
    ("html", "font-size"): "text_size",
    (":root", "font-size"): "text_size",
    ("html", "line-height"): "text_leading",
    (":root", "line-height"): "text_leading",
    ("pre", "font-size"): "code_size",
    ("pre", "line-height"): "code_leading",
    ("table", "font-size"): "table_text_size",
}


def read_metrics(stylesheets: list[Path], sandbox: Sandbox | None = None) -> ThemeMetrics:
    """The metrics set by ``stylesheets`` (in the order they apply); files the
    ``sandbox`` does not allow, or that cannot be read, are skipped."""
    reader = _Reader(sandbox)
    for path in stylesheets:
        reader.read_file(path)
    return reader.metrics()


class _Reader:
    def __init__(self, sandbox: Sandbox | None) -> None:
        self.sandbox = sandbox
        self.custom: dict[str, str] = {}  # field → the last custom property's value
        self.plain: dict[str, str | None] = {}  # field → the last plain value (None: a var())
        self.files = 0

    def read_file(self, path: Path) -> None:
        self.files += 1
        if self.files > _MAX_IMPORTS:
            return
        if self.sandbox is not None:
            allowed = self.sandbox.file(path)
            if allowed is None:
                return
            path = allowed
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
            if rule.type == "at-rule" and rule.lower_at_keyword == "import":
                target = _import_target(rule.prelude)
                if target and "://" not in target:
                    self.read_file(path.parent / target)
            elif rule.type == "qualified-rule":
                self._rule(tinycss2.serialize(rule.prelude).strip().lower(), rule.content)

    def _rule(self, selector: str, content: list) -> None:
        selectors = {s.strip() for s in selector.split(",")}
        declarations = tinycss2.parse_declaration_list(content, skip_comments=True, skip_whitespace=True)
        for declaration in declarations:
            if declaration.type != "declaration":
                continue
            value = tinycss2.serialize(declaration.value).strip()
            name = declaration.name if declaration.name.startswith("--") else declaration.lower_name
            if name in _PROPERTIES and selectors & {":root", "html"}:
                self.custom[_PROPERTIES[name][0]] = value
            for chosen in selectors:
                field = _PLAIN.get((chosen, name))
                if field is not None:
                    self.plain[field] = None if "var(" in value.lower() else value

    def metrics(self) -> ThemeMetrics:
        values: dict[str, float] = {}
        kinds = dict(_PROPERTIES.values())
        sizes = {"text_leading": "text_size", "code_leading": "code_size"}
        for item in fields(ThemeMetrics):  # sizes before the leadings that follow them
            field = item.name
            raw = self.plain.get(field) or self.custom.get(field)
            if raw is None:
                continue
            if kinds[field] == "leading":
                size = values.get(sizes[field], getattr(DEFAULT_METRICS, sizes[field]))
                number = _leading(raw, size)
            else:  # em: the root's font size is relative to the browser's 12 pt
                em = 12.0 if field == "text_size" else values.get("text_size", DEFAULT_METRICS.text_size)
                number = _size(raw, em)
            if number is not None and number > 0:
                values[field] = number
        return ThemeMetrics(**values)


def _import_target(prelude: list) -> str | None:
    for token in prelude:
        if token.type in ("string", "url"):
            return token.value
        if token.type == "function" and token.lower_name == "url":
            strings = [t.value for t in token.arguments if t.type == "string"]
            return strings[0] if strings else None
    return None


def _single(raw: str):
    tokens = [t for t in tinycss2.parse_component_value_list(raw) if t.type not in ("whitespace", "comment")]
    return tokens[0] if len(tokens) == 1 else None


def _size(raw: str, em: float) -> float | None:
    """A font size in points; ``em`` and ``%`` relative to ``em``."""
    token = _single(raw)
    if token is None:
        return None
    if token.type == "dimension":
        unit = token.lower_unit
        if unit in _POINTS:
            return token.value * _POINTS[unit]
        if unit in ("em", "rem"):
            return token.value * em
    if token.type == "percentage":
        return token.value / 100 * em
    return None


def _leading(raw: str, size: float) -> float | None:
    """A line height as a multiple of the font ``size``."""
    token = _single(raw)
    if token is None:
        return None
    if token.type == "number":
        return token.value
    if token.type == "percentage":
        return token.value / 100
    length = _size(raw, size)
    return length / size if length is not None else None
