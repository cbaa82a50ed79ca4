"""Read one table of ``book.toml`` by walking its rows in :mod:`.schema`:
each value checked against its kind, allowed values and range, converted,
and filled with its default when absent; keys and tables that no row names
are warnings with their line."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import BookError, Diagnostics, error
from . import schema
from .schema import ANY_KEY, Key
from .toml_lines import key_line, table_line
from .values import is_length, length_pt, memory_mb, parse_trim


@dataclass(frozen=True)
class Source:
    """The ``book.toml`` being read: its name as shown, its text, its data."""

    shown: str
    text: str
    data: dict[str, Any]
    diagnostics: Diagnostics

    def line_of(self, table: str, key: str) -> int | None:
        return key_line(self.text, table, key)

    def raw(self, name: str) -> dict[str, Any]:
        """The table ``name`` ("output.pdf") as parsed; {} when absent, an error when not a table."""
        value: Any = self.data
        parent = ""
        for part in name.split("."):
            value = value.get(part, {})
            if not isinstance(value, dict):
                raise error(
                    self.shown, key_line(self.text, parent, part), "config-type", f"[{name}] must be a table"
                )
            parent = f"{parent}.{part}" if parent else part
        return value


@dataclass(frozen=True)
class TableValues:
    """The checked values of one table, by key, defaults filled in."""

    name: str
    values: dict[str, Any]
    given: frozenset[str]
    source: Source
    rows: tuple[Key, ...] = field(repr=False, default=())

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def line_of(self, key: str) -> int | None:
        return self.source.line_of(self.name, key)

    def fields(self, prefix: str = "") -> dict[str, Any]:
        """Values by the attribute they fill: plain attributes, or with ``prefix``
        ("meta.") those under it. Rows with field "-" are the loader's to place."""
        out = {}
        for row in self.rows:
            attribute = row.attribute
            if row.kind == schema.UNUSED or attribute == "-" or row.name == ANY_KEY:
                continue
            if prefix and attribute.startswith(prefix):
                out[attribute.removeprefix(prefix)] = self.values[row.name]
            elif not prefix and "." not in attribute:
                out[attribute] = self.values[row.name]
        return out


def read_table(source: Source, name: str) -> TableValues:
    """The table ``name`` checked against its rows; unknown keys and tables warned."""
    raw = source.raw(name)
    rows = schema.keys_of(name)
    by_name = {row.name: row for row in rows}
    any_key = by_name.get(ANY_KEY)
    values: dict[str, Any] = {}
    for row in rows:
        if row.name == ANY_KEY or row.kind == schema.UNUSED:
            continue
        if row.name in raw:
            values[row.name] = check_value(row, raw[row.name], source.shown, source.line_of(name, row.name))
        else:
            values[row.name] = default_value(row)
    for key, value in raw.items():
        if key in by_name:
            continue
        if any_key is not None:
            values[key] = check_value(any_key, value, source.shown, source.line_of(name, key), key)
        elif isinstance(value, dict):
            warn_table(source, f"{name}.{key}")
        else:
            source.diagnostics.warn(
                source.shown,
                source.line_of(name, key),
                "config-unknown-key",
                f"unknown key '{key}' in [{name}]",
            )
    return TableValues(name, values, frozenset(k for k in raw if k in by_name or any_key), source, rows)


def warn_table(source: Source, name: str) -> None:
    """A table no row of bookpress reads: a note for another tool's, else a warning."""
    known = schema.table(name)
    if known is not None and not known.ignored:
        return
    line = table_line(source.text, name)
    if known is not None or _ignored_parent(name):
        source.diagnostics.info(source.shown, line, "config-ignored", f"[{name}] is not used by bookpress")
    else:
        source.diagnostics.warn(source.shown, line, "config-unknown-table", f"unknown table [{name}]")


def warn_top_level(source: Source) -> None:
    """Top-level keys, and tables that are neither bookpress's nor another tool's."""
    for name, value in source.data.items():
        if not isinstance(value, dict):
            if schema.table(name) is None:
                line = source.line_of("", name)
                source.diagnostics.warn(source.shown, line, "config-unknown-key", f"unknown key '{name}'")
        else:
            warn_table(source, name)


def _ignored_parent(name: str) -> bool:
    return any(t.ignored and name.startswith(t.name + ".") for t in schema.TABLES)


def default_value(row: Key) -> Any:
    """The default of ``row`` as its attribute holds it (a trim preset as two lengths …)."""
    if row.default is None:
        return None
    written = list(row.default) if isinstance(row.default, tuple) else row.default  # as TOML gives it
    return check_value(row, written, "<schema>", None)


def check_value(row: Key, value: Any, shown: str, line: int | None, name: str = "") -> Any:
    """``value`` of ``row`` checked and converted, or a :class:`BookError` at ``line``."""
    key = name or row.name
    kind = row.kind
    if kind == schema.DATE:
        return value.isoformat() if hasattr(value, "isoformat") else str(value or "")
    if kind == schema.COMPONENT:
        if not isinstance(value, str) or value.split(":", 1)[0] not in row.allowed:
            raise _not_allowed(row, key, value, shown, line)
        return value
    if kind == schema.INCHES:
        inches = _inches(value)
        if inches is None or not _in_range(row, inches):
            raise _not_allowed(row, key, value, shown, line)
        return inches
    if kind == schema.SIZE:
        size = memory_mb(value)
        if size is None or not _in_range(row, size):
            raise _not_allowed(row, key, value, shown, line)
        return size
    _check_type(row, key, value, shown, line)
    if kind in (schema.STRINGS, schema.STRING_OR_STRINGS):
        items = [value] if isinstance(value, str) else value
        if not all(isinstance(v, str) for v in items):
            raise error(shown, line, "config-type", f"[{row.table}] {key} must be a list of strings")
        return tuple(items)
    if kind == schema.STRING_MAP:
        if not all(isinstance(v, str) for v in value.values()):
            raise error(shown, line, "config-type", f"[{row.table}] {key} must map strings to strings")
        return tuple(value.items())
    if kind == schema.PARTS:
        return _parts(value, shown, line)
    if kind == schema.TRIM:
        return parse_trim(value, shown, line)
    if kind == schema.LENGTH:
        if value in row.allowed:
            return value
        if not is_length(value):
            raise error(shown, line, "config-value", f"{key} must be a length such as 0.5in or 12mm")
        return value.strip()
    if kind == schema.CHOICE:
        value = value.strip().lower() if row.fold_case else value
        if value != row.default and value not in row.allowed:
            raise _not_allowed(row, key, value, shown, line)
        return value
    if kind in (schema.INTEGER, schema.NUMBER):
        if not _in_range(row, value):
            raise _not_allowed(row, key, value, shown, line)
        return float(value) if kind == schema.NUMBER else value
    return value


_TYPES: dict[str, tuple[type, ...]] = {
    schema.STRING: (str,),
    schema.INTEGER: (int,),
    schema.NUMBER: (int, float),
    schema.BOOLEAN: (bool,),
    schema.STRINGS: (list,),
    schema.STRING_OR_STRINGS: (str, list),
    schema.LENGTH: (str,),
    schema.TRIM: (str,),
    schema.CHOICE: (str,),
    schema.STRING_MAP: (dict,),
    schema.PARTS: (list,),
}
_ARTICLES = {
    schema.STRING: "a string",
    schema.INTEGER: "an integer",
    schema.NUMBER: "a number",
    schema.BOOLEAN: "true or false",
    schema.STRINGS: "a list",
    schema.STRING_OR_STRINGS: "a string or a list",
    schema.LENGTH: "a string",
    schema.TRIM: "a string",
    schema.CHOICE: "a string",
    schema.STRING_MAP: "a table",
    schema.PARTS: "a list",
}


def _check_type(row: Key, key: str, value: Any, shown: str, line: int | None) -> None:
    types = _TYPES[row.kind]
    is_number_or_text = not isinstance(value, bool) or bool in types  # TOML true is not a number
    if not (is_number_or_text and isinstance(value, types)):
        article = _ARTICLES[row.kind] + (f" of {row.unit}" if row.kind == schema.NUMBER and row.unit else "")
        message = f"[{row.table}] {key} must be {article}, not {describe(value)}"
        raise error(shown, line, "config-type", message)


def _in_range(row: Key, value: float) -> bool:
    if row.low is not None and (value < row.low or (row.low_open and value == row.low)):
        return False
    return row.high is None or value <= row.high


def _not_allowed(row: Key, key: str, value: Any, shown: str, line: int | None) -> BookError:
    allowed = ", ".join(row.allowed)
    template = row.message or "{key} must be one of: {allowed}"
    return error(shown, line, row.code, template.format(key=key, value=value, allowed=allowed))


def _parts(value: list[Any], shown: str, line: int | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    parts = []
    for item in value:
        chapters = item.get("chapters") if isinstance(item, dict) else None
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("title"), str)
            or not isinstance(chapters, list)
        ):
            raise error(shown, line, "config-type", "each of [book] parts needs a title and a chapters list")
        parts.append((item["title"], tuple(str(c) for c in chapters)))
    return tuple(parts)


def _inches(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and is_length(value):
        return length_pt(value) / 72
    return None


def describe(value: Any) -> str:
    """What a TOML value is, for a message: "a string", "a table"."""
    if isinstance(value, bool):
        return "a boolean"
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def options(source: Source, name: str, cls: type[Any]) -> Any:
    """The dataclass ``cls`` filled from the table ``name`` (its fields named as the rows)."""
    values = read_table(source, name).fields()
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in values.items() if k in names})
