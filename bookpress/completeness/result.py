"""What the completeness check found: gaps, and the figures of what it compared."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..model import SourceRef

ERROR = "error"
MAX_REPORTED = 30  # gaps of one code listed one by one; the rest are summed up


@dataclass(frozen=True)
class Gap:
    """Something of the model that is not (right) on the pages of the PDF."""

    code: str  # incomplete-heading, heading-order, image-not-drawn, leaked-markup
    message: str
    page: int | None = None  # 0-based
    label: str = ""
    source: SourceRef | None = None
    severity: str = ERROR


@dataclass
class Completeness:
    gaps: list[Gap] = field(default_factory=list)
    headings: int = 0
    headings_found: int = 0
    images: int = 0
    images_drawn: int = 0
    leaked: int = 0  # pieces of markup printed
    leaked_by_kind: Counter[str] = field(default_factory=Counter)

    @property
    def clean(self) -> bool:
        return not self.gaps

    def summary(self) -> str:
        if self.clean:
            return (
                f"complete: {self.headings} headings in order, {self.images_drawn}/{self.images} "
                "images drawn, no markup printed"
            )
        counts = Counter(gap.code for gap in self.gaps)
        return "incomplete: " + ", ".join(f"{n} {code}" for code, n in counts.most_common())

    def to_json(self) -> dict[str, Any]:
        return {
            "clean": self.clean,
            "headings": {"expected": self.headings, "found": self.headings_found},
            "images": {"existing": self.images, "drawn": self.images_drawn},
            "leaked_markup": self.leaked,
            "leaked_by_kind": dict(self.leaked_by_kind),
            "gaps": [
                {
                    "code": g.code,
                    "page": None if g.page is None else g.page + 1,
                    "label": g.label,
                    "source": f"{g.source.path}:{g.source.line}" if g.source else None,
                    "message": g.message,
                }
                for g in self.gaps
            ],
        }


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
