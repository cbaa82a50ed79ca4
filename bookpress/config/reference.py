"""The handbook's configuration reference, written from :mod:`.schema`.

``python -m bookpress.config.reference`` rewrites the part of
``manuscript/src/reference.md`` between the two markers below;
``--check`` exits 1 when that part is not what the schema says (a test
runs it). The prose around the markers is the handbook's own.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from . import schema
from .schema import ANY_KEY, Key

BEGIN = "<!-- book.toml keys: written by python -m bookpress.config.reference from its schema -->"
END = "<!-- end of the book.toml keys -->"
HANDBOOK = Path(__file__).resolve().parents[2] / "manuscript" / "src" / "reference.md"

# Table ids the handbook's text refers to (@tbl-…).
_IDS = {"book": "tbl-book-keys", "output.pdf": "tbl-pdf-keys"}


def markdown() -> str:
    """Every table bookpress reads, one Markdown table each, then the tables it skips."""
    out: list[str] = []
    for table in schema.TABLES:
        rows = schema.keys_of(table.name)
        if table.ignored or not rows:
            continue
        out += [f"## The [{table.name}] table", "", f"{_sentence(table.meaning)}", ""]
        out += ["| Key | Value | Default | Meaning |", "|:----|:------|:--------|:--------|"]
        out += [_row(row) for row in rows if row.kind != schema.UNUSED]
        table_id = _IDS.get(table.name, "tbl-" + table.name.replace(".", "-") + "-keys")
        out += [f": Keys of [{table.name}] {{#{table_id}}}", ""]
        unused = [f"`{row.name}`" for row in rows if row.kind == schema.UNUSED]
        if unused:
            out += [f"mdBook's {_join(unused)} are accepted here and not used.", ""]
    skipped = [f"`[{t.name}]`" for t in schema.TABLES if t.ignored]
    out += [
        "## Tables of other tools",
        "",
        f"{_join(skipped)} belong to mdBook: they are noted (`--verbose` shows the note) and skipped. "
        "Any other table or key is a warning that names its line.",
    ]
    return "\n".join(out) + "\n"


# More allowed values than this are listed after the meaning, where the table
# has room for them, rather than in the narrow value column.
_SHORT_LIST = 4


def _row(row: Key) -> str:
    name = "*a component name*" if row.name == ANY_KEY else f"`{row.name}`"
    meaning = _cell(row.meaning)
    if _long_list(row):
        meaning += ": " + ", ".join(f"`{v}`" for v in row.allowed)
    return f"| {name} | {value_text(row)} | {default_text(row)} | {meaning} |"


def _long_list(row: Key) -> bool:
    return row.kind in (schema.CHOICE, schema.COMPONENT, schema.TRIM) and len(row.allowed) > _SHORT_LIST


def value_text(row: Key) -> str:
    """What a key accepts, in words: its kind, allowed values, range."""
    kind = row.kind
    if kind == schema.TRIM:
        return "a preset or two lengths" if _long_list(row) else "two lengths"
    if kind in (schema.CHOICE, schema.COMPONENT):
        return "one of the names listed" if _long_list(row) else _join([f"`{v}`" for v in row.allowed], "or")
    if kind == schema.LENGTH:
        words = "".join(f" or `{v}`" for v in row.allowed)
        return f"a length (`0.5in`, `12mm`){words}"
    if kind == schema.BOOLEAN:
        return "`true` or `false`"
    text = {
        schema.STRING: "a string",
        schema.INTEGER: "an integer",
        schema.NUMBER: "a number",
        schema.STRINGS: "a list of strings",
        schema.STRING_OR_STRINGS: "a string or a list of strings",
        schema.DATE: "a date",
        schema.SIZE: 'megabytes, or a size such as `"4GB"`',
        schema.STRING_MAP: "a table of strings",
        schema.PARTS: "a list of tables",
        schema.INCHES: "a number of inches or a length",
    }[kind]
    if kind == schema.NUMBER and row.unit:
        text += f" of {row.unit}"
    return text + _range(row)


def _range(row: Key) -> str:
    unit = f" {row.unit}" if row.unit and row.kind == schema.SIZE else ""
    if row.low is not None and row.high is not None and not row.low_open:
        return f", {_number(row.low)} to {_number(row.high)}"
    parts = []
    if row.low is not None:
        parts.append(
            f"more than {_number(row.low)}" if row.low_open else f"at least {_number(row.low)}{unit}"
        )
    if row.high is not None:
        parts.append(f"at most {_number(row.high)}")
    return ", " + " and ".join(parts) if parts else ""


def default_text(row: Key) -> str:
    """The default as the reference shows it."""
    if row.shown:
        return _cell(row.shown)
    return _value(row.default)


def _value(value: Any) -> str:
    if value is None or value == "" or value == () or value == {}:
        return "—"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"`{_number(value)}`"
    if isinstance(value, dict):
        return "`{ " + ", ".join(f'"{k}" = "{v}"' for k, v in value.items()) + " }`"
    return f"`{value}`"


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _join(items: list[str], word: str = "and") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def current(text: str) -> str | None:
    """The generated part of ``text`` (between the markers), or None without them."""
    if BEGIN not in text or END not in text:
        return None
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def rewrite(text: str) -> str:
    """``text`` with the part between the markers written from the schema."""
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    return f"{head}{BEGIN}\n\n{markdown()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    path = HANDBOOK
    text = path.read_text(encoding="utf-8")
    if current(text) is None:
        print(f"{path}: the markers of the generated keys are missing", file=sys.stderr)
        return 1
    if "--check" in argv:
        if current(text) != markdown():
            print(f"{path}: the keys differ from the schema; run python -m bookpress.config.reference")
            return 1
        return 0
    path.write_text(rewrite(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
