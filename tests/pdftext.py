"""Reading a built PDF the way a reader (or a printer) would."""

from __future__ import annotations

import itertools
import re
import subprocess
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


@dataclass(frozen=True)
class Page:
    index: int  # 0-based physical page
    label: str  # the page label a viewer shows (i, ii, 1, 2…)
    text: str  # pdftotext -layout

    @property
    def lines(self) -> list[str]:
        return [line for line in self.text.splitlines() if line.strip()]

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def pages(pdf: Path) -> list[Page]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    chunks = text.split("\f")
    reader = PdfReader(str(pdf))
    labels = list(reader.page_labels)
    return [Page(i, labels[i], chunks[i] if i < len(chunks) else "") for i in range(len(reader.pages))]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _outline_entries(reader: PdfReader, parts: Collection[str]) -> list:
    """Top-level outline entries; a part named in ``parts`` is followed by its chapters."""
    entries: list = []
    items = list(reader.outline)
    for i, item in enumerate(items):
        if isinstance(item, list):
            continue
        entries.append(item)
        if item.title in parts and i + 1 < len(items) and isinstance(items[i + 1], list):
            entries.extend(child for child in items[i + 1] if not isinstance(child, list))
    return entries


def outline_titles(pdf: Path, parts: Collection[str] = ()) -> list[str]:
    return [item.title for item in _outline_entries(PdfReader(str(pdf)), parts)]


def outline_pages(pdf: Path, parts: Collection[str] = ()) -> dict[str, int]:
    """Title → 0-based page index of the top-level outline entries (and the chapters of ``parts``)."""
    reader = PdfReader(str(pdf))
    return {item.title: reader.get_destination_page_number(item) for item in _outline_entries(reader, parts)}


@dataclass(frozen=True)
class Word:
    page: int  # 0-based
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def words(pdf: Path) -> list[Word]:
    """Every word with its box in PDF points (origin top-left), from poppler."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    out: list[Word] = []
    for number, chunk in enumerate(html.split("<page ")[1:]):
        for m in _WORD.finditer(chunk):
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            out.append(Word(number, m.group(5), x0, y0, x1, y1))
    return out


def words_outside(pdf: Path, geometry, tolerance: float = 1.0) -> list[Word]:
    """Words that stick out of the text block horizontally, for a
    :class:`bookpress.geometry.Geometry` (mirrored margins: right-hand pages
    have the inner margin on the left; a bleed shifts everything)."""
    bad: list[Word] = []
    for word in words(pdf):
        left, _top, right, _bottom = geometry.text_box(word.page)
        x0, x1 = word.x_min - geometry.bleed, word.x_max - geometry.bleed
        if x0 < left - tolerance or x1 > right + tolerance:
            bad.append(word)
    return bad


def overlapping_words(pdf: Path, tolerance: float = 0.5) -> list[tuple[Word, Word]]:
    """Neighbouring words on one line that overlap: text drawn over text."""
    found: list[tuple[Word, Word]] = []
    all_words = words(pdf)
    for a, b in itertools.pairwise(all_words):
        same_line = a.page == b.page and abs(a.y_min - b.y_min) < 0.5 and abs(a.y_max - b.y_max) < 0.5
        if same_line and a.x_min < b.x_min < a.x_max - tolerance:
            found.append((a, b))
    return found
