"""The book as a whole: page count and spine width."""

from __future__ import annotations

from ..facts import DocFacts
from ..findings import INFO, Expectations, Finding


def check_book(doc: DocFacts, expect: Expectations) -> list[Finding]:
    pages = len(doc.pages)
    spine = pages / expect.paper_ppi
    count = (
        f"{pages} pages; spine ≈ {spine:.3f} in ({spine * 25.4:.1f} mm) at {expect.paper_ppi:.0f} pages/inch"
    )
    findings = [Finding(INFO, "page-count", count)]
    if pages % 2 and expect.print_profile.for_paper:
        odd = f"{pages} pages: the printer adds a blank last page (a printed book has an even count)"
        findings.append(Finding(INFO, "page-count-odd", odd))
    return findings
