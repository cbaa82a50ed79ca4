"""Words and their boxes from poppler's ``pdftotext -bbox``, grouped into lines."""

from __future__ import annotations

import html
import math
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..tools import require
from .content import TextRun


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Line:
    words: list[Word]
    x0: float
    y0: float
    x1: float
    y1: float
    size: float = 0.0  # the biggest font size of the text runs on the line (0: unknown)
    runs: list[TextRun] = field(default_factory=list)

    @classmethod
    def of(cls, word: Word) -> Line:
        return cls([word], word.x0, word.y0, word.x1, word.y1)

    def add(self, word: Word) -> None:
        self.words.append(word)
        self.x0, self.y0 = min(self.x0, word.x0), min(self.y0, word.y0)
        self.x1, self.y1 = max(self.x1, word.x1), max(self.y1, word.y1)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.x0))


_WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')


RawWord = tuple[str, float, float, float, float]


class Poppler:
    """``pdftotext -bbox`` in the background, split into page ranges that run side by side
    (it is the slowest part: ~1 s per 100 pages). Coordinates: points from the top-left
    of the MediaBox."""

    def __init__(self, pdf: Path, pages: int, jobs: int) -> None:
        require("pdftotext", "poppler-utils", "preflight")  # a missing-tool error, not a crash
        self.folder = tempfile.TemporaryDirectory(prefix="preflight-")
        step = max(1, math.ceil(pages / max(1, jobs)))
        self.ranges = [(first, min(first + step - 1, pages)) for first in range(1, pages + 1, step)]
        self.procs = [self._start(pdf, first, last) for first, last in self.ranges]

    def _file(self, first: int, kind: str) -> Path:
        return Path(self.folder.name) / f"{first}.{kind}"

    def _start(self, pdf: Path, first: int, last: int) -> subprocess.Popen[bytes]:
        out = self._file(first, "html")
        with self._file(first, "log").open("wb") as log:
            command = ["pdftotext", "-bbox", "-f", str(first), "-l", str(last), str(pdf), str(out)]
            return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)

    def words(self) -> list[list[RawWord]]:
        """Wait for poppler; the words of every page."""
        try:
            pages: list[list[RawWord]] = []
            for (first, _last), proc in zip(self.ranges, self.procs, strict=True):
                if proc.wait():
                    log = self._file(first, "log").read_text(errors="replace").strip()
                    raise RuntimeError(f"pdftotext failed: {log}")
                pages.extend(_parse_bbox(self._file(first, "html").read_text(encoding="utf-8")))
            return pages
        finally:
            self.close()

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.folder.cleanup()


def _parse_bbox(text: str) -> list[list[RawWord]]:
    return [
        [
            (html.unescape(t) if "&" in t else t, float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, t in _WORD.findall(chunk)
        ]
        for chunk in text.split("<page ")[1:]
    ]


def group_lines(words: list[Word]) -> list[Line]:
    """Words grouped into lines: vertical centres closer than half the smaller height."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.cy, w.x0)):
        if lines:
            last = lines[-1]
            if abs(word.cy - last.cy) <= 0.45 * min(word.y1 - word.y0, last.y1 - last.y0):
                last.add(word)
                continue
        lines.append(Line.of(word))
    return lines
