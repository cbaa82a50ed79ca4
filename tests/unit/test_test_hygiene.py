"""The tests themselves: every test asserts something that could fail."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
# Calls that fail a test: pytest's, and helpers named for what they check.
CHECKING_CALLS = ("raises", "fail", "warns", "deprecated_call")
CHECKING_PREFIXES = ("assert", "_assert", "check", "_check", "expect", "_expect", "_compare")


def _checks_something(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in CHECKING_CALLS or name.startswith(CHECKING_PREFIXES):
                return True
    return False


def test_every_test_function_asserts_something() -> None:
    files = sorted(TESTS.rglob("test_*.py"))
    assert len(files) >= 50
    silent = [
        f"{path.relative_to(TESTS)}:{node.lineno} {node.name}"
        for path in files
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.name.startswith("test")
        and not _checks_something(node)
    ]
    assert silent == [], "tests that pass whatever the code does:\n" + "\n".join(silent)
