"""Rectangles and PDF matrices, in points; the tolerances the checks measure with."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from ..geometry import INCH

BOX_TOLERANCE = 0.5  # pt: page boxes are written from CSS lengths, rounding only
PLACE_TOLERANCE = 1.5  # pt: italic overhang, half of a collapsed border

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
NOWHERE: Rect = (math.inf, math.inf, -math.inf, -math.inf)
EVERYWHERE: Rect = (-math.inf, -math.inf, math.inf, math.inf)


def mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: p' = p × m × n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def apply_matrix(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def rect_of(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> Rect:
    points = [apply_matrix(m, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def union(r: Rect, s: Rect) -> Rect:
    return min(r[0], s[0]), min(r[1], s[1]), max(r[2], s[2]), max(r[3], s[3])


def intersect(r: Rect, s: Rect) -> Rect:
    return max(r[0], s[0]), max(r[1], s[1]), min(r[2], s[2]), min(r[3], s[3])


def is_empty(r: Rect) -> bool:
    return r[0] > r[2] or r[1] > r[3]


def to_matrix(values: Iterable[Any]) -> Matrix:
    a, b, c, d, e, f = map(float, values)
    return a, b, c, d, e, f


def box_of(value: Any) -> Rect | None:
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def inches(points: float) -> str:
    return f"{points / INCH:.3f}".rstrip("0").rstrip(".")
