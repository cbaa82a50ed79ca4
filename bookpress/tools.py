"""Programs of the machine that bookpress runs, and what to install when one
is missing: a missing program is an error that names the package
(``missing-tool``), never a crash."""

from __future__ import annotations

import shutil

from .diagnostics import error


def require(program: str, package: str, purpose: str) -> str:
    """The path of ``program``; a :class:`~bookpress.diagnostics.BookError`
    naming the Debian ``package`` to install when it is not on ``PATH``."""
    found = shutil.which(program)
    if found is None:
        raise error(
            program,
            None,
            "missing-tool",
            f"{purpose} needs '{program}', which is not installed (Debian: apt install {package}; "
            "bookpress doctor lists what is missing)",
        )
    return found
