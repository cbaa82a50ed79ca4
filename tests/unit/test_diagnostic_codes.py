"""Every diagnostic code the source can emit is registered, and every
registered code is emitted somewhere; the handbook's table is up to date.

The source is read with ``ast``: each call that makes a diagnostic —
``error(path, line, code, …)``, ``<diagnostics>.warn/err/info(path, line,
code, …)``, ``<diagnostics>.add(Severity.X, path, line, code, …)``,
``Diagnostic(path, line, col, severity, code, …)`` and the completeness
check's ``Gap(code, …)`` — has its code followed back to string literals:
through module constants (imported ones too), local assignments, and the
literal tables a ``for`` loop takes its code from. A code that cannot be
followed fails the test: write it so that it can.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import bookpress
from bookpress.diagnostic_codes import CODES, Found, markdown_table
from bookpress.diagnostics import Diagnostics, Severity, error

PACKAGE = Path(bookpress.__file__).resolve().parent
HANDBOOK_TABLE = PACKAGE.parent / "manuscript" / "src" / "diagnostics.md"

# Calls that emit a diagnostic: method or function name → (index of the code
# argument, severity or None when the call names it).
_METHODS = {"warn": (2, Severity.WARNING), "err": (2, Severity.ERROR), "info": (2, Severity.INFO)}


@dataclass(frozen=True)
class Emitted:
    code: str
    severity: Severity | None
    where: str


class _Module:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.constants: dict[str, ast.expr] = {}
        self.imports: dict[str, tuple[str, str]] = {}  # local name → (module, name)
        for node in self.tree.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                self.constants[node.targets[0].id] = node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
                self.constants[node.target.id] = node.value
        for node in ast.walk(self.tree):  # imports inside functions too
            if isinstance(node, ast.ImportFrom) and node.level:
                base = self.name.split(".")
                is_package = self.path.name == "__init__.py"
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                module = ".".join([*base, node.module] if node.module else base)
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = (module, alias.name)


class Source:
    """The bookpress package, parsed; resolves a code argument to its strings."""

    def __init__(self) -> None:
        self.modules = {m.name: m for m in (_Module(p) for p in sorted(PACKAGE.rglob("*.py")))}
        self.unresolved: list[str] = []

    def emitted(self) -> list[Emitted]:
        found: list[Emitted] = []
        for module in self.modules.values():
            if module.name == "bookpress.diagnostics":
                continue  # the collector itself passes codes through
            for function, call in _calls(module.tree):
                argument, severity = _code_argument(call)
                if argument is None:
                    continue
                where = f"{module.path.relative_to(PACKAGE.parent)}:{call.lineno}"
                codes = self.resolve(argument, module, function)
                if codes is None:
                    self.unresolved.append(f"{where}: {ast.unparse(argument)}")
                    continue
                found += [Emitted(code, severity, where) for code in codes]
        return found

    def resolve(
        self, node: ast.expr, module: _Module, function: ast.AST | None, depth: int = 0
    ) -> set[str] | None:
        if depth > 8:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.Attribute) and node.attr == "code":
            return set()  # a Gap's code: the Gap(...) calls are walked themselves
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            return set()  # a diagnostic read back from a cache: checked where it was made
        if not isinstance(node, ast.Name):
            return None
        if function is not None:
            local = self._local(node.id, module, function, depth)
            if local is not None:
                return local
        if node.id in module.constants:
            return self.resolve(module.constants[node.id], module, None, depth + 1)
        if node.id in module.imports:
            name, attr = module.imports[node.id]
            other = self.modules.get(name)
            if other is not None and attr in other.constants:
                return self.resolve(other.constants[attr], other, None, depth + 1)
        return None

    def _local(self, name: str, module: _Module, function: ast.AST, depth: int) -> set[str] | None:
        found: set[str] = set()
        seen = False
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets
            ):
                codes = self.resolve(node.value, module, None, depth + 1)
                if codes is None:
                    return None
                found |= codes
                seen = True
            elif isinstance(node, ast.For) and (path := _position(node.target, name)) is not None:
                codes = self._iterated(node.iter, path, module, depth)
                if codes is None:
                    return None
                found |= codes
                seen = True
        return found if seen else None

    def _iterated(
        self, iterable: ast.expr, path: tuple[int, ...], module: _Module, depth: int
    ) -> set[str] | None:
        """The strings at ``path`` of each item of a literal table ``iterable``
        (a tuple or list of tuples, a module-level one, or ``dict.items()``)."""
        if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute):
            if iterable.func.attr == "items" and isinstance(iterable.func.value, ast.Name):
                table = module.constants.get(iterable.func.value.id)
                if isinstance(table, ast.Dict):
                    items = [ast.Tuple([k, v]) for k, v in zip(table.keys, table.values, strict=True) if k]
                    return self._at(items, path, module, depth)
            return None
        if isinstance(iterable, ast.Name) and iterable.id in module.constants:
            iterable = module.constants[iterable.id]
        if isinstance(iterable, (ast.Tuple, ast.List)):
            return self._at(list(iterable.elts), path, module, depth)
        return None

    def _at(
        self, items: list[ast.expr], path: tuple[int, ...], module: _Module, depth: int
    ) -> set[str] | None:
        found: set[str] = set()
        for item in items:
            for index in path:
                if not isinstance(item, (ast.Tuple, ast.List)) or index >= len(item.elts):
                    return None
                item = item.elts[index]
            codes = self.resolve(item, module, None, depth + 1)
            if codes is None:
                return None
            found |= codes
        return found


def _calls(tree: ast.Module):
    """(enclosing function or None, call) for every call in ``tree``."""

    def visit(node: ast.AST, function: ast.AST | None):
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.Call):
                yield function, child
            yield from visit(child, inner)

    yield from visit(tree, None)


def _code_argument(call: ast.Call) -> tuple[ast.expr | None, Severity | None]:
    func = call.func
    index, severity = None, None
    if isinstance(func, ast.Name) and func.id == "error":
        index, severity = 2, Severity.ERROR
    elif isinstance(func, ast.Name) and func.id == "Diagnostic":
        index = 4
    elif isinstance(func, ast.Name) and func.id == "Gap":
        index, severity = 0, Severity.ERROR
    elif isinstance(func, ast.Name) and func.id == "Key":  # a book.toml row's own code (config/schema.py)
        if not any(keyword.arg == "code" for keyword in call.keywords):
            return None, None
        index, severity = len(call.args), Severity.ERROR
    elif isinstance(func, ast.Attribute) and func.attr in _METHODS and len(call.args) >= 3:
        index, severity = _METHODS[func.attr]
    elif isinstance(func, ast.Attribute) and func.attr == "add" and call.args:
        first = call.args[0]
        if (
            isinstance(first, ast.Attribute)
            and isinstance(first.value, ast.Name)
            and first.value.id == "Severity"
        ):
            index, severity = 3, Severity[first.attr]
    if index is None:
        return None, None
    for keyword in call.keywords:
        if keyword.arg == "code":
            return keyword.value, severity
    return (call.args[index] if len(call.args) > index else None), severity


def _position(target: ast.expr, name: str) -> tuple[int, ...] | None:
    """Where ``name`` sits in a ``for`` target such as ``kind, (code, what)``."""
    if isinstance(target, ast.Name):
        return () if target.id == name else None
    if isinstance(target, (ast.Tuple, ast.List)):
        for i, element in enumerate(target.elts):
            inner = _position(element, name)
            if inner is not None:
                return (i, *inner)
    return None


@pytest.fixture(scope="module")
def source() -> tuple[Source, list[Emitted]]:
    parsed = Source()
    return parsed, parsed.emitted()


def test_every_code_in_the_source_can_be_followed_to_literals(source) -> None:
    parsed, emitted = source
    assert not parsed.unresolved, "codes the test cannot follow:\n" + "\n".join(parsed.unresolved)
    assert len({e.code for e in emitted}) >= 80  # the walker finds the calls at all


def test_every_emitted_code_is_registered(source) -> None:
    _, emitted = source
    unknown = sorted(f"{e.where}: {e.code}" for e in emitted if e.code not in CODES)
    assert not unknown, "codes missing from bookpress/diagnostic_codes.py:\n" + "\n".join(unknown)


def test_every_emitted_severity_is_registered(source) -> None:
    _, emitted = source
    wrong = sorted(
        f"{e.where}: {e.code} as {e.severity}"
        for e in emitted
        if e.code in CODES and e.severity is not None and e.severity not in CODES[e.code].severities
    )
    assert not wrong, "\n".join(wrong)


def test_every_registered_code_is_emitted(source) -> None:
    _, emitted = source
    unused = sorted(set(CODES) - {e.code for e in emitted})
    assert not unused, f"registered but never reported: {unused}"


def test_codes_are_kebab_case_with_one_line_meanings() -> None:
    for name, code in CODES.items():
        assert name == code.name
        assert name.replace("-", "").isalnum() and name == name.lower(), name
        assert code.meaning.endswith(".") and "\n" not in code.meaning, name
        assert len(set(code.severities)) == len(code.severities), name
    assert {code.found for code in CODES.values()} == set(Found)


def test_handbook_table_is_generated_from_the_registry() -> None:
    assert HANDBOOK_TABLE.read_text(encoding="utf-8") == markdown_table(), (
        "run: python -m bookpress.diagnostic_codes > manuscript/src/diagnostics.md"
    )


def test_the_table_names_every_code_once() -> None:
    table = markdown_table()
    for name in CODES:
        assert table.count(f"| `{name}` |") == 1, name


def test_the_module_prints_the_table() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bookpress.diagnostic_codes"], capture_output=True, text=True, check=True
    )
    assert done.stdout == markdown_table()


def test_an_unregistered_code_is_refused_when_checking(monkeypatch) -> None:
    monkeypatch.setenv("BOOKPRESS_CHECK_CODES", "1")
    with pytest.raises(ValueError, match="not-a-code"):
        Diagnostics().warn("x.md", 1, "not-a-code", "message")
    with pytest.raises(ValueError, match="not-a-code"):
        error("x.md", 1, "not-a-code", "message")
    Diagnostics().warn("x.md", 1, "broken-link", "a registered code is fine")


def test_no_diagnostic_is_formatted_by_hand_with_an_unknown_code() -> None:
    """A line such as ``f"{pdf}: error: no such PDF [preflight]"`` bypasses the
    walker: its code must be registered too (better: use ``error(...).diagnostic``)."""
    written = re.compile(r"(?:error|warning|info): [^\"'\n]*\[([a-z][a-z0-9-]*)\]")
    unknown = [
        f"{path.relative_to(PACKAGE.parent)}: {code}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for code in written.findall(path.read_text(encoding="utf-8"))
        if code not in CODES
    ]
    assert not unknown, unknown
