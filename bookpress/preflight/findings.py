"""Preflight results: a finding, what the checks expect of the PDF, and the report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..geometry import Geometry
from ..profiles import PROFILES as _REGISTRY
from ..profiles import PrintProfile, profile_named

ERROR, WARNING, INFO = "error", "warning", "info"
PROFILES = tuple(_REGISTRY)  # the profiles' names (see bookpress.profiles)

# Every finding code and the check family that reports it (the report groups by family, in the
# order the families first appear here). A new family: a module in checks/ and its codes here.
CHECKS: dict[str, str] = {
    "page-size": "page boxes",
    "trimbox-missing": "page boxes",
    "trimbox-wrong": "page boxes",
    "bleedbox-missing": "page boxes",
    "bleedbox-wrong": "page boxes",
    "font-not-embedded": "fonts",
    "glyph-missing": "fonts",
    "image-resolution-low": "images",
    "image-resolution": "images",
    "image-rgb": "images",
    "text-outside": "placement",
    "text-in-bottom-margin": "placement",
    "image-outside": "placement",
    "graphic-outside": "placement",
    "bleed-short": "placement",
    "chapter-side": "structure",
    "blank-page-head": "structure",
    "toc-page-wrong": "structure",
    "heading-at-bottom": "flow",
    "widow": "flow",
    "orphan": "flow",
    "page-count": "book",
    "page-count-odd": "book",
    # the printer the PDF is for (bookpress.printers): only with one
    "printer-trim": "printer",
    "printer-page-count": "printer",
    "printer-margin": "printer",
    "printer-crop-marks": "printer",
    "printer-bookmarks": "printer",
    "printer-annotations": "printer",
    "printer-rgb": "printer",
    "printer-transparency": "printer",
    "printer-pdfx": "printer",
    # bookpress/completeness: the book's model against the pages (needs the book)
    "incomplete-heading": "completeness",
    "heading-order": "completeness",
    "image-not-drawn": "completeness",
    "leaked-markup": "completeness",
}
CHECK_ORDER = tuple(dict.fromkeys(CHECKS.values()))


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning" | "info"
    code: str
    message: str
    page: int | None = None  # 1-based physical page
    label: str | None = None  # the page label a viewer shows ("iv", "12")

    @property
    def check(self) -> str:
        return CHECKS.get(self.code, "other")

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "check": self.check,
            "page": self.page,
            "label": self.label,
            "message": self.message,
        }


@dataclass
class Expectations:
    geometry: Geometry
    profile: str | PrintProfile = "print"  # a profile of bookpress.profiles, or its name
    chapter_start: str = "right"  # "right" | "left" | "any"
    min_ppi_warn: float = 300
    min_ppi_error: float = 150
    paper_ppi: float = 444  # pages per inch: KDP white ≈ 444, cream ≈ 400

    def __post_init__(self) -> None:
        if not isinstance(self.profile, PrintProfile) and self.profile not in PROFILES:
            raise ValueError(f"unknown preflight profile {self.profile!r} (expected one of {PROFILES})")

    @property
    def print_profile(self) -> PrintProfile:
        """What the profile expects of the pages (bleed, sides, colours)."""
        return profile_named(self.profile)

    @property
    def bleed(self) -> float:
        """The bleed the PDF must carry on each side, in points."""
        return self.geometry.bleed if self.print_profile.bleed else 0.0


@dataclass
class Report:
    findings: list[Finding]
    pages: int
    spine_width_in: float
    pdf: str = ""
    profile: str = "print"
    not_checked: tuple[str, ...] = ("completeness",)  # checks that need more than the PDF

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == INFO]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict[str, Any]:
        return {
            "pdf": self.pdf,
            "profile": self.profile,
            "pages": self.pages,
            "spine_width_in": round(self.spine_width_in, 4),
            "ok": self.ok,
            "summary": {"errors": len(self.errors), "warnings": len(self.warnings), "info": len(self.infos)},
            "findings": [f.to_json() for f in self.findings],
        }

    def headline(self) -> str:
        """One line: the PDF, its pages and spine, and the error and warning counts."""
        return (
            f"Preflight {self.pdf or 'PDF'} ({self.profile}): {self.pages} pages, "
            f"spine {self.spine_width_in:.3f} in ({self.spine_width_in * 25.4:.1f} mm) — "
            f"{_count(len(self.errors), 'error')}, {_count(len(self.warnings), 'warning')}"
        )

    def format_table(self) -> str:
        """A plain-text table grouped by check, for a terminal or a CI log."""
        out = [self.headline()]
        others = any(f.check not in CHECK_ORDER for f in self.findings)
        for check in (*CHECK_ORDER, "other") if others else CHECK_ORDER:
            rows = [f for f in self.findings if f.check == check]
            out.append("")
            status = "not checked" if check in self.not_checked else "ok"
            out.append(check if rows else f"{check}: {status}")
            out.extend(_table_rows(rows))
        return "\n".join(out) + "\n"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _table_rows(findings: list[Finding]) -> list[str]:
    if not findings:
        return []
    rows = [("SEVERITY", "PAGE", "LABEL", "CODE", "MESSAGE")]
    rows += [
        (f.severity, "" if f.page is None else str(f.page), f.label or "", f.code, f.message)
        for f in findings
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4]
        for row in rows
    ]


def merge_pages(findings: list[Finding]) -> list[Finding]:
    """The same finding on many pages becomes one, at the first page, listing the pages."""
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.severity, f.code, f.message), []).append(f)
    out = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            out.append(first)
            continue
        pages = [f.page for f in group if f.page is not None]
        message = f"{first.message} — on {len(group)} pages: {page_ranges(pages)}"
        out.append(Finding(first.severity, first.code, message, first.page, first.label))
    return out


def page_ranges(numbers: list[int]) -> str:
    parts: list[str] = []
    for n in sorted(set(numbers)):
        if parts and "–" not in parts[-1] and int(parts[-1]) == n - 1:
            parts[-1] = f"{parts[-1]}–{n}"
        elif parts and "–" in parts[-1] and int(parts[-1].split("–")[1]) == n - 1:
            parts[-1] = f"{parts[-1].split('–')[0]}–{n}"
        else:
            parts.append(str(n))
    return ", ".join(parts)
