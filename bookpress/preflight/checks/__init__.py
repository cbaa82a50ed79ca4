"""The check families, in report order.

A family is one module here with one function ``check_<family>(doc: DocFacts, expect:
Expectations) -> list[Finding]``; list it in :data:`CHECK_FUNCTIONS` and give its finding
codes a family name in :data:`bookpress.preflight.findings.CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..facts import DocFacts
from ..findings import Expectations, Finding
from .book import check_book
from .flow import check_flow
from .fonts import check_fonts
from .images import check_images
from .page_boxes import check_page_boxes
from .placement import check_placement
from .printer import check_printer
from .structure import check_structure

CheckFunction = Callable[[DocFacts, Expectations], list[Finding]]

CHECK_FUNCTIONS: tuple[CheckFunction, ...] = (
    check_page_boxes,
    check_fonts,
    check_images,
    check_placement,
    check_structure,
    check_flow,
    check_book,
    check_printer,
)
